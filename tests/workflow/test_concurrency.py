"""Editors working at the same time, through real parallel HTTP requests against the live server.

On SQLite as on PostgreSQL: no 500s, a refused save is the stale-save form (nothing lost), and an
issue is never published while one of its articles is sent back to draft.
"""

import threading

import pytest
from django.test import Client

from articles.models import Article, Issue
from editorial.publishing import Status
from editorial.roles import CHIEF_EDITOR, EDITOR
from events.models import Event
from tests.factories import ArticleFactory, BylineFactory, EventFactory, EventSeriesFactory, IssueFactory
from tests.live import LiveClient

pytestmark = pytest.mark.django_db(transaction=True)

STALE = "Someone else saved this article while you were editing"


def session_for(live_server, user) -> LiveClient:
    client = Client()
    client.force_login(user)
    live = LiveClient(live_server.url)
    live.set_cookie("sessionid", client.cookies["sessionid"].value)
    return live


def at_once(*calls):
    """Run the calls in parallel threads, released together; returns their results in order."""
    barrier, results = threading.Barrier(len(calls)), [None] * len(calls)

    def run(index, call):
        barrier.wait()
        results[index] = call()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return results


def change_url(obj) -> str:
    return f"/admin/{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/change/"


def test_two_editors_saving_one_article_at_once_get_a_save_and_a_stale_form(live_server, make_user):
    article = ArticleFactory(status=Status.DRAFT, publish_at=None, title="Start")
    BylineFactory(article=article)
    alice = session_for(live_server, make_user(EDITOR, "alice"))
    bob = session_for(live_server, make_user(EDITOR, "bob"))
    url = change_url(article)

    outcomes = []
    for round_number in range(8):
        _, alice_form = alice.form(url, "article_form")
        _, bob_form = bob.form(url, "article_form")
        alice_form["title"] = f"Alice {round_number}"
        bob_form["body"] = f"Bob's body {round_number}"
        saves = at_once(lambda f=alice_form: alice.post(url, f), lambda f=bob_form: bob.post(url, f))
        outcomes.append(sorted("saved" if r.redirected else ("stale" if STALE in r.body else r.status) for r in saves))

    assert outcomes == [["saved", "stale"]] * 8


def test_publishing_an_issue_while_an_editor_saves_one_of_its_articles_never_fails(live_server, make_user):
    chief = session_for(live_server, make_user(CHIEF_EDITOR, "chief"))
    editor = session_for(live_server, make_user(EDITOR, "editor"))
    for round_number in range(6):
        issue = IssueFactory(status=Status.APPROVED, publish_at=None)
        article = ArticleFactory(issue=issue, status=Status.APPROVED, publish_at=None)
        BylineFactory(article=article)
        chief.get(change_url(issue))
        _, form = editor.form(change_url(article), "article_form")
        form["body"] = f"Edited while publishing {round_number}"
        publish, save = at_once(
            lambda i=issue: chief.post(f"/admin/articles/issue/{i.pk}/transition/publish/", {}),
            lambda a=article, f=form: editor.post(change_url(a), f),
        )
        assert publish.redirected, publish.status
        assert save.redirected or STALE in save.body, save.status
        assert Issue.objects.get(pk=issue.pk).status == Status.PUBLISHED


def test_an_issue_is_never_published_while_one_of_its_articles_goes_back_to_draft(live_server, make_user):
    chief = session_for(live_server, make_user(CHIEF_EDITOR, "chief"))
    editor = session_for(live_server, make_user(EDITOR, "editor"))
    for round_number in range(6):
        issue = IssueFactory(status=Status.APPROVED, publish_at=None)
        article = ArticleFactory(issue=issue, status=Status.APPROVED, publish_at=None)
        BylineFactory(article=article)
        chief.get(change_url(issue))
        editor.get(change_url(article))
        publish, send_back = at_once(
            lambda i=issue: chief.post(f"/admin/articles/issue/{i.pk}/transition/publish/", {}),
            lambda a=article, n=round_number: editor.post(
                f"/admin/articles/article/{a.pk}/transition/request_changes/", {"comment": f"Fix the lead ({n})."}
            ),
        )
        statuses = sorted([publish.status, send_back.status])
        assert statuses == [302, 409], (round_number, publish.status, send_back.status)
        refused = publish if publish.status == 409 else send_back
        assert "Cannot" in refused.body or "cannot be published yet" in refused.body
        issue.refresh_from_db()
        article = Article.objects.get(pk=article.pk)
        if issue.status == Status.PUBLISHED:
            assert article.status == Status.PUBLISHED
        else:
            assert (issue.status, article.status) == (Status.APPROVED, Status.DRAFT)


def test_two_editors_duplicating_one_event_at_once_make_one_next_edition(live_server, make_user):
    series = EventSeriesFactory(name="Fictional Forum")
    event = EventFactory(title="Fictional Forum 2030", series=series, edition=1)
    url = f"/admin/events/event/{event.pk}/duplicate/"
    data = {"title": "Fictional Forum 2031", "start_0": "2031-11-04", "start_1": "09:00", "end_0": "2031-11-05",
            "end_1": "17:30"}  # fmt: skip
    first = session_for(live_server, make_user(EDITOR, "first"))
    second = session_for(live_server, make_user(EDITOR, "second"))
    first.get(url)
    second.get(url)

    answers = at_once(lambda: first.post(url, data), lambda: second.post(url, data))

    assert sorted(answer.status for answer in answers) == [200, 302]
    assert "already has an edition for 2031" in next(a.body for a in answers if a.status == 200)
    assert Event.objects.filter(series=series, edition=2).count() == 1


def test_two_editors_adding_articles_without_a_position_at_once_get_the_next_two(live_server, make_user):
    issue = IssueFactory(status=Status.DRAFT, publish_at=None)
    ArticleFactory(issue=issue, order=4, status=Status.DRAFT, publish_at=None)
    url = "/admin/articles/article/add/"
    first = session_for(live_server, make_user(EDITOR, "first"))
    second = session_for(live_server, make_user(EDITOR, "second"))
    forms = []
    for editor, slug in ((first, "first-late-news"), (second, "second-late-news")):
        _, form = editor.form(url, "article_form")
        form.update({"issue": str(issue.pk), "order": "", "kind": "news", "title": slug, "slug": slug})
        forms.append(form)

    answers = at_once(lambda: first.post(url, forms[0]), lambda: second.post(url, forms[1]))

    assert [answer.redirected for answer in answers] == [True, True], [answer.status for answer in answers]
    assert sorted(Article.objects.filter(issue=issue).values_list("order", flat=True)) == [4, 5, 6]
