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
