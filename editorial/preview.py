"""Staff previews, shared by articles, issues and events.

A preview view subclasses the public detail view and only swaps its queryset (to include
unpublished items), so it renders exactly what the public page will show, plus a "Preview"
banner (templates/includes/preview_banner.html). Every response is private, never cached
and not indexed.
"""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control

from editorial.workflow import is_public


def private_response(response):
    """No shared or browser cache keeps it, no search engine indexes it."""
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


class StaffPreviewMixin:
    """Only staff who may view the model; the public URL kwargs are filled in for the parent view's benefit."""

    permission = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        if not (request.user.is_active and request.user.is_staff and request.user.has_perm(self.permission)):
            raise PermissionDenied("Previews are for editorial staff.")
        return super().dispatch(request, *args, **kwargs)

    def moved_address(self):
        return None  # previews are addressed by id: they have no old addresses (editorial.slug_history)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        opts = self.object._meta
        context["preview"] = {
            "kind": "staff",
            "object": self.object,
            "is_public": is_public(self.object),
            "admin_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[self.object.pk]),
        }
        return context

    def render_to_response(self, context, **response_kwargs):
        return private_response(super().render_to_response(context, **response_kwargs))
