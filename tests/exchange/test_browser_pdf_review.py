"""The PDF review screen in a real browser: upload a PDF, see its pages with the blocks outlined,
choose a block on a page and in the list, give a picture alt text, import the draft."""

from pathlib import Path

import pytest
from django.test import Client

from articles.exchange.pdfsamples.content import fictional
from articles.exchange.pdfsamples.layouts import render
from articles.models import Article, ImportSource, Issue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def chief_page(browser, live_server, django_user_model):
    user = django_user_model.objects.create_superuser("chief", password="pw-123456789")
    client = Client()
    client.force_login(user)
    contexts = []

    def open_at(width):
        context = browser.new_context(viewport={"width": width, "height": 900})
        context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
        contexts.append(context)
        page = context.new_page()
        problems = []
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        return page, problems

    yield open_at
    for context in contexts:
        context.close()


def _upload(page, live_server, path: Path):
    page.goto(f"{live_server.url}/admin/articles/issue/import/")
    page.set_input_files("input[name=file]", str(path))
    page.fill("input[name=publication]", "Lantern Valley Science Bulletin (fictional sample)")
    page.fill("input[name=number]", "7")
    page.fill("input[name=date]", "2031-04-15")
    with page.expect_navigation(url="**/import/review/**", timeout=60_000):
        page.click("#content-main input[type=submit]")


def test_the_review_shows_pages_with_blocks_chosen_in_both_views(chief_page, live_server, tmp_path):
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = tmp_path / "bulletin.pdf"
    pdf.write_bytes(render(fictional(), "magazine", workdir=tmp_path))
    page, problems = chief_page(1280)
    _upload(page, live_server, pdf)

    images = page.locator(".pdf-page img")
    assert images.count() == 3
    page.wait_for_function("() => [...document.querySelectorAll('.pdf-page img')].every(i => i.complete)")
    assert all(width > 0 for width in images.evaluate_all("(list) => list.map(i => i.naturalWidth)"))

    # A title outlined on page 1: choosing it on the page marks its row in the list.
    title_box = page.locator('.pdf-box[aria-label^="Article title"]').first
    number = title_box.get_attribute("data-block")
    title_box.click()
    assert "chosen" in page.locator(f"#block-{number}").get_attribute("class")
    page.screenshot(path=str(ARTIFACTS / "pdf-review-1280.png"), full_page=False)

    # Choosing a body row in the list outlines its block on the page.
    body_row = page.locator("tr.role-body").nth(2)
    body_row.locator("td.source").click()
    body_number = body_row.get_attribute("data-block")
    assert "chosen" in page.locator(f'.pdf-box[data-block="{body_number}"]').first.get_attribute("class")
    assert "chosen" not in page.locator(f"#block-{number}").get_attribute("class")

    page.fill("#id_alt-1-0", "A queue of visitors outside a white observatory dome")
    with page.expect_navigation():
        page.click("button[value=confirm]")
    assert Issue.objects.count() == 1
    article = Article.objects.get(title="Valley Observatory Opens Its Doors to Night Walkers")
    assert article.lead_image_alt == "A queue of visitors outside a white observatory dome"
    assert ImportSource.objects.get().issue_id == Issue.objects.get().pk
    assert problems == []


def test_the_review_on_a_phone_puts_the_pages_above_the_list(chief_page, live_server, tmp_path):
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = tmp_path / "bulletin.pdf"
    pdf.write_bytes(render(fictional(), "three-column", workdir=tmp_path))
    page, problems = chief_page(390)
    _upload(page, live_server, pdf)
    page.wait_for_function("() => [...document.querySelectorAll('.pdf-page img')].every(i => i.complete)")
    pages_box = page.locator(".pdf-pages").bounding_box()
    table_box = page.locator(".review-table").bounding_box()
    assert pages_box["width"] <= 390 and table_box["y"] > pages_box["y"]
    page.locator(".pdf-pages").scroll_into_view_if_needed()
    page.locator('.pdf-box[aria-label^="Article title"]').first.click()
    page.screenshot(path=str(ARTIFACTS / "pdf-review-390.png"), full_page=False)
    assert problems == []
