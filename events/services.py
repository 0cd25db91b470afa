"""Writes for events: keyword-only arguments, one transaction, a domain exception."""

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify

from events.models import Event, EventOrganization
from newsroom import revisions
from newsroom.publishing import Status


class DuplicateEventError(Exception):
    """The event cannot be copied as the next edition of its series."""


def next_edition_number(event: Event) -> int:
    if event.series_id is None:
        raise DuplicateEventError(f"“{event}” belongs to no series, so it has no next edition. Set its series first.")
    latest = Event.objects.filter(series_id=event.series_id).aggregate(latest=Max("edition"))["latest"]
    return max(latest or 0, event.edition or 0) + 1


def suggest_next_title(event: Event) -> str:
    """“Summit 2023” becomes “Summit 2024”; a title without the event's year is kept as it is."""
    year = str(event.local_start.year)
    if year in event.title:
        return event.title.replace(year, str(event.local_start.year + 1))
    return event.title


def unique_event_slug(text: str) -> str:
    base = slugify(text)[:190] or "event"
    slug, number = base, 2
    while Event.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def duplicate_event_for_next_edition(
    *, event: Event, user, start: dt.datetime, end: dt.datetime, title: str = ""
) -> Event:
    """A draft copy of `event` as the next edition of its series, owned by `user`.

    Copied: series, kind, mode, time zone, all-day flag, venues, organizations with their roles
    and order. Not copied, because they belong to one edition: dates (given by the editor),
    title (given or suggested), summary, description, online link, speakers, coverage, and the
    publishing state (the copy is a draft without a publish time).
    """
    edition = next_edition_number(event)
    title = title.strip() or suggest_next_title(event)
    copy = Event(
        title=title,
        slug=unique_event_slug(title),
        kind=event.kind,
        series_id=event.series_id,
        edition=edition,
        start=start,
        end=end,
        time_zone=event.time_zone,
        all_day=event.all_day,
        mode=event.mode,
        status=Status.DRAFT,
        publish_at=None,
        created_by=user,  # the workflow lets a contributor edit and submit only drafts they created
    )
    copy.full_clean()
    copy.save()
    copy.venues.set(event.venues.all())
    EventOrganization.objects.bulk_create(
        EventOrganization(event=copy, organization_id=role.organization_id, role=role.role, order=role.order)
        for role in event.organization_roles.all()
    )
    revisions.record(copy, user=user, summary=f"Created as edition {edition} from “{event}”")
    return copy
