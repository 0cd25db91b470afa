"""Exports: every format, only published articles (or a marked draft preview), sanitized bodies."""

import email
import email.policy
import io
import json
import os
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from jsonschema import Draft202012Validator
from pypdf import PdfReader

from articles.exchange.exporters import FORMATS, ExportError, export_issue, get_exporter, load_issue, write_atomic
from articles.exchange.exporters.base import DRAFT_LABEL
from articles.exchange.exporters.ninjs import SCHEMA_PATH, article_object
from articles.exchange.exporters.pdf import LocalFilesOnlyFetcher
from articles.exchange.importer import import_issue
from articles.exchange.issuefile import parse_bytes
from articles.models import Article, Issue
from tests.factories import ArticleFactory, BylineFactory, HeadlineFactory, IssueFactory, SectionFactory
from tests.helpers import pdf_text

pytestmark = pytest.mark.django_db

PUBLISHED_TITLES = ["Wan Gang gives a speech", "A hostile body"]


class _Audit(HTMLParser):
    """Collects anything in HTML that could run script."""

    def __init__(self):
        super().__init__()
        self.problems = []
        self.tags = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        if tag in ("script", "iframe", "object", "embed"):
            self.problems.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{tag}[{name}]")
            if name in ("href", "src") and (value or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"{tag}[{name}={value}]")


def _audit(html: str) -> _Audit:
    audit = _Audit()
    audit.feed(html)
    return audit


def _email_parts(data: bytes) -> dict[str, str]:
    message = email.message_from_bytes(data, policy=email.policy.default)
    return {
        part.get_content_type(): part.get_payload(decode=True).decode()
        for part in message.walk()
        if not part.is_multipart()
    } | {"subject": message["Subject"]}


# ------------------------------------------------------------------ Markdown round trip


def test_markdown_export_import_export_is_byte_identical(rich_issue):
    first, _, _ = export_issue(rich_issue, "markdown")
    summary = import_issue(document=parse_bytes(first), replace=True, publish=True)
    assert summary.issue_pk == rich_issue.pk and summary.articles == 2
    second, _, _ = export_issue(rich_issue, "markdown")
    assert second == first


def test_seed_markdown_export_import_export_is_byte_identical(import_seed):
    issue = Issue.objects.get(pk=import_seed().issue_pk)
    first, _, _ = export_issue(issue, "markdown", draft_preview=True)
    import_issue(document=parse_bytes(first), replace=True)
    second, _, _ = export_issue(issue, "markdown", draft_preview=True)
    assert second == first
    assert Article.objects.filter(issue=issue).count() == 16


TRICKY_BODY = (
    "See [CAST][1].\n\n[1]: http://www.cast.org.cn\n\n*Photo: Xinhua News Agency.*\n\n**Contact:**\n\n"
    "Line one\\\nline two.\n\n```\nunclosed code\n```"
)


def test_markdown_round_trip_keeps_tricky_content_in_the_database(rich_issue):
    from people.models import Organization

    firm = Organization.objects.create(name="Smith, Jones & Co", slug="smith-jones")
    article = ArticleFactory(issue=rich_issue, order=4, title="Why we rank #", slug="rank", body=TRICKY_BODY)
    BylineFactory(article=article, order=0, person=None, organization=firm, position_as_printed="")
    BylineFactory(article=article, order=1, position_as_printed="Editor; Acting Chair")
    first, _, _ = export_issue(rich_issue, "markdown")
    import_issue(document=parse_bytes(first), replace=True, publish=True)
    assert export_issue(rich_issue, "markdown")[0] == first
    copy = rich_issue.articles.get(title="Why we rank #")
    assert copy.body == TRICKY_BODY
    assert [(b.organization, b.position_as_printed) for b in copy.bylines.order_by("order")] == [
        (firm, ""),
        (None, "Editor; Acting Chair"),
    ]
    assert rich_issue.articles.count() == 3


def test_markdown_export_writes_the_documented_format(rich_issue):
    text = export_issue(rich_issue, "markdown")[0].decode()
    assert text.startswith("---\npublication: CAST Newsletter\nnumber: 2022-01\ndate: 2022-02-01\nlanguage: en\n---\n")
    assert "# Newsletter\n\n## Headlines\n\n- ◆Wan Gang gives a speech\n- ◆A hostile body\n" in text
    assert (
        "## Wan Gang gives a speech\n*By Wan Gang, President, CAST; China Association for Science and Technology*"
        in text
    )
    assert "### S&T News\n\n## A hostile body\n" in text
    assert text.endswith("---\n\nCAST is 中国科学技术协会. See [www.cast.org.cn](http://www.cast.org.cn).\n")


