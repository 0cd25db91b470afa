"""Event presentation: dates in the event's own time zone (JSON-LD script tags: core's `seo` library).

Dates are formatted here, in Python, because the template `date` filter converts aware
datetimes to the site's zone (UTC); an event is shown in the zone where it happens.
"""

from django import template
from django.utils.dateformat import format as date_format
from django.utils.html import format_html

register = template.Library()

DAY = "j F Y"
TIME = "H:i"


def zone_abbreviation(value) -> str:
    """“CST”, “MSK”, “CEST”; zones without a letter abbreviation give “UTC+04”."""
    name = value.tzname() or ""
    if name and name[0] in "+-":
        return f"UTC{name}"
    return name


def zone_label(event) -> str:
    """“CST, Asia/Shanghai”; just “UTC” for UTC."""
    abbreviation = zone_abbreviation(event.local_start)
    zone_name = event.time_zone.replace("_", " ")
    if abbreviation in ("UTC", zone_name):
        return zone_name
    return f"{abbreviation}, {zone_name}"


def _day_range(start, end) -> str:
    if start == end:
        return date_format(start, DAY)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{date_format(end, DAY)}"
    if start.year == end.year:
        return f"{date_format(start, 'j F')} – {date_format(end, DAY)}"
    return f"{date_format(start, DAY)} – {date_format(end, DAY)}"


def event_dates_text(event) -> str:
    """Plain-text dates in the event's zone, e.g. “21 December 2021, 09:30–12:00 (CST, Asia/Shanghai)”."""
    start, end = event.local_start, event.local_end
    if event.all_day:
        return _day_range(start.date(), end.date())
    if start.date() == end.date():
        text = f"{date_format(start, DAY)}, {date_format(start, TIME)}–{date_format(end, TIME)}"
    else:
        text = " – ".join(f"{date_format(value, DAY)}, {date_format(value, TIME)}" for value in (start, end))
    return f"{text} ({zone_label(event)})"


@register.simple_tag
def event_dates(event):
    """<time> element with the machine-readable start; the visible text is in the event's zone."""
    start = event.local_start
    machine = start.date().isoformat() if event.all_day else start.isoformat()
    return format_html('<time datetime="{}">{}</time>', machine, event_dates_text(event))
