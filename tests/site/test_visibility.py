"""Only published content anywhere: a draft (or not-yet-due) article is absent from every public URL."""

import pytest
from django.urls import reverse
from django.utils import timezone

from editorial.publishing import Status
from tests.factories import ArticleFactory, IssueFactory, PublicationFactory, SectionFactory

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


def test_publication_with_only_draft_issues_is_absent_everywhere(client):
    """A publication has no state of its own: it is public once one of its issues is."""
    publication = PublicationFactory(name="Quokka Quarterly", slug="quokka")
    issue = IssueFactory(publication=publication, status=Status.DRAFT, publish_at=None)
    SectionFactory(publication=publication, title="Quokka corner")
    ArticleFactory(issue=issue, order=1, status=Status.DRAFT, publish_at=None)
    IssueFactory()  # another, public publication, so the pages are not empty
    pages = [
        reverse("articles:publication_list"),
        reverse("search"),
        "/sitemap.xml",
        reverse("home"),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert "Quokka" not in html, url
    for name in ("articles:publication_detail", "articles:publication_feed_rss", "articles:publication_feed_atom"):
        assert client.get(reverse(name, kwargs={"slug": "quokka"})).status_code == 404, name
    # Filtering by it is refused like any unknown choice, not answered with its name.
    assert "Quokka" not in client.get(reverse("search"), {"publication": "quokka"}).content.decode()

    issue.status, issue.publish_at = Status.PUBLISHED, timezone.now()
    issue.save()
    assert client.get(reverse("articles:publication_detail", kwargs={"slug": "quokka"})).status_code == 200
    assert "Quokka Quarterly" in client.get(reverse("search")).content.decode()


def test_section_filter_offers_only_sections_with_published_articles(client, build_issue):
    issue = build_issue(4)
    SectionFactory(publication=issue.publication, title="Embargoed desk")
    html = client.get(reverse("search")).content.decode()
    assert "Embargoed desk" not in html
    assert "S&amp;T News" in html
