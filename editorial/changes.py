"""The public change log: what people outside the newsroom can see change, item by item.

Content apps record a change (`record`) from their after-change hooks (editorial.registry) and their
delete and import services, inside the transaction that makes it; `public_change` announces each
recorded change once that transaction has committed, so a receiver (the content API's webhook pushes)
never sees a change that was rolled back. Items whose visibility is their own state and publish time
(issues, events) use `record_workflow_change` as their hook; articles add their issue and embargo.

    public_change(sender=PublicChange, change=<the saved PublicChange>)

Receivers must return quickly and must not fail: enqueue background work and return. For a scheduled
publication `change.effective_at` lies in the future.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from editorial.models import PublicChange, PublicChangeKind
from editorial.publishing import LIVE_STATES

public_change = Signal()


def _announce(changes: list[PublicChange]) -> None:
    def send():
        for change in changes:
            public_change.send(sender=PublicChange, change=change)

    if changes:
        transaction.on_commit(send)


def record(
    *, model: type, ids: Iterable[int], kind: str, effective_at: Mapping[int, dt.datetime] | None = None
) -> list[PublicChange]:
    """Record that what outsiders see of these items of `model` changed. `effective_at` maps an id to a
    later time (a scheduled publication); otherwise, and for times already past, the change is effective
    now. Announced by `public_change` once the caller's transaction commits."""
    now = timezone.now()
    effective_at = effective_at or {}
    content_type = ContentType.objects.get_for_model(model)
    changes = PublicChange.objects.bulk_create(
        [
            PublicChange(
                content_type=content_type,
                object_id=pk,
                kind=kind,
                effective_at=max(effective_at.get(pk, now), now),
                created_at=now,
            )
            for pk in ids
        ]
    )
    _announce(changes)
    return changes


def forget_pending(*, model: type, ids: Iterable[int], kind: str | None = None) -> None:
    """Drop changes of these items that have not happened yet (of `kind` only, if given): a scheduled
    publication that is rescheduled or cancelled before its time."""
    pending = PublicChange.objects.of_model(model).filter(object_id__in=list(ids), effective_at__gt=timezone.now())
    if kind is not None:
        pending = pending.filter(kind=kind)
    pending.delete()


def record_workflow_change(obj, *, transition, from_status: str) -> None:
    """An after-change hook (editorial.registry) for items that are public exactly when their own state is
    live and their publish time has passed: a live transition publishes (or schedules) the item, leaving
    the live states withdraws it if outsiders could see it, and a saved version of a public item updates it."""
    model, now = type(obj), timezone.now()
    if transition is None:
        if obj.is_public(at=now):
            record(model=model, ids=[obj.pk], kind=PublicChangeKind.UPDATED)
    elif transition.target in LIVE_STATES:
        forget_pending(model=model, ids=[obj.pk])
        record(model=model, ids=[obj.pk], kind=PublicChangeKind.PUBLISHED, effective_at={obj.pk: obj.publish_at})
    elif from_status in LIVE_STATES:
        forget_pending(model=model, ids=[obj.pk])
        if obj.publish_at is not None and obj.publish_at <= now:
            record(model=model, ids=[obj.pk], kind=PublicChangeKind.WITHDRAWN)


def unannounced(model: type, items):
    """`items` (a QuerySet of `model`) less those any change already mentions."""
    return items.exclude(pk__in=PublicChange.objects.of_model(model).values("object_id"))


def record_backlog(*, model: type, live_since: Mapping[int, dt.datetime]) -> list[PublicChange]:
    """Record items that became public without the change log hearing of it (content written straight to
    the tables: demo or benchmark data, rows older than the log) as published at the time each went live,
    so a member reading the feed from the start gets them in publication order. Not announced: nobody is
    pushed old news."""
    now = timezone.now()
    content_type = ContentType.objects.get_for_model(model)
    return PublicChange.objects.bulk_create(
        [
            PublicChange(
                content_type=content_type, object_id=pk, kind=PublicChangeKind.PUBLISHED, effective_at=when,
                created_at=now,
            )
            for pk, when in sorted(live_since.items())
        ],
        batch_size=500,
    )  # fmt: skip
