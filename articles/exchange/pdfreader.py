"""Read a PDF newsletter into blocks in reading order, with their typography and images.

    reading = read_pdf(data)          # bytes of the uploaded file
    reading.blocks                    # PdfBlock: text, page, bbox, size relative to body text, bold, italic
    reading.images                    # ImageCandidate: page, bbox, caption and credit block numbers

pdfplumber (on pdfminer.six) gives every character with its font, size and position; this module
only decides what belongs together:

1. words -> line fragments (same baseline, no gap wider than about one em);
2. running headers, footers and page numbers (the first or last line of a page that repeats on
   other pages once digits are ignored, or a bare page number) are dropped;
3. each page is cut into reading order: a clean vertical gutter splits columns (left first); lines
   that cross the gutter of the lines around them (a title spanning columns) cut the page into
   horizontal bands, read top to bottom, each band cut again;
4. lines of one column become paragraphs (a break at a wider gap, a first-line indent, a change of
   type, a list marker); a paragraph cut by a column or page end is joined to its continuation;
   words hyphenated at a line end are rejoined;
5. font sizes are expressed relative to the document's body text (the size most characters
   have), so a rule says "half as large again as the body" and never "18 pt".

Images (pypdfium2's page objects) become candidates with the nearby caption and credit blocks;
the editor gives them alt text. Nothing here touches the database. Every refusal is a
PdfReadError (an IssueFileError) with a message naming what is wrong.
"""

from __future__ import annotations

import bisect
import io
import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from articles.exchange.issuefile import IssueFileError, ends_sentence

logger = logging.getLogger(__name__)

PDF_MAGIC = b"%PDF-"
# Below this, a picture is a rule, bullet or logo speck rather than an image worth importing (points).
MIN_IMAGE_SIDE = 36.0
# A page's outer band where running headers and footers live (fraction of the page height).
MARGIN_BAND = 0.12

_BULLETS = "•◆◇▪■□●○◦‣⁃–—-*·►▶➢✓"
_BULLET = re.compile(rf"^\s*([{re.escape(_BULLETS)}])\s+(?=\S)")
_NUMBERED = re.compile(r"^\s*(\(?\d{1,2}[.)]|\(?[a-z][.)])\s+(?=\S)")
_PAGE_NUMBER = re.compile(r"^\W*(page|p\.|seite|стр\.?)?\s*\d{1,4}(\s*(/|of|von|из)\s*\d{1,4})?\W*$", re.IGNORECASE)
_SOFT_HYPHENS = ("\u2010", "\u00ad")  # inserted by hyphenation: always removed when rejoining
_HARD_HYPHENS = ("-", "\u2011")  # may belong to the word ("low-carbon"): wordfreq decides
_BOLD = re.compile(r"bold|black|heavy|semibold|demi|extrabold|ultrabold", re.IGNORECASE)
_ITALIC = re.compile(r"italic|oblique|slanted|kursiv", re.IGNORECASE)


class PdfReadError(IssueFileError):
    """The file cannot be read as a text PDF; the message says why and what to do."""


# ---------------------------------------------------------------- results


@dataclass
class PdfBlock:
    """A paragraph, title, list item, caption...: one unit of text in reading order.

    `size` is relative to the body text (1.0 = body; 1.8 = a title nearly twice as large);
    `bbox` is (x0, top, x1, bottom) in points from the page's top-left corner, of the block's
    first part; `parts` has every (page, bbox) the block covers (a paragraph continued in the
    next column has two).
    """

    number: int
    text: str
    page: int  # 1-based
    bbox: tuple[float, float, float, float]
    size: float
    bold: bool = False
    italic: bool = False
    list_marker: str = ""  # "-" for a bullet, "3." for a numbered item, "" for no list
    parts: list[tuple[int, tuple[float, float, float, float]]] = field(default_factory=list)


@dataclass
class ImageCandidate:
    """A picture on a page with the blocks printed next to it as its caption and credit."""

    page: int  # 1-based
    bbox: tuple[float, float, float, float]
    index: int  # the image's order among the page's image objects (for extract_image)
    pixels: tuple[int, int]
    caption: int | None = None  # PdfBlock.number
    credit: int | None = None


