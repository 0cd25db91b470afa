"""Issue #13 item 9: emoji in an exported PDF are drawn from an emoji font, not as empty boxes."""

import io

import pypdf
import pytest

from articles.exchange.exporters import export_issue
from tests.factories import ArticleFactory, BylineFactory, IssueFactory

pytestmark = pytest.mark.django_db


def _fonts(reader: pypdf.PdfReader) -> set[str]:
    names = set()
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            names.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return names


def test_emoji_and_chinese_in_a_pdf_are_drawn_with_fonts_that_have_them():
    issue = IssueFactory(title="航天特刊 🚀", number="2022-01")
    article = ArticleFactory(issue=issue, title="Checks ✅ passed", body="Launch day 🚀 in 2022.")
    BylineFactory(article=article)
    data, _, _ = export_issue(issue, "pdf")
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "航天特刊 🚀" in text and "Checks ✅ passed" in text and "Launch day 🚀 in 2022." in text
    fonts = _fonts(reader)
    assert "Noto-Color-Emoji" in fonts  # installed by scripts/system-deps (fonts-noto-color-emoji)
    assert any(font.startswith("Noto-Serif-CJK") or font.startswith("Noto-Sans-CJK") for font in fonts)
    # Emoji glyphs are colour bitmaps, one image per emoji drawn (🚀 in the heading and the body, ✅);
    # the digits, which the emoji font also covers, stay text in the text fonts.
    assert len(reader.pages[0].images) == 3
