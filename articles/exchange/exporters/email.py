"""An HTML e-mail: table layout with inline styles, plus a plain-text alternative (one .eml file)."""

import html
import re
import textwrap
from email.utils import formataddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils.html import strip_tags

from articles.exchange.exporters.base import DRAFT_LABEL, Exporter, ExportIssue, register
from core.validators import one_line

# E-mail clients drop <style>; every element the sanitized body HTML can contain gets its style inline.
BODY_STYLES = {
    "p": "margin:0 0 14px 0;font-family:Georgia,'Times New Roman',serif;font-size:16px;line-height:1.5;color:#1f2328;",
    "a": "color:#0b5cad;text-decoration:underline;",
    "ul": "margin:0 0 14px 0;padding-left:22px;",
    "ol": "margin:0 0 14px 0;padding-left:22px;",
    "li": "margin:0 0 6px 0;font-family:Georgia,'Times New Roman',serif;font-size:16px;line-height:1.5;",
    "blockquote": "margin:0 0 14px 0;padding-left:12px;border-left:3px solid #d0d7de;color:#57606a;",
    "h4": "margin:18px 0 8px 0;font-family:Arial,Helvetica,sans-serif;font-size:17px;",
    "table": "border-collapse:collapse;margin:0 0 14px 0;",
    "td": "border:1px solid #d0d7de;padding:4px 8px;",
    "th": "border:1px solid #d0d7de;padding:4px 8px;text-align:left;",
    "pre": "white-space:pre-wrap;font-family:monospace;font-size:13px;background:#f6f8fa;padding:8px;",
}
_OPEN_TAG = re.compile(r"<(p|a|ul|ol|li|blockquote|h4|table|td|th|pre)([ >])")


def inline_styles(sanitized_html: str) -> str:
    """Add style attributes to the opening tags of already-sanitized HTML (tags carry no style of their own)."""
    return _OPEN_TAG.sub(lambda m: f'<{m[1]} style="{BODY_STYLES[m[1]]}"{m[2]}', sanitized_html)


def _link_text(match: re.Match) -> str:
    href, label = html.unescape(match[1]), match[2]
    return label if html.unescape(strip_tags(label)) in (href, href.split("://", 1)[-1]) else f"{label} ({href})"


_BLOCK = r"(?:p|ul|ol|li|blockquote|h\d|table|thead|tbody|tr|td|th|pre|hr)"
_LAYOUT = re.compile(rf"(</?{_BLOCK}[^>]*>)\s*\n\s*")  # newlines between block tags are layout
_PRE = re.compile(r"<pre[^>]*>(.*?)</pre>", re.DOTALL)
VERBATIM = "\x02"  # marks a line of code in the plain text: never wrapped (removed by wrap_text)
WIDTH = 72


def _inline_text(fragment: str) -> str:
    text = re.sub(r'<a [^>]*href="([^"]*)"[^>]*>(.*?)</a>', _link_text, fragment, flags=re.DOTALL)
    text = text.replace("\n", " ")  # soft line breaks inside a paragraph
    text = re.sub(r"<br\s*/?>", "\n", text)
    text = re.sub(r"</p>\s*</li>", "</li>", text)  # a loose list item is still one line
    text = re.sub(r"<li[^>]*>", "- ", text)
    text = re.sub(r"</li>", "\n", text)
    text = re.sub(rf"</{_BLOCK}>", "\n\n", text)
    return html.unescape(strip_tags(text))


def plain_text(sanitized_html: str) -> str:
    """Readable text from sanitized body HTML: paragraphs apart, list items on consecutive lines."""
    source = _LAYOUT.sub(r"\1", sanitized_html)
    parts, position = [], 0
    for match in _PRE.finditer(source):
        parts.append(_inline_text(source[position : match.start()]))
        code = html.unescape(strip_tags(match[1])).rstrip("\n")
        parts.append("\n\n" + "\n".join(VERBATIM + line for line in code.split("\n")) + "\n\n")
        position = match.end()
    parts.append(_inline_text(source[position:]))
    text = "\n".join(line.strip() if not line.startswith(VERBATIM) else line for line in "".join(parts).split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def wrap_text(text: str, width: int = WIDTH) -> str:
    """Lines wrapped at `width` (list items with a hanging indent); URLs and code are never broken."""
    out = []
    for line in text.split("\n"):
        if line.startswith(VERBATIM):
            out.append(line.removeprefix(VERBATIM))
            continue
        indent = "  " if line.startswith(("- ", "◆ ")) else ""
        wrapped = textwrap.wrap(
            line, width=width, subsequent_indent=indent, break_long_words=False, break_on_hyphens=False
        )
        out += wrapped or [""]
    return "\n".join(out)


@register
class EmailExporter(Exporter):
    name = "email"
    label = "HTML e-mail with plain-text alternative (.eml)"
    extension = "eml"
    content_type = "message/rfc822"

    def render(self, export: ExportIssue) -> bytes:
        articles = [
            {"item": item, "html": inline_styles(item.body_html), "text": plain_text(item.body_html)}
            for item in export.articles
        ]
        groups, by_article = [], {id(entry["item"]): entry for entry in articles}
        for section, items in export.groups():
            groups.append((section, [by_article[id(item)] for item in items]))
        for entry in articles:
            entry["url"] = export.article_urls.get(entry["item"].article.pk, "")
        headlines = [
            {"text": headline.text, "url": export.article_urls.get(headline.article_id, "")}
            for headline in export.headlines
        ]
        context = {
            "export": export,
            "headlines": headlines,
            "groups": groups,
            "colophon_html": inline_styles(export.colophon_html),
            "colophon_text": plain_text(export.colophon_html),
            "draft_label": DRAFT_LABEL,
        }
        subject = ("[DRAFT] " if export.draft else "") + f"{export.title} – {export.label}"
        message = EmailMultiAlternatives(
            subject=subject,
            body=wrap_text(render_to_string("exchange/issue_email.txt", context)),
            from_email=formataddr((one_line(export.publication.name), settings.DEFAULT_FROM_EMAIL)),
        )
        message.attach_alternative(render_to_string("exchange/issue_email.html", context), "text/html")
        return message.message().as_bytes()