@dataclass
class PageBox:
    number: int
    width: float
    height: float


@dataclass
class PdfReading:
    blocks: list[PdfBlock]
    images: list[ImageCandidate]
    pages: list[PageBox]
    body_size: float  # points
    dropped: list[str] = field(default_factory=list)  # running headers/footers/page numbers, one per kind
    warnings: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- checks on the bytes


def check_pdf_bytes(data: bytes, *, max_bytes: int) -> None:
    """Refuse, by looking at the bytes only, what cannot be a readable PDF.

    Raises PdfReadError for an empty file, a file over `max_bytes`, a picture or other file
    with a .pdf name, and a PDF cut short (no end-of-file marker).
    """
    if not data.strip():
        raise PdfReadError("the file is empty")
    if len(data) > max_bytes:
        raise PdfReadError(f"the file is {len(data):,} bytes; the limit for a PDF is {max_bytes:,} bytes")
    if not data.lstrip()[:1024].find(PDF_MAGIC) >= 0:
        kind = _sniff(data)
        raise PdfReadError(f"this is not a PDF file{f' but {kind}' if kind else ''} (it does not start with %PDF-)")
    if b"%%EOF" not in data[-2048:]:
        raise PdfReadError(
            "the PDF is truncated: its end is missing (an interrupted download or upload?); get the whole file again"
        )


def _sniff(data: bytes) -> str:
    signatures = {
        b"\x89PNG\r\n\x1a\n": "a PNG image",
        b"\xff\xd8\xff": "a JPEG image",
        b"GIF8": "a GIF image",
        b"PK\x03\x04": "a ZIP archive (Word, OpenDocument…)",
        b"\xd0\xcf\x11\xe0": "an old Microsoft Office document",
        b"{\\rtf": "an RTF document",
    }
    for magic, kind in signatures.items():
        if data.startswith(magic):
            return kind
    if data[:12].startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "a WebP image"
    if data.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html")):
        return "a web page (HTML)"
    return ""


# ---------------------------------------------------------------- words and line fragments


@dataclass
class _Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    italic: bool


@dataclass
class _Line:
    """Words on one baseline with no wide gap: a line of one column, or a title across columns."""

    words: list[_Word]
    page: int

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return self.words[-1].x1

    @property
    def top(self) -> float:
        return min(word.top for word in self.words)

    @property
    def bottom(self) -> float:
        return max(word.bottom for word in self.words)

    @property
    def text(self) -> str:
        return " ".join(word.text for word in self.words)

    def _share(self, attribute: str) -> float:
        total = sum(len(word.text) for word in self.words) or 1
        return sum(len(word.text) for word in self.words if getattr(word, attribute)) / total

    @property
    def size(self) -> float:
        weights = Counter()
        for word in self.words:
            weights[round(word.size * 2) / 2] += len(word.text)
        return weights.most_common(1)[0][0]

    @property
    def bold(self) -> bool:
        return self._share("bold") >= 0.6

    @property
    def italic(self) -> bool:
        return self._share("italic") >= 0.6


def _words(page) -> list[_Word]:
    words = page.extract_words(extra_attrs=["fontname", "size"], keep_blank_chars=False, use_text_flow=False)
    result = []
    for word in words:
        if not word.get("upright", True):
            continue  # rotated text: a spine or margin note, not part of the reading flow
        font = word["fontname"].split("+", 1)[-1]
        text = unicodedata.normalize("NFKC", word["text"]) if not word["text"].isascii() else word["text"]
        text = text.replace("\ufb01", "fi").replace("\ufb02", "fl")
        result.append(
            _Word(
                text=text,
                x0=word["x0"],
                x1=word["x1"],
                top=word["top"],
                bottom=word["bottom"],
                size=word["size"],
                bold=bool(_BOLD.search(font)),
                italic=bool(_ITALIC.search(font)),
            )
        )
    return result


