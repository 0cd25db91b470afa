"""A PDF newsletter as source lines for the proposal engine, and the engine's PDF-only rules.

    reading = read_pdf(data, max_bytes=settings.NEWSROOM_MAX_PDF_BYTES)
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

import dataclasses
import hashlib
import io
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.text import slugify

from articles.exchange.importer import ImportSummary
from articles.exchange.issuefile import normalise_title
from articles.exchange.pdfreader import (
    ImageCandidate,
    PageBox,
    PdfBlock,
    PdfReadError,
    PdfReading,
    check_pdf_bytes,
    read_pdf,
)
from articles.exchange.proposal import Proposal, Role, SourceLine, propose
from articles.models import Article, ImportSource, ImportSourceState, Issue

logger = logging.getLogger(__name__)


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
    return source_lines(read_pdf(data, max_bytes=settings.NEWSROOM_MAX_PDF_BYTES, progress=progress))


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
        if block.role in settled and not (guessed_skip and (_is_title_type(pdf) or _is_kicker_type(pdf))):
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


# ---------------------------------------------------------------- stored readings


def to_json(source: PdfSource) -> dict:
    """The reading as JSON (ImportSource.reading), so the review never reads the PDF again."""
    reading = source.reading
    return {
        "body_size": reading.body_size,
        "pages": [dataclasses.asdict(page) for page in reading.pages],
        "blocks": [dataclasses.asdict(block) for block in reading.blocks],
        "images": [dataclasses.asdict(image) for image in reading.images],
        "dropped": reading.dropped,
        "warnings": reading.warnings,
    }


def from_json(data: dict) -> PdfSource:
    """The PdfSource that to_json() stored."""
    blocks = [
        PdfBlock(
            **{**block, "bbox": tuple(block["bbox"]), "parts": [(page, tuple(box)) for page, box in block["parts"]]}
        )
        for block in data["blocks"]
    ]
    images = [
        ImageCandidate(**{**image, "bbox": tuple(image["bbox"]), "pixels": tuple(image["pixels"])})
        for image in data["images"]
    ]
    reading = PdfReading(
        blocks=blocks,
        images=images,
        pages=[PageBox(**page) for page in data["pages"]],
        body_size=data["body_size"],
        dropped=data["dropped"],
        warnings=data["warnings"],
    )
    return source_lines(reading)


# ---------------------------------------------------------------- services


def store_upload(*, data: bytes, filename: str, options: dict, user=None) -> ImportSource:
    """Keep an uploaded PDF and queue its reading (tasks.read_uploaded_pdf) once the row is committed.

    The bytes are checked first (empty, over the limit, not a PDF, truncated: PdfReadError, nothing
    stored). Returns the ImportSource; its `state` and `progress` say how far the reading is.
    """
    from articles.exchange.tasks import read_uploaded_pdf

    check_pdf_bytes(data, max_bytes=settings.NEWSROOM_MAX_PDF_BYTES)
    with transaction.atomic():
        source = ImportSource(
            filename=Path(filename).name[:255] or "upload.pdf",
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            options=options,
            uploaded_by=user,
        )
        source.file.save(_stored_name(filename), ContentFile(data), save=False)
        source.save()
        transaction.on_commit(lambda: read_uploaded_pdf.enqueue(source_id=source.pk))
    return source


def discard_upload(*, source_id: int) -> None:
    """Delete an uploaded PDF that was not imported (the review was cancelled): its row and its file."""
    source = ImportSource.objects.filter(pk=source_id).exclude(state=ImportSourceState.IMPORTED).first()
    if source is not None:
        name = source.file.name
        source.delete()
        transaction.on_commit(lambda: source.file.storage.delete(name))


def _stored_name(filename: str) -> str:
    stem = slugify(Path(filename).stem)[:80] or "newsletter"
    return f"{stem}.pdf"


def read_stored(*, source_id: int) -> ImportSource:
    """Read a stored PDF (the background task's work): READING with progress, then READY or FAILED.

    A file that cannot be read ends FAILED with the reader's message; nothing else is written.
    """
    # Compare and set: of two deliveries of the same task, only the one that moves QUEUED to READING reads.
    claimed = ImportSource.objects.filter(pk=source_id, state=ImportSourceState.QUEUED).update(
        state=ImportSourceState.READING, progress="Opening the PDF"
    )
    source = ImportSource.objects.get(pk=source_id)
    if not claimed:
        return source

    def progress(message: str) -> None:
        ImportSource.objects.filter(pk=source_id).update(progress=message[:200])

    try:
        with source.file.open("rb") as handle:
            data = handle.read()
        reading = read_source(data, progress=progress)
    except PdfReadError as error:
        ImportSource.objects.filter(pk=source_id).update(
            state=ImportSourceState.FAILED, error=error.message, progress=""
        )
    except Exception:
        logger.exception("Reading the uploaded PDF %s failed", source_id)
        ImportSource.objects.filter(pk=source_id).update(
            state=ImportSourceState.FAILED,
            error="the PDF could not be read: an unexpected error (logged for the administrators)",
            progress="",
        )
    else:
        ImportSource.objects.filter(pk=source_id).update(
            state=ImportSourceState.READY,
            reading=to_json(reading),
            pages=len(reading.reading.pages),
            progress=f"Read {len(reading.reading.pages)} pages",
        )
    source.refresh_from_db()
    return source


def import_pdf(
    *,
    source: PdfSource,
    proposal: Proposal,
    data: bytes | None = None,
    stored: ImportSource | None = None,
    filename: str = "",
    decisions=None,
    publication: str | None = None,
    number: str | None = None,
    date=None,
    replace: bool = False,
    dry_run: bool = False,
    alt_texts: dict[str, str] | None = None,
    user=None,
    progress=None,
    inputs=None,
) -> ImportSummary:
    """Import the reviewed proposal as a draft issue, with its pictures, in one transaction.

    The first picture printed with an article (by its caption, else by position) becomes its lead
    image, with caption and credit, when the editor gave it alt text: `alt_texts` maps
    `image_key(image)` to the text (a lead image needs alt text, and only a person can write it).
    Its caption is then not repeated in the body. The original PDF is kept with the issue:
    `stored` (an uploaded ImportSource, marked IMPORTED) or `data` (kept as a new one).
    Raises IssueFileError (nothing written) as import_issue does.
    """
    alt_texts = {key: " ".join(text.split()) for key, text in (alt_texts or {}).items() if text.strip()}
    from articles.exchange.importer import COMMAND_INPUTS, import_issue

    document = proposal.document()
    if decisions is not None:
        document.publication = decisions.publication or None
        document.number = decisions.number or None
        document.date = decisions.date
        document.language = decisions.language or None
    elif proposal.language != "en":
        document.language = proposal.language
    found = _pictures(source, proposal)
    pictures = {line: picture for line, picture in found.items() if image_key(picture.image) in alt_texts}
    for entry in document.articles:
        if picture := pictures.get(entry.line):
            entry.body = _without_caption(entry.body, picture)
    with transaction.atomic():
        summary = import_issue(
            document=document,
            publication=publication,
            number=number,
            date=date,
            replace=replace,
            dry_run=dry_run,
            user=user,
            progress=progress,
            inputs=inputs or COMMAND_INPUTS,
        )
        summary.warnings += source.reading.warnings
        waiting = len(found) - len(pictures)
        if waiting:
            summary.warnings.append(
                f"{waiting} of {len(found)} pictures have no alt text and are not imported; "
                "give them alt text in the review to make them lead images"
            )
        if dry_run:
            return summary
        issue = Issue.objects.get(pk=summary.issue_pk)
        by_title = {normalise_title(article.title): article for article in issue.articles.all()}
        attached = 0
        for entry in document.articles:
            picture = pictures.get(entry.line)
            article = by_title.get(normalise_title(entry.title))
            if picture is None or article is None or article.lead_image:
                continue
            _attach(article, picture, alt_texts[image_key(picture.image)], data=data, stored=stored)
            attached += 1
        if stored is None:
            stored = ImportSource(
                filename=Path(filename).name[:255] or "newsletter.pdf",
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                uploaded_by=user,
                reading=to_json(source),
                pages=len(source.reading.pages),
            )
            stored.file.save(_stored_name(filename), ContentFile(data), save=False)
        stored.state, stored.issue, stored.progress = ImportSourceState.IMPORTED, issue, "Imported"
        stored.save()
    return summary


@dataclass
class _Picture:
    image: ImageCandidate
    caption: str
    credit: str


def _pictures(source: PdfSource, proposal: Proposal) -> dict[int, _Picture]:
    """Title line -> the first picture printed with that article (its caption's article, else the
    article of the first block under the picture on its page)."""
    line_of_block = {block.number: line for line, block in source.blocks_by_line.items()}
    block_text = {block.number: block.text for block in source.reading.blocks}
    article_of_line = {}
    for article in proposal.articles():
        for block in [article.title, *article.blocks, *article.bylines]:
            for line in block.lines:
                article_of_line[line.number] = article.title.number
    found: dict[int, _Picture] = {}
    for image in source.reading.images:
        anchor = image.caption
        if anchor is None:
            below = [
                block for block in source.reading.blocks
                if block.page == image.page and block.bbox[1] >= image.bbox[3] - 2
            ]  # fmt: skip
            anchor = min(below, key=lambda block: block.bbox[1]).number if below else None
        title = article_of_line.get(line_of_block.get(anchor)) if anchor is not None else None
        if title is None or title in found:
            continue
        found[title] = _Picture(
            image=image,
            caption=_plain(block_text.get(image.caption, "")),
            credit=_plain(block_text.get(image.credit, "")),
        )
    return found


def _without_caption(body: str, picture: _Picture) -> str:
    """The body without the caption and credit paragraphs the engine kept (they go with the picture)."""
    drop = {f"*{text}*" for text in (picture.caption, picture.credit) if text}
    return "\n\n".join(part for part in body.split("\n\n") if part.strip() not in drop)


def extract_image(pdf_data: bytes, image: ImageCandidate) -> bytes:
    """The picture as JPEG bytes (pypdfium2 decodes whatever the PDF stored)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    document = pdfium.PdfDocument(pdf_data)
    try:
        page = document[image.page - 1]
        objects = list(page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=4))
        picture = objects[image.index].get_bitmap(render=False).to_pil().convert("RGB")
        out = io.BytesIO()
        picture.save(out, format="JPEG", quality=88)
        return out.getvalue()
    finally:
        document.close()


