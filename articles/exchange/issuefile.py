"""The issue file: a newsletter issue as one Markdown text (see docs/issue-format.md).

`decode()` checks the raw bytes, `parse()` turns the text into plain dataclasses by walking
markdown-it-py's block token stream (never whole-document regexes), and `write()` produces
the canonical text again. Nothing here touches the database.

Files extracted from PDFs break paragraphs mid-sentence; `parse()` heals those breaks: a
paragraph that ends without terminal punctuation is joined to the paragraph after it.
`write()` marks the rare intentional break after an unfinished sentence with NO_HEAL so that
export -> import -> export is byte-identical.
"""

from __future__ import annotations

import datetime as dt
import re
import string
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from articles.exchange import healing

MAX_FILE_BYTES = 2 * 1024 * 1024  # 2 MiB: a 200-article issue is about 500 KB.
# An issue's size: real newsletters have tens of articles; the issue and article pages are checked (query
# counts) and the admin measured up to these. A file within 2 MiB could otherwise hold 100,000 headlines.
MAX_ARTICLES = 300
MAX_HEADLINES = 300
FRONT_MATTER_KEYS = ("publication", "number", "date", "language", "draft")
HEADLINES_HEADING = "Headlines"
HEADLINE_MARKER = "◆"
NO_HEAL = "<!-- no-heal -->"
# An article's kind (an ArticleKind value), on its own line under the heading and byline.
KIND_MARKER = re.compile(r"^<!--\s*kind:\s*([A-Za-z_]+)\s*-->$")

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"'})


class IssueFileError(ValueError):
    """A problem with an issue file; `line` is 1-based, or None when no line applies."""

    def __init__(self, message: str, *, line: int | None = None):
        self.message = message
        self.line = line
        super().__init__(f"Line {line}: {message}" if line else message)


@dataclass
class BylineEntry:
    name: str
    position: str = ""
    organization: bool = False  # known to name an organization (text import); else matched by name


@dataclass
class HeadlineEntry:
    text: str
    line: int = 0


@dataclass
class ArticleEntry:
    title: str
    line: int = 0
    section: str | None = None
    bylines: list[BylineEntry] = field(default_factory=list)
    body: str = ""
    section_line: int = 0  # the line of its section's `###` heading
    byline_line: int = 0
    kind: str = ""  # an ArticleKind value; empty: news for a new article, kept on replace
    kind_line: int = 0
    standfirst: str = ""


@dataclass
class IssueDocument:
    publication: str | None = None
    number: str | None = None
    date: dt.date | None = None
    language: str | None = None
    draft: bool = False
    title: str = ""
    subtitle: str = ""
    headlines: list[HeadlineEntry] = field(default_factory=list)
    articles: list[ArticleEntry] = field(default_factory=list)
    colophon: str = ""
    healed: int = 0
    title_line: int = 0
    lines: dict[str, int] = field(default_factory=dict)  # front-matter key -> its line

    @property
    def sections(self) -> list[str]:
        """Section titles in order of first appearance."""
        seen: list[str] = []
        for article in self.articles:
            if article.section and article.section not in seen:
                seen.append(article.section)
        return seen


