from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from newsroom import views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("admin/", admin.site.urls),
    path("events/", include("events.urls")),
    path("", include("people.urls")),
    path("", include("articles.urls")),
    path("", include("articles.exchange.urls")),
    path("", include("articles.preview_urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
