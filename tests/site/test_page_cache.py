"""Public pages come from a cache keyed by the version of what they show, and are never stale.

Each test serves a page once (so it is cached), checks the next request is a cache hit, changes one
thing the page shows, the way editors, services or imports change it, and checks the next request
shows the change.
"""

import datetime as dt

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Correction
from articles.services import create_share_link, revoke_share_link
from core import versions
from editorial.publishing import Status
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    EventFactory,
    HeadlineFactory,
    IssueFactory,
    PersonFactory,
    PositionFactory,
    SectionFactory,
)
from tests.site.test_images import jpeg_bytes

pytestmark = pytest.mark.django_db


def get(client, url, **headers):
    """(response, number of queries it cost)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    return response, len(queries)


def html_of(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.fixture
def page(db):
    """A published issue with sections, bylines and headlines; the article pages and the issue page."""
    issue = IssueFactory(title="Spring issue")
    section = SectionFactory(publication=issue.publication, title="Union news")
    article = ArticleFactory(issue=issue, order=1, section=section, title="Quantum sensing forum", body="Old body.")
    byline = BylineFactory(article=article, person=PersonFactory(name="Li Wei"), position_as_printed="Reporter")
    headline = HeadlineFactory(issue=issue, order=1, text="Forum opens", article=article)
    return {"issue": issue, "section": section, "article": article, "byline": byline, "headline": headline}


def assert_cached(client, url):
    """Serve `url` twice: the second answer comes from the cache (the version query only)."""
    first, _ = get(client, url)
    assert first.status_code == 200
    second, queries = get(client, url)
    assert second.status_code == 200 and queries == 1
    assert second.content == first.content
    return first.content.decode()


def test_a_served_page_is_answered_from_the_cache_with_one_query(client, page):
    for url in (page["issue"].get_absolute_url(), page["article"].get_absolute_url(), "/"):
        assert_cached(client, url)


def test_article_title_change_shows_on_the_article_and_issue_pages(client, page):
    urls = [page["article"].get_absolute_url(), page["issue"].get_absolute_url(), "/"]
    for url in urls:
        assert "Quantum sensing forum" in assert_cached(client, url)
    page["article"].title = "Carbon capture forum"
    page["article"].save()
    for url in urls:
        assert "Carbon capture forum" in html_of(client, url)


def test_article_body_change_shows(client, page):
    url = page["article"].get_absolute_url()
    assert "Old body." in assert_cached(client, url)
    Article.objects.filter(pk=page["article"].pk).update(body="New *body*.")  # no save(), no signal
    assert "New <em>body</em>." in html_of(client, url)


def test_byline_persons_name_change_shows_on_article_and_issue_pages(client, page):
    urls = [page["article"].get_absolute_url(), page["issue"].get_absolute_url()]
    for url in urls:
        assert "Li Wei" in assert_cached(client, url)
    person = page["byline"].person
    person.name = "Li Weiming"
    person.save()
    for url in urls:
        assert "Li Weiming" in html_of(client, url)


def test_byline_position_change_shows(client, page):
    url = page["article"].get_absolute_url()
    assert "Reporter" in assert_cached(client, url)
    page["byline"].position_as_printed = "Chief correspondent"
    page["byline"].save()
    assert "Chief correspondent" in html_of(client, url)


def test_persons_position_change_shows_on_their_page(client, page):
    position = PositionFactory(person=page["byline"].person, title="Editor")
    url = position.person.get_absolute_url()
    assert "Editor" in assert_cached(client, url)
    position.title = "Editor-in-chief"
    position.save()
    assert "Editor-in-chief" in html_of(client, url)


def test_section_title_change_shows_on_the_issue_page(client, page):
    url = page["issue"].get_absolute_url()
    assert "Union news" in assert_cached(client, url)
    page["section"].title = "Member news"
    page["section"].save()
    assert "Member news" in html_of(client, url)


def test_headline_text_change_shows(client, page):
    url = page["issue"].get_absolute_url()
    assert "Forum opens" in assert_cached(client, url)
    page["headline"].text = "Forum closes"
    page["headline"].save()
    assert "Forum closes" in html_of(client, url)


def test_a_new_correction_shows(client, page):
    url = page["article"].get_absolute_url()
    assert "Corrections and updates" not in assert_cached(client, url)
    Correction.objects.create(article=page["article"], text="The forum was on *Tuesday*.")
    assert "The forum was on <em>Tuesday</em>." in html_of(client, url)


def test_linking_an_event_shows_on_the_article_and_the_events_coverage(client, page):
    event = EventFactory(title="Sensing summit")
    article_url, event_url = page["article"].get_absolute_url(), event.get_absolute_url()
    assert "Sensing summit" not in assert_cached(client, article_url)
    assert "Quantum sensing forum" not in assert_cached(client, event_url)
    page["article"].about_events.add(event)  # a many-to-many row: its own table
    assert "Sensing summit" in html_of(client, article_url)
    assert "Quantum sensing forum" in html_of(client, event_url)


def test_unpublishing_takes_the_article_off_every_page(client, page):
    article_url, issue_url = page["article"].get_absolute_url(), page["issue"].get_absolute_url()
    assert_cached(client, article_url)
    assert "Quantum sensing forum" in assert_cached(client, issue_url)
    Article.objects.filter(pk=page["article"].pk).update(status=Status.ARCHIVED)
    assert client.get(article_url).status_code == 404
    assert "Quantum sensing forum" not in html_of(client, issue_url)


def test_publishing_puts_the_article_on_the_issue_page(client, page):
    draft = ArticleFactory(issue=page["issue"], order=2, title="Deep-space probe", status=Status.DRAFT, publish_at=None)
    url = page["issue"].get_absolute_url()
    assert "Deep-space probe" not in assert_cached(client, url)
    draft.status, draft.publish_at = Status.PUBLISHED, timezone.now()
    draft.save()
    assert "Deep-space probe" in html_of(client, url)


def test_a_scheduled_article_appears_when_its_time_comes_without_any_write(client, page):
    publish_at = timezone.now() + dt.timedelta(hours=2)
    scheduled = ArticleFactory(
        issue=page["issue"], order=2, title="Embargoed walrus study", status=Status.SCHEDULED, publish_at=publish_at
    )
    issue_url, article_url = page["issue"].get_absolute_url(), scheduled.get_absolute_url()
    with time_machine.travel(publish_at - dt.timedelta(seconds=1), tick=False):
        assert "Embargoed walrus study" not in assert_cached(client, issue_url)
        assert client.get(article_url).status_code == 404
        # Browsers and CDNs are told to come back no later than the publish time.
        assert "max-age=1" in client.get(issue_url)["Cache-Control"]
    with time_machine.travel(publish_at, tick=False):
        assert "Embargoed walrus study" in html_of(client, issue_url)
        assert client.get(article_url).status_code == 200


def test_an_embargoed_article_appears_when_its_embargo_ends_without_any_write(client, page):
    embargoed_until = timezone.now() + dt.timedelta(hours=2)
    embargoed = ArticleFactory(
        issue=page["issue"], order=2, title="Embargoed narwhal study", embargoed_until=embargoed_until
    )
    BylineFactory(article=embargoed)
    issue_url, article_url = page["issue"].get_absolute_url(), embargoed.get_absolute_url()
    with time_machine.travel(embargoed_until - dt.timedelta(seconds=1), tick=False):
        assert "Embargoed narwhal study" not in assert_cached(client, issue_url)
        assert client.get(article_url).status_code == 404
    with time_machine.travel(embargoed_until, tick=False):
        assert "Embargoed narwhal study" in html_of(client, issue_url)
        assert client.get(article_url).status_code == 200


def test_an_event_moves_to_past_when_it_ends_without_any_write(client):
    end = timezone.now() + dt.timedelta(hours=1)
    event = EventFactory(title="Closing ceremony", start=end - dt.timedelta(hours=2), end=end)
    url = reverse("events:event_list")
    with time_machine.travel(end - dt.timedelta(seconds=1), tick=False):
        html = assert_cached(client, url)
        assert html.index("Closing ceremony") < html.index("Past events")
    with time_machine.travel(end, tick=False):  # still on: it ends at `end`
        html = html_of(client, url)
        assert html.index("Closing ceremony") < html.index("Past events")
    with time_machine.travel(end + dt.timedelta(microseconds=1), tick=False):
        html = html_of(client, url)
        assert html.index("Closing ceremony") > html.index("Past events")
        assert event.has_ended


def test_a_position_that_ends_today_is_former_after_midnight(client):
    today = timezone.localdate()
    position = PositionFactory(title="Vice president", start_date=dt.date(2020, 1, 1), end_date=today)
    url = position.person.get_absolute_url()
    noon = timezone.make_aware(dt.datetime.combine(today, dt.time(12)))
    with time_machine.travel(noon, tick=False):
        assert "current" in assert_cached(client, url)
    with time_machine.travel(noon + dt.timedelta(hours=12), tick=False):
        assert 'class="is-current"' not in html_of(client, url)


def test_a_new_issue_cover_shows(client, page):
    url = page["issue"].get_absolute_url()
    assert "issue-cover" not in assert_cached(client, url)
    issue = page["issue"]
    issue.cover_image_alt = "Front page of the spring issue"
    issue.cover_image.save("cover.jpg", ContentFile(jpeg_bytes(600, 850)), save=True)
    assert 'alt="Front page of the spring issue"' in html_of(client, url)


def test_a_page_rendered_while_a_publish_time_passed_is_not_kept(client, page, monkeypatch):
    """The version's next change is read before rendering; a page finished after it is served but not kept."""
    url = page["issue"].get_absolute_url()
    read = versions.current
    monkeypatch.setattr(versions, "current", lambda now: read(now=now)._replace(changes_at=now))
    first, _ = get(client, url)
    assert first.status_code == 200
    _, queries = get(client, url)
    assert queries > 1