# ------------------------------------------------------------------ published only / draft preview


@pytest.mark.parametrize("fmt", ["markdown", "html", "email", "ninjs", "pdf"])
def test_only_published_articles_are_exported(rich_issue, fmt):
    data = export_issue(rich_issue, fmt)[0]
    text = pdf_text(data) if fmt == "pdf" else data.decode()
    for title in PUBLISHED_TITLES:
        assert title in text
    assert "Unfinished draft story" not in text
    assert "DRAFT" not in text


@pytest.fixture
def draft_headline(rich_issue):
    draft = rich_issue.articles.get(title="Unfinished draft story")
    HeadlineFactory(issue=rich_issue, order=3, text="Scoop: the unfinished story", article=draft)
    HeadlineFactory(issue=rich_issue, order=4, text="A headline without an article", article=None)
    return rich_issue


@pytest.mark.parametrize("fmt", ["markdown", "html", "email", "ninjs", "pdf"])
def test_headlines_of_unpublished_articles_are_not_exported(draft_headline, fmt):
    data = export_issue(draft_headline, fmt)[0]
    text = pdf_text(data) if fmt == "pdf" else data.decode()
    assert "Scoop: the unfinished story" not in text
    assert [h.text for h in load_issue(draft_headline).headlines] == [
        *PUBLISHED_TITLES,
        "A headline without an article",
    ]


def test_draft_preview_keeps_every_headline(draft_headline):
    text = export_issue(draft_headline, "markdown", draft_preview=True)[0].decode()
    assert "- ◆Scoop: the unfinished story\n- ◆A headline without an article\n" in text


def _draft_marks(fmt: str, data: bytes) -> bool:
    if fmt == "markdown":
        return "\ndraft: true\n" in data.decode()
    if fmt == "html":
        return DRAFT_LABEL in data.decode() and "<title>[DRAFT]" in data.decode()
    if fmt == "email":
        parts = _email_parts(data)
        return (
            parts["subject"].startswith("[DRAFT]")
            and DRAFT_LABEL in parts["text/plain"]
            and DRAFT_LABEL in parts["text/html"]
        )
    if fmt == "pdf":
        return "DRAFT PREVIEW" in pdf_text(data)
    if fmt == "ninjs":
        package = json.loads(data)
        return all(
            obj["pubstatus"] == "withheld" and "DRAFT" in obj["ednote"] for obj in [package, *package["associations"]]
        )
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return all(_draft_marks(name, archive.read(f"issue.{get_exporter(name).extension}")) for name in FORMATS[:-1])


@pytest.mark.parametrize("fmt", FORMATS)
def test_draft_preview_includes_drafts_and_is_marked_in_every_format(rich_issue, fmt):
    data, filename, _ = export_issue(rich_issue, fmt, draft_preview=True)
    assert filename.startswith("cast-newsletter-2022-01-draft.")
    assert _draft_marks(fmt, data)
    if fmt in ("markdown", "html"):
        assert "Unfinished draft story" in data.decode()


def test_unpublished_issue_is_only_exported_as_a_draft_preview(rich_issue):
    Issue.objects.filter(pk=rich_issue.pk).update(status="draft", publish_at=None)
    with pytest.raises(ExportError, match="not published"):
        export_issue(rich_issue, "markdown")
    assert b"draft: true" in export_issue(rich_issue, "markdown", draft_preview=True)[0]


# ------------------------------------------------------------------ HTML formats and sanitizing


def test_standalone_html_is_one_file_with_inline_styles_and_images(rich_issue):
    html = export_issue(rich_issue, "html")[0].decode()
    audit = _audit(html)
    assert "style" in audit.tags and "link" not in audit.tags
    assert 'src="data:image/png;base64,' in html
    assert 'alt="Wan Gang at the lectern"' in html
    assert '<h2 class="section">S&amp;T News</h2>' in html
    assert '<a href="http://www.cast.org.cn" rel="noopener noreferrer">www.cast.org.cn</a>' in html


@pytest.mark.parametrize("fmt", ["html", "email"])
def test_xss_payload_in_a_body_is_inert(rich_issue, fmt):
    data = export_issue(rich_issue, fmt)[0]
    html = _email_parts(data)["text/html"] if fmt == "email" else data.decode()
    audit = _audit(html)
    assert audit.problems == []
    assert "Safe start." in html
    assert 'href="https://example.org"' in html


