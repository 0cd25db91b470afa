"""The change feed: publish -> update -> correction -> withdrawal, in a stable order, with cursors."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import services as article_services
from articles.models import Article, PublicChange
from editorial import workflow
from editorial.publishing import Status
from tests.api.conftest import assert_ninjs, error_of, published_article
from tests.factories import ArticleFactory, BylineFactory, IssueFactory


@pytest.fixture
def draft_issue(publication):
    return IssueFactory(publication=publication, number="8", slug="no-8", status=Status.APPROVED, publish_at=None)


def approved_article(issue, title):
    article = ArticleFactory(issue=issue, title=title, status=Status.APPROVED, publish_at=None)
    BylineFactory(article=article)
    return article


def read_feed(api, since=None, **params):
    query = {"since": since, **params} if since else params
    response = api.get("/api/feed/", query)
    assert response.status_code == 200, response.content
    page = response.json()
    for entry in page["changes"]:
        assert_ninjs(entry["item"])
    return page


def test_the_feed_follows_an_article_from_publication_to_withdrawal(api, draft_issue, staff):
    article = approved_article(draft_issue, "Fictional fusion record")
    article_services.publish_issue(issue=draft_issue, user=staff)
    page = read_feed(api)
    assert [(c["change"], c["article_id"]) for c in page["changes"]] == [("published", article.pk)]
    assert page["changes"][0]["item"]["title"] == "Fictional fusion record"
    cursor = page["next_cursor"]
    assert read_feed(api, cursor)["changes"] == []

    Article.objects.filter(pk=article.pk).update(title="Fictional fusion record broken again")
    workflow.save_revision(obj=Article.objects.get(pk=article.pk), user=staff)
    page = read_feed(api, cursor)
    assert [c["change"] for c in page["changes"]] == ["updated"]
    assert page["changes"][0]["item"]["title"] == "Fictional fusion record broken again"
    cursor = page["next_cursor"]

    article_services.add_correction(article=Article.objects.get(pk=article.pk), user=staff, text="It was 2 MJ.")
    page = read_feed(api, cursor)
    assert [c["change"] for c in page["changes"]] == ["corrected"]
    assert any(body["role"] == "correction" for body in page["changes"][0]["item"]["bodies"])
    cursor = page["next_cursor"]

    workflow.transition(obj=Article.objects.get(pk=article.pk), name="unpublish", user=staff)
    page = read_feed(api, cursor)
    assert [c["change"] for c in page["changes"]] == ["withdrawn"]
    item = page["changes"][0]["item"]
    assert item["pubstatus"] == "canceled" and item["uri"] == f"urn:newsroom:article:{article.pk}"
    assert "title" not in item

    # From the start, the article appears once, at its latest change: a withdrawal.
    assert [c["change"] for c in read_feed(api)["changes"]] == ["withdrawn"]


def test_unpublishing_the_issue_withdraws_its_articles(api, draft_issue, staff):
    first, second = approved_article(draft_issue, "One"), approved_article(draft_issue, "Two")
    article_services.publish_issue(issue=draft_issue, user=staff)
    cursor = read_feed(api)["next_cursor"]
    workflow.transition(obj=draft_issue, name="unpublish", user=staff)
    page = read_feed(api, cursor)
    assert sorted((c["change"], c["article_id"]) for c in page["changes"]) == [
        ("withdrawn", first.pk),
        ("withdrawn", second.pk),
    ]


def test_deleting_a_published_article_sends_a_withdrawal(api, article, staff):
    article_services.record_unannounced()
    cursor = read_feed(api)["next_cursor"]
    article_services.delete_articles(articles=Article.objects.filter(pk=article.pk), user=staff)
    assert [c["change"] for c in read_feed(api, cursor)["changes"]] == ["withdrawn"]


def test_a_scheduled_issue_enters_the_feed_when_its_time_comes(api, draft_issue, staff):
    approved_article(draft_issue, "Tomorrow's story")
    when = timezone.now() + dt.timedelta(days=1)
    article_services.publish_issue(issue=draft_issue, user=staff, publish_at=when)
    assert read_feed(api)["changes"] == []
    with time_machine.travel(when + dt.timedelta(seconds=1)):
        assert [c["item"]["title"] for c in read_feed(api)["changes"]] == ["Tomorrow's story"]


def test_unscheduling_before_the_time_leaves_nothing_in_the_feed(api, draft_issue, staff):
    approved_article(draft_issue, "Never mind")
    when = timezone.now() + dt.timedelta(days=1)
    article_services.publish_issue(issue=draft_issue, user=staff, publish_at=when)
    workflow.transition(obj=draft_issue, name="unpublish", user=staff)
    with time_machine.travel(when + dt.timedelta(days=1)):
        assert read_feed(api)["changes"] == []


def test_a_change_is_listed_once_it_has_settled(api, article, settings):
    settings.NEWSROOM_API_FEED_SETTLE_SECONDS = 5
    article_services.record_changes(article_ids=[article.pk], kind="updated")
    assert read_feed(api, limit=10)["changes"] == []
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=6)):
        assert [c["change"] for c in read_feed(api)["changes"]] == ["updated"]


def test_pages_follow_each_other_without_gaps_or_repeats(api, issue):
    articles = [published_article(issue, title=f"Story {n}") for n in range(7)]
    article_services.record_unannounced()
    seen, cursor, pages = [], None, 0
    while True:
        page = read_feed(api, cursor, limit=3)
        seen += [c["article_id"] for c in page["changes"]]
        cursor, pages = page["next_cursor"], pages + 1
        if not page["has_more"]:
            break
    assert sorted(seen) == sorted(a.pk for a in articles) and len(seen) == 7 and pages == 3
    assert read_feed(api, cursor)["changes"] == []


@pytest.mark.parametrize("since, limit", [("not-a-cursor", "10"), (None, "0"), (None, "501"), (None, "ten")])
def test_a_bad_cursor_or_limit_is_a_400_naming_the_parameter(api, db, since, limit):
    params = {"limit": limit} | ({"since": since} if since else {})
    error = error_of(api.get("/api/feed/", params))
    assert error["status"] == 400 and set(error["fields"]) == {"since" if since else "limit"}


def _queries_for_page(api, count, issue):
    for n in range(count):
        published_article(issue, title=f"Article {count}-{n}")
    article_services.record_unannounced()
    api.get("/api/feed/", {"limit": 500})  # the key's last-use write happens on the first request
    with CaptureQueriesContext(connection) as queries:
        response = api.get("/api/feed/", {"limit": 500})
    assert len(response.json()["changes"]) >= count
    return len(queries)


def test_a_feed_page_costs_the_same_number_of_queries_whatever_its_size(api, publication):
    small = _queries_for_page(api, 3, IssueFactory(publication=publication))
    large = _queries_for_page(api, 60, IssueFactory(publication=publication))
    assert small == large <= 12


def test_the_change_log_records_each_kind(article, staff):
    article_services.add_correction(article=article, user=staff, text="Fix.")
    assert list(PublicChange.objects.values_list("kind", flat=True)) == ["corrected"]


def test_members_get_the_correction_of_an_embargoed_article_before_the_embargo_lifts(api, issue, staff):
    embargo = timezone.now() + dt.timedelta(hours=6)
    article = published_article(issue, title="Fictional trial results", embargoed_until=embargo)
    article_services.record_unannounced()
    cursor = read_feed(api)["next_cursor"]
    article_services.add_correction(article=article, user=staff, text="The trial had 40 participants, not 400.")
    [change] = read_feed(api, cursor)["changes"]
    assert change["change"] == "corrected"
    assert "embargoed" in change["item"]
    assert change["item"]["ednote"].endswith("The trial had 40 participants, not 400.")
