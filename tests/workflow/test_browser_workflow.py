"""The workflow as editors use it in a real browser: buttons per role, review comments, the stale-save conflict."""

from pathlib import Path

import pytest
from django.test import Client

from editorial.publishing import Status
from editorial.roles import CHIEF_EDITOR, CONTRIBUTOR, EDITOR
from tests.factories import ArticleFactory, BylineFactory, PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def submit(page, selector):
    """Click a submit button and wait for the page it leads to."""
    with page.expect_navigation():
        page.click(selector)


@pytest.fixture
def page_for(browser, live_server):
    contexts = []

    def open_as(user):
        client = Client()
        client.force_login(user)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
        contexts.append(context)
        return context.new_page()

    yield open_as
    for context in contexts:
        context.close()


def test_draft_goes_from_contributor_to_editor_to_chief(live_server, page_for, make_user):
    ARTIFACTS.mkdir(exist_ok=True)
    contributor, editor, chief = make_user(CONTRIBUTOR), make_user(EDITOR), make_user(CHIEF_EDITOR)
    article = ArticleFactory(status=Status.DRAFT, publish_at=None, created_by=contributor, title="Cold fusion, again")
    BylineFactory(article=article)
    change_url = f"{live_server.url}/admin/articles/article/{article.pk}/change/"

    page = page_for(contributor)
    page.goto(change_url)
    assert page.locator("button.workflow-approve").count() == 0
    submit(page, "button.workflow-submit")
    assert "was submitted for review" in page.locator(".messagelist").inner_text()
    assert page.locator(".workflow-status").inner_text() == "In review"

    page = page_for(editor)
    page.goto(change_url)
    page.fill("#workflow-comment", "Which lab? Name the source.")
    submit(page, "button.workflow-request_changes")
    assert page.locator(".workflow-status").inner_text() == "Draft"
    assert "Which lab? Name the source." in page.locator("#workflow-log").inner_text()
    page.screenshot(path=ARTIFACTS / "workflow-request-changes.png", full_page=True)

    page = page_for(chief)
    page.goto(change_url)
    submit(page, "button.workflow-submit")
    submit(page, "button.workflow-approve")
    assert page.locator("#workflow-publish-at").is_visible()
    submit(page, "button.workflow-publish")
    assert page.locator(".workflow-status").inner_text() == "Published"
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED


def test_stale_save_shows_what_changed_and_keeps_the_typing(live_server, page_for, make_user):
    ARTIFACTS.mkdir(exist_ok=True)
    article = ArticleFactory(status=Status.DRAFT, publish_at=None, title="Solar sails", body="A first paragraph.")
    BylineFactory(article=article)
    change_url = f"{live_server.url}/admin/articles/article/{article.pk}/change/"
    first, second = page_for(make_user(EDITOR, "alice")), page_for(make_user(EDITOR, "bob"))
    first.goto(change_url)
    second.goto(change_url)

    first.fill("#id_title", "Solar sails reach Mars orbit")
    submit(first, "input[name=_continue]")
    assert "was changed successfully" in first.locator(".messagelist").inner_text()

    second.fill("#id_body", "Bob's careful rewrite.")
    submit(second, "input[name=_continue]")
    conflict = second.locator(".workflow-conflict")
    assert conflict.is_visible()
    assert "Saved by alice" in conflict.inner_text()
    assert "Mars orbit" in conflict.locator("ins").first.inner_text()
    assert second.locator("#id_body").input_value() == "Bob's careful rewrite."
    # The re-shown form is merged: Bob never touched the title, so it now shows Alice's.
    assert second.locator("#id_title").input_value() == "Solar sails reach Mars orbit"
    second.screenshot(path=ARTIFACTS / "workflow-stale-save.png", full_page=True)

    submit(second, "input[name=_continue]")  # second save: both edits survive
    article.refresh_from_db()
    assert (article.title, article.body) == ("Solar sails reach Mars orbit", "Bob's careful rewrite.")


