"""Pages still work in Chromium under the Content-Security-Policy: no violation in the console, and the
admin's scripts (date shortcuts, inline rows, autocomplete) still run."""

import os

import pytest
from django.test import Client

from articles.models import Article, Issue
from events.models import Event
from people.models import Person
from tests.site.test_browser import browser  # noqa: F401 (the module's Chromium)

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(transactional_db, live_server):
    from demo.data import load_demo

    load_demo()
    return live_server.url


def violations_on(page, url: str) -> list[str]:
    messages = []
    page.on("console", lambda message: messages.append(message.text) if message.type in ("error", "warning") else None)
    page.on("pageerror", lambda error: messages.append(f"page error: {error}"))
    response = page.goto(url)
    page.wait_for_load_state("networkidle")
    assert response.status < 400, (url, response.status)
    return [text for text in messages if "Content Security Policy" in text or "page error" in text]


def test_public_pages_show_no_policy_violation(browser, site):  # noqa: F811
    article = Article.objects.published().first()
    person = Person.objects.filter(bylines__article__in=Article.objects.published()).first()
    urls = ["/", Issue.objects.published().first().get_absolute_url(), article.get_absolute_url(),
            "/search/?q=science", person.get_absolute_url(), "/people/", "/events/",
            Event.objects.published().first().get_absolute_url()]  # fmt: skip
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        for url in urls:
            assert violations_on(page, site + url) == [], url
    finally:
        context.close()


def test_admin_change_form_and_workflow_pages_work_without_violations(browser, site, django_user_model):  # noqa: F811
    admin = django_user_model.objects.create_superuser("csp-admin", password="pw-123456789")
    client = Client()
    client.force_login(admin)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": site}])
    page = context.new_page()
    article = Article.objects.filter(bylines__isnull=False).first()
    issue = Issue.objects.first()
    try:
        assert violations_on(page, f"{site}/admin/articles/article/{article.pk}/change/") == []
        # Django's admin scripts ran: the date field got its "Today" shortcut, the inline its "Add another" row.
        assert page.locator(".datetimeshortcuts").count() > 0
        assert page.locator(".add-row a").count() > 0
        page.locator(".add-row a").first.click()
        assert violations_on(page, f"{site}/admin/articles/issue/{issue.pk}/preflight/") == []
        assert violations_on(page, f"{site}/admin/articles/article/{article.pk}/revisions/") == []
        assert violations_on(page, f"{site}/admin/articles/issue/import/") == []
        assert violations_on(page, f"{site}/admin/") == []
    finally:
        context.close()
