"""IPTC ninjs 2.1 JSON: the issue as a composite package whose associations are its articles.

Every article is a full ninjs object (also written one per file in the ZIP bundle); the
package validates against the vendored official schema (schemas/ninjs-schema_2.1.json).
"""

import json
import mimetypes
from pathlib import Path

from articles.exchange.exporters.base import DRAFT_LABEL, ExportArticle, Exporter, ExportIssue, register

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schemas" / "ninjs-schema_2.1.json"
STANDARD = {"name": "ninjs", "version": "2.1", "schema": "http://www.iptc.org/std/ninjs/ninjs-schema_2.1.json"}


def _uri(*parts: str) -> str:
    return "urn:newsroom:" + ":".join(parts)


def _stamp(value) -> str:
    return value.isoformat().replace("+00:00", "Z")


def _status(export: ExportIssue) -> dict:
    if export.draft:
        return {"pubstatus": "withheld", "ednote": f"{DRAFT_LABEL}. Do not publish."}
    return {"pubstatus": "usable"}


def article_object(export: ExportIssue, item: ExportArticle) -> dict:
    article = item.article
    obj = {
        "uri": _uri(export.publication.slug, export.issue.slug, article.slug),
        "standard": STANDARD,
        "type": "text",
        "representationtype": "full",
        "profile": "newsroom-article",
        "version": "1",
        "firstcreated": _stamp(article.created_at),
        "versioncreated": _stamp(article.updated_at),
        **_status(export),
        "language": export.publication.language,
        "slugline": article.slug,
        "title": article.title,
        "headlines": [{"role": "main", "contenttype": "text/plain", "value": article.title}],
        "bodies": [
            {
                "role": "main",
                "contenttype": "text/html",
                "value": item.body_html,
                "charcount": len(article.body),
                "wordcount": len(article.body.split()),
            },
        ],
        "genres": [{"name": article.get_kind_display(), "literal": article.kind}],
    }
    if article.publish_at:
        obj["contentcreated"] = _stamp(article.publish_at)
    if article.standfirst:
        obj["descriptions"] = [{"role": "summary", "contenttype": "text/plain", "value": article.standfirst}]
    credits = article.credits  # the bylines, or the publisher credited for an unsigned piece
    if item.byline_text:
        obj["by"] = item.byline_text
    elif credits:
        obj["by"] = "By " + "; ".join(credit.author.name for credit in credits)
    people = [{"name": b.person.name, "rel": "author", "literal": b.person.slug} for b in credits if b.person_id]
    organisations = [
        {"name": b.organization.name, "rel": "author", "literal": b.organization.slug}
        for b in credits
        if b.organization_id
    ]
    if people:
        obj["people"] = people
    if organisations:
        obj["organisations"] = organisations
    if item.section:
        obj["subjects"] = [{"name": item.section, "rel": "section", "literal": article.section.slug}]
    if article.dateline_place:
        obj["located"] = article.dateline_place
    if article.is_embargoed():
        obj["embargoed"] = _stamp(article.embargoed_until)
    usage_terms = article.usage_terms or export.publication.usage_terms
    if usage_terms:
        obj["usageterms"] = usage_terms
    if article.lead_image:
        rendition = {
            "name": "lead-image",
            "href": export.base_url.rstrip("/") + article.lead_image.url,
            "contenttype": _content_type(article.lead_image.name),
        }
        if article.lead_image_alt:
            rendition["title"] = article.lead_image_alt
        obj["renditions"] = [rendition]
    return obj


def _content_type(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def package_object(export: ExportIssue) -> dict:
    issue = export.issue
    obj = {
        "uri": _uri(export.publication.slug, issue.slug),
        "standard": STANDARD,
        "type": "composite",
        "representationtype": "full",
        "profile": "newsroom-issue",
        "version": "1",
        "firstcreated": _stamp(issue.created_at),
        "versioncreated": _stamp(issue.updated_at),
        **_status(export),
        "language": export.publication.language,
        "slugline": f"{export.publication.slug}-{issue.slug}",
        "title": export.label,
        "headlines": [{"role": "main", "contenttype": "text/plain", "value": export.title}]
        + [{"role": "headline", "contenttype": "text/plain", "value": h.text} for h in export.headlines],
        "associations": [
            {"name": f"article-{index}", **article_object(export, item)}
            for index, item in enumerate(export.articles, start=1)
        ],
    }
    if issue.publish_at:
        obj["contentcreated"] = _stamp(issue.publish_at)
    if issue.colophon:
        obj["bodies"] = [{"role": "colophon", "contenttype": "text/html", "value": export.colophon_html}]
    if export.publication.publisher_id:
        obj["copyrightholder"] = export.publication.publisher.name
    return obj


def dumps(obj: dict) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


@register
class NinjsExporter(Exporter):
    name = "ninjs"
    label = "IPTC ninjs 2.1 JSON"
    extension = "ninjs.json"
    content_type = "application/json; charset=utf-8"

    def render(self, export: ExportIssue) -> bytes:
        return dumps(package_object(export))
