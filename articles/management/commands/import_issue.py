import logging
import os
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.exchange.decisions import parse_decisions, write_decisions
from articles.exchange.importer import import_issue
from articles.exchange.issuefile import (
    MAX_FILE_BYTES,
    IssueFileError,
    check_size,
    decode,
    parse,
    parse_date,
)
from articles.exchange.pdfimport import import_pdf, propose_pdf, read_source
from articles.exchange.pdfreader import PDF_MAGIC
from articles.exchange.proposal import describe, looks_like_issue_file
from articles.exchange.textimport import import_proposal, propose_text


@contextmanager
def _log_level(name: str, level: int):
    """-v0 prints only warnings: the importer's info lines ("… imported by …") are held back too."""
    logger = logging.getLogger(name)
    before = logger.level
    logger.setLevel(level)
    try:
        yield
    finally:
        logger.setLevel(before)


class Command(BaseCommand):
    help = (
        "Import an issue file (docs/issue-format.md) as a draft issue, all or nothing. "
        "Options override the file's front matter; without front matter they are required. "
        "Plain text extracted from a PDF (no '## ' headings) is read as a proposal: --dry-run prints it "
        "with line numbers and confidences, --decisions applies an editor's saved review without questions, "
        "otherwise the command asks before importing a draft issue. A PDF newsletter is read with its layout "
        "(docs/pdf-import.md) and proposed the same way; the PDF is kept with the imported issue."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to the issue file (UTF-8 Markdown), plain text or a PDF")
        parser.add_argument("--publication", help="publication name (created if new)")
        parser.add_argument("--number", help="issue number as printed, e.g. 2022-01")
        parser.add_argument("--date", help="issue date, YYYY-MM-DD")
        parser.add_argument("--dry-run", action="store_true", help="show what would be imported; write nothing")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="update an existing issue in place; a published or scheduled one stays so, keeping its publish "
            "times, and must pass the publishing checks (else nothing is imported); any other becomes a draft",
        )
        parser.add_argument(
            "--if-missing", action="store_true", help="do nothing (and succeed) if the issue already exists"
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="then publish the draft through the publishing checks (as the admin does); "
            "if they refuse, it stays a draft and the command says why (nothing to do for a published or "
            "scheduled issue replaced in place: it stays live)",
        )
        parser.add_argument("--decisions", help="plain text: a decisions file saved from a review; applied as is")
        parser.add_argument(
            "--save-decisions", metavar="FILE", help="plain text: write the proposal as a decisions file to edit"
        )
        parser.add_argument("--language", help="plain text: the language for healing split words (default: en)")
        parser.add_argument(
            "--no-input", action="store_false", dest="interactive", help="plain text: never ask (needs --decisions)"
        )

    def handle(self, *args, **options):
        level = logging.NOTSET if options["verbosity"] >= 1 else logging.WARNING
        with _log_level("articles.exchange", level):
            self._handle(options)

    def _handle(self, options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        verbose = options["verbosity"] >= 1
        try:
            if verbose:
                self.stdout.write(f"Reading {path}")
            with path.open("rb") as handle:
                if handle.read(5) == PDF_MAGIC or path.suffix.lower() == ".pdf":
                    summary = self._pdf(path, handle, options, verbose)
                    if summary is not None:
                        self._summary(summary, verbose)
                    return
                handle.seek(0)
                head = handle.read(MAX_FILE_BYTES + 1)  # never more than the limit in memory
                check_size(os.fstat(handle.fileno()).st_size, head)
            text = decode(head)
            if not looks_like_issue_file(text) or options["decisions"] or options["save_decisions"]:
                summary = self._text(path, text, options, verbose)
                if summary is None:
                    return
                self._summary(summary, verbose)
                self._refused(path, summary, verbose)
                return
            document = parse(text)
            if verbose:
                self.stdout.write(
                    f"Parsed {len(document.articles)} articles, {len(document.headlines)} headlines, "
                    f"{len(document.sections)} sections"
                )
            summary = import_issue(
                document=document,
                publication=options["publication"],
                number=options["number"],
                date=parse_date(options["date"]) if options["date"] else None,
                replace=options["replace"],
                dry_run=options["dry_run"],
                if_missing=options["if_missing"],
                publish=options["publish"],
                progress=(lambda message: self.stdout.write(f"  {message}")) if verbose else None,
            )
        except IssueFileError as error:
            raise CommandError(f"{path}: {error}") from error
        self._summary(summary, verbose)
        self._refused(path, summary, verbose)

    def _refused(self, path, summary, verbose):
        """A refused publish is a failure of the command (exit status 1); the draft it imported stays."""
        if summary.publish_refused and not summary.dry_run:
            if not summary.publish_blockers:
                listed = "."
            elif verbose:
                listed = " (the blockers are listed above)."
            else:
                listed = ":" + "".join(f"\n  {blocker}" for blocker in summary.publish_blockers)
            raise CommandError(
                f"{path}: imported as a draft, not published: {summary.publish_refused.rstrip('.')}. Fix the "
                f"draft in the admin and publish it from the issue's preflight page{listed}"
            )

    def _summary(self, summary, verbose):
        lines = summary.lines()
        if not verbose:  # -v0: nothing on stdout; warnings still go to stderr
            for warning in summary.warnings:
                self.stderr.write(f"Warning: {warning}")
            return
        self.stdout.write(self.style.SUCCESS(lines[0]))
        for line in lines[1:]:
            self.stdout.write(self.style.WARNING(line) if line.startswith("Warning") else line)

    def _pdf(self, path: Path, handle, options, verbose: bool):
        """A PDF: read it with its layout, then review and import as plain text is (see _text)."""
        size = os.fstat(handle.fileno()).st_size
        limit = settings.NEWSROOM_MAX_PDF_BYTES
        if size > limit:  # refused before reading it into memory
            raise CommandError(f"{path}: the file is {size:,} bytes; the limit for a PDF is {limit:,} bytes")
        handle.seek(0)
        data = handle.read()
        say = (lambda message: self.stdout.write(f"  {message}")) if verbose else None
        try:
            source = read_source(data, progress=say)
        except IssueFileError as error:
            raise CommandError(f"{path}: {error}") from error
        for warning in source.reading.warnings:
            self.stderr.write(f"Warning: {warning}")
        pdf = {"source": source, "data": data, "filename": path.name}
        return self._text(path, "", options, verbose, pdf=pdf)

    def _text(self, path: Path, text: str, options, verbose: bool, pdf: dict | None = None):
        """Plain text (or a PDF read by _pdf): propose, print, and import a draft after the decisions file or a yes."""
        if pdf and (options["publish"] or options["if_missing"]):
            raise CommandError(
                f"{path}: a PDF import makes a draft issue to review with its pictures; publish it afterwards "
                "(no --publish or --if-missing)"
            )
        if options["publish"] and not options["decisions"]:
            raise CommandError(
                f"{path}: plain text is published only after an editor's review: give the review as "
                "--decisions FILE, or import a draft without --publish and publish it after reviewing it"
            )
        decisions = None
        if options["decisions"]:
            decisions_path = Path(options["decisions"])
            if not decisions_path.is_file():
                raise CommandError(f"{decisions_path}: no such file")
            try:
                decisions = parse_decisions(decisions_path.read_text(encoding="utf-8"))
            except (IssueFileError, UnicodeDecodeError) as error:
                raise CommandError(f"{decisions_path}: {error}") from error
        if pdf:
            language = options["language"] or (decisions.language if decisions else "") or "en"
            proposal = propose_pdf(pdf["source"], language=language, decisions=decisions)
        else:
            proposal = propose_text(text, language=options["language"] or "", decisions=decisions)
        if options["save_decisions"]:
            Path(options["save_decisions"]).write_text(
                write_decisions(
                    proposal,
                    publication=options["publication"] or (decisions.publication if decisions else ""),
                    number=options["number"] or (decisions.number if decisions else ""),
                    date=parse_date(options["date"]) if options["date"] else (decisions.date if decisions else None),
                    language=proposal.language,
                    splits=decisions.splits if decisions else frozenset(),
                ),
                encoding="utf-8",
            )
            self.stdout.write(f"Decisions written to {options['save_decisions']}")
        if verbose and (options["dry_run"] or decisions is None):
            source = "with the decisions in " + options["decisions"] if decisions else "proposed"
            self.stdout.write(f"Structure of {path} ({source}): line(s), role, confidence, text")
            for line in describe(proposal):
                self.stdout.write(line)
        run = {
            "proposal": proposal,
            "decisions": decisions,
            "publication": options["publication"],
            "number": options["number"],
            "date": parse_date(options["date"]) if options["date"] else None,
            "replace": options["replace"],
            "if_missing": options["if_missing"],
            "publish": options["publish"],
            "progress": (lambda message: self.stdout.write(f"  {message}")) if verbose else None,
        }
        if pdf:
            run = {key: value for key, value in run.items() if key not in ("if_missing", "publish")} | pdf
            importer = import_pdf
        else:
            importer = import_proposal
        if decisions is not None and not options["dry_run"]:
            return importer(**run)  # a saved review applies without questions
        summary = importer(dry_run=True, **{**run, "progress": None})
        if options["dry_run"] or options["save_decisions"] and decisions is None:
            return summary
        if decisions is None:
            if not options["interactive"]:
                raise CommandError(
                    f"{path}: plain text is imported after a review: give --decisions FILE "
                    "(write one with --save-decisions), or run without --no-input and answer the question"
                )
            for line in summary.lines()[1:]:
                self.stdout.write(line)
            answer = input("Import this as a draft issue? [y/N] ").strip().lower()
            if answer not in ("y", "yes"):
                self.stdout.write("Nothing was imported.")
                return None
        return importer(**run)
