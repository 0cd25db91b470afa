"""The text-import review screen used end to end in Chromium: upload seed 003, change a block's role,
move a byline, import; screenshots at 1280px and 390px go to test-artifacts/."""

from pathlib import Path

import pytest
from django.test import Client

from articles.models import Issue
from editorial.publishing import Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def seed_003_path():
    from tests.exchange.conftest import SEEDS_DIR

    path = SEEDS_DIR / "003_bc879a4e3bff5878.txt"
    if not path.is_file():
        pytest.fail(f"Seed file {path} is missing (set NEWSROOM_SEEDS_DIR)")
    return path


def _page(browser, live_server, user, width):
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    return context, context.new_page()


def _submit(page, selector):
    with page.expect_navigation():
        page.click(selector)


def test_review_screen_end_to_end(browser, live_server, django_user_model, seed_003_path):
    ARTIFACTS.mkdir(exist_ok=True)
    user = django_user_model.objects.create_superuser("chief", password="pw-123456789")
    context, page = _page(browser, live_server, user, 1280)
    page.goto(f"{live_server.url}/admin/articles/issue/import/")
    page.set_input_files("input[name=file]", str(seed_003_path))
    page.fill("input[name=publication]", "Science and Technology Daily Weekly")
    page.fill("input[name=number]", "2021-52")
    page.fill("input[name=date]", "2021-12-27")
    _submit(page, "input[type=submit]")
    assert "Review" in page.locator(".breadcrumbs").inner_text()
    assert page.locator("#block-76 .source").inner_text().startswith("76Zhong Ping")
    page.screenshot(path=ARTIFACTS / "text-import-review-1280.png", full_page=False)

    # Change a block's role: the "Top 10" sub-heading becomes an article title.
    page.select_option("select[name=role-51]", "title")
    # Move a byline: Zhao Sha signs the article before instead of the one after.
    page.select_option("select[name=attach-144]", "previous")
    _submit(page, "button[value=update]")
    assert "Articles: 13" in page.locator(".import-summary").inner_text()
    assert page.locator("select[name=kind-51]").count() == 1  # now a title, with a kind to set
    signs = page.locator("#block-144 .why").first.inner_text()
    assert "signs “Actively Engaged in International Discussions”" in signs
    page.locator("#block-144").screenshot(path=ARTIFACTS / "text-import-review-byline.png")

    _submit(page, "button[value=confirm]")
    assert "Imported: Science and Technology Daily Weekly No. 2021-52" in page.locator(".messagelist").inner_text()
    issue = Issue.objects.get()
    assert issue.status == Status.DRAFT and issue.articles.count() == 13
    sputnik = issue.articles.get(title="Actively Engaged in International Discussions")
    assert [byline.person.name for byline in sputnik.bylines.all()] == ["Zhao Sha"]
    context.close()

    phone, page = _page(browser, live_server, user, 390)
    page.goto(f"{live_server.url}/admin/articles/issue/import/")
    page.set_input_files("input[name=file]", str(seed_003_path))
    _submit(page, "input[type=submit]")
    page.screenshot(path=ARTIFACTS / "text-import-review-390.png", full_page=False)
    _submit(page, "button[value=cancel]")
    assert "nothing was imported" in page.locator(".messagelist").inner_text()
    assert Issue.objects.count() == 1
    phone.close()
