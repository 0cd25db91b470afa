"""PDF layout: an article's heading is never stranded at the foot of a page, away from its lead image."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfReader

from articles.exchange.exporters import export_issue
from tests.factories import ArticleFactory, BylineFactory, IssueFactory

pytestmark = pytest.mark.django_db

FILLERS = range(20, 40, 2)
FILLER = "A line of filler text that takes up most of one printed line in the PDF export of this issue."


def _picture() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (800, 500), (40, 90, 160)).save(buffer, format="PNG")  # about a third of a page
    return SimpleUploadedFile("picture.png", buffer.getvalue(), content_type="image/png")


def _pages(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


@pytest.mark.parametrize("filler_paragraphs", FILLERS)
def test_article_title_and_byline_stay_on_the_page_of_its_lead_image(filler_paragraphs):
    """Whatever the length of the article before it, the title, byline and image share a page."""
    issue = IssueFactory(title="Layout")
    ArticleFactory(issue=issue, order=1, title="Filler", body="\n\n".join([FILLER] * filler_paragraphs))
    pictured = ArticleFactory(issue=issue, order=2, title="Pictured story", body="Text under the picture.")
    pictured.lead_image = _picture()
    pictured.lead_image_alt = "A picture"
    pictured.lead_image_credit = "Photo: Desk"
    pictured.save()
    BylineFactory(article=pictured, position_as_printed="Staff reporter")
    pages = _pages(export_issue(issue, "pdf")[0])
    title_page = next(index for index, text in enumerate(pages) if "Pictured story" in text)
    # The credit is printed right under the image (WeasyPrint shares image resources between pages).
    image_page = next(index for index, text in enumerate(pages) if "Photo: Desk" in text)
    assert title_page == image_page, f"title on page {title_page + 1}, image on page {image_page + 1}"
