"""A PDF newsletter as source lines for the proposal engine, and the engine's PDF-only rules.

    reading = read_pdf(data, max_bytes=MAX_PDF_BYTES)
    lines = source_lines(reading)                 # one SourceLine per block, blank lines between
    proposal = propose_pdf(reading, language="en")

The reader (pdfreader.py) already knows what the text import has to guess: where a paragraph
ends, which lines are larger or bolder than the body text, which blocks sit under a picture.
`source_lines` hands that over as plain-text-like lines (a paragraph per line, blank lines
between paragraphs, list items on consecutive lines) carrying their typography; `typography_rules`
then corrects the engine's text-only guesses where the type says otherwise. Nothing here
touches the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings

from articles.exchange.issuefile import normalise_title
from articles.exchange.pdfreader import PdfBlock, PdfReading, read_pdf
from articles.exchange.proposal import Proposal, Role, SourceLine, propose

MAX_PDF_BYTES = getattr(settings, "NEWSROOM_MAX_PDF_BYTES", 50 * 1024 * 1024)

# Relative to the body text (1.0): a title is clearly larger, a label or caption clearly smaller.
TITLE_SIZE = 1.25
SMALL_SIZE = 0.92


@dataclass
class PdfSource:
    """The reading and the lines made from it; `blocks_by_line` maps a line number to its block."""

    reading: PdfReading
    lines: list[SourceLine]
    blocks_by_line: dict[int, PdfBlock]


def source_lines(reading: PdfReading) -> PdfSource:
    """One SourceLine per block with its typography (size in points), a blank line between blocks.

    Items of one list stay on consecutive lines (the engine reads them as one list); a list item
    keeps its marker ("- " for bullets, "3. " for numbers).
    """
    lines: list[SourceLine] = []
    by_line: dict[int, PdfBlock] = {}
    previous: PdfBlock | None = None
    for block in reading.blocks:
        same_list = previous is not None and previous.list_marker and block.list_marker
        if previous is not None and not same_list:
            lines.append(SourceLine(number=len(lines) + 1, text=""))
        text = f"{block.list_marker} {block.text}" if block.list_marker else block.text
        line = SourceLine(
            number=len(lines) + 1,
            text=text,
            page=block.page,
            bbox=block.bbox,
            size=round(block.size * reading.body_size, 2),
            bold=block.bold,
            italic=block.italic,
        )
        lines.append(line)
        by_line[line.number] = block
        previous = block
    return PdfSource(reading=reading, lines=lines, blocks_by_line=by_line)


def read_source(data: bytes, *, progress=None) -> PdfSource:
    """read_pdf + source_lines; raises PdfReadError (an IssueFileError) for a file it cannot read."""
    return source_lines(read_pdf(data, max_bytes=MAX_PDF_BYTES, progress=progress))


def propose_pdf(source: PdfSource, *, language: str = "en", decisions=None) -> Proposal:
    """The engine's proposal for a PDF, with the typography rules applied before bylines are attached."""
    return propose(source.lines, language=language, decisions=decisions, rules=[typography_rules(source)])


# ---------------------------------------------------------------- typography rules


def _plain(text: str) -> str:
    return re.sub(r"(\*\*|\*)(\S.*?\S|\S)\1", r"\2", text).strip()


def typography_rules(source: PdfSource):
    """A rule for `propose(rules=…)`: roles that the type of a PDF settles, whatever the words say.

    Sizes are relative to the body text of this PDF (PdfBlock.size, 1.0 = body):

    - a caption or credit the reader found under a picture is a caption;
    - a pull quote (not bold, italic or larger, its words printed again in the running text
      nearby) is skipped;
    - the largest block on the first page before the first article is the issue title, and
      smaller lines above it (the masthead: publication, number, date) are skipped;
    - a block clearly larger than the body (TITLE_SIZE), or bold and somewhat larger, of at most
      a few lines, with running text or a byline after it, is an article title; set in the
      body's size and weight, it is not;
    - a short line smaller than the body, bold or in capitals, right over a title, is a section
      kicker;
    - small type after the last article's text is the colophon.
    """
    captions = {
        number for image in source.reading.images for number in (image.caption, image.credit) if number is not None
    }

    def rule(proposal: Proposal) -> None:
        blocks = [block for block in proposal.blocks if not block.decided]
        typed = [(block, source.blocks_by_line.get(block.lines[0].number)) for block in blocks]
        typed = [(block, pdf) for block, pdf in typed if pdf is not None]
        if not typed:
            return
        body_texts = [normalise_title(_plain(block.raw.replace("\n", " "))) for block, _ in typed]
        for index, (block, pdf) in enumerate(typed):
            if pdf.number in captions:
                _set(block, Role.CAPTION, 0.9, "printed under a picture")
            elif not pdf.bold and (pdf.italic or pdf.size > 1.05) and _repeats_nearby(typed, body_texts, index):
                _set(block, Role.SKIP, 0.85, "a pull quote: its words are printed again in the running text nearby")
        _issue_head(typed)
        _titles(typed)
        _colophon(typed)

    return rule


