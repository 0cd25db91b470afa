"""Canonical URLs and OpenGraph on public pages; JSON-LD NewsArticle on article pages."""

import re

import pytest
from django.core.files.base import ContentFile

from tests.factories import (
    ArticleFactory,
    BylineFactory,
    EventFactory,
    IssueFactory,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    UnionFactory,
)
from tests.helpers import json_ld
from tests.site.test_images import jpeg_bytes

pytestmark = pytest.mark.django_db


def test_article_has_canonical_and_opengraph(client):
    article = ArticleFactory(title="Carbon neutrality", standfirst="Why cooperation matters.")
    html = client.get(article.get_absolute_url() + "?utm_source=x").content.decode()
    canonical = f"http://testserver{article.get_absolute_url()}"
    assert f'<link rel="canonical" href="{canonical}">' in html
    assert f'<meta property="og:url" content="{canonical}">' in html
    assert '<meta property="og:title" content="Carbon neutrality">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:description" content="Why cooperation matters.">' in html


def test_article_json_ld_is_a_news_article_with_authors_and_issue(client):
    article = ArticleFactory(title="Carbon neutrality", standfirst="Why.")
    BylineFactory(article=article, person=PersonFactory(name="Zhong Ping"), position_as_printed="Director")
    BylineFactory(article=article, person=None, organization=OrganizationFactory(name="Clarivate"), order=1)
    data = json_ld(client.get(article.get_absolute_url()).content.decode())
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Carbon neutrality"
    assert data["url"] == f"http://testserver{article.get_absolute_url()}"
    authors = [(author["@type"], author["name"]) for author in data["author"]]
    assert authors == [("Person", "Zhong Ping"), ("Organization", "Clarivate")]
    assert data["author"][0]["jobTitle"] == "Director"
    assert data["isPartOf"]["issueNumber"] == article.issue.number
    assert data["datePublished"].startswith(str(article.publish_at.date()))


def test_json_ld_cannot_break_out_of_its_script_tag(client):
    article = ArticleFactory(title="</script><script>alert(1)</script>")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    assert json_ld(html)["headline"] == "</script><script>alert(1)</script>"


def test_issue_page_has_canonical_and_publication_issue_json_ld(client, build_issue):
    issue = build_issue(2)
    html = client.get(issue.get_absolute_url() + "?full=1").content.decode()
    assert f'<link rel="canonical" href="http://testserver{issue.get_absolute_url()}">' in html
    data = json_ld(html)
    assert data["@type"] == "PublicationIssue"
    assert len(data["hasPart"]) == 2


def og(html: str, prop: str) -> str | None:
    found = re.search(rf'<meta property="og:{prop}" content="([^"]*)">', html)
    return found.group(1) if found else None


@pytest.fixture
def profile_pages(db):
    membership = MembershipFactory(
        union=UnionFactory(name="Media Union", slug="media-union"),
        member=OrganizationFactory(name="Sputnik", slug="sputnik", country="RU"),
    )
    return {
        "event": (EventFactory(title="Open Science Forum", summary="Ten unions meet."), "Open Science Forum"),
        "person": (PersonFactory(name="Zhao Sha", listed=True), "Zhao Sha"),
        "organization": (membership.member, "Sputnik"),
        "union": (membership.union, "Media Union"),
        "member": (membership, "Sputnik"),
    }


@pytest.mark.parametrize("page", ["event", "person", "organization", "union", "member"])
def test_event_and_profile_pages_have_an_absolute_canonical_url_and_opengraph(client, profile_pages, page):
    page_object, title = profile_pages[page]
    html = client.get(page_object.get_absolute_url() + "?utm_source=x").content.decode()
    canonical = f"http://testserver{page_object.get_absolute_url()}"
    assert f'<link rel="canonical" href="{canonical}">' in html
    assert og(html, "url") == canonical
    assert og(html, "title") == title
    assert og(html, "description")
    assert html.count('<meta name="description"') == 1


def test_event_page_describes_itself_with_its_summary(client, profile_pages):
    event, _title = profile_pages["event"]
    html = client.get(event.get_absolute_url()).content.decode()
    assert og(html, "description") == "Ten unions meet."


def test_issue_cover_is_the_share_image(client):
    issue = IssueFactory(cover_image_alt="The cover")
    issue.cover_image.save("cover.jpg", ContentFile(jpeg_bytes(1600, 900)), save=True)
    html = client.get(issue.get_absolute_url()).content.decode()
    image = og(html, "image")
    assert image and image.startswith("http://testserver/media/renditions/") and image.endswith(".jpg")
    assert '<meta name="twitter:card" content="summary_large_image">' in html


def test_issue_without_a_cover_has_no_share_image(client):
    html = client.get(IssueFactory().get_absolute_url()).content.decode()
    assert og(html, "image") is None


def test_person_photo_is_the_share_image(client):
    person = PersonFactory(photo_alt="Portrait", listed=True)
    person.photo.save("portrait.jpg", ContentFile(jpeg_bytes(600, 800)), save=True)
    image = og(client.get(person.get_absolute_url()).content.decode(), "image")
    assert image and image.startswith("http://testserver/media/renditions/")
