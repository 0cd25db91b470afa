"""manage.py import_issue and export_issue."""

import logging

import pytest
from django.core.management import CommandError, call_command

from articles.models import Issue

pytestmark = pytest.mark.django_db

SEED_ARGS = ["--publication", "CAST Newsletter", "--number", "2022-01", "--date", "2022-02-01"]


def test_import_command_reports_progress_and_summary(seed_path, capsys):
    call_command("import_issue", str(seed_path), *SEED_ARGS)
    out = capsys.readouterr().out
    assert "Article 16/16: China's FAST telescope scores several major achievements" in out
    for line in (
        "Imported: CAST Newsletter No. 2022-01",
        "Articles: 16",
        "Sections: 2: Local associations for science and technology (7, new); S&T News (3, new)",
        "Headlines: 7: 7 linked, 0 unlinked",
        "Bylines: 0",
        "People created: 0",
        "Paragraphs healed: 20",
        "Status: draft",
    ):
        assert line in out
    assert Issue.objects.get().articles.count() == 16


def test_import_command_dry_run_writes_nothing(seed_path, capsys):
    call_command("import_issue", str(seed_path), *SEED_ARGS, "--dry-run")
    assert "Would import: CAST Newsletter No. 2022-01" in capsys.readouterr().out
    assert not Issue.objects.exists()


def test_import_command_names_missing_options(seed_path):
    with pytest.raises(CommandError, match="missing publication, number, date"):
        call_command("import_issue", str(seed_path))


def test_import_command_rejects_invalid_date_option(seed_path):
    with pytest.raises(CommandError, match="invalid date '2022-02-30'"):
        call_command("import_issue", str(seed_path), "--publication", "P", "--number", "1", "--date", "2022-02-30")


def test_import_command_is_idempotent_with_if_missing(seed_path, cast_newsletter, capsys):
    call_command("import_issue", str(seed_path), *SEED_ARGS, "--if-missing", "--publish")
    call_command("import_issue", str(seed_path), *SEED_ARGS, "--if-missing", "--publish")
    assert "Skipped (already imported)" in capsys.readouterr().out
    assert Issue.objects.get().is_public()


def test_import_command_refuses_reimport_without_replace(seed_path):
    call_command("import_issue", str(seed_path), *SEED_ARGS)
    with pytest.raises(CommandError, match="use --replace"):
        call_command("import_issue", str(seed_path), *SEED_ARGS)


def test_import_command_reports_the_line_of_a_bad_file(tmp_path):
    path = tmp_path / "bad.md"
    path.write_text("---\npublication: P\nnumber: 1\ndate: 2022-01-01\ncolour: red\n---\n\n## A\n\nText.\n")
    with pytest.raises(CommandError, match=r"bad\.md: Line 5: unknown front-matter key 'colour'"):
        call_command("import_issue", str(path))
    assert not Issue.objects.exists()


def test_export_command_writes_the_file(rich_issue, tmp_path, capsys):
    call_command("export_issue", str(rich_issue.pk), "--format", "markdown", "--out", str(tmp_path))
    out = capsys.readouterr().out
    written = tmp_path / "cast-newsletter-2022-01.md"
    assert "Rendering 2 articles as Markdown issue file" in out and f"Wrote {written}" in out
    assert written.read_text().startswith("---\npublication: CAST Newsletter\n")


def test_export_command_accepts_publication_and_issue_slug(rich_issue, tmp_path):
    target = tmp_path / "out.pdf"
    call_command("export_issue", "cast-newsletter/2022-01", "--format", "pdf", "--out", str(target))
    assert target.read_bytes().startswith(b"%PDF")


def test_export_command_failure_leaves_no_file(rich_issue, tmp_path, monkeypatch):
    from articles.exchange.exporters.pdf import PdfExporter

    def explode(self, export):
        raise RuntimeError("renderer crashed")

    monkeypatch.setattr(PdfExporter, "render", explode)
    out = tmp_path / "exports"
    out.mkdir()
    with pytest.raises(RuntimeError):
        call_command("export_issue", str(rich_issue.pk), "--format", "pdf", "--out", str(out / "issue.pdf"))
    assert list(out.iterdir()) == []


def test_export_command_refuses_unpublished_issue_unless_draft_preview(rich_issue, tmp_path):
    Issue.objects.filter(pk=rich_issue.pk).update(status="draft", publish_at=None)
    with pytest.raises(CommandError, match="not published"):
        call_command("export_issue", str(rich_issue.pk), "--out", str(tmp_path))
    call_command("export_issue", str(rich_issue.pk), "--out", str(tmp_path), "--draft-preview")
    assert (tmp_path / "cast-newsletter-2022-01-draft.md").read_text().count("draft: true") == 1


def test_import_command_is_silent_at_verbosity_zero(seed_path, capsys):
    call_command("import_issue", str(seed_path), *SEED_ARGS, verbosity=0)
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", "")
    assert Issue.objects.get().articles.count() == 16


def test_export_command_says_which_option_makes_a_draft_preview(rich_issue, tmp_path):
    Issue.objects.filter(pk=rich_issue.pk).update(status="draft", publish_at=None)
    with pytest.raises(CommandError, match="is not published; give --draft-preview to export it as a draft preview"):
        call_command("export_issue", str(rich_issue.pk), "--out", str(tmp_path), verbosity=0)


def test_import_command_v0_logs_no_info_lines(seed_path, caplog):
    caplog.set_level(logging.INFO)
    call_command("import_issue", str(seed_path), *SEED_ARGS, verbosity=0)
    assert [record for record in caplog.records if record.name.startswith("articles.")] == []
    call_command("import_issue", str(seed_path), *SEED_ARGS, "--replace", verbosity=1)
    assert "imported by (no user)" in caplog.text  # the audit line is still logged when not silenced
