"""Bad issue files: a clear message with the line number, and nothing written (command and admin)."""

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from articles.exchange.issuefile import MAX_FILE_BYTES
from articles.models import Article, Byline, Headline, Issue, Publication, Section
from people.models import Organization, Person

pytestmark = pytest.mark.django_db

FRONT = "---\npublication: CAST Newsletter\nnumber: 2099-01\ndate: 2022-03-01\n---\n"  # lines 1-5
OVERSIZE = FRONT.encode() + b"\n## A\n\n" + b"x" * MAX_FILE_BYTES

BAD_FILES = [
    pytest.param(b"", "Line 1: the file is empty", id="empty"),
    pytest.param(
        FRONT.encode() + b"\n## A\n\nText\x00\x01PNG\n",
        "Line 9: the file is binary (it contains NUL bytes)",
        id="binary",
    ),
    pytest.param(
        (FRONT + "\n## Café\n\nText.\n").encode("latin-1"), "Line 7: the file is not valid UTF-8", id="latin-1"
    ),
    pytest.param((FRONT + "\n## A\n\nText.\n").encode("utf-32"), "Line 1: the file is UTF-32", id="utf-32-bom"),
    pytest.param((FRONT + "\n## A\n\nText.\n").encode("utf-32-be"), "Line 1: the file is UTF-32", id="utf-32-be"),
    pytest.param((FRONT + "\n## A\n\nText.\n").encode("utf-32-le"), "Line 1: the file is UTF-32", id="utf-32-le"),
    pytest.param((FRONT + "\n## A\n\nText.\n").encode("utf-16"), "Line 1: the file is UTF-16", id="utf-16-bom"),
    pytest.param((FRONT + "\n## A\n\nText.\n").encode("utf-16-le"), "Line 1: the file is UTF-16", id="utf-16-le"),
    pytest.param(
        OVERSIZE,
        f"Line 9: the file is {len(OVERSIZE):,} bytes; the limit is 2,097,152 bytes (2 MiB)",
        id="over-size-limit",
    ),
    pytest.param(
        (FRONT + "\n# T\n\n*By Wan Gang, President*\n\n## A\n\nText.\n").encode(),
        "Line 9: a byline line comes before any article ('## Title')",
        id="byline-before-article",
    ),
    pytest.param(
        (FRONT + "\n## Same title\n\nText.\n\n## Same  Title\n\nMore.\n").encode(),
        "Line 11: two articles have the title 'Same  Title' (first at line 7)",
        id="duplicate-title",
    ),
    pytest.param(
        b"---\npublication: P\nnumber: 1\ncolour: red\n---\n\n## A\n\nText.\n",
        "Line 4: unknown front-matter key 'colour'",
        id="unknown-front-matter-key",
    ),
    pytest.param(
        b"---\npublication: P\nnumber: 1\ndate: 2022-02-30\n---\n\n## A\n\nText.\n",
        "Line 4: invalid date '2022-02-30': write it as YYYY-MM-DD",
        id="invalid-date",
    ),
    pytest.param(
        b"---\npublication: P\nnumber: 16\nnumber: 17\ndate: 2022-02-01\n---\n\n## A\n\nText.\n",
        "Line 4: the front-matter key 'number' is given twice (lines 3 and 4); keep one",
        id="repeated-front-matter-key",
    ),
    pytest.param(
        (FRONT + "\n## A\n\nText.\n").encode("utf-16"),
        "Line 1: the file is UTF-16; save it as UTF-8",
        id="utf-16-with-bom",
    ),
    pytest.param(
        (FRONT + "\n## A\n\nText.\n").encode("utf-16-be"),
        "Line 1: the file is UTF-16; save it as UTF-8",
        id="utf-16-without-bom",
    ),
    pytest.param(
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00word/document.xml",
        "Line 1: this is a ZIP/Word/OpenDocument file (.docx, .odt…), not a text issue file; "
        "save it as plain text (UTF-8)",
        id="docx",
    ),
    # Values longer than their database columns (a DataError on PostgreSQL) and unknown languages.
    pytest.param(
        FRONT.replace("2099-01", "N" * 100).encode() + b"\n## A\n\nText.\n",
        "Line 3: the issue number is 100 characters long; the limit is 40",
        id="issue-number-too-long",
    ),
    pytest.param(
        FRONT.replace("CAST Newsletter", "P" * 300).encode() + b"\n## A\n\nText.\n",
        "Line 2: the publication name is 300 characters long; the limit is 200",
        id="publication-name-too-long",
    ),
    pytest.param(
        b"---\npublication: New Lang Pub\nnumber: 14\ndate: 2022-01-01\nlanguage: klingon-language-xx\n---\n\n## A\n",
        "Line 5: unknown language 'klingon-language-xx': use one of en, zh-hans, ru, ja, fr, es",
        id="unknown-language",
    ),
    pytest.param(
        (FRONT + "\n# " + "T" * 301 + "\n\n## A\n\nText.\n").encode(),
        "Line 7: the issue title is 301 characters long; the limit is 300",
        id="issue-title-too-long",
    ),
    pytest.param(
        (FRONT + "\n## Headlines\n\n- ◆Short\n- ◆" + "H" * 400 + "\n\n## A\n\nText.\n").encode(),
        "Line 10: the headline is 400 characters long; the limit is 300",
        id="headline-too-long",
    ),
    pytest.param(
        (FRONT + "\n## A\n\nText.\n\n## " + "Long title " * 58 + "\n\nText.\n").encode(),
        "Line 11: the article title is 637 characters long; the limit is 300",
        id="article-title-too-long",
    ),
    pytest.param(
        (FRONT + "\n### " + "S" * 201 + "\n\n## A\n\nText.\n").encode(),
        "Line 7: the section title is 201 characters long; the limit is 200",
        id="section-title-too-long",
    ),
    pytest.param(
        (FRONT + "\n## A\n*By " + "Name" * 60 + ", Editor*\n\nText.\n").encode(),
        "Line 8: the byline name is 240 characters long; the limit is 200",
        id="byline-name-too-long",
    ),
    pytest.param(
        (FRONT + "\n## A\n*By Ann Lee, " + ("Position " * 50).strip() + "*\n\nText.\n").encode(),
        "Line 8: the byline position is 449 characters long; the limit is 400",
        id="byline-position-too-long",
    ),
    pytest.param(
        (FRONT + "".join(f"\n## Story {n}\n\nText.\n" for n in range(301))).encode(),
        f"Line {6 + 300 * 4 + 1}: the file has 301 articles; an issue may have at most 300 articles",
        id="too-many-articles",
    ),
    pytest.param(
        (
            FRONT + "\n## Headlines\n\n" + "".join(f"- ◆Headline {n}\n" for n in range(20_000)) + "\n## A\n\nT.\n"
        ).encode(),
        "Line 309: the file has 20,000 headlines; an issue may have at most 300 headlines",
        id="too-many-headlines",
    ),
]