# --- who never meets the cache ------------------------------------------------------------------------------


def test_staff_are_never_served_from_the_cache_nor_stored_in_it(client, admin_client, page):
    url = page["article"].get_absolute_url()
    _, staff_queries = get(admin_client, url)
    _, anonymous_queries = get(client, url)
    assert anonymous_queries > 1  # the staff request stored nothing
    assert_cached(client, url)
    response, queries = get(admin_client, url)
    assert response.status_code == 200 and queries > 1  # not served from the cache either


def test_staff_previews_are_never_cached(admin_client, page):
    url = reverse("articles_preview:article", kwargs={"pk": page["article"].pk})
    for _ in range(2):
        response, queries = get(admin_client, url)
        assert response.status_code == 200 and queries > 1
        assert "no-store" in response["Cache-Control"] and not response.has_header("ETag")


def test_share_links_are_never_cached_and_stop_when_revoked(client, admin_user, page):
    article = ArticleFactory(issue=page["issue"], order=2, title="Unpublished", status=Status.DRAFT, publish_at=None)
    link = create_share_link(article=article, user=admin_user)
    url = link.get_absolute_url()
    for _ in range(2):
        response, queries = get(client, url)
        assert response.status_code == 200 and queries > 1
        assert "private" in response["Cache-Control"] and not response.has_header("ETag")
    revoke_share_link(link=link, user=admin_user)
    assert client.get(url).status_code == 410


