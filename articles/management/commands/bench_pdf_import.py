"""Benchmark the PDF import: a long newsletter PDF read, proposed and imported (dry run), timed."""

import io
import resource
import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.exchange.pdfimport import import_pdf, propose_pdf, read_source
from articles.exchange.pdfsamples.content import fictional
from articles.exchange.pdfsamples.layouts import LAYOUTS, render


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


class Command(BaseCommand):
    help = (
        "Render the fictional bulletin as a PDF of at least --pages pages (or read FILE), then time reading it, "
        "proposing its structure and a dry-run import; prints seconds per step and the peak memory (RSS)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="a PDF to measure instead of the generated one")
        parser.add_argument("--pages", type=int, default=40, help="pages of the generated PDF (default 40)")
        parser.add_argument("--layout", default="two-column", choices=sorted(LAYOUTS), help="layout to render")
        parser.add_argument("--keep", metavar="PATH", help="also write the generated PDF to PATH")

    def handle(self, *args, **options):
        if options["file"]:
            path = Path(options["file"])
            if not path.is_file():
                raise CommandError(f"{path}: no such file")
            data, what = path.read_bytes(), str(path)
        else:
            data = self._generate(options["pages"], options["layout"])
            what = f"fictional bulletin, {options['layout']} layout"
            if options["keep"]:
                Path(options["keep"]).write_bytes(data)
        baseline = _peak_rss_mib()
        started = time.perf_counter()
        source = read_source(data)
        read = time.perf_counter()
        proposal = propose_pdf(source)
        document = proposal.document()
        proposed = time.perf_counter()
        summary = import_pdf(
            source=source,
            proposal=proposal,
            data=data,
            filename="bench.pdf",
            publication="Benchmark (fictional)",
            number="bench-pdf",
            date=fictional().date,
            dry_run=True,
        )
        imported = time.perf_counter()
        pages = len(source.reading.pages)
        self.stdout.write(f"PDF: {what}: {pages} pages, {len(data) / 1024 / 1024:.1f} MiB")
        self.stdout.write(f"Read (layout, {len(source.reading.blocks)} blocks): {read - started:6.1f} s")
        self.stdout.write(f"Proposal ({len(document.articles)} articles):       {proposed - read:6.1f} s")
        self.stdout.write(f"Import (dry run, {summary.articles} articles):    {imported - proposed:6.1f} s")
        self.stdout.write(f"Total: {imported - started:.1f} s ({(imported - started) / pages:.2f} s a page)")
        self.stdout.write(f"Peak memory (RSS): {_peak_rss_mib():.0f} MiB (before reading: {baseline:.0f} MiB)")

    def _generate(self, pages: int, layout: str) -> bytes:
        from pypdf import PdfReader

        with tempfile.TemporaryDirectory() as scratch:
            workdir = Path(scratch)
            one = render(fictional(), layout, workdir=workdir)
            per_round = len(PdfReader(io.BytesIO(one)).pages)
            repeat = max(1, -(-pages // per_round))  # rounds of the bulletin's pieces, rounded up
            while True:
                data = render(fictional(repeat=repeat), layout, workdir=workdir)
                if len(PdfReader(io.BytesIO(data)).pages) >= pages:
                    return data
                repeat += 1
