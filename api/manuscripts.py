"""Reading a member's manuscript: ninjs JSON or the issue file's article Markdown, into plain fields.

Raises `ManuscriptError(field, message)`; the API answers 400 naming that field.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache

from jsonschema import Draft202012Validator
from markdownify import markdownify

from articles.exchange import issuefile
from articles.exchange.exporters.ninjs import SCHEMA_PATH


class ManuscriptError(ValueError):
    def __init__(self, field_name: str, message: str):
        super().__init__(message)
        self.field = field_name
        self.message = message


@dataclass
class ManuscriptText:
    title: str
    body: str
    standfirst: str = ""
    byline: list[dict] = field(default_factory=list)
    language: str = ""


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def _byline(text: str) -> list[dict]:
    text = text.strip()
    if text.lower().startswith("by "):
        text = text[3:]
    entries = issuefile._byline_entries(text) if text else []
    return [{"name": entry.name, "position": entry.position} for entry in entries]


def from_ninjs(data) -> ManuscriptText:
    if not isinstance(data, dict):
        raise ManuscriptError("ninjs", "Send one ninjs object (a JSON object).")
    errors = sorted(_validator().iter_errors(data), key=lambda error: list(error.absolute_path))
    if errors:
        first = errors[0]
        where = "/".join(str(part) for part in first.absolute_path) or "(top level)"
        raise ManuscriptError("ninjs", f"Not valid ninjs 2.1 at {where}: {first.message}")
    headlines = [h.get("value", "") for h in data.get("headlines", []) if h.get("role", "main") == "main"]
    title = (headlines[0] if headlines else data.get("title", "")).strip()
    if not title:
        raise ManuscriptError("headlines", "The manuscript needs a title: a main headline or `title`.")
    bodies = data.get("bodies", [])
    main = next((b for b in bodies if b.get("role", "main") == "main"), None)
    if main is None or not main.get("value", "").strip():
        raise ManuscriptError("bodies", "The manuscript needs a main body (`bodies` with role “main”).")
    content_type = main.get("contenttype", "text/plain").split(";")[0].strip().lower()
    if content_type == "text/html":
        body = markdownify(main["value"], heading_style="ATX").strip()
    elif content_type in ("text/plain", "text/markdown"):
        body = main["value"].strip()
    else:
        raise ManuscriptError(
            "bodies", f"Body content type {content_type!r}: send text/html, text/markdown or text/plain."
        )
    summary = [d.get("value", "") for d in data.get("descriptions", []) if d.get("role") in (None, "summary")]
    return ManuscriptText(
        title=title,
        body=body,
        standfirst=(summary[0] if summary else "").strip(),
        byline=_byline(data.get("by", "")),
        language=data.get("language", ""),
    )


def from_markdown(text: str) -> ManuscriptText:
    """One article in the issue-file format: `## Title`, an optional `*By Name, Position*` line, the body."""
    try:
        document = issuefile.parse(text)
    except issuefile.IssueFileError as problem:
        raise ManuscriptError("markdown", str(problem)) from problem
    if len(document.articles) != 1:
        raise ManuscriptError("markdown", f"Send exactly one article ('## Title'); this has {len(document.articles)}.")
    article = document.articles[0]
    if not article.body.strip():
        raise ManuscriptError("markdown", "The article has no body text under its title.")
    return ManuscriptText(
        title=article.title,
        body=article.body,
        byline=[{"name": entry.name, "position": entry.position} for entry in article.bylines],
        language=document.language or "",
    )
