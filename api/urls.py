from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView

from api import views
from api.errors import not_found

app_name = "api"

urlpatterns = [
    path("", views.Root.as_view(), name="root"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("articles/", views.ArticleList.as_view(), name="article-list"),
    path("articles/<int:pk>/", views.ArticleDetail.as_view(), name="article-detail"),
    path("feed/", views.Feed.as_view(), name="feed"),
    path("issues/", views.IssueList.as_view(), name="issue-list"),
    path("issues/<int:pk>/", views.IssueDetail.as_view(), name="issue-detail"),
    path("events/", views.EventList.as_view(), name="event-list"),
    path("events/<int:pk>/", views.EventDetail.as_view(), name="event-detail"),
    path("manuscripts/", views.ManuscriptList.as_view(), name="manuscript-list"),
    path("manuscripts/<int:pk>/", views.ManuscriptDetail.as_view(), name="manuscript-detail"),
    path("webhooks/", views.WebhookList.as_view(), name="webhook-list"),
    path("webhooks/<int:pk>/", views.WebhookDetail.as_view(), name="webhook-detail"),
    re_path(r"^.*$", not_found),
]
