from django.conf import settings
from rest_framework.exceptions import NotAuthenticated, PermissionDenied
from rest_framework.permissions import BasePermission

from api import services
from api.models import ApiKey


class HasValidKey(BasePermission):
    """HTTPS (in production), a usable key of a current member, and the scope the view asks for.

    A view declares `required_scope` (a Scope value), or `required_scopes` per HTTP method.
    """

    def has_permission(self, request, view):
        if settings.NEWSROOM_API_REQUIRE_HTTPS and not request.is_secure():
            raise PermissionDenied("The API only answers over HTTPS.")
        api_key = request.auth
        if not isinstance(api_key, ApiKey):
            raise NotAuthenticated("Send an API key: “Authorization: Bearer <key>”.")
        refusal = api_key.refusal()
        if refusal:
            raise PermissionDenied(refusal)
        scopes = getattr(view, "required_scopes", {})
        scope = scopes.get(request.method, getattr(view, "required_scope", None))
        if scope and not api_key.has_scope(scope):
            raise PermissionDenied(f"This API key does not have the “{scope}” scope.")
        services.touch_key(api_key=api_key)
        return True
