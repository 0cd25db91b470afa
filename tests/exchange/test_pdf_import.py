"""PDF import, measured: newsletters rendered in several layouts come back with their structure,
Newsroom's own PDF export re-imports to the same issue, and bad files are refused clearly."""

import io

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter

from articles.exchange.exporters import export_issue
from articles.exchange.issuefile import normalise_title
from articles.exchange.pdfimport import propose_pdf, read_source, source_lines
from articles.exchange.pdfreader import PdfReadError, check_pdf_bytes, join_hyphenated, read_pdf
from articles.exchange.pdfsamples.content import fictional, newsletters
from articles.exchange.pdfsamples.layouts import LAYOUTS, render
from articles.exchange.pdfsamples.measure import measure, plain, table
from articles.models import Article
from tests.exchange.conftest import SEEDS_DIR

MIB = 1024 * 1024


@pytest.fixture(scope="session")
def layout_scores(tmp_path_factory):
    """Every content in every layout: rendered, read, proposed and measured (once per test run)."""
    workdir = tmp_path_factory.mktemp("layouts")
    scores = []
    for newsletter in newsletters(SEEDS_DIR):
        for name in LAYOUTS:
            source = read_source(render(newsletter, name, workdir=workdir))
            document = propose_pdf(source).document()
            captions = [
                block.text for image in source.reading.images for block in source.reading.blocks
                if block.number == image.caption
            ]  # fmt: skip
            scores.append(measure(newsletter, name, document, captions=captions, pages=len(source.reading.pages)))
    print("\n" + table(scores))
    return scores


def test_every_layout_finds_the_titles_and_bylines(layout_scores):
    """Acceptance: per layout and content, >= 95% title precision and recall, >= 90% bylines attributed."""
    for score in layout_scores:
        where = f"{score.layout} / {score.content}"
        assert score.title_precision >= 0.95, f"{where}: extra titles {score.extra_titles}"
        assert score.title_recall >= 0.95, f"{where}: missed titles {score.missed_titles}"
        assert score.byline_rate >= 0.9, f"{where}: {score.wrong_bylines}"


def test_every_layout_keeps_paragraphs_lists_words_and_captions(layout_scores):
    for score in layout_scores:
        where = f"{score.layout} / {score.content}"
        assert score.paragraphs_right >= 0.9 * score.paragraphs, where
        assert score.list_items_right >= 0.9 * score.list_items, where
        assert score.split_words == [], f"{where}: words left split {score.split_words}"
        assert score.captions_found == score.captions, where


def test_the_layout_table_in_the_docs_is_the_measured_one(layout_scores):
    """docs/pdf-import.md shows the table this test run prints (regenerate it with make_layout_pdfs --table)."""
    from pathlib import Path

    docs = (Path(__file__).resolve().parents[2] / "docs" / "pdf-import.md").read_text(encoding="utf-8")
    assert table(layout_scores) in docs


def test_a_title_across_two_columns_is_read_before_the_columns_under_it(tmp_path):
    source = read_source(render(fictional(), "two-column", workdir=tmp_path))
    texts = [block.text for block in source.reading.blocks]
    title = texts.index("River Sensors Show Cleaner Water After Two Dry Summers")
    assert texts[title + 1].startswith("Leilani Okafor-Vance")
    assert texts[title - 1].startswith("The refurbishment was funded")  # the piece above, read to its end


def test_running_heads_and_page_numbers_are_dropped(tmp_path):
    reading = read_pdf(render(fictional(repeat=2), "one-column", workdir=tmp_path), max_bytes=50 * MIB)
    texts = [block.text for block in reading.blocks]
    assert not any(text.startswith("Page ") for text in texts)
    assert sum(text == "Lantern Valley Science Bulletin (fictional sample)" for text in texts) == 0
    assert reading.dropped


def test_sizes_are_relative_to_the_body_text(tmp_path):
    reading = read_pdf(render(fictional(), "three-column", workdir=tmp_path), max_bytes=50 * MIB)
    by_text = {block.text: block for block in reading.blocks}
    assert reading.body_size == 9.0  # the layout's body type, in points
    assert by_text["Beekeepers Count Fewer Winter Losses"].size == pytest.approx(12.5 / 9, abs=0.01)
    assert by_text["Beekeepers Count Fewer Winter Losses"].bold


def test_pictures_become_candidates_with_caption_and_credit(tmp_path):
    reading = read_pdf(render(fictional(), "magazine", workdir=tmp_path), max_bytes=50 * MIB)
    text = {block.number: block.text for block in reading.blocks}
    found = {(text[image.caption], text[image.credit]) for image in reading.images}
    assert found == {
        (
            "Visitors queue at the dome of the restored refractor on the first open night.",
            "Photo: Nadia Orrin (fictional)",
        ),
        (
            "The hedge-trimming rover on its first supervised run along the north hedge.",
            "Photo: Robotics Club archive (fictional)",
        ),
    }


