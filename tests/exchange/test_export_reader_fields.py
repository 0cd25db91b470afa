"""What readers see on the site is in the exports too; the e-mail links to the site and reads well on a phone."""

import datetime as dt
import email
import email.policy
import re

import pytest

from articles.exchange.exporters import export_issue
from articles.models import Article
from tests.factories import ArticleFactory
from tests.helpers import pdf_text

pytestmark = pytest.mark.django_db

BASE = "https://news.example.org/"
LIST_BODY = (
    "Intro paragraph.\n\n- first item\n- second item\n- third item\n\n"
    + "A long paragraph that goes on and on, " * 8
    + "with a link to [the report](https://example.org/a/very/long/address/that/must/not/be/broken/at-all.html).\n"
)


@pytest.fixture
def dressed(rich_issue):
    speech = rich_issue.articles.get(slug="speech")
    speech.standfirst = "The president looked ahead to 2035."
    speech.dateline_place, speech.dateline_date = "Beijing", dt.date(2022, 1, 28)
    speech.lead_image_credit = "Photo: Xinhua"  # a credit without a caption
    speech.body = LIST_BODY
    speech.save()
    return rich_issue


def _parts(data: bytes) -> tuple[str, str]:
    message = email.message_from_bytes(data, policy=email.policy.default)
    parts = {part.get_content_type(): part.get_content() for part in message.walk() if not part.is_multipart()}
    return parts["text/html"], parts["text/plain"]


@pytest.mark.parametrize("fmt", ["html", "email", "pdf"])
def test_standfirst_and_dateline_are_exported(dressed, fmt):
    data = export_issue(dressed, fmt)[0]
    texts = _parts(data) if fmt == "email" else [pdf_text(data) if fmt == "pdf" else data.decode()]
    for text in texts:
        assert "The president looked ahead to 2035." in text
        assert re.search(r"Beijing, 28 January 2022", text, re.IGNORECASE)


@pytest.mark.parametrize("fmt", ["html", "pdf"])
def test_lead_image_credit_is_shown_even_without_a_caption(dressed, fmt):
    data = export_issue(dressed, fmt)[0]
    text = pdf_text(data) if fmt == "pdf" else data.decode()
    assert "Photo: Xinhua" in text


def test_pdf_shows_caption_and_credit(dressed):
    Article.objects.filter(slug="speech").update(lead_image_caption="At the lectern")
    assert "At the lectern Photo: Xinhua" in pdf_text(export_issue(dressed, "pdf")[0])


def test_email_links_to_the_issue_and_its_articles_on_the_site(dressed):
    html, text = _parts(export_issue(dressed, "email", base_url=BASE)[0])
    issue_url = "https://news.example.org" + dressed.get_absolute_url()
    speech_url = Article.objects.get(slug="speech").get_absolute_url()
    assert re.search(rf'<a href="{re.escape(issue_url)}"[^>]*>Read online</a>', html)
    # the headline and the article title both link to the article's public page
    assert html.count(f'href="https://news.example.org{speech_url}"') == 2
    assert re.search(rf"Read online:\s+{re.escape(issue_url)}", text)  # the URL may go on a line of its own
    assert f"https://news.example.org{speech_url}" in text


def test_email_draft_preview_links_no_unpublished_article(dressed):
    html, text = _parts(export_issue(dressed, "email", draft_preview=True, base_url=BASE)[0])
    draft_url = Article.objects.get(slug="draft").get_absolute_url()
    assert draft_url not in html and draft_url not in text
    assert "Unfinished draft story" in html  # shown, not linked


def test_email_draft_preview_of_a_public_issue_links_its_public_articles_only(dressed):
    html, _ = _parts(export_issue(dressed, "email", draft_preview=True, base_url=BASE)[0])
    assert Article.objects.get(slug="speech").get_absolute_url() in html
    assert "Read online" in html


def test_email_table_is_fluid_up_to_600px(dressed):
    html, _ = _parts(export_issue(dressed, "email")[0])
    assert "width:100%;max-width:600px;" in html
    assert "width:600px" not in html.replace("max-width:600px", "")


def test_email_plain_text_keeps_list_items_together_and_wraps_at_72(dressed):
    _, text = _parts(export_issue(dressed, "email", base_url=BASE)[0])
    assert "- first item\n- second item\n- third item" in text
    long_lines = [line for line in text.splitlines() if len(line) > 72]
    assert long_lines and all(re.search(r"https?://\S{40,}", line) for line in long_lines)  # only URLs overflow
    assert "https://example.org/a/very/long/address/that/must/not/be/broken/at-all.html" in text


def test_email_plain_text_keeps_code_lines_as_written(rich_issue):
    code = "x = [" + ", ".join(str(n) for n in range(40)) + "]"
    ArticleFactory(issue=rich_issue, order=9, title="Code", slug="code", body=f"```\n{code}\n    indented\n```\n")
    _, text = _parts(export_issue(rich_issue, "email")[0])
    assert f"{code}\n    indented" in text
