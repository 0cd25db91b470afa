"""Project-wide middleware."""

from django.conf import settings
from django.middleware.csp import ContentSecurityPolicyMiddleware as DjangoCSPMiddleware
from django.urls import reverse


class ContentSecurityPolicyMiddleware(DjangoCSPMiddleware):
    """Django's CSP middleware, with the admin's own policy (settings.NEWSROOM_ADMIN_CSP) under the admin's
    address; elsewhere settings.SECURE_CSP. A view that sets its own policy (csp_override) keeps it."""

    def process_response(self, request, response):
        if not hasattr(response, "_csp_config") and request.path.startswith(reverse("admin:index")):
            response._csp_config = settings.NEWSROOM_ADMIN_CSP
        return super().process_response(request, response)