def _rows() -> dict[str, int]:
    models = (Publication, Section, Issue, Article, Byline, Headline, Person, Organization)
    return {model.__name__: model.objects.count() for model in models}


@pytest.fixture
def before(rich_issue):
    """An existing issue with articles, bylines, people, organizations and headlines."""
    rows = _rows()
    assert all(rows.values()), rows
    return rows


@pytest.mark.parametrize(("data", "message"), BAD_FILES)
def test_import_command_refuses_bad_file_with_line_and_writes_nothing(before, tmp_path, data, message):
    path = tmp_path / "issue.md"
    path.write_bytes(data)
    with pytest.raises(CommandError) as info:
        call_command("import_issue", str(path), "--replace", verbosity=0)
    assert str(info.value).startswith(f"{path}: {message}")
    assert _rows() == before


@pytest.mark.parametrize(("data", "message"), BAD_FILES)
def test_admin_upload_refuses_bad_file_with_line_and_writes_nothing(before, admin_client, data, message):
    upload = SimpleUploadedFile("issue.md", data, content_type="text/markdown")
    response = admin_client.post(reverse("admin:articles_issue_import"), {"file": upload, "replace": "on"})
    assert response.status_code == 200
    assert message in html.unescape(response.content.decode())
    assert _rows() == before


def test_import_command_reads_no_more_than_the_limit(before, tmp_path, monkeypatch):
    from pathlib import Path

    path = tmp_path / "huge.md"
    path.write_bytes(b"## A\n\n" + b"x" * (3 * MAX_FILE_BYTES))
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read the whole file"))
    with pytest.raises(CommandError, match=r"Line 3: the file is 6,291,462 bytes; the limit is 2,097,152 bytes"):
        call_command("import_issue", str(path))


def test_import_command_names_the_option_that_is_too_long(before, tmp_path):
    path = tmp_path / "issue.md"
    path.write_bytes(b"## A\n\nText.\n")
    with pytest.raises(CommandError) as info:
        call_command("import_issue", str(path), "--publication=P", "--number=" + "9" * 41, "--date=2022-01-01")
    assert str(info.value) == f"{path}: the issue number given (--number) is 41 characters long; the limit is 40"
    assert _rows() == before
