"""RSS and Atom per publication, the sitemap and robots.txt."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from editorial.publishing import Status
from newsroom.urls import sitemaps
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    EventFactory,
    IssueFactory,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    PublicationFactory,
    UnionFactory,
)

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"

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


def sitemap_locations(client) -> list[str]:
    root = ET.fromstring(client.get("/sitemap.xml").content)
    return [url.findtext(f"{SITEMAP_NS}loc") for url in root.findall(f"{SITEMAP_NS}url")]


def test_sitemap_lists_published_events_people_organizations_unions_and_members(client):
    event = EventFactory(slug="open-science-forum")
    draft = EventFactory(slug="secret-draft-summit", status=Status.DRAFT, publish_at=None)
    person = PersonFactory(slug="zhao-sha", listed=True)  # listed by choice (see test_unpublished_names)
    agency = OrganizationFactory(slug="sputnik")
    union = UnionFactory(slug="media-union")
    MembershipFactory(union=union, member=agency, joined_on=dt.date(2018, 9, 20), left_on=dt.date(2020, 1, 1))
    MembershipFactory(union=union, member=agency, joined_on=dt.date(2022, 1, 1))  # rejoined: still one page
    locations = sitemap_locations(client)

    def url(path):
        return f"http://testserver{path}"

    assert url(event.get_absolute_url()) in locations
    assert url(draft.get_absolute_url()) not in locations
    assert url(person.get_absolute_url()) in locations
    assert url(agency.get_absolute_url()) in locations
    assert url(union.get_absolute_url()) == "http://testserver/unions/media-union/"
    assert url(union.get_absolute_url()) in locations
    assert locations.count("http://testserver/unions/media-union/members/sputnik/") == 1
    assert len(locations) == len(set(locations))
    for location in locations:  # every listed page exists
        assert client.get(location.removeprefix("http://testserver")).status_code == 200, location


def test_sitemap_leaves_out_member_pages_that_do_not_exist(client):
    """A membership row in an organization that is not a union has no member page (it would be a 404)."""
    not_a_union = OrganizationFactory(slug="just-an-agency")
    MembershipFactory(union=not_a_union, member=OrganizationFactory(slug="member"))
    assert client.get("/unions/just-an-agency/members/member/").status_code == 404
    assert not [location for location in sitemap_locations(client) if "/members/" in location]


def _sitemap_world(count: int) -> None:
    for _ in range(count):
        article = ArticleFactory()
        BylineFactory(article=article)
        EventFactory()
        MembershipFactory()


def test_sitemap_query_count_does_not_grow_with_its_items(client, django_assert_max_num_queries):
    _sitemap_world(2)
    with CaptureQueriesContext(connection) as few:
        client.get("/sitemap.xml")
    assert len(few) <= 2 * len(sitemaps) + 1  # a count and a page of rows per section, and the content version
    _sitemap_world(10)
    with django_assert_max_num_queries(len(few)):
        assert len(sitemap_locations(client)) > 60


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_admin(client):
    body = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_markup_in_a_publication_description_is_shown_not_run_by_rss_readers(client):
    """RSS readers render the channel description as HTML after undoing the XML escape: it must be escaped twice."""
    import xml.etree.ElementTree as ET

    article = ArticleFactory()
    publication = article.issue.publication
    publication.description = "Science news. `<script>alert(1)</script>` <img src=x onerror=alert(2)>"
    publication.save()
    feed = client.get(f"/publications/{publication.slug}/rss.xml").content
    description = ET.fromstring(feed).find("channel/description").text
    assert "<script>" not in description and "&lt;script&gt;alert(1)&lt;/script&gt;" in description
    assert "<img" not in description
