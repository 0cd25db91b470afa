from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.exchange.exporters import FORMATS, ExportError, get_exporter, load_issue, write_atomic
from articles.models import Issue


class Command(BaseCommand):
    help = "Export an issue to a file (written to a temporary file first, then moved into place)."

    def add_arguments(self, parser):
        parser.add_argument("issue", help="issue id, or PUBLICATION-SLUG/ISSUE-SLUG")
        parser.add_argument("--format", choices=FORMATS, default="markdown")
        parser.add_argument("--out", help="file or existing folder (default: the current folder)")
        parser.add_argument(
            "--draft-preview",
            action="store_true",
            help="include unpublished articles; every format marks the result as a DRAFT",
        )
        parser.add_argument(
            "--base-url", default="http://127.0.0.1:8000/", help="site address for links in ninjs and the e-mail"
        )

    def _issue(self, key: str) -> Issue:
        issues = Issue.objects.all()
        if key.isdigit():
            issues = issues.filter(pk=int(key))
        elif "/" in key:
            publication, slug = key.split("/", 1)
            issues = issues.filter(publication__slug=publication, slug=slug)
        else:
            raise CommandError("give the issue as its id or as PUBLICATION-SLUG/ISSUE-SLUG")
        issue = issues.first()
        if issue is None:
            raise CommandError(f"no issue {key!r}")
        return issue

    def handle(self, *args, **options):
        issue = self._issue(options["issue"])
        exporter = get_exporter(options["format"])
        verbose = options["verbosity"] >= 1
        try:
            if verbose:
                self.stdout.write(f"Loading {issue}")
            export = load_issue(issue, draft_preview=options["draft_preview"], base_url=options["base_url"])
            if verbose:
                self.stdout.write(f"Rendering {len(export.articles)} articles as {exporter.label}")
            data = exporter.render(export)
        except ExportError as error:
            raise CommandError(str(error)) from error
        out = Path(options["out"] or ".")
        if out.is_dir():
            out = out / exporter.filename(export)
        if not out.parent.is_dir():
            raise CommandError(f"{out.parent}: no such folder")
        write_atomic(out, data)
        draft = " [DRAFT]" if export.draft else ""
        self.stdout.write(self.style.SUCCESS(f"Wrote {out} ({len(data):,} bytes){draft}"))
