"""Articles, issues and events as IPTC ninjs 2.1 objects for the content API and webhook pushes.

Articles reuse the issue exporter's `article_object` (articles.exchange.exporters.ninjs) and add
what an exchange partner needs: a URI that survives slug changes, the embargo, usage terms, what
the article is about, corrections, renditions with absolute URLs. A withdrawn article is a
minimal ninjs object with `pubstatus: canceled`. Every object validates against the official
schema vendored in articles/exchange/schemas/.

Load articles with `article_queryset()` first: building objects then runs no further queries.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from articles.exchange.exporters.base import ExportArticle, ExportIssue, load_issue
from articles.exchange.exporters.ninjs import STANDARD, article_object, package_object
from articles.exchange.issuefile import BylineEntry
from articles.models import Article, Byline, Correction
from core.images import renditions as image_renditions
from core.rendering import render_markdown
from events.models import Event, EventOrganization, EventPerson


def article_uri(pk: int) -> str:
    return f"urn:newsroom:article:{pk}"


def issue_uri(pk: int) -> str:
    return f"urn:newsroom:issue:{pk}"


def event_uri(pk: int) -> str:
    return f"urn:newsroom:event:{pk}"


URIS = {"article": article_uri, "issue": issue_uri, "event": event_uri}


def uri_for(item_type: str, pk: int) -> str:
    """The item's ninjs URI; `item_type` is an api.models.ItemType value."""
    return URIS[item_type](pk)


