"""Reads of the content API: what a key may see, and the change feed.

Visibility comes only from the articles' own QuerySets: `Article.objects.published()` for keys
without the embargoed scope, `Article.objects.published_for_members()` for those with it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from api.models import ApiKey, Scope
from articles.models import Article, Issue, PublicChange
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


@dataclass
class FeedEntry:
    change: PublicChange
    article: Article | None  # None: not visible to this key now, so sent as a withdrawal


@dataclass
class FeedPage:
    entries: list[FeedEntry]
    next_cursor: str | None
    has_more: bool


def feed_page(api_key: ApiKey, *, since: tuple[dt.datetime, int] | None, limit: int, at=None) -> FeedPage:
    """The next `limit` articles whose latest change is after `since`, oldest change first.

    Each article appears once, at its latest change, with its current state: a withdrawn article
    (or one the key can no longer see) comes back as a withdrawal. Changes are listed once they
    are NEWSROOM_API_FEED_SETTLE_SECONDS old. Queries: 2 + the article loader's, whatever `limit`.
    """
    from api.ninjs import article_queryset

    at = at or timezone.now()
    horizon = at - dt.timedelta(seconds=settings.NEWSROOM_API_FEED_SETTLE_SECONDS)
    settled = PublicChange.objects.filter(effective_at__lte=horizon)
    later_change = settled.filter(article_id=OuterRef("article_id")).filter(
        Q(effective_at__gt=OuterRef("effective_at")) | Q(effective_at=OuterRef("effective_at"), pk__gt=OuterRef("pk"))
    )
    changes = settled.filter(~Exists(later_change))
    if since is not None:
        when, pk = since
        changes = changes.filter(Q(effective_at__gt=when) | Q(effective_at=when, pk__gt=pk))
    rows = list(changes.order_by("effective_at", "pk")[: limit + 1])
    has_more, rows = len(rows) > limit, rows[:limit]
    articles = {
        article.pk: article
        for article in article_queryset(
            visible_articles(api_key, at=at).filter(pk__in=[row.article_id for row in rows])
        )
    }
    entries = [FeedEntry(change=row, article=articles.get(row.article_id)) for row in rows]
    if rows:
        next_cursor = encode_cursor(rows[-1])
    elif since is not None:  # nothing new: ask again from the same place
        next_cursor = signing.dumps([since[0].isoformat(), since[1]], salt=CURSOR_SALT, compress=False)
    else:
        next_cursor = None
    return FeedPage(entries=entries, next_cursor=next_cursor, has_more=has_more)