def test_stale_save_merges_bylines_and_shows_a_byline_both_changed(live_server, page_for, make_user):
    ARTIFACTS.mkdir(exist_ok=True)
    article = ArticleFactory(status=Status.DRAFT, publish_at=None, title="Tidal power", standfirst="")
    ada = BylineFactory(
        article=article, order=1, person=PersonFactory(name="Fictional Ada"), position_as_printed="Editor"
    )
    bo = BylineFactory(
        article=article, order=2, person=PersonFactory(name="Fictional Bo"), position_as_printed="Writer"
    )
    change_url = f"{live_server.url}/admin/articles/article/{article.pk}/change/"
    anna, bert = page_for(make_user(EDITOR, "anna")), page_for(make_user(EDITOR, "bert"))
    anna.goto(change_url)
    bert.goto(change_url)

    bert.fill("#id_bylines-0-position_as_printed", "Senior editor")
    bert.fill("#id_bylines-1-position_as_printed", "Staff writer")
    submit(bert, "input[name=_continue]")
    assert "was changed successfully" in bert.locator(".messagelist").inner_text()

    anna.fill("#id_standfirst", "Anna's standfirst.")
    anna.fill("#id_bylines-1-position_as_printed", "Columnist")
    submit(anna, "input[name=_continue]")
    conflict = anna.locator(".workflow-conflict")
    assert "Byline “Fictional Ada · Senior editor”: Position as printed" in conflict.inner_text()  # taken
    assert "You both changed: Byline “Fictional Bo · Staff writer”: Position as printed" in conflict.inner_text()
    # Bert's change to the byline Anna left alone is in her form; on the one both changed, hers stays, his is shown.
    assert anna.locator("#id_bylines-0-position_as_printed").input_value() == "Senior editor"
    assert anna.locator("#id_bylines-1-position_as_printed").input_value() == "Columnist"
    both = anna.locator("#bylines-1 .errorlist")
    assert both.inner_text() == "bert also changed this, to: “Staff writer”. Yours is kept here."
    assert both.is_visible()
    anna.screenshot(path=ARTIFACTS / "workflow-stale-save-bylines.png", full_page=True)
    anna.set_viewport_size({"width": 390, "height": 844})
    anna.screenshot(path=ARTIFACTS / "workflow-stale-save-bylines-phone.png", full_page=True)

    submit(anna, "input[name=_continue]")  # the deliberate second save
    assert "was changed successfully" in anna.locator(".messagelist").inner_text()
    article.refresh_from_db()
    ada.refresh_from_db()
    bo.refresh_from_db()
    assert (article.standfirst, ada.position_as_printed, bo.position_as_printed) == (
        "Anna's standfirst.",
        "Senior editor",
        "Columnist",
    )


def test_share_link_made_and_revoked_from_the_change_page(live_server, browser, page_for, make_user):
    from articles.models import ShareLink

    article = ArticleFactory(status=Status.DRAFT, publish_at=None, title="Embargoed result", body="Under embargo.")
    BylineFactory(article=article)
    page = page_for(make_user(EDITOR))
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    page.select_option("#share-days", "3")
    page.fill("#share-note", "for the interviewee")
    submit(page, "text=Make share link")
    assert "Share link made" in page.locator(".messagelist").inner_text()
    address = live_server.url + ShareLink.objects.get().get_absolute_url()

    anonymous = browser.new_context()
    reader = anonymous.new_page()
    assert reader.goto(address).status == 200
    assert "Embargoed result" in reader.content() and reader.locator(".preview-banner").is_visible()
    reader.screenshot(path=ARTIFACTS / "workflow-share-link.png")

    submit(page, "button:has-text('Revoke')")
    assert "was revoked" in page.locator(".messagelist").inner_text()
    response = reader.goto(address)
    assert response.status == 410 and "Embargoed result" not in reader.content()
    anonymous.close()
