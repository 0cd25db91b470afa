from rest_framework.throttling import SimpleRateThrottle

from api.models import ApiKey


class ApiKeyRateThrottle(SimpleRateThrottle):
    """Requests per key (NEWSROOM_API_RATE, e.g. "600/minute"); answered 429 with Retry-After.

    Counted in the default cache, which every process shares (the database cache unless
    NEWSROOM_CACHE_URL names another, e.g. Redis; see settings and the api.W001 deploy check). As
    with any of DRF's throttles, requests racing each other may let a few more through than the rate.
    """

    scope = "api_key"

    def get_cache_key(self, request, view):
        api_key = request.auth
        ident = f"key-{api_key.pk}" if isinstance(api_key, ApiKey) else f"ip-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