def stamp(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def article_queryset(articles: QuerySet) -> QuerySet:
    """Everything an article object shows, in a fixed number of queries whatever the page size."""
    return articles.select_related("issue__publication__publisher", "section", "contributed_by").prefetch_related(
        Prefetch("bylines", queryset=Byline.objects.select_related("person", "organization").order_by("order", "pk")),
        "about_people",
        "about_organizations",
        "about_events",
        Prefetch("corrections", queryset=Correction.objects.order_by("published_on", "pk")),
    )


def _absolute(base_url: str, path: str) -> str:
    return base_url.rstrip("/") + path


def _renditions(article: Article, base_url: str, *, public: bool) -> list[dict]:
    found = []
    if public:
        found.append(
            {"name": "web", "href": _absolute(base_url, article.get_absolute_url()), "contenttype": "text/html"}
        )
    if article.lead_image:
        sizes = image_renditions(article.lead_image)
        for size in sizes.items if sizes else ():
            found.append(
                {
                    "name": f"lead-image-{size.width}-{size.format}",
                    "href": _absolute(base_url, size.url),
                    "contenttype": f"image/{size.format}",
                    "width": size.width,
                    "height": size.height,
                }
            )
    return found


def article_item(article: Article, *, base_url: str, at: dt.datetime | None = None) -> dict:
    """The article as members receive it (embargoed ones included, marked with `embargoed`)."""
    at = at or timezone.now()
    issue = article.issue
    export = ExportIssue(issue=issue, articles=[], headlines=[], base_url=base_url)
    bylines = list(article.bylines.all())
    entries = [
        BylineEntry(name=b.person.name if b.person_id else b.organization.name, position=b.position_as_printed)
        for b in bylines
    ]
    obj = article_object(export, ExportArticle(article=article, byline=entries))
    corrections = list(article.corrections.all())
    obj["uri"] = article_uri(article.pk)
    obj["version"] = str(article.version + len(corrections))
    changed = max([article.updated_at] + [c.created_at for c in corrections])
    obj["versioncreated"] = stamp(changed)
    obj["contentcreated"] = stamp(max(article.publish_at, issue.publish_at))
    obj["altids"] = [
        {"role": "newsroom-issue-file", "value": f"urn:newsroom:{issue.publication.slug}:{issue.slug}:{article.slug}"}
    ]
    people = obj.get("people", [])
    people += [{"name": p.name, "rel": "about", "literal": p.slug} for p in article.about_people.all()]
    organisations = obj.get("organisations", [])
    organisations += [{"name": o.name, "rel": "about", "literal": o.slug} for o in article.about_organizations.all()]
    events = [
        {"name": e.title, "rel": "about", "uri": event_uri(e.pk), "literal": e.slug} for e in article.about_events.all()
    ]
    for key, value in (("people", people), ("organisations", organisations), ("events", events)):
        if value:
            obj[key] = value
    for correction in corrections:
        label = f"{correction.get_kind_display()} ({correction.published_on:%Y-%m-%d})"
        obj["bodies"].append(
            {
                "role": correction.kind,
                "contenttype": "text/html",
                "value": f"<p><strong>{label}:</strong></p>" + render_markdown(correction.text),
            }
        )
    if corrections:
        latest = corrections[-1]
        obj["ednote"] = f"{latest.get_kind_display()} of {latest.published_on:%Y-%m-%d}: {latest.text}"
    if article.contributed_by_id:
        obj["infosources"] = [{"name": article.contributed_by.name, "role": "contributor"}]
    if issue.publication.publisher_id:
        obj["copyrightholder"] = issue.publication.publisher.name
    renditions = _renditions(article, base_url, public=not article.is_embargoed(at=at))
    if renditions:
        obj["renditions"] = renditions
    else:
        obj.pop("renditions", None)
    return obj


def withdrawal_item(item_type: str, pk: int, *, at: dt.datetime | None = None) -> dict:
    """A notice that the article, issue or event is withdrawn: remove your copy."""
    return {
        "uri": uri_for(item_type, pk),
        "standard": STANDARD,
        "type": "composite" if item_type == "issue" else "text",
        "representationtype": "partial",
        "pubstatus": "canceled",
        "versioncreated": stamp(at or timezone.now()),
        "ednote": f"Withdrawn: this {item_type} is no longer published. Remove it from your systems.",
    }


def change_item(item_type: str, obj, *, base_url: str, at: dt.datetime | None = None) -> dict:
    """The item as the change feed and pushes carry it: articles and events in full, issues as the
    partial package of lists (GET /api/issues/{id}/ has the full one). Load objects with
    `selectors.load_items` first."""
    if item_type == "article":
        return article_item(obj, base_url=base_url, at=at)
    if item_type == "issue":
        return issue_summary(obj, base_url=base_url)
    return event_item(obj, base_url=base_url)


def issue_item(issue_pk: int, *, base_url: str) -> dict:
    """A published issue as a composite package whose associations are its published articles."""
    export = load_issue(issue_pk, base_url=base_url)
    obj = package_object(export)
    obj["uri"] = issue_uri(export.issue.pk)
    for association, item in zip(obj.get("associations", []), export.articles, strict=True):
        association["uri"] = article_uri(item.article.pk)
    return obj


def issue_summary_queryset(issues: QuerySet) -> QuerySet:
    """Issues with what `issue_summary` shows: their publication and public articles' ids (two queries)."""
    public = Article.objects.published().only("pk", "issue_id", "order", "title").order_by("order")
    return issues.select_related("publication__publisher").prefetch_related(
        Prefetch("articles", queryset=public, to_attr="public_articles")
    )


def issue_summary(issue, *, base_url: str) -> dict:
    """A published issue in lists: a partial package whose associations only name its articles."""
    label = f"{issue.publication.name} No. {issue.number}"
    obj = {
        "uri": issue_uri(issue.pk),
        "standard": STANDARD,
        "type": "composite",
        "representationtype": "partial",
        "profile": "newsroom-issue",
        "version": str(issue.version),
        "firstcreated": stamp(issue.created_at),
        "versioncreated": stamp(issue.updated_at),
        "contentcreated": stamp(issue.publish_at),
        "pubstatus": "usable",
        "language": issue.publication.language,
        "slugline": f"{issue.publication.slug}-{issue.slug}",
        "title": label,
        "headlines": [{"role": "main", "contenttype": "text/plain", "value": issue.title or label}],
        "renditions": [
            {"name": "web", "href": _absolute(base_url, issue.get_absolute_url()), "contenttype": "text/html"}
        ],
        "associations": [
            {"name": f"article-{index}", "uri": article_uri(article.pk), "title": article.title}
            for index, article in enumerate(issue.public_articles, start=1)
        ],
    }
    if issue.publication.publisher_id:
        obj["copyrightholder"] = issue.publication.publisher.name
    if issue.publication.usage_terms:
        obj["usageterms"] = issue.publication.usage_terms
    return obj


def event_queryset(events: QuerySet) -> QuerySet:
    return events.select_related("series").prefetch_related(
        "venues",
        Prefetch("organization_roles", queryset=EventOrganization.objects.select_related("organization")),
        Prefetch("person_roles", queryset=EventPerson.objects.select_related("person")),
    )


def event_item(event: Event, *, base_url: str) -> dict:
    """A published event as a ninjs text object: what, when (UTC and its own time zone), where, who."""
    when = f"{stamp(event.start)} – {stamp(event.end)} ({event.time_zone})"
    places = [
        {"name": ", ".join(part for part in (venue.name, venue.city) if part), "rel": "venue"}
        for venue in event.venues.all()
    ]
    obj = {
        "uri": event_uri(event.pk),
        "standard": STANDARD,
        "type": "text",
        "representationtype": "full",
        "profile": "newsroom-event",
        "version": str(event.version),
        "firstcreated": stamp(event.created_at),
        "versioncreated": stamp(event.updated_at),
        "contentcreated": stamp(event.publish_at),
        "pubstatus": "usable",
        "slugline": event.slug,
        "title": event.title,
        "headlines": [{"role": "main", "contenttype": "text/plain", "value": event.title}],
        "descriptions": [{"role": "when", "contenttype": "text/plain", "value": when}],
        "events": [{"name": event.title, "rel": "subject", "uri": event_uri(event.pk), "literal": event.slug}],
        "genres": [{"name": event.get_kind_display(), "literal": event.kind}],
        "renditions": [
            {"name": "web", "href": _absolute(base_url, event.get_absolute_url()), "contenttype": "text/html"}
        ],
    }
    if event.summary:
        obj["descriptions"].insert(0, {"role": "summary", "contenttype": "text/plain", "value": event.summary})
    if event.description:
        obj["bodies"] = [{"role": "main", "contenttype": "text/html", "value": render_markdown(event.description)}]
    if places:
        obj["places"] = places
    organisations = [
        {"name": link.organization.name, "rel": link.role, "literal": link.organization.slug}
        for link in event.organization_roles.all()
    ]
    people = [
        {"name": link.person.name, "rel": link.role, "literal": link.person.slug} for link in event.person_roles.all()
    ]
    if organisations:
        obj["organisations"] = organisations
    if people:
        obj["people"] = people
    return obj
