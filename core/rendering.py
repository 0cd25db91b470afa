"""Markdown source to safe HTML: one renderer for pages, feeds and exports.

markdown-it-py parses (CommonMark + tables + strikethrough, raw HTML off); nh3 then
sanitizes server-side, so no script, event handler or javascript: URL survives even if
raw HTML is ever turned on or a link target is hostile.

Images (`![Chart of results](/media/chart.png)`) are shown with their alt text when their
address is one of the site's own media or static files or an https URL; any other image is
replaced by its alt text, so the words are never lost. Where the HTML is read away from the
site (feeds, e-mail, ninjs), `Addresses(base_url=…)` makes every link and image address
absolute; the PDF export reads images from local files only (`Addresses(image_file=…)`).
"""

import hashlib
import html
import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote, urljoin, urlsplit

import nh3
from django.conf import settings
from django.utils.html import strip_tags
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "del", "em", "h2", "h3", "h4", "h5", "h6", "hr", "img",
    "li", "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "loading"},
    "td": {"align"},
    "th": {"align"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
# Change it whenever what render_markdown() makes changes (parser options, allowed tags): HTML stored
# by an older renderer then no longer matches its source and is rendered afresh (core.fields).
RENDERER_VERSION = "1"


def site_file(src: str) -> tuple[str, str] | None:
    """("media" or "static", path inside it) for an address of one of the site's own media or static
    files; None for anything else (other pages, relative paths, other hosts, `..` tricks)."""
    parts = urlsplit(src)
    if parts.scheme or parts.netloc or src.startswith("//") or "\\" in src:
        return None
    path = unquote(parts.path)
    for kind, prefix in (("media", settings.MEDIA_URL), ("static", settings.STATIC_URL)):
        if prefix.startswith("/") and path.startswith(prefix):
            relative = path[len(prefix) :]
            if relative and posixpath.normpath("/" + relative) == "/" + relative:
                return kind, relative
    return None


def image_allowed(src: str) -> bool:
    """Images may come from the site's own media and static files, or from https URLs."""
    return site_file(src) is not None or src.lower().startswith("https://")


@dataclass(frozen=True)
class Addresses:
    """How links and images of one rendering are addressed.

    `base_url`: an absolute URL (the page the text belongs to); relative link and image
    addresses are resolved against it, for HTML read away from the site (feeds, e-mail, ninjs).
    `image_file`: for the PDF export, maps an allowed site image address to a local file: URI,
    or None; images it does not map (remote ones included) are shown as their alt text, so the
    PDF never fetches anything from outside.
    """

    base_url: str = ""
    image_file: Callable[[str], str | None] | None = None

    def image_src(self, src: str) -> str | None:
        """The address to put in `src`, or None when the image is shown as its alt text."""
        if not image_allowed(src):
            return None
        if self.image_file is not None:
            return self.image_file(src)
        return urljoin(self.base_url, src) if self.base_url else src

    def link(self, href: str) -> str:
        return urljoin(self.base_url, href) if self.base_url else href


SITE = Addresses()


def _render_image(renderer, tokens, idx, options, env) -> str:
    token = tokens[idx]
    alt = renderer.renderInlineAsText(token.children or [], options, env)
    addresses: Addresses = env.get("addresses", SITE)
    if env.get("images_as_text") or addresses.image_src(token.attrGet("src") or "") is None:
        return escapeHtml(alt)
    title = token.attrGet("title")
    title_attr = f' title="{escapeHtml(title)}"' if title else ""
    # The address as written: nh3's attribute filter gives it its final form once it has checked it.
    return f'<img src="{escapeHtml(token.attrGet("src"))}" alt="{escapeHtml(alt)}"{title_attr} loading="lazy">'


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
        ["table", "strikethrough"]
    )
    parser.add_render_rule("image", _render_image)
    return parser


def sanitize_html(html: str, addresses: Addresses = SITE) -> str:
    def attribute_filter(tag: str, attribute: str, value: str) -> str | None:
        if tag == "img" and attribute == "src":
            return addresses.image_src(value)  # None drops it: not an allowed image address
        if tag == "a" and attribute == "href":
            return addresses.link(value)
        return value

    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        attribute_filter=attribute_filter,
    )


def render_markdown(source: str, *, addresses: Addresses = SITE) -> str:
    """Sanitized HTML for a Markdown body (empty string for empty input)."""
    if not source:
        return ""
    return sanitize_html(_parser().render(source, {"addresses": addresses}), addresses)


def render_markdown_inline(source: str) -> str:
    """Sanitized inline HTML (no paragraph wrapper), for titles and captions."""
    if not source:
        return ""
    return sanitize_html(_parser().renderInline(source, {"images_as_text": True}))


def markdown_to_text(source: str) -> str:
    """The words a reader sees, without markup, images as their alt text (calendar descriptions, excerpts)."""
    if not source:
        return ""
    rendered = sanitize_html(_parser().render(source, {"images_as_text": True}))
    return html.unescape(strip_tags(rendered)).strip()


def fingerprint(source: str) -> str:
    """A short digest of Markdown source and of the renderer that turns it into HTML."""
    return hashlib.blake2b(f"{RENDERER_VERSION}\n{source}".encode(), digest_size=10).hexdigest()


def stored_markdown(source: str) -> str:
    """What a RenderedMarkdownField stores for `source`: its fingerprint, a colon, the sanitized HTML."""
    return f"{fingerprint(source or '')}:{render_markdown(source or '')}"
