"""The site shell: home page, robots.txt, error pages and the caching rules every public page shares."""

from django.contrib import admin
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import defaults
from django.views.decorators.cache import cache_control
from django.views.decorators.http import conditional_page
from django.views.generic import TemplateView

from articles.models import Issue
from articles.selectors import public_articles, visible_headlines
from events.models import Event

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


class HomeView(PublicPageMixin, TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        latest_issue = Issue.objects.published().select_related("publication").first()
        if latest_issue is not None:
            latest_issue.home_headlines = list(visible_headlines().filter(issue=latest_issue))
            for headline in latest_issue.home_headlines:
                # Link only to an article of this issue (its URL needs the issue, which is at hand).
                in_issue = headline.article is not None and headline.article.issue_id == latest_issue.pk
                headline.public_article = headline.article if in_issue else None
                if in_issue:
                    headline.article.issue = latest_issue
        context["latest_issue"] = latest_issue
        context["recent_articles"] = public_articles().order_by("-publish_at", "-issue__date", "order")[:6]
        context["upcoming_events"] = Event.objects.upcoming().prefetch_related("venues")[:5]
        return context


def _robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("django.contrib.sitemaps.views.sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /search/", "", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


robots_txt = public_cache(_robots_txt, max_age=60 * 60 * 24)


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
