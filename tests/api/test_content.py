"""The read API: published content as valid ninjs 2.1, nothing else, filters, ETags."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from articles import services as article_services
from articles.models import Article, Issue
from editorial import changes
from editorial.publishing import Status
from events.models import Event
from tests.api.conftest import assert_ninjs, error_of, published_article
from tests.factories import EventFactory, IssueFactory, PersonFactory, SectionFactory


def test_an_article_comes_as_ninjs_with_byline_position_section_subjects_and_terms(api, issue, article):
    section = SectionFactory(publication=issue.publication, title="Space", slug="space")
    Article.objects.filter(pk=article.pk).update(section=section)
    person = PersonFactory(name="Fictional Astronomer")
    article.about_people.add(person)
    event = EventFactory(title="Fictional Comet Congress")
    article.about_events.add(event)
    item = api.get(f"/api/articles/{article.pk}/").json()
    assert_ninjs(item)
    assert item["uri"] == f"urn:newsroom:article:{article.pk}"
    assert item["by"].endswith("Science Editor, Fictional Science Weekly")
    assert {"name": "Space", "rel": "section", "literal": "space"} in item["subjects"]
    assert {"name": "Fictional Astronomer", "rel": "about", "literal": person.slug} in item["people"]
    assert item["events"][0]["name"] == "Fictional Comet Congress"
    assert item["usageterms"] == "Members may republish."
    assert item["renditions"][0] == {
        "name": "web",
        "href": "http://testserver" + article.get_absolute_url(),
        "contenttype": "text/html",
    }
    assert "embargoed" not in item


def test_an_article_may_state_its_own_usage_terms(api, article):
    Article.objects.filter(pk=article.pk).update(usage_terms="Not for resale.")
    assert api.get(f"/api/articles/{article.pk}/").json()["usageterms"] == "Not for resale."


def test_corrections_travel_with_the_article(api, article, staff):
    article_services.add_correction(article=article, user=staff, text="The comet is *67P*, not 76P.")
    item = api.get(f"/api/articles/{article.pk}/").json()
    assert_ninjs(item)
    correction = [body for body in item["bodies"] if body["role"] == "correction"]
    assert "<em>67P</em>" in correction[0]["value"]
    assert "67P" in item["ednote"]


def test_lead_image_renditions_have_absolute_urls(api, issue, png_bytes):
    article = published_article(issue, title="With a picture")
    article.lead_image = SimpleUploadedFile("comet.png", png_bytes, content_type="image/png")
    article.lead_image_alt = "A fictional comet"
    article.save()
    item = api.get(f"/api/articles/{article.pk}/").json()
    assert_ninjs(item)
    images = [r for r in item["renditions"] if r["name"].startswith("lead-image")]
    assert images and all(r["href"].startswith("http://testserver/media/") for r in images)


@pytest.fixture
def png_bytes():
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (900, 600), "navy").save(buffer, "PNG")
    return buffer.getvalue()


ARTICLE_STATES = [Status.DRAFT, Status.IN_REVIEW, Status.APPROVED, Status.SCHEDULED, Status.ARCHIVED]


@pytest.mark.parametrize("state", ARTICLE_STATES)
@pytest.mark.parametrize("issue_state", [*ARTICLE_STATES, Status.PUBLISHED])
def test_nothing_unpublished_is_served_in_any_state(api, publication, state, issue_state):
    """Every combination of article and issue state except both live: absent from lists, detail,
    feed and issue; the 404 is the same as for an id that never existed."""
    future = timezone.now() + dt.timedelta(days=3)
    live_time = {Status.SCHEDULED: future, Status.PUBLISHED: timezone.now() - dt.timedelta(days=1)}
    hidden_issue = IssueFactory(publication=publication, status=issue_state, publish_at=live_time.get(issue_state))
    hidden = published_article(hidden_issue, title="Secret draft", status=state, publish_at=live_time.get(state))
    # As if members had once been told of it: the feed must still not show its content.
    changes.record_backlog(model=Article, live_since={hidden.pk: timezone.now()})
    changes.record_backlog(model=Issue, live_since={hidden_issue.pk: timezone.now()})
    for url in ("/api/articles/", "/api/feed/", "/api/issues/"):
        assert "Secret draft" not in api.get(url).content.decode()
    missing = error_of(api.get(f"/api/articles/{hidden.pk}/"))
    never = error_of(api.get("/api/articles/987654/"))
    assert missing == never and missing["status"] == 404
    if issue_state != Status.PUBLISHED:
        assert error_of(api.get(f"/api/issues/{hidden_issue.pk}/")) == error_of(api.get("/api/issues/987654/"))


def test_the_published_article_of_a_published_issue_is_served(api, article):
    listed = api.get("/api/articles/").json()
    assert [item["uri"] for item in listed["results"]] == [f"urn:newsroom:article:{article.pk}"]


def test_filters_by_publication_section_kind_language_and_date(api, issue, publication):
    section = SectionFactory(publication=publication, slug="space")
    space = published_article(issue, title="In space", section=section, kind="report")
    other_issue = IssueFactory(date=dt.date(2023, 5, 1))
    other = published_article(other_issue, title="Elsewhere")
    Issue.objects.filter(pk=other_issue.pk).update()
    other_issue.publication.language = "fr"
    other_issue.publication.save()

    def titles(query):
        response = api.get("/api/articles/?" + query)
        assert response.status_code == 200, response.content
        return {item["title"] for item in response.json()["results"]}

    assert titles("publication=weekly") == {"In space"}
    assert titles("section=space") == {"In space"}
    assert titles("kind=report") == {"In space"}
    assert titles("language=fr") == {other.title}
    assert titles("date_after=2023-01-01") == {other.title}
    assert titles("date_before=2022-12-31") == {space.title}


@pytest.mark.parametrize(
    "query, field",
    [
        ("kind=sermon", "kind"),
        ("language=xx", "language"),
        ("date_after=yesterday", "date_after"),
        ("date_before=2022-13-45", "date_before"),
        ("page=zz", None),
    ],
)
def test_a_bad_filter_is_a_400_or_404_naming_the_field(api, article, query, field):
    error = error_of(api.get("/api/articles/?" + query))
    if field:  # the parameter as the client sent it, so that it can tell which one was wrong
        assert error["status"] == 400 and list(error["fields"]) == [field]
    else:
        assert error["status"] == 404


def test_an_unchanged_answer_is_304_with_its_etag(api, article, staff):
    first = api.get(f"/api/articles/{article.pk}/")
    etag = first["ETag"]
    assert etag
    again = api.get(f"/api/articles/{article.pk}/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    article_services.add_correction(article=article, user=staff, text="A fix.")
    assert api.get(f"/api/articles/{article.pk}/", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_issues_are_ninjs_packages_of_their_published_articles(api, issue, article):
    published_article(issue, title="Draft one", status=Status.DRAFT, publish_at=None)
    listed = api.get("/api/issues/").json()["results"]
    assert_ninjs(listed[0])
    assert [a["uri"] for a in listed[0]["associations"]] == [f"urn:newsroom:article:{article.pk}"]
    package = api.get(f"/api/issues/{issue.pk}/").json()
    assert_ninjs(package)
    assert [a["title"] for a in package["associations"]] == [article.title]


def test_events_are_ninjs(api, db):
    event = EventFactory(title="Fictional Forum", summary="Talks.", description="**Program** soon.")
    EventFactory(title="Draft event", status=Status.DRAFT, publish_at=None)
    listed = api.get("/api/events/").json()["results"]
    assert [item["title"] for item in listed] == ["Fictional Forum"]
    item = api.get(f"/api/events/{event.pk}/").json()
    assert_ninjs(item)
    assert item["descriptions"][0]["value"] == "Talks."


def test_every_item_of_the_demo_validates_against_the_official_ninjs_schema(api, demo):
    for endpoint, model in (("articles", Article), ("issues", Issue), ("events", Event)):
        page = api.get(f"/api/{endpoint}/?page_size=100").json()
        assert page["count"] == model.objects.published().count() > 0
        for item in page["results"]:
            assert_ninjs(item)
            assert_ninjs(api.get(f"/api/{endpoint}/{item['uri'].rsplit(':', 1)[1]}/").json())
