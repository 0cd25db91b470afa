"""Render a Newsletter (content.py) as a PDF in one of several realistic layouts, with WeasyPrint.

    data = render(newsletter, "two-column", workdir=Path(tmp))

Each layout is a stylesheet plus a few switches (titles spanning the columns, how bylines are
printed, pull quotes, a headlines box); the HTML is the same template for all. Pictures are drawn
with Pillow into `workdir` and referenced by file: URLs, so nothing is fetched from elsewhere.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from django.template.loader import render_to_string
from PIL import Image, ImageDraw

from articles.exchange.pdfsamples.content import Newsletter

logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


@dataclass(frozen=True)
class Layout:
    name: str
    description: str
    columns: int
    span_titles: bool  # titles (and kickers) run across all the columns
    byline_style: str  # "line": "By Name, Position" in italics; "box": name and position lines
    pull_quotes: bool
    headlines_box: bool
    css: str


LAYOUTS = {
    layout.name: layout
    for layout in (
        Layout(
            name="one-column",
            description="one column; byline line under the title or signature under the text; "
            "running head and 'Page n of N'",
            columns=1,
            span_titles=False,
            byline_style="line",
            pull_quotes=False,
            headlines_box=True,
            css="""
@page { @top-left { content: string(publication); font: 7.5pt "DejaVu Sans", sans-serif; color: #666; }
        @top-right { content: string(number); font: 7.5pt "DejaVu Sans", sans-serif; color: #666; }
        @bottom-center { content: "Page " counter(page) " of " counter(pages);
                         font: 7.5pt "DejaVu Sans", sans-serif; color: #666; } }
.masthead .publication { string-set: publication content(); }
.masthead .number { string-set: number content(); }
html { font-size: 10.5pt; }
.flow { text-align: left; }
""",
        ),
        Layout(
            name="two-column",
            description="two columns; titles and kickers span both; author boxes; pull quotes; pictures; "
            "page number in the head",
            columns=2,
            span_titles=True,
            byline_style="box",
            pull_quotes=True,
            headlines_box=False,
            css="""
@page { @top-center { content: string(publication) "  ·  " counter(page);
                      font: 7.5pt "DejaVu Sans", sans-serif; color: #666; } }
.masthead .publication { string-set: publication content(); }
.flow { columns: 2; column-gap: 7mm; }
.span { column-span: all; }
""",
        ),
        Layout(
            name="three-column",
            description="three narrow columns; titles inside a column; author boxes above or below; "
            "pictures; centred folio",
            columns=3,
            span_titles=False,
            byline_style="box",
            pull_quotes=False,
            headlines_box=False,
            css="""
@page { margin: 18mm 13mm 18mm;
        @bottom-center { content: "— " counter(page) " —"; font: 7.5pt "DejaVu Sans", sans-serif; color: #666; }
        @top-left { content: string(publication); font: 7pt "DejaVu Sans", sans-serif; color: #666; } }
.masthead .publication { string-set: publication content(); }
html { font-size: 9pt; }
.flow { columns: 3; column-gap: 5mm; }
h2.title { font-size: 12.5pt; }
""",
        ),
        Layout(
            name="magazine",
            description="masthead and headlines box across the page, two columns, spanning kickers and titles, "
            "byline lines above and author boxes below, pull quotes, pictures, folio with the title",
            columns=2,
            span_titles=True,
            byline_style="mixed",
            pull_quotes=True,
            headlines_box=True,
            css="""
@page { margin: 20mm 18mm 22mm;
        @bottom-left { content: string(publication); font: 7.5pt "DejaVu Sans", sans-serif; color: #666; }
        @bottom-right { content: counter(page); font: 700 8pt "DejaVu Sans", sans-serif; color: #a3201c; } }
.masthead .publication { string-set: publication content(); }
html { font: 9.5pt/1.45 "DejaVu Sans", sans-serif; }
h1 { font-family: "DejaVu Serif", serif; font-size: 26pt; }
h2.title { font: 700 18pt/1.15 "DejaVu Serif", serif; }
.flow { columns: 2; column-gap: 8mm; }
.span { column-span: all; }
.pullquote { font-family: "DejaVu Sans", sans-serif; font-size: 12pt; }
""",
        ),
    )
}


def picture(path: Path, seed: int) -> Path:
    """A plain illustration (sky, hills, sun) drawn with Pillow, different for each `seed`."""
    width, height = 900, 560
    image = Image.new("RGB", (width, height), (90 + seed * 23 % 120, 140, 200 - seed * 17 % 90))
    draw = ImageDraw.Draw(image)
    draw.ellipse((600 - seed * 40 % 300, 60, 720 - seed * 40 % 300, 180), fill=(250, 215, 90))
    hills = [(0, 560), (0, 330), (260, 210 + seed * 11 % 60), (520, 360), (900, 250), (900, 560)]
    draw.polygon(hills, fill=(60, 110, 70))
    draw.rectangle((380, 300, 470, 420), fill=(180, 180, 170))
    image.save(path, format="JPEG", quality=80)
    return path


def render(newsletter: Newsletter, layout: str | Layout, *, workdir: Path) -> bytes:
    """The PDF bytes of `newsletter` printed in `layout` (a name from LAYOUTS or a Layout)."""
    from weasyprint import HTML

    layout = LAYOUTS[layout] if isinstance(layout, str) else layout
    workdir.mkdir(parents=True, exist_ok=True)
    pieces = []
    previous_section = None
    for number, piece in enumerate(newsletter.pieces):
        image = ""
        if piece.figure:
            image = picture(workdir / f"{newsletter.key}-{number}.jpg", number).as_uri()
        style = layout.byline_style
        if style == "mixed":
            style = "line" if piece.signed == "above" else "box"
        pieces.append(
            {
                "piece": piece,
                "kicker": piece.section if piece.section and piece.section != previous_section else "",
                "image": image,
                "byline_style": style,
                "byline_text": "By "
                + "; ".join(f"{name}, {position}" if position else name for name, position in piece.bylines),
                "blocks": _blocks(piece, layout),
            }
        )
        previous_section = piece.section
    html = render_to_string(
        "exchange/samples/newsletter.html", {"newsletter": newsletter, "layout": layout, "pieces": pieces}
    )
    return HTML(string=html, base_url=workdir.as_uri() + "/").write_pdf()


def _blocks(piece, layout: Layout) -> list[dict]:
    """The body in print order: paragraphs and lists, the picture after `figure.after` blocks, and a
    pull quote after the first paragraph where the layout has them."""
    from core.rendering import render_markdown_inline

    out = []
    for index, (kind, content) in enumerate(piece.blocks):
        if piece.figure and index == piece.figure.after:
            out.append({"kind": "figure"})
        if kind == "p":
            out.append({"kind": "p", "html": render_markdown_inline(content)})
        else:
            out.append({"kind": kind, "items": [render_markdown_inline(item) for item in content]})
        if index == 0 and layout.pull_quotes and piece.pull_quote:
            out.append({"kind": "pullquote", "text": piece.pull_quote})
    if piece.figure and piece.figure.after >= len(piece.blocks):
        out.append({"kind": "figure"})
    return out