def _lines(words: list[_Word], page: int) -> list[_Line]:
    """Group words sharing a baseline into rows, and cut rows at column gutters.

    A gap is a gutter when the rows just above and below have no word across it either;
    justified text has wide gaps too, but its neighbours' words cover them.
    """
    rows: list[list[_Word]] = []
    for word in sorted(words, key=lambda w: (w.bottom, w.x0)):
        if rows and abs(rows[-1][-1].bottom - word.bottom) <= max(1.0, 0.25 * word.size):
            rows[-1].append(word)
        else:
            rows.append([word])
    for row in rows:
        row.sort(key=lambda w: w.x0)
    bottoms = [row[0].bottom for row in rows]
    lines = []
    for row in rows:
        size = max(word.size for word in row)
        y = row[0].bottom
        # Rows within a few lines above and below (with columns whose baselines differ, many rows
        # hold the words of one column only; they neither support nor contradict a gutter).
        window = rows[bisect.bisect_left(bottoms, y - 8 * size) : bisect.bisect_right(bottoms, y + 8 * size)]
        neighbours = [other for other in window if other is not row]
        current = [row[0]]
        for word in row[1:]:
            gap = word.x0 - current[-1].x1
            em = max(word.size, current[-1].size)
            small = min(word.size, current[-1].size)
            if gap < -0.5 * em or gap > 2.5 * em:
                cut = True
            elif gap > 0.9 * small:
                cut = _is_gutter(current[-1].x1, word.x0, 0.8 * small, neighbours, size=small, fallback=gap > 1.5 * em)
            else:
                cut = False
            if cut:
                lines.append(_Line(current, page))
                current = [word]
            else:
                current.append(word)
        lines.append(_Line(current, page))
    return lines


def _is_gutter(
    left: float, right: float, em: float, neighbours: list[list[_Word]], *, size: float, fallback: bool
) -> bool:
    """Is the gap (left, right) of a row part of a column gutter?

    The neighbouring rows must leave a strip `em` wide empty while having words on both sides of
    it; the strip is tried at both ends and in the middle of the gap (a short title line leaves a
    gap much wider than the gutter it contains). The wide spaces of justified text line up only
    by chance, and then only for a few points (a "river"), never for an em down several rows.
    """
    for start in (right - em, left, (left + right - em) / 2):
        strip = (start, start + em)
        near = (strip[0] - 4 * em, strip[1] + 4 * em)
        relevant = against = left_edges = right_edges = 0
        for row in neighbours:
            # Column edges show in any type (a title in one column ends left of the gutter too)...
            left_edges += any(near[0] <= word.x1 <= strip[0] for word in row)
            right_edges += any(strip[1] <= word.x0 <= near[1] for word in row)
            # ...but only the running text's type tells a gutter from a title across the columns.
            same = [word for word in row if abs(word.size - size) <= 0.03 * size]
            if not any(word.x0 < near[1] and word.x1 > near[0] for word in same):
                continue  # a row of another column, or in other type
            relevant += 1
            if any(word.x0 < strip[1] and word.x1 > strip[0] for word in same):
                against += 1
        if relevant < 3:
            if fallback:
                return True
        elif against <= 0.15 * relevant and left_edges >= 1 and right_edges >= 1:
            return True
    return False


# ---------------------------------------------------------------- running headers and footers


def _pattern(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.casefold().split()))


def _edge_lines(lines: list[_Line], height: float) -> tuple[list[_Line], list[_Line]]:
    """The page's first and last row (with everything on the same baseline), inside the outer band."""
    if not lines:
        return [], []
    first_top = min(line.top for line in lines)
    last_bottom = max(line.bottom for line in lines)
    head = [line for line in lines if line.top <= first_top + 2 and line.bottom <= height * MARGIN_BAND]
    foot = [line for line in lines if line.bottom >= last_bottom - 2 and line.top >= height * (1 - MARGIN_BAND)]
    return head, foot


