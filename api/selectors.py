"""Reads of the content API: what a key may see, and the change feed.

Visibility comes only from the content's own QuerySets: `Article.objects.published()` for keys
without the embargoed scope, `Article.objects.published_for_members()` for those with it, and
`published()` of issues and events. The change feed reads the engine's change log
(editorial.models.PublicChange) for the item types in FEED_MODELS.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from api.models import ApiKey, ItemType, Scope
from articles.models import Article, Issue
from editorial.models import PublicChange
from events.models import Event

CURSOR_SALT = "api.feed.cursor"


def visible_articles(api_key: ApiKey, *, at=None) -> QuerySet:
    if api_key.has_scope(Scope.EMBARGOED):
        return Article.objects.published_for_members(at=at)
    return Article.objects.published(at=at)


def visible_issues(*, at=None) -> QuerySet:
    return Issue.objects.published(at=at)


def visible_events(*, at=None) -> QuerySet:
    return Event.objects.published(at=at)


class BadCursor(ValueError):
    pass


def encode_cursor(change: PublicChange) -> str:
    return signing.dumps([change.effective_at.isoformat(), change.pk], salt=CURSOR_SALT, compress=False)


def decode_cursor(cursor: str) -> tuple[dt.datetime, int]:
    """(effective time, id) of a cursor this feed handed out; raises BadCursor for anything else."""
    try:
        when, pk = signing.loads(cursor, salt=CURSOR_SALT)
        return dt.datetime.fromisoformat(when), int(pk)
    except (signing.BadSignature, ValueError, TypeError) as problem:
        raise BadCursor(
            "This is not a cursor handed out by the change feed (use the `next_cursor` value)."
        ) from problem


FEED_MODELS = {ItemType.ARTICLE: Article, ItemType.ISSUE: Issue, ItemType.EVENT: Event}


def item_types_by_content_type() -> dict[int, str]:
    """Content type id -> ItemType of what the feed carries (Django caches content types: no query)."""
    return {ContentType.objects.get_for_model(model).pk: item_type for item_type, model in FEED_MODELS.items()}


def load_items(item_type: str, ids, *, api_key: ApiKey | None, at=None) -> dict[int, object]:
    """The items of `item_type` among `ids` that the key may see now, loaded for api.ninjs.change_item
    (a fixed number of queries whatever the count). `api_key=None`: what any current member may receive,
    embargoed articles included (webhook pushes decide per endpoint)."""
    from api import ninjs

    if item_type == ItemType.ARTICLE:
        visible = Article.objects.published_for_members(at=at) if api_key is None else visible_articles(api_key, at=at)
        items = ninjs.article_queryset(visible.filter(pk__in=ids))
    elif item_type == ItemType.ISSUE:
        items = ninjs.issue_summary_queryset(visible_issues(at=at).filter(pk__in=ids))
    else:
        items = ninjs.event_queryset(visible_events(at=at).filter(pk__in=ids))
    return {item.pk: item for item in items}


@dataclass
class FeedEntry:
    change: PublicChange
    item_type: str
    item: object | None  # None: not visible to this key now, so sent as a withdrawal


@dataclass
class FeedPage:
    entries: list[FeedEntry]
    next_cursor: str | None
    has_more: bool


def feed_page(api_key: ApiKey, *, since: tuple[dt.datetime, int] | None, limit: int, types=None, at=None) -> FeedPage:
    """The next `limit` items (articles, issues, events; of `types` only, if given) whose latest change
    is after `since`, oldest change first.

    Each item appears once, at its latest change, with its current state: a withdrawn item (or one the
    key can no longer see) comes back as a withdrawal. An article under embargo is left out for a key
    without the embargoed scope (it comes when the embargo lifts), so such a key learns nothing of it.
    Changes are listed once they are NEWSROOM_API_FEED_SETTLE_SECONDS old. Queries: 2, plus each item
    type's loader for the types on the page, plus 1 for a key without the embargoed scope whose page has
    articles it cannot see; never more with `limit`.
    """
    at = at or timezone.now()
    horizon = at - dt.timedelta(seconds=settings.NEWSROOM_API_FEED_SETTLE_SECONDS)
    types_of = {
        pk: item_type for pk, item_type in item_types_by_content_type().items() if not types or item_type in types
    }
    settled = PublicChange.objects.filter(effective_at__lte=horizon)
    later_change = settled.filter(content_type_id=OuterRef("content_type_id"), object_id=OuterRef("object_id")).filter(
        Q(effective_at__gt=OuterRef("effective_at")) | Q(effective_at=OuterRef("effective_at"), pk__gt=OuterRef("pk"))
    )
    changes = settled.filter(content_type_id__in=list(types_of)).filter(~Exists(later_change))
    if since is not None:
        when, pk = since
        changes = changes.filter(Q(effective_at__gt=when) | Q(effective_at=when, pk__gt=pk))
    rows = list(changes.order_by("effective_at", "pk")[: limit + 1])
    has_more, rows = len(rows) > limit, rows[:limit]
    ids: dict[str, list[int]] = {}
    for row in rows:
        ids.setdefault(types_of[row.content_type_id], []).append(row.object_id)
    loaded = {item_type: load_items(item_type, pks, api_key=api_key, at=at) for item_type, pks in ids.items()}
    held_back: set[int] = set()
    unseen = set(ids.get(ItemType.ARTICLE, ())) - set(loaded.get(ItemType.ARTICLE, {}))
    if unseen and not api_key.has_scope(Scope.EMBARGOED):
        held_back = set(Article.objects.published_for_members(at=at).filter(pk__in=unseen).values_list("pk", flat=True))
    entries = []
    for row in rows:
        item_type = types_of[row.content_type_id]
        if item_type == ItemType.ARTICLE and row.object_id in held_back:
            continue
        entries.append(FeedEntry(change=row, item_type=item_type, item=loaded[item_type].get(row.object_id)))
    if rows:
        next_cursor = encode_cursor(rows[-1])
    elif since is not None:  # nothing new: ask again from the same place
        next_cursor = signing.dumps([since[0].isoformat(), since[1]], salt=CURSOR_SALT, compress=False)
    else:
        next_cursor = None
    return FeedPage(entries=entries, next_cursor=next_cursor, has_more=has_more)
