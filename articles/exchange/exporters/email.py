"""An HTML e-mail: table layout with inline styles, plus a plain-text alternative (one .eml file)."""

import html
import re
from email.utils import formataddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils.html import strip_tags

from articles.exchange.exporters.base import DRAFT_LABEL, Exporter, ExportIssue, register

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


def plain_text(sanitized_html: str) -> str:
    """Readable text from sanitized body HTML: paragraphs and list items on their own lines."""
    text = re.sub(r"<li[^>]*>", "- ", sanitized_html)
    text = re.sub(r'<a [^>]*href="([^"]*)"[^>]*>(.*?)</a>', _link_text, text)
    text = re.sub(r"</(p|li|h\d|blockquote|pre|tr)>", "\n\n", text)
    text = html.unescape(strip_tags(text))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


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
        context = {
            "export": export,
            "groups": groups,
            "colophon_html": inline_styles(export.colophon_html),
            "colophon_text": plain_text(export.colophon_html),
            "draft_label": DRAFT_LABEL,
        }
        subject = ("[DRAFT] " if export.draft else "") + f"{export.title} – {export.label}"
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string("exchange/issue_email.txt", context),
            from_email=formataddr((export.publication.name, settings.DEFAULT_FROM_EMAIL)),
        )
        message.attach_alternative(render_to_string("exchange/issue_email.html", context), "text/html")
        return message.message().as_bytes()