def _drop_running_lines(pages: list[list[_Line]], heights: list[float], dropped: list[str]) -> None:
    """Remove running headers/footers (repeating, digits ignored) and page numbers, in place."""
    edges = [_edge_lines(lines, height) for lines, height in zip(pages, heights, strict=True)]
    counts = Counter()
    for head, foot in edges:
        counts.update({_pattern(line.text) for line in head + foot})
    repeats = max(2, round(0.4 * len(pages)))
    for lines, (head, foot) in zip(pages, edges, strict=True):
        for line in head + foot:
            pattern = _pattern(line.text)
            if _PAGE_NUMBER.match(line.text) or (len(pages) > 1 and counts[pattern] >= repeats):
                lines.remove(line)
                if pattern not in dropped:
                    dropped.append(pattern)


# ---------------------------------------------------------------- reading order


def _clean_gutter(lines: list[_Line]) -> float | None:
    """The x of the leftmost vertical gap no line crosses, with text on both sides, or None."""
    spans = sorted((line.x0, line.x1) for line in lines)
    reach = spans[0][1]
    for x0, x1 in spans[1:]:
        if x0 > reach + 1.0:
            return (reach + x0) / 2
        reach = max(reach, x1)
    return None


def _dirty_gutter(lines: list[_Line]) -> float | None:
    """The x of a gap between columns that only a few lines cross (titles spanning the columns)."""
    left = min(line.x0 for line in lines)
    right = max(line.x1 for line in lines)
    width = right - left
    if width < 60 or len(lines) < 3:
        return None
    step = 2.0
    bins = int(width / step) + 1
    coverage = [0] * bins
    # The running text's lines show the columns; titles and boxes across them are what is looked for.
    common = Counter(round(line.size, 1) for line in lines).most_common(1)[0][0]
    for line in lines:
        if abs(line.size - common) > 0.03 * common:
            continue
        for index in range(int((line.x0 - left) / step), min(bins, int((line.x1 - left) / step) + 1)):
            coverage[index] += 1
    peak = max(coverage)
    inner = range(int(bins * 0.15), int(bins * 0.85))
    best = min(inner, key=lambda index: coverage[index], default=None)
    if best is None or peak < 3 or coverage[best] > max(1, 0.15 * peak):
        return None
    # Centre of the run of bins as low as the best one.
    start = end = best
    while start > 0 and coverage[start - 1] == coverage[best]:
        start -= 1
    while end < bins - 1 and coverage[end + 1] == coverage[best]:
        end += 1
    x = left + (start + end + 1) / 2 * step
    crossing = [line for line in lines if line.x0 < x - 1 < x + 1 < line.x1]
    if not crossing or len(crossing) == len(lines):
        return None
    # Columns need text on both sides of the gutter (not just a ragged right edge).
    has_left = any(line.x1 <= x for line in lines)
    has_right = any(line.x0 >= x for line in lines)
    return x if has_left and has_right else None


def _add_labels_above(spanners: list[_Line], lines: list[_Line]) -> None:
    """Lines that belong with a spanning title although they do not reach across the gutter:

    - the title's own next line ("…at 2022 BMW" / "Group board meeting"): same type, aligned,
      right under it;
    - a short label right above it (a kicker or section name), aligned with it, alone at its
      height, and not the last line of a column (nothing of its own type right above it).
    """
    common = Counter(line.size for line in lines).most_common(1)[0][0]
    changed = True
    while changed:
        changed = False
        for spanner in list(spanners):
            for line in lines:
                if line in spanners or abs(line.x0 - spanner.x0) > 2:
                    continue
                below = line.top - spanner.bottom
                display = spanner.size >= 1.15 * common  # a title's type, not the running text's
                if display and 0 <= below <= 0.6 * spanner.size and _same_type(line, spanner):
                    spanners.append(line)
                    changed = True
                    continue
                if not 0 <= spanner.top - line.bottom <= 1.5 * line.size or len(line.text.split()) > 8:
                    continue
                if any(other is not line and other.top < line.bottom and other.bottom > line.top for other in lines):
                    continue
                if any(
                    0 <= line.top - other.bottom <= line.size
                    and other.x0 < line.x1
                    and other.x1 > line.x0
                    and _same_type(other, line)
                    for other in lines
                ):
                    continue  # the last line of a column, not a label
                spanners.append(line)
                changed = True


