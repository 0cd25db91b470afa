"""iCalendar (RFC 5545) output for events, written with the `icalendar` library.

- Timed events carry DTSTART/DTEND with TZID set to the event's own zone, and the calendar
  gets the matching VTIMEZONE components (`add_missing_timezones`).
- All-day events use DATE values; DTEND is the day after the last day (exclusive, RFC 5545).
- UID is "event-<pk>@<domain>": it survives edits to title, dates or slug, so calendar apps
  update the entry instead of adding a second one. The domain is
  settings.NEWSROOM_CALENDAR_DOMAIN when set, else the request's host name.
- In-person and hybrid events get LOCATION (the venues); online and hybrid events get URL
  (the online link). DESCRIPTION is plain text (Markdown rendered, then tags stripped; images
  as their alt text).
- Every text passes core.text.clean_text on its way out: RFC 5545 allows no control
  character but tab in a TEXT value, and rows stored before input normalisation may hold one.
"""

import datetime as dt
from collections.abc import Iterable

import icalendar
from django.conf import settings

from core.rendering import markdown_to_text
from core.text import clean_text
from events.models import Event, EventMode

PRODID = "-//Newsroom//Events//EN"


def calendar_domain(request) -> str:
    return getattr(settings, "NEWSROOM_CALENDAR_DOMAIN", "") or request.get_host().split(":")[0]


def event_uid(event: Event, *, domain: str) -> str:
    return f"event-{event.pk}@{domain}"


def location_text(event: Event) -> str:
    return clean_text("; ".join(str(venue) for venue in event.venues.all()), multiline=False)


def _description(event: Event, page_url: str) -> str:
    parts = [event.summary.strip(), markdown_to_text(event.description), page_url]
    return clean_text("\n\n".join(part for part in parts if part))


def build_vevent(event: Event, *, domain: str, page_url: str) -> icalendar.Event:
    vevent = icalendar.Event()
    vevent.add("uid", event_uid(event, domain=domain))
    vevent.add("dtstamp", event.updated_at or dt.datetime.now(dt.UTC))
    if event.updated_at:
        vevent.add("last-modified", event.updated_at)
    vevent.add("summary", clean_text(event.title, multiline=False))
    if event.all_day:
        vevent.add("dtstart", event.local_start.date())
        vevent.add("dtend", event.local_end.date() + dt.timedelta(days=1))
    else:
        vevent.add("dtstart", event.local_start)
        vevent.add("dtend", event.local_end)
    description = _description(event, page_url)
    if description:
        vevent.add("description", description)
    if event.mode in (EventMode.IN_PERSON, EventMode.HYBRID):
        location = location_text(event)
        if location:
            vevent.add("location", location)
    if event.mode in (EventMode.ONLINE, EventMode.HYBRID) and event.online_url:
        vevent.add("url", event.online_url)
    vevent.add("status", "CONFIRMED")
    vevent.add("transp", "TRANSPARENT" if event.all_day else "OPAQUE")
    return vevent


def build_calendar(events: Iterable[Event], *, request, name: str = "") -> bytes:
    """The .ics bytes for `events`; `request` supplies absolute page URLs and the UID domain."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", clean_text(name, multiline=False))
    domain = calendar_domain(request)
    for event in events:
        calendar.add_component(
            build_vevent(event, domain=domain, page_url=request.build_absolute_uri(event.get_absolute_url()))
        )
    calendar.add_missing_timezones()
    return calendar.to_ical()
