"""Public pages send Cache-Control and an ETag; a conditional GET with that ETag gets 304 Not Modified."""

import pytest
from django.urls import reverse

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def urls(db):
    article = ArticleFactory()
    return [
        reverse("home"),
        reverse("articles:publication_list"),
        article.issue.publication.get_absolute_url(),
        article.issue.get_absolute_url(),
        article.get_absolute_url(),
        reverse("search") + "?q=article",
    ]


def test_public_pages_send_cache_control_and_etag(client, urls):
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "public" in response["Cache-Control"] and "max-age=" in response["Cache-Control"], url
        assert response.has_header("ETag"), url


def test_conditional_get_answers_304_until_the_page_changes(client, urls):
    article_url = urls[4]
    etag = client.get(article_url)["ETag"]
    not_modified = client.get(article_url, headers={"if-none-match": etag})
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    article = ArticleFactory._meta.model.objects.get()
    article.title = "A corrected title"
    article.save()
    changed = client.get(article_url, headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_feeds_and_sitemap_support_conditional_get(client, urls):
    article = ArticleFactory._meta.model.objects.get()
    feed = reverse("articles:publication_feed_rss", kwargs={"slug": article.issue.publication.slug})
    for url in ("/sitemap.xml", feed):
        etag = client.get(url)["ETag"]
        assert client.get(url, headers={"if-none-match": etag}).status_code == 304, url


def test_a_view_that_sets_its_own_cache_policy_keeps_it(rf, db):
    """Staff previews subclass the public views and mark their responses private; that must stick."""
    from django.utils.cache import add_never_cache_headers, patch_cache_control

    from articles.views import ArticleDetailView

    article = ArticleFactory()

    class PrivateArticleView(ArticleDetailView):
        def render_to_response(self, context, **kwargs):
            response = super().render_to_response(context, **kwargs)
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
            return response

    kwargs = {"publication": article.issue.publication.slug, "issue": article.issue.slug, "slug": article.slug}
    response = PrivateArticleView.as_view()(rf.get(article.get_absolute_url()), **kwargs)
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