def _reading_order(lines: list[_Line]) -> list[list[_Line]]:
    """Runs of lines, each run one column segment read top to bottom, in reading order."""
    if len(lines) <= 1:
        return [lines] if lines else []
    gutter = _clean_gutter(lines)
    if gutter is not None:
        left = [line for line in lines if line.x1 <= gutter]
        right = [line for line in lines if line.x1 > gutter]
        return _reading_order(left) + _reading_order(right)
    gutter = _dirty_gutter(lines)
    if gutter is None:
        return [sorted(lines, key=lambda line: (line.top, line.x0))]
    spanners = [line for line in lines if line.x0 < gutter - 1 and line.x1 > gutter + 1]
    _add_labels_above(spanners, lines)
    spanners.sort(key=lambda line: line.top)
    others = [line for line in lines if line not in spanners]
    runs: list[list[_Line]] = []
    band: list[_Line] = []
    pending = sorted(others, key=lambda line: line.top)
    for spanner in spanners:
        while pending and pending[0].top < spanner.top:
            band.append(pending.pop(0))
        if band:
            runs += _reading_order(band)
            band = []
        if runs and runs[-1] and runs[-1][-1] in spanners and runs[-1][-1] is spanners[spanners.index(spanner) - 1]:
            runs[-1].append(spanner)  # consecutive spanning lines (a two-line title) stay one run
        else:
            runs.append([spanner])
    if pending:
        runs += _reading_order(pending)
    return runs


# ---------------------------------------------------------------- paragraphs


def list_marker(text: str) -> tuple[str, str]:
    """("-", rest) for a bullet item, ("3.", rest) for a numbered one, ("", text) otherwise."""
    if match := _BULLET.match(text):
        return "-", text[match.end() :]
    if match := _NUMBERED.match(text):
        marker = match.group(1).strip("()")
        return (marker if marker.endswith(".") else marker[:-1] + "."), text[match.end() :]
    return "", text


def join_hyphenated(left: str, right: str) -> str:
    """Join two line texts of one paragraph, as the text import heals them (healing.join).

    A hyphen that hyphenation inserted (U+2010, a soft hyphen) always goes: the PDF says it
    is no part of the word. A plain hyphen is left to healing.join (wordfreq decides).
    """
    from articles.exchange import healing

    if left.endswith(_SOFT_HYPHENS) and right[:1].isalpha():
        return left[:-1] + right
    if left.endswith("\u2011"):
        left = left[:-1] + "-"
    return healing.join(left, right)


@dataclass
class _Para:
    lines: list[_Line]
    marker: str = ""
    continued: bool = False  # joined across a column or page
    right: float = 0.0  # the right edge of its column

    @property
    def first(self) -> _Line:
        return self.lines[0]

    @property
    def last(self) -> _Line:
        return self.lines[-1]


def _same_size(a: _Line, b: _Line) -> bool:
    return abs(a.size - b.size) <= 0.08 * max(a.size, b.size)


def _same_type(a: _Line, b: _Line) -> bool:
    return abs(a.size - b.size) <= 0.08 * max(a.size, b.size) and a.bold == b.bold and a.italic == b.italic


def _paragraphs(run: list[_Line], body_size: float) -> list[_Para]:
    """Split one column segment into paragraphs."""
    paras: list[_Para] = []
    left = min(line.x0 for line in run)
    right = max(line.x1 for line in run)
    for line in run:
        marker, _ = list_marker(line.text)
        if not paras:
            paras.append(_Para([line], marker))
            continue
        para = paras[-1]
        previous = para.last
        gap = line.top - previous.bottom
        size = max(line.size, previous.size)
        leading = 0.45 * size  # a line pitch of ~1.45 em leaves ~0.45 em between lines
        # Emphasis running over a whole line inside a paragraph is no change of type: the line
        # before it fills the column.
        full = previous.x1 >= right - 2.5 * body_size
        retyped = not _same_type(line, previous) and (not _same_size(line, previous) or not full)
        new = (
            bool(marker)
            or retyped
            or gap > leading + 0.3 * size
            or gap < -0.5 * size
            # First-line indent (not the hanging indent of a list item's second line).
            or (not para.marker and line.x0 > left + 0.8 * body_size and previous.x0 <= left + 0.5 * body_size)
            # A short line ending a sentence, then a line starting at the left edge.
            or (previous.x1 < right - 3 * body_size and ends_sentence(previous.text) and line.size <= body_size * 1.1)
        )
        if para.marker and not marker and not new and line.x0 < para.first.x0 - 1:
            new = True  # back at the margin: the list item has ended
        if new:
            paras.append(_Para([line], marker))
        else:
            para.lines.append(line)
    for para in paras:
        para.right = right
    return paras