# --- revalidation -------------------------------------------------------------------------------------------


def test_revalidation_answers_304_from_the_version_without_rendering(client, page):
    url = page["article"].get_absolute_url()
    etag = client.get(url)["ETag"]
    response, queries = get(client, url, if_none_match=etag)
    assert response.status_code == 304 and response.content == b""
    assert queries <= 2
    assert response.templates == []
    assert response["ETag"] == etag


def test_revalidation_after_a_change_renders_the_new_page(client, page):
    url = page["article"].get_absolute_url()
    etag = client.get(url)["ETag"]
    page["article"].title = "Retitled"
    page["article"].save()
    response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 200 and "Retitled" in response.content.decode()
    assert response["ETag"] != etag


def test_an_etag_stops_holding_when_a_publish_time_passes(client, page):
    publish_at = timezone.now() + dt.timedelta(hours=1)
    ArticleFactory(issue=page["issue"], order=2, status=Status.SCHEDULED, publish_at=publish_at)
    url = page["issue"].get_absolute_url()
    with time_machine.travel(publish_at - dt.timedelta(minutes=1), tick=False):
        etag = client.get(url)["ETag"]
        assert client.get(url, headers={"if-none-match": etag}).status_code == 304
    with time_machine.travel(publish_at, tick=False):
        assert client.get(url, headers={"if-none-match": etag}).status_code == 200


def test_a_forged_or_foreign_etag_is_not_answered_with_304(client, page):
    url, other = page["article"].get_absolute_url(), page["issue"].get_absolute_url()
    etag = client.get(url)["ETag"]
    valid_until, signature = etag.strip('"').split("-")
    forged = f'"{int(valid_until, 16) * 2:x}-{signature}"'
    assert client.get(url, headers={"if-none-match": forged}).status_code == 200
    assert client.get(other, headers={"if-none-match": etag}).status_code == 200
    assert client.get(url, headers={"if-none-match": '"nonsense"'}).status_code == 200


# --- the version itself -------------------------------------------------------------------------------------


def test_every_table_of_the_content_apps_changes_the_version(page):
    """New models of people, events and articles are tracked without anyone remembering to (the unmanaged
    full-text index is written by the article table's own triggers, which change the version already)."""
    from django.apps import apps

    tables = {
        model._meta.db_table
        for label in ("people", "events", "articles")
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
        if model._meta.managed
    }
    assert tables <= set(versions.tracked_tables())


def test_a_transaction_changes_the_version_once_however_many_rows_it_writes(page):
    """On PostgreSQL each row's deferred trigger would otherwise update the version row again at commit, in
    time quadratic in the rows written; a read of the version in the transaction lets later writes change it."""
    from core.models import ContentVersion

    def generation():
        versions.current(now=timezone.now())  # runs this transaction's pending triggers, as a page would
        return ContentVersion.objects.get(pk=1).generation

    before = generation()
    ArticleFactory.create_batch(30, issue=page["issue"])
    Article.objects.filter(issue=page["issue"]).update(title="Bulk")
    after_writes = generation()
    Article.objects.filter(issue=page["issue"]).update(title="Again")
    after_more = generation()
    if connection.vendor == "postgresql":
        assert (after_writes, after_more) == (before + 1, before + 2)
    else:  # SQLite's triggers run at once, one bump per row (SQLite rewrites the row in place)
        assert before < after_writes < after_more


def test_writes_of_any_kind_change_the_version(page):
    def token():
        return versions.current(now=timezone.now()).token

    before = token()
    Article.objects.filter(pk=page["article"].pk).update(title="Bulk")
    after_update = token()
    page["article"].about_people.add(page["byline"].person)
    after_m2m = token()
    page["headline"].delete()
    after_delete = token()
    assert len({before, after_update, after_m2m, after_delete}) == 4