def image_key(image: ImageCandidate) -> str:
    """How forms and decisions name a picture: "page-index" ("3-0": the first picture on page 3)."""
    return f"{image.page}-{image.index}"


def pictures_by_article(source: PdfSource, proposal: Proposal) -> dict[int, tuple[ImageCandidate, str, str]]:
    """Title line -> (picture, caption, credit) that would become that article's lead image."""
    return {line: (p.image, p.caption, p.credit) for line, p in _pictures(source, proposal).items()}


def _attach(article: Article, picture: _Picture, alt: str, *, data: bytes | None, stored: ImportSource | None) -> None:
    if data is None:
        with stored.file.open("rb") as handle:
            data = handle.read()
    name = f"{slugify(article.title)[:60] or 'picture'}.jpg"
    article.lead_image.save(name, ContentFile(extract_image(data, picture.image)), save=False)
    caption_limit = Article._meta.get_field("lead_image_caption").max_length
    credit_limit = Article._meta.get_field("lead_image_credit").max_length
    alt_limit = Article._meta.get_field("lead_image_alt").max_length
    article.lead_image_caption = picture.caption[:caption_limit]
    article.lead_image_credit = picture.credit[:credit_limit]
    article.lead_image_alt = alt[:alt_limit]
    article.save(update_fields=["lead_image", "lead_image_alt", "lead_image_caption", "lead_image_credit"])


__all__ = [
    "PdfSource",
    "discard_upload",
    "extract_image",
    "from_json",
    "image_key",
    "import_pdf",
    "pictures_by_article",
    "propose_pdf",
    "read_source",
    "read_stored",
    "source_lines",
    "store_upload",
    "to_json",
    "typography_rules",
]
