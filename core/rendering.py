"""Markdown source to safe HTML: one renderer for pages, feeds and exports.

markdown-it-py parses (CommonMark + tables + strikethrough, raw HTML off); nh3 then
sanitizes server-side, so no script, event handler or javascript: URL survives even if
raw HTML is ever turned on or a link target is hostile.
"""

import hashlib
import html
from functools import lru_cache

import nh3
from django.utils.html import strip_tags
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "del", "em", "h2", "h3", "h4", "h5", "h6", "hr",
    "li", "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
# Change it whenever what render_markdown() makes changes (parser options, allowed tags): HTML stored
# by an older renderer then no longer matches its source and is rendered afresh (core.fields).
RENDERER_VERSION = "1"


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
        ["table", "strikethrough"]
    )


def sanitize_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


def render_markdown(source: str) -> str:
    """Sanitized HTML for a Markdown body (empty string for empty input)."""
    if not source:
        return ""
    return sanitize_html(_parser().render(source))


def render_markdown_inline(source: str) -> str:
    """Sanitized inline HTML (no paragraph wrapper), for titles and captions."""
    if not source:
        return ""
    return sanitize_html(_parser().renderInline(source))


def markdown_to_text(source: str) -> str:
    """The words a reader sees, without markup (calendar descriptions, search excerpts)."""
    return html.unescape(strip_tags(render_markdown(source))).strip()


def fingerprint(source: str) -> str:
    """A short digest of Markdown source and of the renderer that turns it into HTML."""
    return hashlib.blake2b(f"{RENDERER_VERSION}\n{source}".encode(), digest_size=10).hexdigest()


def stored_markdown(source: str) -> str:
    """What a RenderedMarkdownField stores for `source`: its fingerprint, a colon, the sanitized HTML."""
    return f"{fingerprint(source or '')}:{render_markdown(source or '')}"
