"""Staff previews and share links (included once from newsroom/urls.py)."""

from django.urls import path

from articles import preview

app_name = "articles_preview"

urlpatterns = [
    path("preview/articles/<int:pk>/", preview.ArticlePreviewView.as_view(), name="article"),
    path("preview/issues/<int:pk>/", preview.IssuePreviewView.as_view(), name="issue"),
    path("share/<str:token>/", preview.SharedArticleView.as_view(), name="share"),
]
