from django.urls import path

from articles import views
from articles.feeds import PublicationAtomFeed, PublicationRssFeed
from core.caching import public_page

app_name = "articles"

urlpatterns = [
    path("publications/", public_page(views.PublicationListView.as_view()), name="publication_list"),
    path("publications/<uslug:slug>/", public_page(views.PublicationDetailView.as_view()), name="publication_detail"),
    path("publications/<uslug:slug>/rss.xml", public_page(PublicationRssFeed()), name="publication_feed_rss"),
    path("publications/<uslug:slug>/atom.xml", public_page(PublicationAtomFeed()), name="publication_feed_atom"),
    path(
        "publications/<uslug:publication>/<uslug:slug>/",
        public_page(views.IssueDetailView.as_view()),
        name="issue_detail",
    ),
    path(
        "publications/<uslug:publication>/<uslug:issue>/<uslug:slug>/",
        public_page(views.ArticleDetailView.as_view()),
        name="article_detail",
    ),
]
