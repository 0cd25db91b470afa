"""Render the sample newsletters into PDFs in every layout, and measure the PDF import on them."""

import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.exchange.pdfimport import propose_pdf, read_source
from articles.exchange.pdfsamples.content import newsletters
from articles.exchange.pdfsamples.layouts import LAYOUTS, render
from articles.exchange.pdfsamples.measure import measure, table


class Command(BaseCommand):
    help = (
        "Render both seeds and the fictional bulletin as PDFs in every layout (one, two and three columns, "
        "magazine) into OUTDIR; with --table, import each PDF and print the measured table (docs/pdf-import.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("outdir", nargs="?", help="folder for the PDFs (default: a temporary folder, removed)")
        parser.add_argument(
            "--seeds",
            default=str(Path(settings.BASE_DIR).parent / "shared" / "seeds"),
            help="folder holding the two newsletter seeds (default: ../shared/seeds)",
        )
        parser.add_argument("--table", action="store_true", help="import every PDF and print the measured table")

    def handle(self, *args, **options):
        seeds = Path(options["seeds"])
        if not (seeds / "000_d03c12bca8f44f57.txt").is_file():
            raise CommandError(f"{seeds}: the newsletter seeds are not there (give --seeds)")
        with tempfile.TemporaryDirectory() as scratch:
            outdir = Path(options["outdir"] or scratch)
            outdir.mkdir(parents=True, exist_ok=True)
            scores = []
            for newsletter in newsletters(seeds):
                for name in LAYOUTS:
                    data = render(newsletter, name, workdir=Path(scratch) / "pictures")
                    path = outdir / f"{newsletter.key}-{name}.pdf"
                    path.write_bytes(data)
                    if options["outdir"]:
                        self.stdout.write(f"{path} ({len(data):,} bytes)")
                    if options["table"]:
                        source = read_source(data)
                        captions = [
                            block.text
                            for image in source.reading.images
                            for block in source.reading.blocks
                            if block.number == image.caption
                        ]
                        document = propose_pdf(source).document()
                        pages = len(source.reading.pages)
                        scores.append(measure(newsletter, name, document, captions=captions, pages=pages))
            if options["table"]:
                self.stdout.write(table(scores))