def test_email_has_table_layout_inline_styles_and_plain_text_alternative(rich_issue):
    data = export_issue(rich_issue, "email")[0]
    message = email.message_from_bytes(data)
    assert message.get_content_type() == "multipart/alternative"
    parts = _email_parts(data)
    html, text = parts["text/html"], parts["text/plain"]
    audit = _audit(html)
    assert "table" in audit.tags and "style" not in audit.tags and "link" not in audit.tags
    assert '<p style="margin:0 0 14px 0;' in html
    assert "Wan Gang gives a speech" in text and "By Wan Gang, President, CAST" in text
    assert "ok (https://example.org)" in text and "See www.cast.org.cn." in text
    assert "<p" not in text
    assert parts["subject"] == "Newsletter – CAST Newsletter No. 2022-01"


def test_pdf_contains_issue_and_article_titles_and_renders_cjk(rich_issue):
    data = export_issue(rich_issue, "pdf")[0]
    reader = PdfReader(io.BytesIO(data))
    text = pdf_text(data)
    assert "Newsletter" in text
    for title in PUBLISHED_TITLES:
        assert title in text
    assert "中国科学技术协会" in text
    fonts = set()
    for page in reader.pages:
        for font in (page.get("/Resources", {}).get("/Font", {}) or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("CJK" in font for font in fonts), fonts


def test_pdf_carries_no_script(rich_issue):
    data = export_issue(rich_issue, "pdf")[0]
    for marker in (b"/JavaScript", b"/JS", b"/Launch", b"/OpenAction", b"/AA"):
        assert marker not in data, marker
    uris = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        for annotation in page.get("/Annots", []) or []:
            uris.add(str(annotation.get_object()["/A"]["/URI"]))
    # The safe links became annotations; none of the hostile ones did.
    assert uris == {"https://example.org", "http://www.cast.org.cn"}
    # The payload reaches the PDF only as visible text: the markup was escaped, not interpreted.
    text = pdf_text(data)
    assert "Safe start." in text
    assert "<script>alert('xss')</script>" in text
    assert '<a href="javascript:alert(2)">raw link</a>' in text
    assert "[markdown link](javascript:alert(3))" in text


def test_seed_pdf_contains_every_article_title(import_seed):
    issue = Issue.objects.get(pk=import_seed(publish=True).issue_pk)
    text = pdf_text(export_issue(issue, "pdf")[0])
    assert "Newsletter" in text
    for title in issue.articles.values_list("title", flat=True):
        assert " ".join(title.split()) in text, title


def test_pdf_fetcher_reads_only_project_files(settings, tmp_path):
    fetcher = LocalFilesOnlyFetcher()
    static_css = Path(settings.BASE_DIR, "static", "css", "site.css").resolve()
    assert fetcher.fetch(static_css.as_uri()).read() == static_css.read_bytes()
    media = Path(settings.MEDIA_ROOT)
    media.mkdir(parents=True, exist_ok=True)
    (media / "ok.txt").write_text("ok")
    assert fetcher.fetch((media / "ok.txt").resolve().as_uri()).read() == b"ok"
    for url in (
        "http://example.org/style.css",
        "https://127.0.0.1/secret",
        "ftp://example.org/x",
        "file:///etc/passwd",
        (media / ".." / ".." / "outside.txt").as_uri(),
        "file://evil.example.org/etc/passwd",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_pdf_fetcher_refuses_http_urls():
    for url in ("http://127.0.0.1:9/x.css", "https://example.org/x.png"):
        with pytest.raises(ValueError, match="only the project's own files"):
            LocalFilesOnlyFetcher().fetch(url)


def test_pdf_render_does_not_touch_the_network(monkeypatch):
    import socket

    from weasyprint import HTML

    # WeasyPrint logs and swallows fetch errors, so a raising patch proves nothing: record instead.
    attempts = []

    def recorder(name):
        def refuse(*args, **kwargs):
            attempts.append(name)
            raise OSError("no network in tests")

        return refuse

    monkeypatch.setattr(socket, "getaddrinfo", recorder("getaddrinfo"))
    monkeypatch.setattr(socket, "create_connection", recorder("create_connection"))
    monkeypatch.setattr(socket.socket, "connect", recorder("connect"))
    requested = []

    class RecordingFetcher(LocalFilesOnlyFetcher):
        def fetch(self, url, headers=None):
            requested.append(url)
            return super().fetch(url, headers)

    html = '<link rel="stylesheet" href="http://127.0.0.1:9/x.css"><img src="https://example.org/x.png"><p>Hi</p>'
    HTML(string=html).write_pdf()  # WeasyPrint's default fetcher: the recorder must see it try
    assert attempts, "the recorder did not notice a network attempt"
    attempts.clear()

    pdf = HTML(string=html, url_fetcher=RecordingFetcher()).write_pdf()
    assert pdf.startswith(b"%PDF")
    assert {"http://127.0.0.1:9/x.css", "https://example.org/x.png"} <= set(requested)
    assert attempts == []


# ------------------------------------------------------------------ ninjs


@pytest.fixture(scope="module")
def ninjs_validator():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema["title"] == "IPTC ninjs - News in JSON - version 2.1.1"
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def test_ninjs_package_validates_against_the_official_schema(rich_issue, ninjs_validator):
    package = json.loads(export_issue(rich_issue, "ninjs")[0])
    ninjs_validator.validate(package)
    assert package["type"] == "composite"
    assert [a["headlines"][0]["value"] for a in package["associations"]] == PUBLISHED_TITLES
    first = package["associations"][0]
    assert first["by"] == "By Wan Gang, President, CAST; China Association for Science and Technology"
    assert first["people"] == [{"name": "Wan Gang", "rel": "author", "literal": "wan-gang"}]
    assert first["renditions"][0]["href"].startswith("http://localhost/media/articles/")


def test_ninjs_schema_rejects_what_it_should(ninjs_validator):
    assert not ninjs_validator.is_valid({"headline": "no uri"})
    assert not ninjs_validator.is_valid({"uri": "urn:x", "pubstatus": "draft"})


def test_each_article_object_validates_on_its_own(rich_issue, ninjs_validator):
    export = load_issue(rich_issue, draft_preview=True)
    for item in export.articles:
        ninjs_validator.validate(article_object(export, item))


def test_ninjs_body_html_is_sanitized(rich_issue):
    package = json.loads(export_issue(rich_issue, "ninjs")[0])
    body = package["associations"][1]["bodies"][0]["value"]
    assert _audit(body).problems == []


# ------------------------------------------------------------------ ZIP


def test_zip_bundle_holds_every_format_per_article_ninjs_and_images(rich_issue):
    with zipfile.ZipFile(io.BytesIO(export_issue(rich_issue, "zip")[0])) as archive:
        names = set(archive.namelist())
        assert {"issue.md", "issue.html", "issue.eml", "issue.pdf", "issue.ninjs.json"} <= names
        assert {"ninjs/001-speech.json", "ninjs/002-hostile.json"} <= names
        images = [name for name in names if name.startswith("images/")]
        assert len(images) == 1 and archive.read(images[0]).startswith(b"\x89PNG")
        assert archive.read("issue.md") == export_issue(rich_issue, "markdown")[0]


# ------------------------------------------------------------------ queries and files


def _issue_with(n: int) -> Issue:
    issue = IssueFactory()
    section = SectionFactory(publication=issue.publication)
    for order in range(1, n + 1):
        article = ArticleFactory(issue=issue, order=order, section=section if order > n // 2 else None)
        BylineFactory(article=article)
        HeadlineFactory(issue=issue, order=order, article=article)
    return issue


@pytest.mark.parametrize("fmt", ["markdown", "html", "email", "ninjs"])
def test_export_query_count_does_not_grow_with_issue_size(fmt):
    small, large = _issue_with(3), _issue_with(30)

    with CaptureQueriesContext(connection) as small_queries:
        export_issue(small, fmt)
    with CaptureQueriesContext(connection) as large_queries:
        export_issue(large, fmt)
    assert len(small_queries) == len(large_queries) <= 6


def test_write_atomic_leaves_no_partial_file_on_failure(tmp_path, monkeypatch):
    target = tmp_path / "issue.pdf"
    target.write_bytes(b"old complete file")

    def broken_replace(source, destination):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, b"new content")
    assert target.read_bytes() == b"old complete file"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["issue.pdf"]


def test_write_atomic_replaces_the_file(tmp_path):
    target = tmp_path / "issue.md"
    write_atomic(target, b"one")
    write_atomic(target, b"two")
    assert target.read_bytes() == b"two"
    assert [path.name for path in tmp_path.iterdir()] == ["issue.md"]
