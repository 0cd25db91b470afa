"""Writes for events: keyword-only arguments, one transaction, a domain exception."""

import datetime as dt
import re

from django.db import transaction
from django.db.models import Max

from core.slugs import unique_slug
from editorial import revisions
from editorial.publishing import Status
from events.models import Event, EventOrganization, EventSeries


class DuplicateEventError(Exception):
    """The event cannot be copied as the next edition of its series."""


def next_edition_number(event: Event) -> int:
    """The edition number after the highest of `event`'s series (and `event`'s own). One query.

    Raises DuplicateEventError for an event without a series.
    """
    if event.series_id is None:
        raise DuplicateEventError(f"“{event}” belongs to no series, so it has no next edition. Set its series first.")
    latest = Event.objects.filter(series_id=event.series_id).aggregate(latest=Max("edition"))["latest"]
    return max(latest or 0, event.edition or 0) + 1


def latest_edition(event: Event) -> Event:
    """The series' highest-numbered edition (the event itself when it is the latest or has no series)."""
    if event.series_id is None:
        return event
    latest = Event.objects.filter(series_id=event.series_id).order_by("-edition", "-start").first()
    return latest if latest and (latest.edition or 0) > (event.edition or 0) else event


YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
ORDINAL = re.compile(r"\b(\d+)(?:st|nd|rd|th)\b")


def ordinal(number: int) -> str:
    """English ordinal: 1 → “1st”, 12 → “12th”, 23 → “23rd”."""
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def title_year(title: str) -> int | None:
    """The four-digit year (19xx or 20xx) in a title, None when there is none."""
    found = YEAR.search(title)
    return int(found[0]) if found else None


def suggest_next_title(event: Event) -> str:
    """The next edition's title, counted from the series' latest edition, not from `event`.

    “Summit 2023” becomes “Summit 2024” and “3rd Summit” becomes “4th Summit”; a title with
    neither a year nor the edition's ordinal is kept as it is. Duplicating an older edition
    again therefore suggests the edition after the latest, not a second copy of it.
    """
    latest = latest_edition(event)
    title, year = latest.title, title_year(latest.title)
    if year is not None:
        title = YEAR.sub(lambda found: str(int(found[0]) + 1) if int(found[0]) == year else found[0], title, count=1)
    if latest.edition:
        title = ORDINAL.sub(
            lambda found: ordinal(latest.edition + 1) if int(found[1]) == latest.edition else found[0], title
        )
    return title


def existing_edition_like(*, series_id: int, title: str) -> Event | None:
    """An edition of the series with the same title, or the same year in its title."""
    editions = Event.objects.filter(series_id=series_id).order_by("-edition")
    same = editions.filter(title__iexact=title.strip()).first()
    year = title_year(title)
    if same is None and year is not None:
        same = next((edition for edition in editions if title_year(edition.title) == year), None)
    return same


def unique_event_slug(text: str) -> str:
    """A slug for a new event titled `text` that no event uses yet."""
    return unique_slug(
        text,
        taken=lambda slug: Event.objects.filter(slug=slug).exists(),
        max_length=Event._meta.get_field("slug").max_length,
        fallback="event",
    )


@transaction.atomic
def duplicate_event_for_next_edition(
    *, event: Event, user, start: dt.datetime, end: dt.datetime, title: str = ""
) -> Event:
    """A draft copy of `event` as the next edition of its series, owned by `user`.

    Copied: series, kind, mode, time zone, all-day flag, venues, organizations with their roles
    and order. Not copied, because they belong to one edition: dates (given by the editor),
    title (given or suggested), summary, description, online link, speakers, coverage, and the
    publishing state (the copy is a draft without a publish time).

    `start` and `end` are aware datetimes (the admin form reads them in the event's own time zone).
    Raises DuplicateEventError when `event` has no series or the series already has an edition with
    that title or year, ValidationError when the copy is invalid (e.g. it ends before it starts);
    nothing is written then. Returns the saved copy, with its first revision recorded.

    The series row is locked first, so two copies made at the same moment queue: the second sees the
    first and is refused (DuplicateEventError) instead of both taking the same edition number.
    """
    if event.series_id is not None:
        EventSeries.objects.select_for_update().filter(pk=event.series_id).exists()
    edition = next_edition_number(event)
    title = title.strip() or suggest_next_title(event)
    clash = existing_edition_like(series_id=event.series_id, title=title)
    if clash is not None:
        # Running the duplicate twice from the same source would otherwise make two “next” editions.
        year = title_year(title)
        what = f"an edition for {year}" if year and title_year(clash.title) == year else "an edition with that title"
        raise DuplicateEventError(
            f"{event.series} already has {what}: “{clash}” (edition {clash.edition}). "
            "Open that one, or give the new edition another title."
        )
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