def normalise_title(text: str) -> str:
    """Compare titles ignoring case, quote style and spacing."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    return " ".join(text.split())


def ends_sentence(text: str) -> bool:
    return healing.ends_sentence(text)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # Same dialect as core.rendering (CommonMark, raw HTML off) so structure matches what renders.
    return MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


# ---------------------------------------------------------------- bytes -> text


def check_size(size: int, head: bytes) -> None:
    """Refuse a file of `size` bytes over the limit; `head` is its start (the line where the limit falls).

    Callers that know the size before reading (the command, the admin upload) read only the head.
    """
    if size > MAX_FILE_BYTES:
        line = head[:MAX_FILE_BYTES].count(b"\n") + 1
        raise IssueFileError(f"the file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,} bytes (2 MiB)", line=line)


def _wide_encoding(data: bytes) -> str | None:
    """ "UTF-32" or "UTF-16" for text in those encodings (by byte-order mark or where its NUL bytes are), else None."""
    # UTF-32's little-endian mark starts with UTF-16's, so it is checked first.
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    sample = data[:4096]
    quads, pairs = len(sample) // 4, len(sample) // 2
    # Mostly Latin text: in UTF-32 the two middle bytes of every four are NUL (either byte order) ...
    if quads >= 2 and min(sample[1::4].count(0), sample[2::4].count(0)) >= quads * 0.6:
        return "UTF-32"
    # ... in UTF-16 every other byte is.
    if pairs >= 2 and max(sample[0::2].count(0), sample[1::2].count(0)) >= pairs * 0.6:
        return "UTF-16"
    return None


def decode(data: bytes) -> str:
    """Check size, binary content and encoding; return the text with \\n line ends."""
    check_size(len(data), data)
    if data.startswith(b"PK\x03\x04"):
        raise IssueFileError(
            "this is a ZIP/Word/OpenDocument file (.docx, .odt…), not a text issue file; save it as plain text (UTF-8)",
            line=1,
        )
    if encoding := _wide_encoding(data):
        raise IssueFileError(f"the file is {encoding}; save it as UTF-8", line=1)
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise IssueFileError("the file is binary (it contains NUL bytes), not an issue text file", line=line)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise IssueFileError(f"the file is not valid UTF-8 (byte 0x{data[error.start]:02x})", line=line) from None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise IssueFileError("the file is empty", line=1)
    return text


# ---------------------------------------------------------------- blocks


@dataclass
class Block:
    """One top-level Markdown block with its source text."""

    kind: str  # paragraph, heading, bullet_list, ordered_list, hr, other
    text: str
    line: int  # 1-based
    level: int = 0  # heading level
    inline: str = ""  # heading / paragraph inline source
    children: list[Token] = field(default_factory=list)  # paragraph inline children
    items: list[str] = field(default_factory=list)  # list items' inline text
    item_lines: list[int] = field(default_factory=list)  # each list item's first line (1-based)
    start: int = 1  # ordered list start
    keep: bool = False  # an intentional break follows (NO_HEAL)
    ending: str = ""  # plain text of the block's last inline, for healing (decoration ignored)
    markup: str = ""  # a code fence's opening marker


def _source_only(lines: list[str], start: int, end: int, offset: int) -> Block | None:
    """Lines no token covers: link reference definitions (markdown-it emits no token for them)."""
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return Block(kind="other", text="\n".join(lines[start:end]), line=start + 1 + offset) if start < end else None


def _blocks(lines: list[str], tokens: list[Token], offset: int = 0) -> list[Block]:
    blocks: list[Block] = []
    covered = 0  # lines before this index belong to a block already
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.level != 0 or token.nesting == -1 or token.map is None:
            i += 1
            continue
        start, end = token.map
        if start > covered and (gap := _source_only(lines, covered, start, offset)):
            blocks.append(gap)
        covered = max(covered, end)
        while end > start + 1 and not lines[end - 1].strip():
            end -= 1
        text = "\n".join(lines[start:end])
        block = Block(kind="other", text=text, line=start + 1 + offset)
        if token.type == "heading_open":
            block.kind, block.level, block.inline = "heading", int(token.tag[1]), tokens[i + 1].content
            block.children = tokens[i + 1].children or []
        elif token.type == "paragraph_open":
            block.kind, block.inline = "paragraph", tokens[i + 1].content
            block.children = tokens[i + 1].children or []
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            block.kind = token.type.removesuffix("_open")
            block.start = int(token.attrs.get("start", 1)) if token.type == "ordered_list_open" else 1
        elif token.type == "hr":
            block.kind = "hr"
        elif token.type == "fence":
            block.kind, block.markup = "fence", token.markup
        if token.nesting == 1:
            depth, j = 0, i
            while True:
                t = tokens[j]
                if t.type == "list_item_open" and t.level == 1:
                    block.items.append("")
                    block.item_lines.append((t.map[0] if t.map else start) + 1 + offset)
                elif t.type == "inline" and block.items and t.level == 3 and not block.items[-1]:
                    block.items[-1] = " ".join(t.content.split("\n"))
                if t.type == "inline":
                    block.ending = _plain(t.children or [])
                depth += t.nesting
                if depth == 0:
                    break
                j += 1
            i = j
        blocks.append(block)
        i += 1
    if covered < len(lines) and (gap := _source_only(lines, covered, len(lines), offset)):
        blocks.append(gap)
    return blocks


def _joinable(previous: Block, block: Block) -> bool:
    """A paragraph cut mid-sentence continues in the next paragraph.

    A one-item ordered list numbered other than 1 right after an unfinished sentence is a
    paragraph that begins with a number ("2022. According to ...") in a PDF extract.
    """
    # Judged on the text, not the source: "*Photo: Xinhua.*" or "**Contact:**" ends a sentence.
    if previous.kind != "paragraph" or previous.keep or ends_sentence(previous.ending):
        return False
    if block.kind == "paragraph":
        return block.text.strip() != NO_HEAL
    return block.kind == "ordered_list" and len(block.items) == 1 and block.start != 1


def _heal_lines(text: str, language: str) -> str:
    """Inside one paragraph: a word hyphenated at a line end (`interna-⏎tional`) and a line break
    between two CJK characters (which a browser shows as a space) are joined; see `healing.join`."""
    lines = text.split("\n")
    out = [lines[0]]
    for line in lines[1:]:
        previous, current = out[-1].rstrip(), line.lstrip()
        cjk = previous and current and healing.is_cjk(previous[-1]) and healing.is_cjk(current[0])
        hyphen = previous.endswith("-") and current[:1].isalpha() and not previous.endswith("\\")
        if cjk or hyphen:
            out[-1] = healing.join(previous, current, language=language)
        else:
            out.append(line)
    return "\n".join(out)


def _heal(blocks: list[Block], language: str = "en") -> tuple[list[Block], int]:
    healed, out = 0, []
    for block in blocks:
        if block.kind == "paragraph" and block.text.strip() == NO_HEAL:
            if out:
                out[-1].keep = True
            continue
        text = _heal_lines(block.text, language) if block.kind == "paragraph" else block.text
        if out and _joinable(out[-1], block):
            out[-1].text = healing.join(out[-1].text, text, language=language)
            out[-1].ending = block.ending
            healed += 1
            continue
        out.append(Block(kind=block.kind, text=text, line=block.line, ending=block.ending))
    return out, healed


def _join(blocks: list[Block]) -> str:
    return "\n\n".join(block.text for block in blocks)


_CLOSING_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})[ \t]*$")


def _canonical_lines(lines: list[str], tokens: list[Token]) -> list[str]:
    """Lines without trailing whitespace, except where it is code, and with hard breaks kept.

    A break written as two trailing spaces becomes a backslash: editors strip trailing spaces.
    """
    verbatim: set[int] = set()
    hard: set[int] = set()
    broken: set[int] = set()  # lines followed by a soft or hard break inside one paragraph
    for token in tokens:
        if token.map is None:
            continue
        start, end = token.map
        if token.type in ("fence", "code_block"):
            verbatim.update(range(start, end))
        elif token.type == "inline":
            breaks = [child.type == "hardbreak" for child in token.children or [] if child.type.endswith("break")]
            if len(breaks) == end - start - 1:
                hard.update(start + index for index, is_hard in enumerate(breaks) if is_hard)
                broken.update(range(start, end - 1))
            else:  # a code span across lines hides the breaks: leave these lines alone
                verbatim.update(range(start, end))
    out = []
    for index, line in enumerate(lines):
        stripped = line.rstrip()
        if index in verbatim or (index in broken and stripped.endswith("\\")):
            out.append(line)  # stripping would turn a literal backslash into a break (or "\\" into an escape)
        elif index in hard and stripped != line:
            out.append(stripped + "\\")
        else:
            out.append(stripped)
    return out


def _closed_fence(block: Block) -> bool:
    lines = block.text.split("\n")
    match = _CLOSING_FENCE.match(lines[-1]) if len(lines) > 1 else None
    return bool(match) and match[1][0] == block.markup[0] and len(match[1]) >= len(block.markup)


def canonical_markdown(source: str) -> str:
    """A body or colophon as the canonical file writes it (see module docstring).

    Headings of levels 1-3 are the file's structure, so body headings are written as level 4;
    a `---` rule would start the colophon, so body rules are written as `***`; an unclosed
    code fence would swallow the rest of the file, so it is closed; an intentional break after
    an unfinished sentence gets a NO_HEAL line so that import keeps it. Link reference
    definitions stay where they are.
    """
    source = source.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    if not source.strip():
        return ""
    tokens = _parser().parse(source)
    blocks = _blocks(_canonical_lines(source.split("\n"), tokens), tokens)
    for block in blocks:
        if block.kind == "heading" and block.level <= 3:
            block.text = "#### " + block.inline
        elif block.kind == "hr":
            block.text = "***"
        elif block.kind == "fence" and not _closed_fence(block):
            block.text += "\n" + block.markup
    parts: list[str] = []
    for index, block in enumerate(blocks):
        parts.append(block.text)
        if index + 1 < len(blocks) and _joinable(block, blocks[index + 1]):
            parts.append(NO_HEAL)
    return "\n\n".join(parts)


# ---------------------------------------------------------------- text -> document


def _plain(children: list[Token]) -> str:
    """Inline text without decoration (emphasis markers dropped, escapes resolved)."""
    return "".join(
        child.content if child.type != "softbreak" else " "
        for child in children
        if child.type in ("text", "code_inline", "softbreak")
    ).strip()


def _byline(block: Block) -> list[BylineEntry] | None:
    """`*By Name, Position; Organization*` -> entries; None if the block is not a byline line."""
    children = [child for child in block.children if not (child.type == "text" and not child.content.strip())]
    if block.kind != "paragraph" or len(children) < 3:
        return None
    if children[0].type != "em_open" or children[-1].type != "em_close":
        return None
    inner = block.inline.strip()[1:-1].strip()
    if not inner.lower().startswith("by "):
        return None
    return _byline_entries(inner[3:])


def _byline_entries(source: str) -> list[BylineEntry]:
    """Entries split at `;`, each at its first `,`; backslash escapes (`\\,` `\\;`) are literal text."""
    entries: list[list[str]] = []
    fields: list[str] = []
    current: list[str] = []
    chars = iter(source)
    for char in chars:
        if char == "\\":
            escaped = next(chars, "")
            current.append(escaped if escaped and escaped in string.punctuation else char + escaped)
        elif char == ";":
            entries.append([*fields, "".join(current)])
            fields, current = [], []
        elif char == "," and not fields:
            fields, current = ["".join(current)], []
        else:
            current.append(char)
    entries.append([*fields, "".join(current)])
    return [
        BylineEntry(name=" ".join(name.split()), position=" ".join(rest[0].split()) if rest else "")
        for name, *rest in entries
        if name.strip()
    ]


def _heading_title(source: str) -> str:
    """A title from its heading source; the writer escapes a trailing `#` (see `_heading`)."""
    title = source.strip()
    return title[:-2] + "#" if title.endswith("\\#") else title


def _date(value: str, line: int | None) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise IssueFileError(f"invalid date {value.strip()!r}: write it as YYYY-MM-DD", line=line) from None


def parse_date(value: str) -> dt.date:
    """A YYYY-MM-DD date from a command option or form field."""
    return _date(value, None)


def _front_matter(lines: list[str], document: IssueDocument) -> None:
    """Read and blank out the optional front matter (lines keep their numbers)."""
    first = next((index for index, line in enumerate(lines) if line.strip()), None)
    if first is None or lines[first].strip() != "---":
        return
    close = next((index for index in range(first + 1, len(lines)) if lines[index].strip() == "---"), None)
    if close is None:
        raise IssueFileError("the front matter that starts here has no closing '---' line", line=first + 1)
    for index in range(first + 1, close):
        line = lines[index]
        if not line.strip():
            continue
        key, colon, value = line.partition(":")
        key, value = key.strip().lower(), value.strip()
        if not colon or not key:
            raise IssueFileError(f"front matter lines are 'key: value', not {line.strip()!r}", line=index + 1)
        if key not in FRONT_MATTER_KEYS:
            allowed = ", ".join(FRONT_MATTER_KEYS)
            raise IssueFileError(f"unknown front-matter key {key!r} (allowed: {allowed})", line=index + 1)
        if key in document.lines:
            first_line = document.lines[key]
            raise IssueFileError(
                f"the front-matter key {key!r} is given twice (lines {first_line} and {index + 1}); keep one",
                line=index + 1,
            )
        document.lines[key] = index + 1
        if key == "date":
            document.date = _date(value, index + 1)
        elif key == "draft":
            if value.lower() not in ("true", "false", "yes", "no"):
                raise IssueFileError(f"draft is true or false, not {value!r}", line=index + 1)
            document.draft = value.lower() in ("true", "yes")
        else:
            setattr(document, key, value or None)
    for index in range(first, close + 1):
        lines[index] = ""


def parse(text: str) -> IssueDocument:
    """Parse issue-file text (already decoded) into an IssueDocument; raises IssueFileError."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise IssueFileError("the file is empty", line=1)
    document = IssueDocument()
    lines = text.split("\n")
    _front_matter(lines, document)
    blocks = _blocks(lines, _parser().parse("\n".join(lines)))

    title_line = None
    in_headlines = headlines_seen = False
    article: ArticleEntry | None = None
    article_blocks: list[tuple[ArticleEntry, list[Block]]] = []
    section: str | None = None
    section_line = 0
    seen_titles: dict[str, int] = {}
    byline_allowed = False
    colophon_blocks: list[Block] | None = None

    for block in blocks:
        if colophon_blocks is not None:
            colophon_blocks.append(block)
            continue
        if block.kind == "hr" and set(block.text.replace(" ", "")) == {"-"}:
            colophon_blocks = []
            continue
        expecting_byline, byline_allowed = byline_allowed, False
        if block.kind == "heading" and block.level == 1:
            if title_line is not None or article_blocks:
                where = f"line {title_line}" if title_line else "after the articles"
                raise IssueFileError(f"a second issue title ('# ') ({where} already has one)", line=block.line)
            title_line, document.title = block.line, _heading_title(block.inline)
            document.title_line = block.line
            in_headlines, article = False, None
        elif block.kind == "heading" and block.level == 2:
            title = _heading_title(block.inline)
            if title.casefold() == HEADLINES_HEADING.casefold() and not article_blocks and not headlines_seen:
                in_headlines = headlines_seen = True
                article = None
                continue
            in_headlines = False
            key = normalise_title(title)
            if not key:
                raise IssueFileError("an article heading ('## ') without a title", line=block.line)
            if key in seen_titles:
                raise IssueFileError(
                    f"two articles have the title {title!r} (first at line {seen_titles[key]})", line=block.line
                )
            seen_titles[key] = block.line
            article = ArticleEntry(title=title, line=block.line, section=section, section_line=section_line)
            article_blocks.append((article, []))
            byline_allowed = True
        elif block.kind == "heading" and block.level == 3:
            section = _plain(block.children) or block.inline.strip() or None
            section_line = block.line
            in_headlines, article = False, None
        elif in_headlines:
            if block.kind != "bullet_list":
                raise IssueFileError("only a bullet list ('- ◆Headline') may follow '## Headlines'", line=block.line)
            for item, line in zip(block.items, block.item_lines, strict=True):
                text = item.strip().removeprefix(HEADLINE_MARKER).strip()
                if text:
                    document.headlines.append(HeadlineEntry(text=text, line=line))
        elif article is None:
            if _byline(block) is not None:
                raise IssueFileError("a byline line comes before any article ('## Title')", line=block.line)
            raise IssueFileError(
                "text outside any article: put it under an article heading ('## Title')", line=block.line
            )
        else:
            entries = _byline(block) if expecting_byline else None
            kind = KIND_MARKER.match(block.text.strip()) if block.kind == "paragraph" else None
            if entries is not None:
                article.bylines, article.byline_line = entries, block.line
                byline_allowed = False
            elif kind and not article_blocks[-1][1] and not article.kind:
                article.kind, article.kind_line = kind[1].lower(), block.line
            else:
                article_blocks[-1][1].append(block)

    if not article_blocks:
        raise IssueFileError("the file has no articles ('## Title' headings)", line=len(lines))
    for entry, body_blocks in article_blocks:
        healed_blocks, healed = _heal(body_blocks, document.language or "en")
        entry.body = _join(healed_blocks)
        document.healed += healed
        document.articles.append(entry)
    if colophon_blocks:
        healed_blocks, healed = _heal(colophon_blocks, document.language or "en")
        document.colophon = _join(healed_blocks)
        document.healed += healed
    return document


