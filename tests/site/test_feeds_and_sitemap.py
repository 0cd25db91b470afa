"""RSS and Atom per publication, the sitemap and robots.txt."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from tests.factories import ArticleFactory, BylineFactory, IssueFactory, PersonFactory, PublicationFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def publication_with_articles(db):
    publication = PublicationFactory(name="Weekly", slug="weekly", description="The weekly edition.")
    issue = IssueFactory(publication=publication)
    first = ArticleFactory(issue=issue, title="First story", body="Hello **world**.")
    BylineFactory(article=first, person=PersonFactory(name="Zhao Sha"))
    ArticleFactory(issue=IssueFactory(), title="Other publication story")
    return publication


def test_rss_feed_lists_the_publications_published_articles(client, publication_with_articles):
    response = client.get(reverse("articles:publication_feed_rss", kwargs={"slug": "weekly"}))
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("title") == "Weekly"
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["First story"]
    article = publication_with_articles.issues.get().articles.get()
    assert items[0].findtext("link") == f"http://testserver{article.get_absolute_url()}"
    assert "<strong>world</strong>" in items[0].findtext("description")
    assert "Zhao Sha" in ET.tostring(items[0], encoding="unicode")


def test_atom_feed_is_valid_atom(client, publication_with_articles):
    response = client.get(reverse("articles:publication_feed_atom", kwargs={"slug": "weekly"}))
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["First story"]
    assert entries[0].find(f"{ATOM}author/{ATOM}name").text == "Zhao Sha"


def test_feed_of_unknown_publication_is_404(client):
    assert client.get(reverse("articles:publication_feed_rss", kwargs={"slug": "nope"})).status_code == 404


def test_sitemap_lists_publications_issues_and_articles(client, publication_with_articles):
    article = publication_with_articles.issues.get().articles.get()
    body = client.get("/sitemap.xml").content.decode()
    assert f"http://testserver{article.get_absolute_url()}" in body
    assert f"http://testserver{article.issue.get_absolute_url()}" in body
    assert f"http://testserver{publication_with_articles.get_absolute_url()}" in body
    assert "<lastmod>" in body


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_admin(client):
    body = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body
