"""The site shell: home page, robots.txt, /favicon.ico and the 403 handler (caching rules: core.caching)."""

from django.contrib import admin
from django.http import HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import defaults
from django.views.generic import RedirectView, TemplateView

from articles.selectors import latest_issue, public_articles
from core.caching import PublicPageMixin
from events.models import Event


class HomeView(PublicPageMixin, TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["latest_issue"] = latest_issue()
        context["recent_articles"] = public_articles().order_by("-publish_at", "-issue__date", "order")[:6]
        context["upcoming_events"] = Event.objects.upcoming().prefetch_related("venues")[:5]
        return context


def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("django.contrib.sitemaps.views.sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /search/", "", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def permission_denied(request, exception=None):
    """handler403: inside the admin, the refusal's reason in the admin's layout; elsewhere the site's 403 page."""
    if request.path.startswith(reverse("admin:index")) and request.user.is_active and request.user.is_staff:
        referer = request.headers.get("Referer", "")
        context = {
            **admin.site.each_context(request),
            "title": "Not allowed",
            "message": str(exception or ""),
            # Back to the page the refused link was on, when it was one of this site's.
            "back_url": referer if url_has_allowed_host_and_scheme(referer, {request.get_host()}) else "",
        }
        return render(request, "admin/permission_denied.html", context, status=403)
    return defaults.permission_denied(request, exception)


class FaviconView(RedirectView):
    """Crawlers and feed readers ask for /favicon.ico without reading the page's <link rel="icon">."""

    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        return static("favicon.svg")  # per request: a hashed (manifest) static URL is known only at run time