def parse_bytes(data: bytes) -> IssueDocument:
    return parse(decode(data))


# ---------------------------------------------------------------- document -> text


def _escape(text: str, characters: str) -> str:
    return "".join("\\" + char if char in characters else char for char in text)


def byline_line(bylines: list[BylineEntry]) -> str:
    """`*By Name, Position; …*`; a comma in a name, a `;` anywhere, and emphasis markers are escaped."""
    special = "\\*_`;"
    entries = [
        _escape(entry.name, special + ",") + (f", {_escape(entry.position, special)}" if entry.position else "")
        for entry in bylines
    ]
    return "*By " + "; ".join(entries) + "*"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _heading(text: str) -> str:
    """A title on one line; a trailing run of `#` after a space would be read as the heading's
    closing sequence and dropped, so its last `#` is escaped."""
    text = _one_line(text)
    return text[:-1] + "\\#" if re.search(r"(^|\s|\\)#+$", text) else text


def _starts_like_byline(markdown: str) -> bool:
    blocks = _blocks(markdown.split("\n"), _parser().parse(markdown)) if markdown else []
    return bool(blocks) and _byline(blocks[0]) is not None


def write(document: IssueDocument) -> str:
    """The canonical issue-file text for a document (UTF-8, \\n line ends, one final newline)."""
    out = ["---"]
    for key in ("publication", "number"):
        if getattr(document, key):
            out.append(f"{key}: {getattr(document, key)}")
    if document.date:
        out.append(f"date: {document.date.isoformat()}")
    if document.language:
        out.append(f"language: {document.language}")
    if document.draft:
        out.append("draft: true")
    out += ["---", ""]
    if document.title.strip():
        out += [f"# {_heading(document.title)}", ""]
    first_title = _one_line(document.articles[0].title) if document.articles else ""
    # Always written when the first article is called "Headlines", or that article would be read as the list.
    if document.headlines or first_title.casefold() == HEADLINES_HEADING.casefold():
        out += [f"## {HEADLINES_HEADING}", ""]
        if document.headlines:
            out += [f"- {HEADLINE_MARKER}{_one_line(headline.text)}" for headline in document.headlines] + [""]
    section = None
    for article in document.articles:
        if article.section and article.section != section:
            out += [f"### {_heading(article.section)}", ""]
        section = article.section or section
        out.append(f"## {_heading(article.title)}")
        if article.bylines:
            bylines = [BylineEntry(_one_line(b.name), _one_line(b.position)) for b in article.bylines]
            out.append(byline_line(bylines))
        out.append("")
        if article.kind:
            out += [f"<!-- kind: {article.kind} -->", ""]
        body = canonical_markdown(article.body)
        if body and not article.bylines and _starts_like_byline(body):
            body = f"{NO_HEAL}\n\n{body}"  # keeps an emphasised "By …" opening paragraph in the body
        if body:
            out += [body, ""]
    colophon = canonical_markdown(document.colophon)
    if colophon:
        out += ["---", "", colophon, ""]
    return "\n".join(out)
