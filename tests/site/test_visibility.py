"""Only published content anywhere: a draft (or not-yet-due) article is absent from every public URL."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def public_urls(article):
    publication = article.issue.publication
    return [
        reverse("home"),
        reverse("articles:publication_list"),
        publication.get_absolute_url(),
        article.issue.get_absolute_url(),
        article.issue.get_absolute_url() + "?full=1",
        reverse("search"),
        reverse("search") + "?q=" + article.title.split()[1],
        reverse("articles:publication_feed_rss", kwargs={"slug": publication.slug}),
        reverse("articles:publication_feed_atom", kwargs={"slug": publication.slug}),
        "/sitemap.xml",
    ]


@pytest.mark.parametrize("fixture", ["draft_article", "future_article"])
def test_unpublished_article_is_absent_from_every_public_url(client, request, fixture):
    article = request.getfixturevalue(fixture)
    for url in public_urls(article):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert article.title not in html, url
        assert article.get_absolute_url() not in html, url
    assert client.get(article.get_absolute_url()).status_code == 404


def test_draft_is_not_found_by_its_body_words_in_search(client, draft_article):
    html = client.get(reverse("search"), {"q": "quasar"}).content.decode()
    assert "Secret zeppelin" not in html
    assert "No articles" in html or ">0 articles<" in html


def test_draft_issue_hides_its_articles_everywhere(client, build_issue):
    issue = build_issue(2)
    issue.status = "draft"
    issue.save()
    article = issue.articles.first()
    for url in public_urls(article):
        assert article.get_absolute_url() not in client.get(url).content.decode(), url
    assert client.get(article.get_absolute_url()).status_code == 404
