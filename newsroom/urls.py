from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from articles.sitemaps import ArticleSitemap, IssueSitemap, PublicationSitemap
from articles.views import SearchView
from core.caching import public_page, revalidated_page
from events.sitemaps import EventSitemap
from newsroom import views
from people.sitemaps import DirectorySitemap, MemberSitemap, OrganizationSitemap, PersonSitemap

sitemaps = {
    "publications": PublicationSitemap,
    "issues": IssueSitemap,
    "articles": ArticleSitemap,
    "events": EventSitemap,
    "directories": DirectorySitemap,
    "people": PersonSitemap,
    "organizations": OrganizationSitemap,
    "members": MemberSitemap,
}

urlpatterns = [
    path("", public_page(views.HomeView.as_view()), name="home"),
    path("search/", revalidated_page(SearchView.as_view()), name="search"),
    path(
        "sitemap.xml",
        public_page(sitemap, max_age=3600),
        {"sitemaps": sitemaps},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("robots.txt", public_page(views.robots_txt, max_age=60 * 60 * 24), name="robots_txt"),
    path("favicon.ico", views.FaviconView.as_view(), name="favicon"),
    path("admin/", admin.site.urls),
    path("api/", include("api.urls")),
    path("events/", include("events.urls")),
    path("", include("people.urls")),
    path("", include("articles.urls")),
    path("", include("articles.exchange.urls")),
    path("", include("articles.preview_urls")),
    path("", include("events.preview_urls")),
]

handler403 = views.permission_denied

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
