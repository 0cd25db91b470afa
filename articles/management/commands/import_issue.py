import logging
import os
from contextlib import contextmanager
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.exchange.importer import import_issue
from articles.exchange.issuefile import MAX_FILE_BYTES, IssueFileError, check_size, parse_bytes, parse_date


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
        "Options override the file's front matter; without front matter they are required."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to the issue file (UTF-8 Markdown)")
        parser.add_argument("--publication", help="publication name (created if new)")
        parser.add_argument("--number", help="issue number as printed, e.g. 2022-01")
        parser.add_argument("--date", help="issue date, YYYY-MM-DD")
        parser.add_argument("--dry-run", action="store_true", help="show what would be imported; write nothing")
        parser.add_argument("--replace", action="store_true", help="rebuild an issue that was imported before")
        parser.add_argument(
            "--if-missing", action="store_true", help="do nothing (and succeed) if the issue already exists"
        )
        parser.add_argument(
            "--publish", action="store_true", help="publish the issue and its articles now instead of drafts"
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
                head = handle.read(MAX_FILE_BYTES + 1)  # never more than the limit in memory
                check_size(os.fstat(handle.fileno()).st_size, head)
            document = parse_bytes(head)
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
        lines = summary.lines()
        if not verbose:  # -v0: nothing on stdout; warnings still go to stderr
            for warning in summary.warnings:
                self.stderr.write(f"Warning: {warning}")
            return
        self.stdout.write(self.style.SUCCESS(lines[0]))
        for line in lines[1:]:
            self.stdout.write(self.style.WARNING(line) if line.startswith("Warning") else line)