def _continues(previous: _Para, para: _Para) -> bool:
    """Is `para` (first in a column or page) the rest of `previous` (last before the break)?"""
    if para.marker or not _same_type(previous.last, para.first):
        return False
    text = previous.last.text
    if text.endswith(_SOFT_HYPHENS + _HARD_HYPHENS):
        return True
    # A paragraph cut by the column end fills its last line; a short line without a full stop is a
    # label, a name or a position line, not the start of a paragraph that goes on elsewhere.
    full = previous.last.x1 >= previous.right - 2.5 * previous.last.size
    return full and not ends_sentence(text)


# ---------------------------------------------------------------- inline emphasis


def _glue(left: str, right: str, how: str) -> str:
    if not left:
        return right
    if how == "line":
        return join_hyphenated(left, right)
    return left + right if how == "touch" else f"{left} {right}"


def _marked_text(lines: list[_Line], block_bold: bool, block_italic: bool, marker: str) -> str:
    """The block's text; runs of italic or bold words inside it become *…* / **…** (Markdown).

    pdfplumber splits a word where the font changes ("Daily" in italics, "," upright): pieces
    printed touching are glued back without a space.
    """
    pieces: list[tuple[str, str, str]] = []  # (emphasis, word text, how it joins the one before)
    for line_index, line in enumerate(lines):
        previous = None
        for word_index, word in enumerate(line.words):
            if line_index == 0 and word_index == 0 and marker:
                continue  # the bullet or number itself: PdfBlock.list_marker
            emphasis = ""
            if word.bold and not block_bold:
                emphasis = "**"
            elif word.italic and not block_italic:
                emphasis = "*"
            if previous is None:
                how = "line" if line_index > 0 else "space"
            else:
                how = "touch" if word.x0 - previous.x1 < 0.08 * word.size else "space"
            pieces.append((emphasis, word.text, how))
            previous = word
    out = ""
    run: list[tuple[str, str]] = []
    run_mark = ""

    def flush():
        nonlocal out, run, run_mark
        if not run:
            return
        inner = ""
        for text, how in run:
            inner = _glue(inner, text, how)
        # Punctuation printed in the emphasised font stays outside the markers ("*SET Daily*,").
        lead = re.match(r"^[\"'“‘(\[]*", inner).group(0)
        trail = re.search(r"[\"'”’)\].,;:!?]*$", inner[len(lead) :]).group(0)
        core = inner[len(lead) : len(inner) - len(trail)] if trail else inner[len(lead) :]
        text = f"{lead}{run_mark}{core}{run_mark}{trail}" if run_mark and core else inner
        out = _glue(out, text, run[0][1])
        run, run_mark = [], ""

    for emphasis, text, how in pieces:
        if emphasis != run_mark:
            flush()
            run_mark = emphasis
        run.append((text, how))
    flush()
    return out


# ---------------------------------------------------------------- the whole document


def _body_size(pages: list[list[_Line]]) -> float:
    weights = Counter()
    for lines in pages:
        for line in lines:
            for word in line.words:
                weights[round(word.size * 2) / 2] += len(word.text)
    return weights.most_common(1)[0][0] if weights else 10.0


def _bbox(lines: list[_Line]) -> tuple[float, float, float, float]:
    return (
        round(min(line.x0 for line in lines), 1),
        round(min(line.top for line in lines), 1),
        round(max(line.x1 for line in lines), 1),
        round(max(line.bottom for line in lines), 1),
    )


