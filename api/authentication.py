"""`Authorization: Bearer nrk_…` authentication for the content API (Django REST framework)."""

from django.utils import timezone
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from api import services


class ApiKeyAuthentication(BaseAuthentication):
    """Finds the key; refuses (401) a malformed, unknown, revoked or expired one. A key whose
    organisation is no longer a member is refused by the permission check (403)."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = get_authorization_header(request)
        if not header:
            return None
        scheme, _, raw = header.decode("latin-1").partition(" ")
        if scheme.lower() != self.keyword.lower() or not raw.strip():
            raise AuthenticationFailed("Send the API key as “Authorization: Bearer <key>”.")
        api_key = services.authenticate_key(raw)
        if api_key is None:
            raise AuthenticationFailed("Unknown API key.")
        if api_key.revoked_at is not None or (api_key.expires_at is not None and api_key.expires_at <= timezone.now()):
            raise AuthenticationFailed(api_key.refusal())
        return (None, api_key)

    def authenticate_header(self, request):
        return f'{self.keyword} realm="api"'
