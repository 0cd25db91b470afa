"""The change feed: publish -> update -> correction -> withdrawal, in a stable order, with cursors."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import services as article_services
from articles.models import Article, Issue
from editorial import changes, versioning, workflow
from editorial.models import PublicChange
from editorial.publishing import Status
from events import services as event_services
from events.models import Event
from tests.api.conftest import assert_ninjs, client_for, error_of, published_article
from tests.factories import ArticleFactory, BylineFactory, EventFactory, IssueFactory
from tests.newsroom.test_admin_pages import _formset_post_data


@pytest.fixture
def client_of_reader(staff):
    """A staff-integration key that may read, without the embargoed scope."""
    from api import services

    _, full = services.issue_key(name="Fictional public reader", user=staff)
    return client_for(full)


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


def read_article_feed(api, since=None, **params):
    return read_feed(api, since, type="article", **params)


def test_the_feed_follows_an_article_from_publication_to_withdrawal(api, draft_issue, staff):
    article = approved_article(draft_issue, "Fictional fusion record")
    article_services.publish_issue(issue=draft_issue, user=staff)
    page = read_article_feed(api)
    assert [(c["change"], c["type"], c["id"]) for c in page["changes"]] == [("published", "article", article.pk)]
    assert page["changes"][0]["item"]["title"] == "Fictional fusion record"
    cursor = page["next_cursor"]
    assert read_article_feed(api, cursor)["changes"] == []

    Article.objects.filter(pk=article.pk).update(title="Fictional fusion record broken again")
    versioning.save_revision(obj=Article.objects.get(pk=article.pk), user=staff)
    page = read_article_feed(api, cursor)
    assert [c["change"] for c in page["changes"]] == ["updated"]
    assert page["changes"][0]["item"]["title"] == "Fictional fusion record broken again"
    cursor = page["next_cursor"]

    article_services.add_correction(article=Article.objects.get(pk=article.pk), user=staff, text="It was 2 MJ.")
    page = read_article_feed(api, cursor)
    assert [c["change"] for c in page["changes"]] == ["corrected"]
    assert any(body["role"] == "correction" for body in page["changes"][0]["item"]["bodies"])
    cursor = page["next_cursor"]

    workflow.transition(obj=Article.objects.get(pk=article.pk), name="unpublish", user=staff)
    page = read_article_feed(api, cursor)
    assert [c["change"] for c in page["changes"]] == ["withdrawn"]
    item = page["changes"][0]["item"]
    assert item["pubstatus"] == "canceled" and item["uri"] == f"urn:newsroom:article:{article.pk}"
    assert "title" not in item

    # From the start, the article appears once, at its latest change: a withdrawal.
    assert [c["change"] for c in read_article_feed(api)["changes"]] == ["withdrawn"]


def test_unpublishing_the_issue_withdraws_its_articles(api, draft_issue, staff):
    first, second = approved_article(draft_issue, "One"), approved_article(draft_issue, "Two")
    article_services.publish_issue(issue=draft_issue, user=staff)
    cursor = read_article_feed(api)["next_cursor"]
    workflow.transition(obj=draft_issue, name="unpublish", user=staff)
    page = read_article_feed(api, cursor)
    assert sorted((c["change"], c["id"]) for c in page["changes"] if c["type"] == "article") == [
        ("withdrawn", first.pk),
        ("withdrawn", second.pk),
    ]


def test_deleting_a_published_article_sends_a_withdrawal(api, article, staff):
    article_services.record_unannounced()
    cursor = read_article_feed(api)["next_cursor"]
    article_services.delete_articles(articles=Article.objects.filter(pk=article.pk), user=staff)
    assert [c["change"] for c in read_article_feed(api, cursor)["changes"]] == ["withdrawn"]


def test_a_scheduled_issue_enters_the_feed_when_its_time_comes(api, draft_issue, staff):
    approved_article(draft_issue, "Tomorrow's story")
    when = timezone.now() + dt.timedelta(days=1)
    article_services.publish_issue(issue=draft_issue, user=staff, publish_at=when)
    assert read_article_feed(api)["changes"] == []
    with time_machine.travel(when + dt.timedelta(seconds=1)):
        assert [c["item"]["title"] for c in read_article_feed(api)["changes"]] == ["Tomorrow's story"]


def test_unscheduling_before_the_time_leaves_nothing_in_the_feed(api, draft_issue, staff):
    approved_article(draft_issue, "Never mind")
    when = timezone.now() + dt.timedelta(days=1)
    article_services.publish_issue(issue=draft_issue, user=staff, publish_at=when)
    workflow.transition(obj=draft_issue, name="unpublish", user=staff)
    with time_machine.travel(when + dt.timedelta(days=1)):
        assert read_article_feed(api)["changes"] == []


def test_a_change_is_listed_once_it_has_settled(api, article, settings):
    settings.NEWSROOM_API_FEED_SETTLE_SECONDS = 5
    changes.record(model=Article, ids=[article.pk], kind="updated")
    assert read_article_feed(api, limit=10)["changes"] == []
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=6)):
        assert [c["change"] for c in read_article_feed(api)["changes"]] == ["updated"]


def test_pages_follow_each_other_without_gaps_or_repeats(api, issue):
    articles = [published_article(issue, title=f"Story {n}") for n in range(7)]
    article_services.record_unannounced()
    seen, cursor, pages = [], None, 0
    while True:
        page = read_article_feed(api, cursor, limit=3)
        seen += [c["id"] for c in page["changes"]]
        cursor, pages = page["next_cursor"], pages + 1
        if not page["has_more"]:
            break
    assert sorted(seen) == sorted(a.pk for a in articles) and len(seen) == 7 and pages == 3
    assert read_article_feed(api, cursor)["changes"] == []


@pytest.mark.parametrize("since, limit", [("not-a-cursor", "10"), (None, "0"), (None, "501"), (None, "ten")])
def test_a_bad_cursor_or_limit_is_a_400_naming_the_parameter(api, db, since, limit):
    params = {"limit": limit} | ({"since": since} if since else {})
    error = error_of(api.get("/api/feed/", params))
    assert error["status"] == 400 and set(error["fields"]) == {"since" if since else "limit"}


def _queries_for_page(api, count, publication, **params):
    """(queries, entries) of a feed page after adding `count` articles, `count` events and an issue."""
    issue = IssueFactory(publication=publication)
    for n in range(count):
        published_article(issue, title=f"Article {count}-{n}")
        EventFactory()
    article_services.record_unannounced()
    event_services.record_unannounced()
    api.get("/api/feed/", {"limit": 500})  # the key's last-use write happens on the first request
    with CaptureQueriesContext(connection) as queries:
        response = api.get("/api/feed/", {"limit": 500, **params})
    return len(queries), len(response.json()["changes"])


def test_a_feed_page_costs_the_same_number_of_queries_whatever_its_size(api, publication):
    (small, small_entries), (large, large_entries) = (
        _queries_for_page(api, 3, publication),
        _queries_for_page(api, 60, publication),
    )
    assert (small_entries, large_entries) == (3 + 3 + 1, 63 + 63 + 2)
    # key, membership, rate limit (6 in the database cache), changes, exchange log: 10; articles 7,
    # events 4, issues 2 (each only when the page holds some).
    assert small == large <= 23


def test_an_articles_only_page_costs_only_the_article_queries(api, publication):
    (small, small_entries), (large, large_entries) = (
        _queries_for_page(api, 3, publication, type="article"),
        _queries_for_page(api, 60, publication, type="article"),
    )
    assert (small_entries, large_entries) == (3, 63)
    assert small == large <= 17


def test_the_change_log_records_each_kind(article, staff):
    article_services.add_correction(article=article, user=staff, text="Fix.")
    assert list(PublicChange.objects.of_model(Article).values_list("kind", flat=True)) == ["corrected"]


def test_members_get_the_correction_of_an_embargoed_article_before_the_embargo_lifts(api, issue, staff):
    embargo = timezone.now() + dt.timedelta(hours=6)
    article = published_article(issue, title="Fictional trial results", embargoed_until=embargo)
    article_services.record_unannounced()
    cursor = read_article_feed(api)["next_cursor"]
    article_services.add_correction(article=article, user=staff, text="The trial had 40 participants, not 400.")
    [change] = read_article_feed(api, cursor)["changes"]
    assert change["change"] == "corrected"
    assert "embargoed" in change["item"]
    assert change["item"]["ednote"].endswith("The trial had 40 participants, not 400.")


# --- issues and events ------------------------------------------------------------------------------------------


def entries(page, item_type=None):
    return [(c["change"], c["type"], c["id"]) for c in page["changes"] if item_type in (None, c["type"])]


def test_the_feed_follows_an_issue_from_publication_to_withdrawal(api, draft_issue, staff):
    article = approved_article(draft_issue, "Fictional comet flyby")
    article_services.publish_issue(issue=draft_issue, user=staff)
    page = read_feed(api)
    assert sorted(entries(page)) == [("published", "article", article.pk), ("published", "issue", draft_issue.pk)]
    [issue_item] = [c["item"] for c in page["changes"] if c["type"] == "issue"]
    assert issue_item["uri"] == f"urn:newsroom:issue:{draft_issue.pk}" and issue_item["type"] == "composite"
    assert [a["uri"] for a in issue_item["associations"]] == [f"urn:newsroom:article:{article.pk}"]
    cursor = page["next_cursor"]

    Issue.objects.filter(pk=draft_issue.pk).update(title="Fictional comet special")
    versioning.save_revision(obj=Issue.objects.get(pk=draft_issue.pk), user=staff)
    page = read_feed(api, cursor)
    assert entries(page) == [("updated", "issue", draft_issue.pk)]
    assert page["changes"][0]["item"]["headlines"][0]["value"] == "Fictional comet special"
    cursor = page["next_cursor"]

    workflow.transition(obj=Issue.objects.get(pk=draft_issue.pk), name="unpublish", user=staff)
    page = read_feed(api, cursor)
    assert sorted(entries(page)) == [("withdrawn", "article", article.pk), ("withdrawn", "issue", draft_issue.pk)]
    [withdrawal] = [c["item"] for c in page["changes"] if c["type"] == "issue"]
    assert withdrawal["pubstatus"] == "canceled" and withdrawal["uri"] == f"urn:newsroom:issue:{draft_issue.pk}"


def test_the_feed_follows_an_event_from_publication_to_withdrawal(api, staff):
    event = EventFactory(title="Fictional Science Media Forum", status=Status.APPROVED, publish_at=None)
    workflow.transition(obj=event, name="publish", user=staff)
    page = read_feed(api)
    assert entries(page) == [("published", "event", event.pk)]
    assert page["changes"][0]["item"]["title"] == "Fictional Science Media Forum"
    cursor = page["next_cursor"]

    Event.objects.filter(pk=event.pk).update(summary="Now also online.")
    versioning.save_revision(obj=Event.objects.get(pk=event.pk), user=staff)
    page = read_feed(api, cursor)
    assert entries(page) == [("updated", "event", event.pk)]
    assert page["changes"][0]["item"]["descriptions"][0]["value"] == "Now also online."
    cursor = page["next_cursor"]

    workflow.transition(obj=Event.objects.get(pk=event.pk), name="archive", user=staff)
    page = read_feed(api, cursor)
    assert entries(page) == [("withdrawn", "event", event.pk)]
    assert page["changes"][0]["item"]["uri"] == f"urn:newsroom:event:{event.pk}"


def test_a_scheduled_event_enters_the_feed_when_its_time_comes(api, staff):
    when = timezone.now() + dt.timedelta(days=1)
    event = EventFactory(status=Status.APPROVED, publish_at=None)
    workflow.transition(obj=event, name="schedule", user=staff, publish_at=when)
    assert read_feed(api)["changes"] == []
    with time_machine.travel(when + dt.timedelta(seconds=1)):
        assert entries(read_feed(api)) == [("published", "event", event.pk)]


def test_deleting_a_public_issue_or_event_sends_withdrawals(api, issue, article, staff):
    event = EventFactory()
    article_services.record_unannounced()
    event_services.record_unannounced()
    cursor = read_feed(api)["next_cursor"]
    article_services.delete_issues(issues=Issue.objects.filter(pk=issue.pk), user=staff)
    event_services.delete_events(events=Event.objects.filter(pk=event.pk), user=staff)
    assert sorted(entries(read_feed(api, cursor))) == [
        ("withdrawn", "article", article.pk),
        ("withdrawn", "event", event.pk),
        ("withdrawn", "issue", issue.pk),
    ]


def test_an_issue_file_imported_as_published_enters_the_feed_with_its_articles(api, staff):
    from articles.exchange.importer import import_issue
    from articles.exchange.issuefile import parse

    text = (
        "---\npublication: Fictional Science Weekly\nnumber: 9\ndate: 2026-01-05\n---\n\n# Fictional issue\n\n"
        "## Fictional first story\n\n*By Fictional Author One*\n\nBody one.\n\n"
        "## Fictional second story\n\n*By Fictional Author Two*\n\nBody two.\n"
    )
    summary = import_issue(document=parse(text), publish=True, user=staff)
    assert summary.published, summary.publish_blockers
    page = read_feed(api)
    assert sorted(kind for kind, item_type, _ in entries(page)) == ["published"] * 3
    assert ("published", "issue", summary.issue_pk) in entries(page)
    assert len(entries(page, "article")) == 2


def test_re_importing_a_published_issue_with_one_word_changed_is_one_update_with_the_first_publish_time(
    api, staff, django_capture_on_commit_callbacks
):
    """Issues #15/#17: an editor fixes a typo by replacing a published back issue from its file. Members
    get one update for that article (pushed once), nothing for the rest; nothing is withdrawn, and the
    items keep the time they were first published."""
    from django_tasks_db.models import DBTaskResult

    from articles.exchange.importer import import_issue
    from articles.exchange.issuefile import parse

    text = (
        "---\npublication: Fictional Science Weekly\nnumber: 9\ndate: 2022-02-01\n---\n\n# Fictional issue\n\n"
        "## Fictional first story\n\n*By Fictional Author One*\n\nBody one.\n\n"
        "## Fictional second story\n\n*By Fictional Author Two*\n\nBody two with a tpyo.\n"
    )
    issue = Issue.objects.get(pk=import_issue(document=parse(text), publish=True, user=staff).issue_pk)
    first, second = issue.articles.order_by("order")
    created = {item["uri"]: item["contentcreated"] for item in read_feed(api)["changes"] for item in [item["item"]]}
    cursor = read_feed(api)["next_cursor"]
    queued = set(DBTaskResult.objects.values_list("pk", flat=True))

    with django_capture_on_commit_callbacks(execute=True):
        summary = import_issue(document=parse(text.replace("tpyo", "typo")), replace=True, user=staff)

    assert summary.updated == ["Fictional second story"] and summary.unchanged == ["Fictional first story"]
    page = read_feed(api, cursor)
    assert entries(page) == [("updated", "article", second.pk)]
    (change,) = page["changes"]
    assert "Body two with a typo." in str(change["item"])
    assert change["item"]["contentcreated"] == created[change["item"]["uri"]]
    assert change["item"]["contentcreated"].startswith("2022-02-0")  # not today: a back issue stays one
    pushes = DBTaskResult.objects.exclude(pk__in=queued).filter(task_path="api.tasks.push_change")
    assert pushes.count() == 1
    assert (
        api.get(f"/api/articles/{first.pk}/").json()["contentcreated"]
        == created[api.get(f"/api/articles/{first.pk}/").json()["uri"]]
    )


def test_the_feed_lists_only_the_types_asked_for(api, article):
    event = EventFactory()
    article_services.record_unannounced()
    event_services.record_unannounced()
    assert entries(read_feed(api, type="event")) == [("published", "event", event.pk)]
    both = read_feed(api, type=["event", "issue"])
    assert sorted(item_type for _, item_type, _ in entries(both)) == ["event", "issue"]


def test_an_unknown_type_is_a_400_naming_the_parameter(api, db):
    error = error_of(api.get("/api/feed/", {"type": "podcast"}))
    assert error["status"] == 400 and set(error["fields"]) == {"type"}


# --- saves in the admin, embargo and keys without the embargoed scope ------------------------------------------


def _admin_save(client, obj, **changes):
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    data = _formset_post_data(client.get(url))
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response


def test_editing_a_published_article_or_event_in_the_admin_is_sent_as_an_update(api, client, article, staff):
    event = EventFactory()
    article_services.record_unannounced()
    event_services.record_unannounced()
    cursor = read_feed(api)["next_cursor"]
    client.force_login(staff)
    _admin_save(client, article, standfirst="A fictional comet, seen again.")
    _admin_save(client, event, summary="A fictional forum, now online too.")
    page = read_feed(api, cursor)
    assert sorted(entries(page)) == [("updated", "article", article.pk), ("updated", "event", event.pk)]
    assert "A fictional comet, seen again." in str(page["changes"])


def test_saving_without_a_change_tells_members_nothing(api, client, article, staff):
    article_services.record_unannounced()
    cursor = read_feed(api)["next_cursor"]
    client.force_login(staff)
    _admin_save(client, article)
    assert read_feed(api, cursor)["changes"] == []


def test_a_key_without_the_embargoed_scope_learns_of_an_embargoed_article_only_when_it_lifts(
    client_of_reader, api, draft_issue, staff
):
    embargo = timezone.now() + dt.timedelta(hours=6)
    article = approved_article(draft_issue, "Fictional embargoed results")
    Article.objects.filter(pk=article.pk).update(embargoed_until=embargo)
    article_services.publish_issue(issue=draft_issue, user=staff)
    article_services.add_correction(article=Article.objects.get(pk=article.pk), user=staff, text="Figures fixed.")
    assert entries(read_article_feed(api)) == [("corrected", "article", article.pk)]  # members with the scope
    assert read_feed(client_of_reader, type="article")["changes"] == []  # not even a withdrawal naming its id
    with time_machine.travel(embargo + dt.timedelta(minutes=1)):
        page = read_feed(client_of_reader, type="article")
    assert entries(page) == [("updated", "article", article.pk)]
    assert "embargoed" not in page["changes"][0]["item"]