def open_pdf(data: bytes):
    """pdfplumber's document for `data`, or PdfReadError saying why it cannot be opened."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psexceptions import PSException

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pdf.pages  # noqa: B018 - parses the page tree: a damaged file fails here
    except Exception as error:  # pdfminer raises many kinds of error on a damaged file
        # pdfplumber wraps pdfminer's errors: the original is the cause or the first argument.
        cause = error.__cause__ or next((arg for arg in error.args if isinstance(arg, Exception)), error)
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise PdfReadError(
                "the PDF is encrypted (password-protected); save an unprotected copy and import that"
            ) from error
        kind = "its structure is broken" if isinstance(cause, (PDFSyntaxError, PSException)) else str(cause)[:200]
        raise PdfReadError(f"the PDF is damaged and cannot be read ({kind})") from error
    if not pdf.pages:
        pdf.close()
        raise PdfReadError("the PDF has no pages")
    return pdf


def _image_candidates(data: bytes, pages: list[PageBox]) -> list[tuple[int, int, tuple, tuple[int, int]]]:
    """(page, index, bbox, pixel size) of every picture large enough to matter, via pypdfium2."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    found = []
    document = pdfium.PdfDocument(data)
    try:
        for page_index, page in enumerate(document):
            height = pages[page_index].height
            for index, image in enumerate(page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=4)):
                left, bottom, right, top = image.get_bounds()
                if right - left < MIN_IMAGE_SIDE or top - bottom < MIN_IMAGE_SIDE:
                    continue
                bbox = (round(left, 1), round(height - top, 1), round(right, 1), round(height - bottom, 1))
                found.append((page_index + 1, index, bbox, tuple(image.get_px_size())))
            page.close()
    finally:
        document.close()
    return found


_CREDIT = re.compile(r"^\s*(photo|image|picture|illustration|graphic|credit|source|courtesy|©|\(c\))\b", re.IGNORECASE)


def _attach_captions(images: list[ImageCandidate], blocks: list[PdfBlock], body_size: float) -> None:
    """Caption: the block right under (else right above) the picture, as wide or narrower, body size or
    smaller. Credit: a "Photo: …"/"©…" block next to the picture or its caption."""
    taken: set[int] = set()
    for image in images:
        x0, top, x1, bottom = image.bbox
        near = []
        for block in blocks:
            if block.number in taken:
                continue
            for page, (bx0, btop, bx1, bbottom) in block.parts or [(block.page, block.bbox)]:
                if page != image.page:
                    continue
                overlap = min(x1, bx1) - max(x0, bx0)
                if overlap < 0.5 * min(x1 - x0, bx1 - bx0):
                    continue
                below = btop - bottom
                above = top - bbottom
                if -2 <= below <= 2.5 * body_size:
                    near.append((0, below, block))
                elif -2 <= above <= 2.5 * body_size:
                    near.append((1, above, block))
        near.sort(key=lambda item: (item[0], item[1]))
        small = [item for item in near if item[2].size <= 1.05]
        for _, _, block in small:
            if _CREDIT.match(block.text) and image.credit is None:
                image.credit = block.number
            elif image.caption is None and not _CREDIT.match(block.text):
                image.caption = block.number
        if image.caption is not None:
            caption = next(block for block in blocks if block.number == image.caption)
            taken.add(caption.number)
            if image.credit is None:
                # A credit printed under the caption rather than under the picture.
                following = [b for b in blocks if b.number == caption.number + 1 and b.page == caption.page]
                if following and _CREDIT.match(following[0].text) and following[0].size <= 1.05:
                    image.credit = following[0].number
        if image.credit is not None:
            taken.add(image.credit)