def _is_title_type(pdf: PdfBlock) -> bool:
    short = len(pdf.text) <= 200 and not pdf.list_marker
    return short and (pdf.size >= TITLE_SIZE or (pdf.bold and pdf.size >= 1.1))


def _issue_head(typed: list) -> None:
    """The largest type on page 1 before the first article title: the issue title; the masthead above it is skipped."""
    first_title = next((index for index, (_, pdf) in enumerate(typed) if _is_title_type(pdf)), None)
    if first_title is None:
        return
    head = [(index, pdf) for index, (_, pdf) in enumerate(typed[: first_title + 1]) if pdf.page == 1]
    if not head:
        return
    biggest_index, biggest = max(head, key=lambda item: item[1].size)
    later_titles = [pdf.size for _, pdf in typed[first_title + 1 :] if _is_title_type(pdf)]
    if later_titles and biggest.size < 1.1 * max(later_titles):
        return  # no type larger than the article titles: the engine's guess stands
    block = typed[biggest_index][0]
    _set(block, Role.ISSUE_TITLE, 0.9, "the largest type on the first page, above the first article")
    for index, pdf in head:
        if index < biggest_index and pdf.size < 1.0 and typed[index][0].role in (Role.ISSUE_TITLE, Role.ISSUE_SUBTITLE):
            _set(typed[index][0], Role.SKIP, 0.7, "small type above the issue title: the masthead")


def _next_text(typed: list, index: int):
    for block, pdf in typed[index + 1 :]:
        settled_skip = block.role == Role.SKIP and block.confidence >= 0.5  # not the text rules' fallback
        if not settled_skip and block.role != Role.CAPTION:
            return block, pdf
    return None, None


def _titles(typed: list) -> None:
    started = False
    for index, (block, pdf) in enumerate(typed):
        if started and block.role == Role.SKIP and block.confidence < 0.5:
            # The text rules skipped it as "before the first article"; the type shows an article began.
            if re.match(r"^by\s+\S", _plain(pdf.text), re.IGNORECASE) and len(pdf.text) < 200:
                _set(block, Role.BYLINE, 0.7, "a 'By …' line under an article title")
                continue
            _set(block, Role.BODY, 0.6, "running text of an article (after a title in larger type)")
        guessed_skip = block.role == Role.SKIP and block.confidence < 0.5
        settled = (Role.ISSUE_TITLE, Role.ISSUE_SUBTITLE, Role.HEADLINE, Role.CAPTION, Role.SKIP)
        if block.role in settled and not (guessed_skip and _is_title_type(pdf)):
            continue
        following, following_pdf = _next_text(typed, index)
        if _is_title_type(pdf):
            if following is not None and (following_pdf is None or not _is_title_type(following_pdf)):
                if block.role != Role.TITLE:
                    _set(block, Role.TITLE, 0.85, "larger or bolder than the body text, over running text")
                started = True
                continue
        elif block.role == Role.TITLE and pdf.size <= 1.02 and not pdf.bold:
            _set(block, Role.BODY, 0.6, "set like the body text, not larger or bolder: no title")
        kicker = following_pdf is not None and _is_title_type(following_pdf) and _is_kicker_type(pdf)
        if kicker and block.role != Role.BYLINE:
            _set(block, Role.SECTION, 0.8, "a short label in small bold or capital letters over a title")


def _is_kicker_type(pdf: PdfBlock) -> bool:
    """Short, and in capitals or clearly smaller and bold (an author's name in a box is only a little smaller)."""
    text = _plain(pdf.text)
    small_bold = pdf.bold and pdf.size <= 0.88
    return len(text.split()) <= 8 and pdf.size < 1.0 and (small_bold or text.isupper()) and not pdf.list_marker


def _colophon(typed: list) -> None:
    """Trailing blocks in small type after the last running text (not a byline) are the colophon."""
    for block, pdf in reversed(typed):
        if block.role in (Role.COLOPHON, Role.SKIP):
            continue
        if block.role == Role.BODY and pdf.size <= SMALL_SIZE and not pdf.italic:
            _set(block, Role.COLOPHON, 0.75, "small type after the last article")
            continue
        break


def _repeats_nearby(typed: list, texts: list[str], index: int, reach: int = 12) -> bool:
    text = texts[index]
    if len(text) < 20:
        return False
    for other in range(max(0, index - reach), min(len(typed), index + reach + 1)):
        running = typed[other][0].role == Role.BODY and len(texts[other]) > len(text)
        if other != index and running and text in texts[other]:
            return True
    return False


def _set(block, role: Role, confidence: float, reason: str) -> None:
    block.role, block.confidence, block.reason = role, confidence, reason


__all__ = ["MAX_PDF_BYTES", "PdfSource", "propose_pdf", "read_source", "source_lines", "typography_rules"]
