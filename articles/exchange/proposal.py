"""From plain text extracted from a PDF to a proposed issue structure (no database).

    lines = lines_from_text(text)                   # or SourceLine rows from a PDF reader
    proposal = propose(lines, language="en")       # blocks with a role, a confidence and a reason
    proposal = propose(lines, decisions=reviewed)  # the same, with an editor's decisions applied
    document = proposal.document()                  # an issuefile.IssueDocument for the importer

Input is a sequence of `SourceLine`s: the line's number in the source (what the editor sees and
what decisions refer to) and its text, with optional typography (page, bounding box, font size,
bold, italic) when the reader knows it. Plain text has blank lines between paragraphs; PDF
readers give visual lines, which are grouped into blocks by vertical gaps and font changes.

The engine groups lines into blocks, gives each block a role (`Role`), heals PDF artefacts
(a paragraph or list item cut by a page break continues in the next block: `Block.join`; words
hyphenated at a break are rejoined, see `healing`), attaches every byline to the article
before or after it (`Block.attach`) and proposes an article kind for every title. Every choice
carries a confidence between 0 and 1 and a reason naming the evidence, so the review screen
and `import_issue --dry-run` can show what to check first.

Bylines in such text are a name line plus a position line, printed above the title of the
piece they sign or below its last paragraph. Which article a byline between two articles
signs is decided for all bylines at once: the words of the position (an organisation, a
field) are looked for in the articles on either side, weighted by how rare they are in the
issue, and each article is signed at most once where possible, so one clear attachment
settles its neighbours (a dynamic programme over the chain of bylines).
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from articles.exchange import healing
from articles.exchange.issuefile import ArticleEntry, BylineEntry, HeadlineEntry, IssueDocument, IssueFileError


@dataclass(frozen=True)
class SourceLine:
    """One line of the source: its number (1-based) and text, with typography where known.

    `bbox` is (x0, top, x1, bottom) in PDF points, top-down; `size` the font size in points.
    """

    number: int
    text: str
    page: int | None = None
    bbox: tuple | None = None
    size: float | None = None
    bold: bool = False
    italic: bool = False


class Role(StrEnum):
    ISSUE_TITLE = "issue-title"
    ISSUE_SUBTITLE = "issue-subtitle"
    HEADLINE = "headline"  # a list of the issue's headlines ("In this issue")
    SECTION = "section"  # a section kicker above article titles
    TITLE = "title"  # starts an article
    SUBTITLE = "subtitle"  # the standfirst under an article title
    BYLINE = "byline"
    BODY = "body"
    HEADING = "heading"  # a sub-heading inside an article
    LIST = "list"
    CAPTION = "caption"
    COLOPHON = "colophon"
    SKIP = "skip"


ROLE_LABELS = {
    Role.ISSUE_TITLE: "Issue title",
    Role.ISSUE_SUBTITLE: "Issue subtitle",
    Role.HEADLINE: "Headlines",
    Role.SECTION: "Section",
    Role.TITLE: "Article title",
    Role.SUBTITLE: "Subtitle (standfirst)",
    Role.BYLINE: "Byline",
    Role.BODY: "Body",
    Role.HEADING: "Sub-heading",
    Role.LIST: "List",
    Role.CAPTION: "Caption",
    Role.COLOPHON: "Colophon",
    Role.SKIP: "Skip",
}

PREVIOUS, NEXT = "previous", "next"  # a byline signs the article before it or the one after it

# Article kinds (articles.models.ArticleKind values; this module does not import the models).
NEWS, REPORT, OPINION, MEMBER_STATEMENT, EDITORIAL_LETTER, FEATURE = (
    "news",
    "report",
    "opinion",
    "member_statement",
    "editorial_letter",
    "feature",
)
KINDS = (NEWS, REPORT, OPINION, MEMBER_STATEMENT, EDITORIAL_LETTER, FEATURE)

_BULLET = re.compile(r"^\s*(?:[-–—•▪◆●■□➢►*]|\d{1,2}[.)])\s+")
_RULE = re.compile(r"^\s*(?:-{3,}|_{3,}|\*{3,}|(?:\*\s){2,}\*|(?:-\s){2,}-|={3,})\s*$")
_PAGE_NUMBER = re.compile(r"^\s*(?:[-–—]\s*)?(?:page\s+)?\d{1,3}(?:\s*[-–—])?(?:\s*/\s*\d{1,3})?\s*$", re.I)
_WORD = re.compile(r"[^\W\d_][\w'’.-]*", re.UNICODE)
_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Words a title rarely ends with: a line ending in one was cut mid-sentence.
_FUNCTION_WORDS = _word_set(
    """a an the of to and or nor but in on at by for from with into onto over under about above below
    between through during without within upon than as that which who whom whose where when while if
    is are was were be been being has have had do does did will would shall should can could may might
    must its their our your his her my this these those such very also not no so yet both either neither
    via per including like"""
)
# Words that make a line a position ("Professor of …", "Director, …").
_ROLE_WORDS = _word_set(
    """director directors professor professors president vice chair chairman chairwoman chairperson
    secretary secretary-general manager head officer fellow researcher research-fellow dean correspondent
    reporter editor editor-in-chief ceo cto cfo coo founder co-founder member chief deputy analyst
    scientist engineer lecturer coordinator representative ambassador minister consultant adviser advisor
    principal partner counsel curator librarian student candidate postdoc teacher columnist writer
    journalist photographer spokesperson spokesman spokeswoman executive governor mayor academician
    emeritus honorary associate assistant senior leader commissioner inspector rector provost"""
)
# Words that make a short line an organisation's name ("Science and Technology Daily").
_ORG_WORDS = _word_set(
    """daily weekly times news post gazette herald journal review bulletin newsletter agency association
    society union institute institution university college academy council committee ministry office
    secretariat foundation center centre group company corporation inc ltd llc plc network newswire
    board federation league trust bureau department team editors editorial club alliance consortium
    organisation organization press media laboratory lab observatory museum library"""
)
_COLOPHON_CUES = re.compile(
    r"©|\(c\)\s*\d{4}|https?://|www\.|\b[\w.+-]+@[\w-]+\.\w|all rights reserved|published by|"
    r"editor-in-chief\s*:|editors?\s*:|contact\s*:|subscribe|unsubscribe|printed by|issn",
    re.I,
)
_LIST_LABELS = re.compile(r"^(?:in this issue|headlines|contents|table of contents|inside|this issue)\s*:?$", re.I)
_FIRST_PERSON = re.compile(r"\b(?:we|our|ours|us|I|my)\b")
_REPORT_CUES = re.compile(r"\b(?:report|findings|survey|study|index|ranking)\b", re.I)
_LETTER_CUES = re.compile(r"^(?:dear|to our|to all)\b", re.I)


# ------------------------------------------------------------------ blocks


@dataclass
class Block:
    """A run of source lines read as one unit (a paragraph, a title, a list, a byline).

    `number` (its first line) identifies the block in decisions. `items` holds a list's items
    (healed text and each item's source lines). For a byline, `name` and `position` are the
    printed lines and `attach` says which article it signs; `organization` marks a byline that
    names an organisation. For a title, `kind` is the proposed article kind and `credit` an
    organisation the editor credits. `join` continues the previous block (a break to heal).
    """

    number: int
    lines: list[SourceLine]
    role: Role = Role.BODY
    confidence: float = 0.5
    reason: str = ""
    items: list[tuple[str, list[int]]] = field(default_factory=list)
    join: bool = False
    join_confidence: float = 0.0
    attach: str = ""
    attach_confidence: float = 0.0
    attach_reason: str = ""
    name: str = ""
    position: str = ""
    organization: bool = False
    kind: str = ""
    kind_confidence: float = 0.0
    kind_reason: str = ""
    credit: str = ""
    decided: bool = False  # an editor's decision set the role
    decided_separate: bool = False  # an editor keeps this byline apart from the name line above it
    parts: list[int] = field(default_factory=list)  # first lines of the segments merged into this block
    co_authors: list[tuple[str, str]] = field(default_factory=list)  # (name, position) after the first in "By A; B"

    @property
    def line_numbers(self) -> list[int]:
        return [line.number for line in self.lines]

    @property
    def last_line(self) -> int:
        return self.lines[-1].number

    @property
    def raw(self) -> str:
        return "\n".join(line.text for line in self.lines)

    def text(self, language: str = "en") -> str:
        return healing.join_lines([line.text for line in self.lines], language=language)

    @property
    def bulleted(self) -> bool:
        return bool(_BULLET.match(self.lines[0].text))


def lines_from_text(text: str) -> list[SourceLine]:
    """Plain text as numbered source lines (blank lines included: they separate paragraphs)."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return [SourceLine(number=index, text=line) for index, line in enumerate(text.split("\n"), start=1)]


def source_digest(lines: Sequence[SourceLine]) -> str:
    """A fingerprint of the source's text (sha256 of its lines), so decisions apply to the source they were made on."""
    digest = hashlib.sha256()
    for line in lines:
        digest.update(f"{line.number}\t{line.text.rstrip()}\n".encode())
    return "sha256:" + digest.hexdigest()


def _plain(text: str) -> str:
    """Text without Markdown emphasis markers (PDF extractors write *italic* that way)."""
    return _EMPHASIS.sub(r"\2", text).strip()


def _gap_breaks(previous: SourceLine, line: SourceLine) -> bool:
    """With typography: a new page, a change of size or weight, or a vertical gap starts a new block."""
    if previous.page is not None and line.page is not None and previous.page != line.page:
        return True
    if previous.size and line.size and abs(previous.size - line.size) > 0.6:
        return True
    if previous.bold != line.bold:
        return True
    if previous.bbox and line.bbox:
        height = max(previous.bbox[3] - previous.bbox[1], 1.0)
        return line.bbox[1] - previous.bbox[3] > 0.5 * height or line.bbox[1] < previous.bbox[1]
    return False


def segment(lines: Iterable[SourceLine], *, splits: Iterable[int] = ()) -> list[Block]:
    """Group lines into blocks: blank lines, bullets, rules, typography changes and `splits` separate them."""
    splits = set(splits)
    blocks: list[Block] = []
    current: list[SourceLine] = []

    def flush():
        if current:
            blocks.append(Block(number=current[0].number, lines=list(current)))
            current.clear()

    for line in lines:
        if not line.text.strip():
            flush()
            continue
        line = replace(line, text=line.text.strip())
        if current and (
            line.number in splits
            or _RULE.match(line.text)
            or _RULE.match(current[-1].text)
            or (_BULLET.match(line.text) and not _BULLET.match(current[0].text))
            or _gap_breaks(current[-1], line)
        ):
            flush()
        current.append(line)
    flush()
    return blocks


def _list_items(block: Block, language: str) -> list[tuple[str, list[int]]]:
    """A bulleted block's items; lines without a bullet continue the item before them."""
    items: list[tuple[list[str], list[int]]] = []
    for line in block.lines:
        match = _BULLET.match(line.text)
        rest = line.text[match.end() :] if match else line.text
        if match and items and rest[:1].islower() and not healing.ends_sentence(items[-1][0][-1]):
            match = None  # "- northern rocks" after "… along the": one item cut by a break
            line = replace(line, text=rest)
        if match or not items:
            items.append(([line.text[match.end() :] if match else line.text], [line.number]))
        else:
            items[-1][0].append(line.text)
            items[-1][1].append(line.number)
    return [(healing.join_lines(texts, language=language), numbers) for texts, numbers in items]


# ------------------------------------------------------------------ features


@dataclass
class _Features:
    heading: float  # how much the block looks like a title (0 = not at all)
    name: bool  # a person's name line
    position: bool  # a position line ("Professor of …")
    organization: bool  # an organisation's name
    list: bool
    rule: bool
    noise: bool  # a page number or running header
    colophon: bool
    starts_lower: bool
    ends_sentence: bool
    words: int


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _is_name(text: str) -> bool:
    words = text.split()
    if not 2 <= len(words) <= 4 or len(text) > 40 or any(char.isdigit() for char in text):
        return False
    if healing.ends_sentence(text) and not text.endswith("."):
        return False
    particles = {"van", "von", "de", "da", "del", "der", "di", "du", "la", "le", "bin", "al", "el", "y"}
    for word in words:
        if word.lower() in particles:
            continue
        if not word[0].isupper() or not re.fullmatch(r"[^\W\d_][\w'’.-]*", word):
            return False
        if word.lower().strip(".") in _FUNCTION_WORDS or word.lower() in _ROLE_WORDS or word.lower() in _ORG_WORDS:
            return False
    return True


def _is_position(text: str) -> bool:
    words = [word.lower().strip(",.()") for word in text.split()]
    if not words or len(words) > 40 or text.endswith((".", "!", "?")) and not text.endswith(("Ltd.", "Inc.")):
        return False
    return any(word in _ROLE_WORDS for word in words)


def _is_organization(text: str) -> bool:
    words = [word.lower().strip(",.()") for word in text.split()]
    return 1 <= len(words) <= 10 and any(word in _ORG_WORDS for word in words)


def _title_case_ratio(words: list[str]) -> float:
    content = [word for word in words if len(word) >= 4 and word.lower() not in _FUNCTION_WORDS]
    if not content:
        return 0.0
    return sum(1 for word in content if word[0].isupper()) / len(content)


def _heading_score(block: Block, body_size: float | None) -> float:
    text = _plain(block.raw.replace("\n", " "))
    words = text.split()
    if not words or block.bulleted or _RULE.match(text):
        return 0.0
    sized = bool(body_size and block.lines[0].size and block.lines[0].size >= body_size * 1.12)
    if len(block.lines) > (3 if sized or block.lines[0].bold else 1):
        return 0.0
    if len(words) > 22 or len(text) > 170:
        return 0.0
    if text[-1] in ".,;:" and not text.endswith("..."):
        return 0.0
    last = _words(text)[-1].lower() if _words(text) else ""
    if last in _FUNCTION_WORDS or text.endswith(("-", "–", "—")):
        return 0.0
    first = text.lstrip("\"'“‘(*[")[:1]
    if first and first.islower():
        return 0.0
    score = 0.55
    score += 0.2 * _title_case_ratio(words)
    score += 0.1 if len(words) <= 12 else 0.0
    score -= 0.1 * max(0, text.count(",") - 1)
    if sized:
        score += 0.25
    if block.lines[0].bold:
        score += 0.1
    return max(0.05, min(score, 0.99))


def _features(block: Block, body_size: float | None, repeated: set[str]) -> _Features:
    text = _plain(block.raw.replace("\n", " "))
    opening = _plain(_BULLET.sub("", block.lines[0].text, count=1))  # a list item's own first word
    lines = [_plain(line.text) for line in block.lines]
    return _Features(
        heading=_heading_score(block, body_size),
        name=len(lines) == 1 and _is_name(lines[0]),
        position=len(lines) == 1 and _is_position(lines[0]),
        organization=len(lines) == 1 and _is_organization(lines[0]),
        list=block.bulleted,
        rule=bool(_RULE.match(text)),
        noise=bool(_PAGE_NUMBER.match(text)) or (len(lines) == 1 and text in repeated),
        colophon=bool(_COLOPHON_CUES.search(text)),
        starts_lower=opening.lstrip("\"'“‘(*[")[:1].islower(),
        ends_sentence=healing.ends_sentence(text),
        words=len(text.split()),
    )


def _body_size(lines: Sequence[SourceLine]) -> float | None:
    """The most common font size, weighted by characters: the body text's size."""
    sizes = Counter()
    for line in lines:
        if line.size:
            sizes[round(line.size, 1)] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else None


def _repeated_lines(blocks: list[Block]) -> set[str]:
    """Running headers and footers: short one-line blocks printed three times, or twice next to a page number."""
    texts = [_plain(block.raw) if len(block.lines) == 1 and len(block.raw) < 80 else "" for block in blocks]
    counts = Counter(text for text in texts if text)
    by_page_number = {
        text
        for index, text in enumerate(texts)
        if text
        and any(0 <= other < len(texts) and _PAGE_NUMBER.match(texts[other] or "x") for other in (index - 1, index + 1))
    }
    return {text for text, count in counts.items() if count >= 3 or (count >= 2 and text in by_page_number)}


# ------------------------------------------------------------------ proposal


@dataclass
class Proposal:
    """The proposed structure: blocks in source order, and what the engine could not settle."""

    blocks: list[Block]
    language: str = "en"
    digest: str = ""
    warnings: list[str] = field(default_factory=list)

    def block(self, number: int) -> Block:
        for block in self.blocks:
            if block.number == number:
                return block
        raise KeyError(number)

    def titles(self) -> list[Block]:
        return [block for block in self.blocks if block.role == Role.TITLE]

    def bylines(self) -> list[Block]:
        return [block for block in self.blocks if block.role == Role.BYLINE]

    def articles(self) -> list[ProposedArticle]:
        return _articles(self)

    def document(self) -> IssueDocument:
        """The proposal as an IssueDocument (issue title, headlines, articles, colophon) for the importer."""
        return _document(self)


@dataclass
class ProposedArticle:
    title: Block
    blocks: list[Block] = field(default_factory=list)  # body, list, heading, caption and subtitle blocks
    bylines: list[Block] = field(default_factory=list)
    section: str | None = None
    section_line: int = 0


def propose(lines: Sequence[SourceLine], *, language: str = "en", decisions=None, rules: Sequence = ()) -> Proposal:
    """Propose a structure for `lines`; with `decisions` (a `decisions.Decisions`), apply the editor's review.

    `rules` are callables `rule(proposal)` run after the text rules and before the editor's
    decisions, bylines and kinds: a reader that knows more than the text (a PDF's typography)
    corrects roles there.

    Raises IssueFileError when the text is empty, or when decisions do not fit the source
    (another source, or a line that starts no block).
    """
    lines = list(lines)
    if not any(line.text.strip() for line in lines):
        raise IssueFileError("the text is empty", line=1)
    digest = source_digest(lines)
    if decisions is not None:
        decisions.check_source(digest)
    blocks = segment(lines, splits=decisions.splits if decisions is not None else ())
    proposal = Proposal(blocks=blocks, language=language, digest=digest)
    if not blocks:
        raise IssueFileError("the text has no lines to read", line=1)
    body_size = _body_size(lines)
    repeated = _repeated_lines(blocks)
    features = [_features(block, body_size, repeated) for block in blocks]
    _assign_roles(blocks, features, language)
    _assign_joins(blocks, features)
    for rule in rules:  # source-specific rules (a PDF's typography: pdfimport.typography_rules)
        rule(proposal)
    if decisions is not None:
        decisions.apply_roles(proposal)
    _fill_bylines(blocks, language)
    _attach_bylines(proposal)
    _propose_kinds(proposal)
    if decisions is not None:
        decisions.apply_details(proposal)
    for block in blocks:
        if block.role == Role.LIST:
            block.items = _list_items(block, language)
    return proposal


def _next_index(features: list[_Features], index: int, skip_noise: bool = True) -> int | None:
    for other in range(index + 1, len(features)):
        if not (skip_noise and (features[other].noise or features[other].rule)):
            return other
    return None


def _set(block: Block, role: Role, confidence: float, reason: str) -> None:
    block.role, block.confidence, block.reason = role, round(max(0.0, min(confidence, 1.0)), 2), reason


def _is_body(features: _Features) -> bool:
    return features.heading == 0.0 and not features.list and not features.rule and not features.noise


def _byline_groups(blocks: list[Block], features: list[_Features]) -> dict[int, tuple[int, ...]]:
    """Index of a name line -> the indexes of its byline (name + position, or one "By …" line)."""
    groups: dict[int, tuple[int, ...]] = {}
    for index, (block, feature) in enumerate(zip(blocks, features, strict=True)):
        text = _plain(block.raw)
        if re.match(r"^by\s+\S", text, re.I) and len(block.lines) == 1 and len(text) < 200:
            groups[index] = (index,)
        elif feature.name and index + 1 < len(blocks) and features[index + 1].position:
            groups[index] = (index, index + 1)
        elif len(block.lines) == 2 and _is_name(_plain(block.lines[0].text)) and _is_position(block.lines[1].text):
            groups[index] = (index,)
    return groups


def _colophon_start(blocks: list[Block], features: list[_Features]) -> int | None:
    """Where the colophon begins: after a rule in the last third, or a trailing run of colophon-like blocks."""
    for index in range(len(blocks) - 1, max(len(blocks) * 2 // 3, 0) - 1, -1):
        if features[index].rule and index + 1 < len(blocks):
            return index
    start = None
    for index in range(len(blocks) - 1, 0, -1):
        if features[index].colophon or (start is not None and features[index].words <= 8 and not features[index].list):
            if features[index].colophon:
                start = index
            continue
        break
    return start


def _assign_roles(blocks: list[Block], features: list[_Features], language: str) -> None:
    groups = _byline_groups(blocks, features)
    in_group = {member for members in groups.values() for member in members}
    colophon = _colophon_start(blocks, features)
    end = colophon if colophon is not None else len(blocks)
    for index in range(end, len(blocks)):
        _set(blocks[index], Role.COLOPHON, 0.8, "after the last article: a rule, links or publishing details")
        if features[index].rule:
            _set(blocks[index], Role.SKIP, 0.9, "a rule that opens the colophon")

    # The first article's title is the last heading before the first body paragraph.
    first_body = next(
        (
            index
            for index in range(end)
            if _is_body(features[index]) and index not in in_group and features[index].words >= 8
        ),
        end,
    )
    first_title = next(
        (index for index in range(first_body - 1, -1, -1) if features[index].heading > 0 and index not in in_group),
        None,
    )
    top_end = first_title if first_title is not None else first_body
    issue_title_seen = subtitle_seen = False
    for index in range(top_end):
        block, feature = blocks[index], features[index]
        following = _next_index(features, index)
        if feature.noise or feature.rule:
            _set(block, Role.SKIP, 0.9, "a page number, running header or rule")
        elif feature.list:
            _set(block, Role.HEADLINE, 0.75, "a list before the first article: the issue's headlines")
        elif _LIST_LABELS.match(_plain(block.raw)) or (
            following is not None and features[following].list and feature.heading > 0 and issue_title_seen
        ):
            _set(block, Role.SKIP, 0.8, "the label of the headlines list")
        elif feature.heading > 0 and not issue_title_seen:
            _set(block, Role.ISSUE_TITLE, 0.6 + 0.3 * feature.heading, "the first heading of the text")
            issue_title_seen = True
        elif feature.heading > 0 and not subtitle_seen:
            _set(block, Role.ISSUE_SUBTITLE, 0.6, "a heading under the issue title, before the first article")
            subtitle_seen = True
        else:
            _set(block, Role.SKIP, 0.4, "text before the first article that is no title or headline")

    article_text: list[str] = []
    index = top_end
    while index < end:
        block, feature = blocks[index], features[index]
        following = _next_index(features, index)
        if following is not None and following >= end:
            following = None
        after = _next_index(features, following) if following is not None else None
        if after is not None and after >= end:
            after = None
        if index in groups:
            for member in groups[index]:
                _set(blocks[member], Role.BYLINE, 0.85, "a name line and a position line")
            blocks[index].reason = (
                "a name line followed by a position line" if len(groups[index]) == 2 else "a byline line"
            )
            index = groups[index][-1] + 1
            continue
        if feature.noise or feature.rule:
            _set(block, Role.SKIP, 0.9, "a page number, running header or rule")
        elif feature.list:
            _set(block, Role.LIST, 0.9, "bulleted lines")
        elif re.match(r"^(?:photo|picture|image|figure|fig\.|caption|source)\b\s*\d*\s*[:.|]", _plain(block.raw), re.I):
            _set(block, Role.CAPTION, 0.8, "starts like a caption (Photo:, Figure …)")
        elif feature.heading > 0 and index not in in_group:
            _classify_heading(blocks, features, index, following, after, groups, article_text, first_title)
        else:
            _set(block, Role.BODY, 0.9 if feature.ends_sentence or feature.words > 12 else 0.7, "running text")
        if blocks[index].role == Role.TITLE:
            article_text = []
        elif blocks[index].role in (Role.BODY, Role.LIST):
            article_text.append(_plain(block.raw))
        index += 1


def _classify_heading(blocks, features, index, following, after, groups, article_text, first_title) -> None:
    block, feature = blocks[index], features[index]
    text = _plain(block.raw)
    previous_role = next(
        (blocks[other].role for other in range(index - 1, -1, -1) if blocks[other].role != Role.SKIP), None
    )
    next_feature = features[following] if following is not None else None
    if index == first_title:
        _set(block, Role.TITLE, 0.6 + 0.35 * feature.heading, "the heading right before the first paragraph")
        return
    if next_feature is not None and next_feature.starts_lower and not next_feature.list:
        _set(block, Role.BODY, 0.6, "a short line whose sentence continues in the next block")
        return
    after_body = previous_role in (Role.BODY, Role.LIST)
    signature_text = " ".join(article_text)
    if (
        after_body
        and (following is None or (next_feature.heading > 0 and following not in groups))
        and (text in signature_text or (feature.organization and following is not None))
    ):
        evidence = "named in the article above" if text in signature_text else "an organisation's name"
        _set(block, Role.BYLINE, 0.75 if text in signature_text else 0.6, f"a signature after the text: {evidence}")
        block.organization = True
        return
    if following is None:
        _set(block, Role.BODY, 0.4, "a short last line")
        return
    if following in groups:
        beyond = _next_index(features, groups[following][-1])
        if beyond is not None and features[beyond].heading > 0 and (len(text.split()) <= 4 or text.isupper()):
            _set(block, Role.SECTION, 0.55, "a short heading over a byline and a title: a section kicker")
        else:
            _set(block, Role.TITLE, 0.5 + 0.4 * feature.heading, "a heading with a byline under it")
        return
    if next_feature.list:
        if previous_role == Role.LIST:
            _set(block, Role.HEADING, 0.6, "a heading between two lists: a sub-heading of the same article")
        else:
            _set(block, Role.TITLE, 0.4 + 0.4 * feature.heading, "a heading over a list")
        return
    if next_feature.heading > 0 and after is not None and (_is_body(features[after]) or after in groups):
        short = len(text.split()) <= 4 or text.isupper()
        if short:
            _set(block, Role.SECTION, 0.6, "a short heading over an article title: a section kicker")
        elif features[following].heading < feature.heading and features[following].words > len(text.split()):
            _set(block, Role.TITLE, 0.4 + 0.4 * feature.heading, "a heading over a longer, plainer line")
        else:
            _set(block, Role.SECTION, 0.45, "a heading over another heading: a section kicker")
        return
    if _is_body(next_feature) or next_feature.heading > 0:
        _set(block, Role.TITLE, 0.45 + 0.5 * feature.heading, "a heading over running text")
        return
    _set(block, Role.BODY, 0.4, "a short line in running text")


def _previous_subtitle_candidates(blocks: list[Block]) -> None:
    """A heading right under a title, over running text, with a lower heading score: the standfirst."""
    for index in range(1, len(blocks)):
        if blocks[index].role == Role.TITLE and blocks[index - 1].role == Role.TITLE:
            _set(blocks[index], Role.SUBTITLE, 0.5, "a second heading under a title: its standfirst")


def _assign_joins(blocks: list[Block], features: list[_Features]) -> None:
    """Mark blocks that continue the one before: a paragraph or list item cut by a page or column break."""
    previous: Block | None = None
    previous_feature: _Features | None = None
    for block, feature in zip(blocks, features, strict=True):
        if block.role == Role.SKIP:
            continue
        if previous is not None and previous.role in (Role.BODY, Role.LIST, Role.COLOPHON):
            last_text = _plain(previous.lines[-1].text)
            unfinished = not healing.ends_sentence(last_text)
            if block.role == Role.BODY and previous.role == Role.LIST and unfinished and feature.starts_lower:
                _set(block, Role.LIST, 0.85, "continues the list item above, cut by a break")
                block.join, block.join_confidence = True, 0.85
            elif block.role == Role.LIST and previous.role == Role.LIST and unfinished and feature.starts_lower:
                block.join, block.join_confidence = True, 0.85
            elif block.role == previous.role and block.role in (Role.BODY, Role.COLOPHON) and unfinished:
                block.join = True
                block.join_confidence = 0.95 if feature.starts_lower else 0.8
            elif block.role == previous.role and block.role == Role.LIST and not feature.list:
                block.join = True
                block.join_confidence = 0.6
        previous, previous_feature = block, feature
    del previous_feature


# ------------------------------------------------------------------ bylines


def _fill_bylines(blocks: list[Block], language: str) -> None:
    """Name and position of each byline; a position block right after a name block is merged into it."""
    index = 0
    while index < len(blocks):
        block = blocks[index]
        if block.role != Role.BYLINE:
            index += 1
            continue
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if (
            len(block.lines) == 1
            and not block.organization
            and following is not None
            and following.role == Role.BYLINE
            and not following.decided_separate
            and _is_position(_plain(following.raw))
            and not _is_name(_plain(following.raw))
            and not re.match(r"^by\s", _plain(block.raw), re.I)
        ):
            block.lines = block.lines + following.lines
            block.parts = (block.parts or [block.number]) + (following.parts or [following.number])
            del blocks[index + 1]
        text = _plain(block.text(language))
        if len(block.lines) >= 2 and not block.organization:
            block.name = _plain(block.lines[0].text)
            block.position = _plain(healing.join_lines([line.text for line in block.lines[1:]], language=language))
        elif match := re.match(r"^by\s+(.+)$", text, re.I):
            (block.name, block.position), *block.co_authors = _by_line_entries(match[1])
        else:
            block.name, block.position = text, ""
        index += 1


_STOP = _FUNCTION_WORDS | _ROLE_WORDS | {"china", "chinese", "national", "international", "global", "world"}


def _stem(word: str) -> str:
    word = word.lower().strip("'’.-")
    return word[:6] if len(word) > 6 else word


def _tokens(text: str) -> set[str]:
    return {_stem(word) for word in _words(text) if word.lower() not in _STOP and len(word) >= 3}


def _bigrams(text: str) -> set[tuple[str, str]]:
    words = [_stem(word) for word in _words(text)]
    return {pair for pair in zip(words, words[1:], strict=False) if not set(pair) & {"and", "of", "the"}}


def _articles(proposal: Proposal) -> list[ProposedArticle]:
    """Articles in order, with their body blocks and the bylines attached to them."""
    articles: list[ProposedArticle] = []
    section, section_line = None, 0
    pending_bylines: list[Block] = []
    for block in proposal.blocks:
        if block.role == Role.SECTION:
            section, section_line = _plain(block.text(proposal.language)), block.number
        elif block.role == Role.TITLE:
            article = ProposedArticle(title=block, section=section, section_line=section_line)
            article.bylines.extend(pending_bylines)
            pending_bylines = []
            articles.append(article)
        elif block.role == Role.BYLINE:
            if block.attach == NEXT or not articles:
                pending_bylines.append(block)
            else:
                articles[-1].bylines.append(block)
        elif articles and block.role in (Role.BODY, Role.LIST, Role.HEADING, Role.CAPTION, Role.SUBTITLE):
            articles[-1].blocks.append(block)
    if pending_bylines and articles:
        articles[-1].bylines.extend(pending_bylines)
    return articles


def _attach_bylines(proposal: Proposal) -> None:
    """Decide, for every byline between two articles, which one it signs (see module docstring)."""
    blocks = proposal.blocks
    title_indexes = [index for index, block in enumerate(blocks) if block.role == Role.TITLE]
    if not title_indexes:
        return
    texts: dict[int, str] = {}  # title index -> its article's title and body text
    current = None
    for index, block in enumerate(blocks):
        if block.role == Role.TITLE:
            current = index
            texts[current] = _plain(block.raw)
        elif current is not None and block.role in (Role.BODY, Role.LIST, Role.HEADING, Role.CAPTION):
            texts[current] += " " + _plain(block.raw)
    documents = len(texts)
    frequency = Counter(token for text in texts.values() for token in _tokens(text))
    token_sets = {index: _tokens(text) for index, text in texts.items()}
    bigram_sets = {index: _bigrams(text) for index, text in texts.items()}

    def evidence(byline: Block, article: int) -> tuple[float, list[str]]:
        words = f"{byline.position} {byline.name if byline.organization else ''}"
        found = sorted(_tokens(words) & token_sets[article])
        score = sum(math.log((documents + 1) / (frequency[token] + 0.5)) for token in found)
        pairs = _bigrams(words) & bigram_sets[article]
        return score + 1.5 * len(pairs), found

    ambiguous: list[tuple[Block, int, int]] = []  # byline, previous article, next article
    signed: Counter = Counter()
    for index, block in enumerate(blocks):
        if block.role != Role.BYLINE:
            continue
        before = [title for title in title_indexes if title < index]
        after = [title for title in title_indexes if title > index]
        neighbour = next((blocks[other] for other in range(index - 1, -1, -1) if blocks[other].role != Role.SKIP), None)
        if not before:
            block.attach, block.attach_confidence, block.attach_reason = NEXT, 0.95, "before the first article"
        elif not after:
            block.attach, block.attach_confidence, block.attach_reason = PREVIOUS, 0.9, "after the last article"
        elif neighbour is not None and neighbour.role in (Role.TITLE, Role.SUBTITLE):
            block.attach, block.attach_confidence, block.attach_reason = PREVIOUS, 0.95, "right under the title"
        elif block.organization:
            block.attach, block.attach_confidence = PREVIOUS, block.confidence
            block.attach_reason = "an organisation signs the text above it"
        else:
            ambiguous.append((block, before[-1], after[0]))
            continue
        signed[_target(title_indexes, index, block.attach)] += 1
    if not ambiguous:
        return

    prior = {PREVIOUS: 0.15, NEXT: 0.0}  # a signature under the text is the commoner layout
    states = (PREVIOUS, NEXT)
    local = []
    reasons = []
    for byline, previous_article, next_article in ambiguous:
        scores, why = {}, {}
        for state, article in ((PREVIOUS, previous_article), (NEXT, next_article)):
            score, found = evidence(byline, article)
            scores[state] = score + prior[state] - 1.0 * signed[article]
            why[state] = found
        local.append(scores)
        reasons.append(why)

    def target(position: int, state: str) -> int:
        return ambiguous[position][1] if state == PREVIOUS else ambiguous[position][2]

    def pair(position: int, before_state: str, state: str) -> float:
        return -1.0 if position and target(position - 1, before_state) == target(position, state) else 0.0

    count = len(ambiguous)
    forward = [dict.fromkeys(states, 0.0) for _ in range(count)]
    backward = [dict.fromkeys(states, 0.0) for _ in range(count)]
    for position in range(count):
        for state in states:
            best = max((forward[position - 1][s] + pair(position, s, state) for s in states), default=0.0)
            forward[position][state] = local[position][state] + (best if position else 0.0)
    for position in range(count - 2, -1, -1):
        for state in states:
            backward[position][state] = max(
                pair(position + 1, state, s) + local[position + 1][s] + backward[position + 1][s] for s in states
            )
    for position, (byline, previous_article, next_article) in enumerate(ambiguous):
        marginal = {state: forward[position][state] + backward[position][state] for state in states}
        choice = max(states, key=lambda state: marginal[state])
        margin = abs(marginal[PREVIOUS] - marginal[NEXT])
        byline.attach = choice
        byline.attach_confidence = round(1 / (1 + math.exp(-2 * margin)), 2)
        found = reasons[position][choice]
        article = blocks[previous_article if choice == PREVIOUS else next_article]
        where = "above" if choice == PREVIOUS else "below"
        byline.attach_reason = (
            f"the position's words {', '.join(found)} appear in “{_plain(article.raw)}” {where}"
            if found
            else f"signs the article {where}: its neighbours' bylines leave that one unsigned"
        )


def _target(title_indexes: list[int], index: int, attach: str) -> int | None:
    before = [title for title in title_indexes if title < index]
    after = [title for title in title_indexes if title > index]
    if attach == NEXT:
        return after[0] if after else None
    return before[-1] if before else None


# ------------------------------------------------------------------ kinds


def _propose_kinds(proposal: Proposal) -> None:
    for article in proposal.articles():
        title = article.title
        text = " ".join(_plain(block.raw) for block in article.blocks)
        lists = [block for block in article.blocks if block.role == Role.LIST]
        people = [byline for byline in article.bylines if not byline.organization]
        first_text = next((block.number for block in article.blocks if block.role != Role.SUBTITLE), title.number)
        signed_below = [byline for byline in people if byline.attach == PREVIOUS and byline.number > first_text]
        signed_above = [byline for byline in people if byline.attach == NEXT]
        first_person = len(_FIRST_PERSON.findall(text))
        if any(byline.organization for byline in article.bylines) or _LETTER_CUES.match(text):
            kind, confidence, reason = EDITORIAL_LETTER, 0.6, "a letter signed by an organisation"
        elif lists and _REPORT_CUES.search(text):
            kind, confidence, reason = REPORT, 0.6, "a list with a report's findings"
        elif signed_below:
            kind, confidence, reason = OPINION, 0.6, "signed by a person under the text"
        elif signed_above and any(
            _tokens(byline.position) & _tokens(text) - _tokens(" ".join(_ROLE_WORDS)) for byline in signed_above
        ):
            kind, confidence, reason = MEMBER_STATEMENT, 0.55, "signed above by someone speaking for an organisation"
        elif signed_above:
            kind, confidence, reason = OPINION, 0.45, "signed by a person above the title"
        elif first_person >= 2:
            kind, confidence, reason = MEMBER_STATEMENT, 0.4, "unsigned, in the first person (we, our, I)"
        else:
            kind, confidence, reason = NEWS, 0.5, "unsigned report in the third person"
        title.kind, title.kind_confidence, title.kind_reason = kind, confidence, reason


# ------------------------------------------------------------------ document


def _markdown_paragraph(text: str) -> str:
    """A paragraph as Markdown that stays a paragraph (a leading "2022." or "#" is escaped)."""
    if match := re.match(r"^(\d{1,9})([.)])(\s)", text):
        return f"{match[1]}\\{match[2]}{match[3]}{text[match.end() :]}"
    if re.match(r"^(?:[#>+=]|[-*_]{3,}\s*$|[-*+]\s)", text):
        return "\\" + text
    return text


def _body(article: ProposedArticle, language: str) -> tuple[str, str]:
    """The article's Markdown body and standfirst, with cut paragraphs and list items joined."""
    parts: list[str] = []  # Markdown blocks
    standfirst = ""
    items: list[str] | None = None
    paragraph: str | None = None

    def flush_paragraph():
        nonlocal paragraph
        if paragraph is not None:
            parts.append(_markdown_paragraph(paragraph))
            paragraph = None

    def flush_list():
        nonlocal items
        if items:
            parts.append("\n".join(f"- {item}" for item in items))
        items = None

    for block in article.blocks:
        text = block.text(language)
        if block.role == Role.SUBTITLE:
            standfirst = healing.join(standfirst, _plain(text), language=language) if standfirst else _plain(text)
        elif block.role == Role.LIST:
            flush_paragraph()
            block_items = [item for item, _ in _list_items(block, language)] if block.bulleted else [text]
            if block.join and items:
                items[-1] = healing.join(items[-1], block_items[0], language=language)
                block_items = block_items[1:]
            items = (items or []) + block_items
        elif block.role == Role.BODY:
            flush_list()
            if block.join and paragraph is not None:
                paragraph = healing.join(paragraph, text, language=language)
            else:
                flush_paragraph()
                paragraph = text
        elif block.role == Role.HEADING:
            flush_paragraph()
            flush_list()
            parts.append("#### " + _plain(text))
        elif block.role == Role.CAPTION:
            flush_paragraph()
            flush_list()
            parts.append(f"*{_plain(text)}*")
    flush_paragraph()
    flush_list()
    return "\n\n".join(parts), standfirst


def _by_line_entries(text: str) -> list[tuple[str, str]]:
    """ "A, Position; B, Position" (a "By …" line naming several authors): (name, position) each,
    split at semicolons and then at each entry's first comma, as issue files write them."""
    entries = []
    for entry in text.split(";"):
        name, _, position = entry.partition(",")
        if name.strip():
            entries.append((name.strip(), position.strip()))
    return entries or [(text.strip(), "")]


def _byline_entries(article: ProposedArticle) -> list[BylineEntry]:
    entries = [
        entry
        for byline in article.bylines
        if byline.name
        for entry in [
            BylineEntry(name=byline.name, position=byline.position, organization=byline.organization),
            *(BylineEntry(name=name, position=position) for name, position in byline.co_authors),
        ]
    ]
    if article.title.credit and article.title.credit.casefold() not in {entry.name.casefold() for entry in entries}:
        entries.append(BylineEntry(name=article.title.credit, organization=True))
    return entries


def _document(proposal: Proposal) -> IssueDocument:
    language = proposal.language
    document = IssueDocument(language=None)
    colophon: list[Block] = []
    for block in proposal.blocks:
        text = _plain(block.text(language))
        if block.role == Role.ISSUE_TITLE and not document.title:
            document.title, document.title_line = text, block.number
        elif block.role == Role.ISSUE_TITLE:
            document.title = f"{document.title} {text}"
        elif block.role == Role.ISSUE_SUBTITLE:
            document.subtitle = f"{document.subtitle} {text}".strip()
        elif block.role == Role.HEADLINE:
            items = _list_items(block, language) if block.bulleted else [(text, block.line_numbers)]
            for item, numbers in items:
                document.headlines.append(HeadlineEntry(text=_plain(item).removeprefix("◆").strip(), line=numbers[0]))
        elif block.role == Role.COLOPHON:
            colophon.append(block)
    if colophon:
        paragraphs: list[str] = []
        for block in colophon:
            text = block.text(language)
            if block.join and paragraphs:
                paragraphs[-1] = healing.join(paragraphs[-1], text, language=language)
            else:
                paragraphs.append(_markdown_paragraph(text))
        document.colophon = "\n\n".join(paragraphs)
    for article in proposal.articles():
        body, standfirst = _body(article, language)
        entry = ArticleEntry(
            title=_plain(article.title.text(language)),
            line=article.title.number,
            section=article.section,
            section_line=article.section_line,
            bylines=_byline_entries(article),
            body=body,
            kind=article.title.kind,
            standfirst=standfirst,
        )
        if article.bylines:
            entry.byline_line = article.bylines[0].number
        document.articles.append(entry)
    document.healed = sum(
        1 for block in proposal.blocks if block.join and block.role in (Role.BODY, Role.LIST, Role.COLOPHON)
    )
    if not document.articles:
        raise IssueFileError("no article title was found in the text; mark at least one block as a title")
    return document


# ------------------------------------------------------------------ text


def looks_like_issue_file(text: str) -> bool:
    """Markdown issue files have `## ` article headings; text extracted from a PDF has none."""
    return any(line.startswith("## ") for line in text.splitlines())


def describe(proposal: Proposal) -> list[str]:
    """The proposal as printed by `import_issue --dry-run`: one line per block, with line numbers and confidences."""
    out = []
    titles = {block.number: block for block in proposal.titles()}
    articles = proposal.articles()
    owner = {byline.number: article.title for article in articles for byline in article.bylines}
    for block in proposal.blocks:
        lines = block.line_numbers
        where = f"{lines[0]}" if len(lines) == 1 else f"{lines[0]}-{lines[-1]}"
        role = block.role.value + (" +join" if block.join else "")
        excerpt = " ".join(block.raw.split())
        excerpt = excerpt if len(excerpt) <= 70 else excerpt[:69] + "…"
        out.append(f"{where:>9}  {role:<16} {block.confidence:.2f}  {excerpt}")
        if block.number in titles and block.kind:
            out.append(f"{'':>9}  {'':<16} {block.kind_confidence:.2f}  kind: {block.kind} ({block.kind_reason})")
        if block.role == Role.BYLINE:
            article = owner.get(block.number)
            signs = f"signs “{_plain(article.raw)}” (line {article.number})" if article else "signs no article"
            out.append(f"{'':>9}  {'':<16} {block.attach_confidence:.2f}  {signs}: {block.attach_reason}")
    return out