def read_pdf(data: bytes, *, max_bytes: int, progress: Callable[[str], None] | None = None) -> PdfReading:
    """Blocks in reading order, image candidates and page sizes of the PDF in `data`.

    Raises PdfReadError (see check_pdf_bytes and open_pdf) for a file that is not a readable PDF,
    and for a PDF without a text layer (scanned pages): it names what to do instead. Pages of a
    mixed PDF that have pictures but no text are reported in `warnings`.
    """
    say = progress or (lambda message: None)
    check_pdf_bytes(data, max_bytes=max_bytes)
    pdf = open_pdf(data)
    pages: list[PageBox] = []
    page_lines: list[list[_Line]] = []
    pictures_without_text: list[int] = []
    try:
        total = len(pdf.pages)
        for index, page in enumerate(pdf.pages, start=1):
            say(f"Reading page {index}/{total}")
            try:
                words = _words(page)
            except Exception as error:
                raise PdfReadError(f"page {index} of the PDF is damaged and cannot be read ({error})") from error
            pages.append(PageBox(index, float(page.width), float(page.height)))
            page_lines.append(_lines(words, index))
            if not words and page.images:
                pictures_without_text.append(index)
            page.flush_cache()  # keep memory flat on long documents
            page.close()
    finally:
        pdf.close()
    if not any(page_lines):
        if pictures_without_text:
            raise PdfReadError(
                "the PDF has no text layer: its pages are scanned pictures. Run it through OCR "
                "(e.g. ocrmypdf) to add the text, or import the text as a .txt file"
            )
        raise PdfReadError("the PDF contains no text to import")
    warnings = [
        f"page {number} has no text layer (a scanned page?); its content is not imported"
        for number in pictures_without_text
    ]
    dropped: list[str] = []
    _drop_running_lines(page_lines, [page.height for page in pages], dropped)
    body_size = _body_size(page_lines)
    say("Ordering columns and joining paragraphs")
    blocks = _assemble(page_lines, body_size)
    images = [
        ImageCandidate(page=page, bbox=bbox, index=index, pixels=pixels)
        for page, index, bbox, pixels in _image_candidates(data, pages)
    ]
    _attach_captions(images, blocks, body_size)
    return PdfReading(
        blocks=blocks, images=images, pages=pages, body_size=body_size, dropped=dropped, warnings=warnings
    )


def _assemble(page_lines: list[list[_Line]], body_size: float) -> list[PdfBlock]:
    paras: list[_Para] = []
    for lines in page_lines:
        for run in _reading_order(lines):
            run_paras = _paragraphs(run, body_size)
            if paras and run_paras and _continues(paras[-1], run_paras[0]):
                paras[-1].lines += run_paras[0].lines
                paras[-1].continued = True
                run_paras = run_paras[1:]
            paras += run_paras
    return [_block(number, para, body_size) for number, para in enumerate(paras, start=1)]


def _block(number: int, para: _Para, body_size: float) -> PdfBlock:
    lines = para.lines
    weights = Counter()
    bold = italic = total = 0
    for line in lines:
        for word in line.words:
            weights[word.size] += len(word.text)
            total += len(word.text)
            bold += len(word.text) * word.bold
            italic += len(word.text) * word.italic
    size = weights.most_common(1)[0][0]
    block_bold, block_italic = bold >= 0.6 * total, italic >= 0.6 * total
    parts: list[tuple[int, tuple]] = []
    for page, group in _by_part(lines):
        parts.append((page, _bbox(group)))
    text = _marked_text(lines, block_bold, block_italic, para.marker)
    return PdfBlock(
        number=number,
        text=text,
        page=parts[0][0],
        bbox=parts[0][1],
        size=round(size / body_size, 3),
        bold=block_bold,
        italic=block_italic,
        list_marker=list_marker(lines[0].text)[0] if para.marker else "",
        parts=parts,
    )


def _by_part(lines: list[_Line]) -> Iterator[tuple[int, list[_Line]]]:
    """Consecutive lines of one page and column (a jump back up the page starts a new part)."""
    group = [lines[0]]
    for line in lines[1:]:
        if line.page != group[-1].page or line.top < group[-1].top - 1:
            yield group[0].page, group
            group = [line]
        else:
            group.append(line)
    yield group[0].page, group


__all__ = [
    "ImageCandidate",
    "PageBox",
    "PdfBlock",
    "PdfReadError",
    "PdfReading",
    "check_pdf_bytes",
    "join_hyphenated",
    "list_marker",
    "read_pdf",
]
