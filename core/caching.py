"""The caching rules every public page shares, whichever app serves it."""

from django.utils.cache import patch_cache_control
from django.utils.decorators import method_decorator
from django.views.decorators.cache import cache_control
from django.views.decorators.http import conditional_page

# Public pages may be cached briefly by browsers and proxies; after that they revalidate with
# the ETag (a hash of the rendered page), which always changes when anything shown changes.
PUBLIC_MAX_AGE = 120


def public_cache(view, *, max_age=PUBLIC_MAX_AGE):
    """Function-view form of PublicPageMixin (feeds, sitemap): Cache-Control, ETag and 304 answers."""
    return conditional_page(cache_control(public=True, max_age=max_age)(view))


@method_decorator(conditional_page, name="dispatch")
class PublicPageMixin:
    """Cache-Control for anonymous, cookie-free pages, plus ETag and 304 answers (conditional GET)."""

    max_age = PUBLIC_MAX_AGE

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        # A subclass that already chose a caching policy (e.g. a private staff preview) keeps it.
        cacheable = request.method in ("GET", "HEAD") and response.status_code == 200
        if cacheable and not response.has_header("Cache-Control"):
            patch_cache_control(response, public=True, max_age=self.max_age)
        return response