def test_lists_stay_lists_with_their_markers(tmp_path):
    source = source_lines(read_pdf(render(fictional(), "one-column", workdir=tmp_path), max_bytes=50 * MIB))
    texts = [line.text for line in source.lines]
    start = texts.index("1. design the chassis from an old lawnmower frame;")
    assert texts[start : start + 5] == [
        "1. design the chassis from an old lawnmower frame;",
        "2. fit two geared motors and a castor wheel;",
        "3. program the line-following routine and test it in the gym;",
        "4. mount the cutter on a sliding arm with a safety cover;",
        "5. run supervised trials along the north hedge.",
    ]


@pytest.mark.parametrize(
    ("left", "right", "joined"),
    [
        ("interna\u2010", "tional media", "international media"),  # hyphenation's own hyphen
        ("the low-", "carbon transition", "the low-carbon transition"),
        ("the interna-", "tional landscape", "the international landscape"),
        ("a line", "and the next", "a line and the next"),
    ],
)
def test_words_broken_at_a_line_end_are_made_whole(left, right, joined):
    assert join_hyphenated(left, right) == joined


# ---------------------------------------------------------------- Newsroom's own PDF export


@pytest.mark.django_db
def test_the_pdf_export_of_an_issue_reimports_to_the_same_issue(import_seed):
    summary = import_seed(publish=True)
    articles = list(Article.objects.filter(issue_id=summary.issue_pk).order_by("order"))
    data, _, _ = export_issue(articles[0].issue, "pdf")
    document = propose_pdf(read_source(data)).document()

    assert [entry.title for entry in document.articles] == [article.title for article in articles]
    sections = [normalise_title(entry.section) if entry.section else None for entry in document.articles]
    assert sections == [normalise_title(a.section.title) if a.section else None for a in articles]
    assert [entry.bylines for entry in document.articles] == [[] for _ in articles]
    for entry, article in zip(document.articles, articles, strict=True):
        assert [plain(part) for part in entry.body.split("\n\n")] == [
            plain(part) for part in article.body.split("\n\n")
        ], article.title
    assert normalise_title(document.title) == normalise_title(articles[0].issue.title)


@pytest.mark.django_db
def test_the_pdf_export_keeps_bylines_with_positions(rich_issue):
    data, _, _ = export_issue(rich_issue, "pdf")
    document = propose_pdf(read_source(data)).document()
    first = next(entry for entry in document.articles if entry.title == "Wan Gang gives a speech")
    assert [(entry.name, entry.position) for entry in first.bylines] == [
        ("Wan Gang", "President, CAST"),
        ("China Association for Science and Technology", ""),
    ]


# ---------------------------------------------------------------- bad files


def _pdf_bytes(tmp_path) -> bytes:
    return render(fictional(), "one-column", workdir=tmp_path)


def _encrypted(data: bytes) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password="secret", owner_password="owner")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _scanned() -> bytes:
    """A PDF whose only page is a picture (what a scanner writes)."""
    out = io.BytesIO()
    Image.new("RGB", (1240, 1754), (250, 250, 245)).save(out, format="PDF", resolution=150)
    return out.getvalue()


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (20, 20), (200, 0, 0)).save(out, format="PNG")
    return out.getvalue()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda data: b"", "the file is empty"),
        (lambda data: b"  \n", "the file is empty"),
        (lambda data: data[: len(data) // 2], "the PDF is truncated"),
        (lambda data: _encrypted(data), "the PDF is encrypted"),
        (lambda data: _scanned(), "no text layer: its pages are scanned pictures"),
        (lambda data: _png(), "this is not a PDF file but a PNG image"),
        (lambda data: b"%PDF-1.7\n" + b"garbage " * 200 + b"\n%%EOF\n", "the PDF is damaged"),
    ],
    ids=["empty", "blank", "truncated", "encrypted", "scanned", "png-renamed", "damaged"],
)
def test_bad_files_are_refused_with_a_clear_message(tmp_path, make, message):
    with pytest.raises(PdfReadError, match=message):
        read_pdf(make(_pdf_bytes(tmp_path)), max_bytes=50 * MIB)


def test_a_file_over_the_limit_is_refused_before_it_is_read():
    with pytest.raises(PdfReadError, match="the limit for a PDF is 52,428,800 bytes"):
        check_pdf_bytes(b"%PDF-1.7\n" + b"\0" * (50 * MIB), max_bytes=50 * MIB)
