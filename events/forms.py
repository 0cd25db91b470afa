"""Admin forms: an event's start and end are typed as wall-clock times in the event's own zone.

Django would read a typed datetime in the site's zone (UTC); an editor entering
“21 Dec 2021 09:30” for a Beijing conference means 09:30 in Asia/Shanghai. The fields here
keep the typed value naive and the form attaches the chosen time zone in `clean()`.
"""

import datetime as dt
import zoneinfo

from django import forms
from django.contrib.admin import widgets

from events.models import TIME_ZONE_CHOICES, Event
from newsroom.workflow_admin import WorkflowForm


class WallClockDateTimeField(forms.SplitDateTimeField):
    """A date + time pair returned as a naive datetime (no conversion from the site's zone)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", widgets.AdminSplitDateTime)
        super().__init__(**kwargs)

    def compress(self, data_list):
        if data_list and data_list[0] is not None and data_list[1] is not None:
            return dt.datetime.combine(data_list[0], data_list[1])
        return None


def attach_zone(cleaned_data: dict, *, zone_name: str, all_day: bool) -> None:
    """Turn the naive start/end in `cleaned_data` into aware datetimes in `zone_name`.

    All-day events run from the first day's midnight to the last second of the last day.
    """
    zone = zoneinfo.ZoneInfo(zone_name)
    start, end = cleaned_data.get("start"), cleaned_data.get("end")
    if start is not None:
        if all_day:
            start = dt.datetime.combine(start.date(), dt.time.min)
        cleaned_data["start"] = start.replace(tzinfo=zone)
    if end is not None:
        if all_day:
            end = dt.datetime.combine(end.date(), dt.time(23, 59, 59))
        cleaned_data["end"] = end.replace(tzinfo=zone)


ZONE_HELP = "Start and end are the local times in the event's time zone."


class EventAdminForm(WorkflowForm):
    time_zone = forms.ChoiceField(choices=TIME_ZONE_CHOICES, initial="UTC", help_text="Where the event takes place.")
    start = WallClockDateTimeField(help_text=ZONE_HELP)
    end = WallClockDateTimeField(help_text=ZONE_HELP + " For all-day events only the dates count.")

    class Meta:
        model = Event
        fields = [
            "title", "slug", "kind", "series", "edition", "summary", "description",
            "time_zone", "start", "end", "all_day", "mode", "venues", "online_url", "status", "publish_at",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["start"] = self.instance.local_start.replace(tzinfo=None)
            self.initial["end"] = self.instance.local_end.replace(tzinfo=None)

    def clean(self):
        try:
            return super().clean()
        finally:
            # Also when the stale-version check raises: the model is still built from cleaned_data
            # (and its constraints checked), and it must never see naive datetimes.
            attach_zone(
                self.cleaned_data,
                zone_name=self.cleaned_data.get("time_zone") or "UTC",
                all_day=bool(self.cleaned_data.get("all_day")),
            )


class DuplicateEventForm(forms.Form):
    """The new edition's dates, which cannot be copied, and its title."""

    title = forms.CharField(
        max_length=300,
        help_text="Suggested from the current title; edit as needed.",
        widget=forms.TextInput(attrs={"class": "vTextField"}),
    )
    start = WallClockDateTimeField()
    end = WallClockDateTimeField()

    def __init__(self, *args, event: Event, **kwargs):
        self.event = event
        super().__init__(*args, **kwargs)
        zone_help = f"Local time in {event.time_zone}, the time zone of the event being copied."
        self.fields["start"].help_text = zone_help
        self.fields["end"].help_text = zone_help

    def clean(self):
        cleaned_data = super().clean()
        attach_zone(cleaned_data, zone_name=self.event.time_zone, all_day=self.event.all_day)
        start, end = cleaned_data.get("start"), cleaned_data.get("end")
        if start and end and end < start:
            self.add_error("end", "An event cannot end before it starts.")
        return cleaned_data
