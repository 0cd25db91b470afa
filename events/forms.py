"""Admin forms: an event's start and end are typed as wall-clock times in the event's own zone.

Django would read a typed datetime in the site's zone (UTC); an editor entering
“21 Dec 2021 09:30” for a Beijing conference means 09:30 in Asia/Shanghai. The fields here
keep the typed value naive and the form attaches the chosen time zone in `clean()`.
"""

import datetime as dt
import zoneinfo

from django import forms
from django.conf import settings
from django.contrib.admin import widgets
from django.core.exceptions import ValidationError
from django.utils import timezone

from editorial.admin_forms import FullLengthTextForm
from editorial.workflow_admin import WorkflowForm
from events.models import Event, EventPerson
from events.selectors import most_used_time_zones
from events.time_zones import time_zone_choices
from people.positions import PositionSnapshotFormMixin


class WallClockDateTimeField(forms.SplitDateTimeField):
    """A date + time pair returned as a naive datetime (no conversion from the site's zone)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", widgets.AdminSplitDateTime)
        super().__init__(**kwargs)

    def allow_date_only(self) -> None:
        """For all-day events: the date is required, the time may be left empty (read as midnight)."""
        self.require_all_fields = False
        self.fields[0].required = True
        self.fields[1].required = False

    def compress(self, data_list):
        if data_list and data_list[0] is not None:
            if data_list[1] is not None:
                return dt.datetime.combine(data_list[0], data_list[1])
            if not self.require_all_fields:
                return dt.datetime.combine(data_list[0], dt.time.min)
        return None


def make_local(naive: dt.datetime, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    """`naive` as a wall-clock time in `zone`; ValidationError if the clocks skip it (a DST gap).

    A time that occurs twice (clocks going back) is read as its first occurrence, the one before
    the change (fold=0, usually summer time): deterministic, and said in the fields' help text.
    """
    aware = naive.replace(tzinfo=zone, fold=0)
    if aware.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None) != naive:
        # zoneinfo would silently shift it (02:30 becomes 03:30 on a spring-forward night).
        raise ValidationError(
            f"{naive:%d %B %Y %H:%M} does not exist in {zone.key}: the clocks skip that hour for daylight "
            "saving time. Enter a time before or after the change.",
            code="nonexistent_time",
        )
    return aware


def attach_zone(form: forms.Form, *, zone_name: str, all_day: bool) -> None:
    """Turn the naive start/end in `form.cleaned_data` into aware datetimes in `zone_name`.

    All-day events run from the first day's midnight to the last second of the last day: the public
    page shows the local dates, and the iCal export writes DTEND as the day after the last (RFC 5545).
    A time the zone skips is a form error on its field.
    """
    zone = zoneinfo.ZoneInfo(zone_name)
    cleaned_data = form.cleaned_data
    for name in ("start", "end"):
        value = cleaned_data.get(name)
        if value is None or timezone.is_aware(value):
            continue
        if all_day:
            # Whole days: a midnight the zone skips (e.g. America/Santiago) still means that day.
            day_time = dt.time.min if name == "start" else dt.time(23, 59, 59)
            cleaned_data[name] = dt.datetime.combine(value.date(), day_time).replace(tzinfo=zone)
            continue
        try:
            cleaned_data[name] = make_local(value, zone)
        except ValidationError as error:
            del cleaned_data[name]  # never hand a naive or shifted value to the model
            form.add_error(name, error)


ZONE_HELP = (
    "Local time in the event's time zone. A time that occurs twice when the clocks go back is read as "
    "the first one (before the change)."
)
ALL_DAY_HELP = "For all-day events only the dates count; the times may be left empty."


class EventAdminForm(WorkflowForm):
    time_zone = forms.ChoiceField(help_text="Where the event takes place.")
    start = WallClockDateTimeField(help_text=ZONE_HELP + " " + ALL_DAY_HELP)
    end = WallClockDateTimeField(help_text=ZONE_HELP + " " + ALL_DAY_HELP)

    class Meta:
        model = Event
        fields = [
            "title", "slug", "kind", "series", "edition", "summary", "description",
            "time_zone", "start", "end", "all_day", "mode", "venues", "online_url", "status", "publish_at",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.time_zone if self.instance.pk else ""
        self.fields["time_zone"].choices = time_zone_choices(
            current=current, first=[settings.TIME_ZONE, *most_used_time_zones()]
        )
        if not self.instance.pk:
            # A new event starts in the site's time zone, as the admin's other times do; the most used zones follow it.
            self.initial.setdefault("time_zone", settings.TIME_ZONE)
        if self.instance.pk:
            self.initial["start"] = self.instance.local_start.replace(tzinfo=None)
            self.initial["end"] = self.instance.local_end.replace(tzinfo=None)
        if self.is_bound and self._all_day_ticked():
            self.fields["start"].allow_date_only()
            self.fields["end"].allow_date_only()

    def _all_day_ticked(self) -> bool:
        # Read from the raw data: the times' requiredness must be decided before the fields are cleaned.
        widget = self.fields["all_day"].widget
        return bool(widget.value_from_datadict(self.data, self.files, self.add_prefix("all_day")))

    def clean(self):
        try:
            return super().clean()
        finally:
            # Also when the stale-version check raises: the model is still built from cleaned_data
            # (and its constraints checked), and it must never see naive datetimes.
            attach_zone(
                self,
                zone_name=self.cleaned_data.get("time_zone") or "UTC",
                all_day=bool(self.cleaned_data.get("all_day")),
            )


class DuplicateEventForm(FullLengthTextForm):
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
        if event.all_day:
            zone_help += " " + ALL_DAY_HELP
        for name in ("start", "end"):
            self.fields[name].help_text = zone_help
            if event.all_day:
                self.fields[name].allow_date_only()

    def clean(self):
        cleaned_data = super().clean()
        attach_zone(self, zone_name=self.event.time_zone, all_day=self.event.all_day)
        start, end = cleaned_data.get("start"), cleaned_data.get("end")
        if start and end and end < start:
            self.add_error("end", "An event cannot end before it starts.")
        return cleaned_data


def event_day(event) -> dt.date | None:
    """The day a speaker's position refers to: the event's first day, in its own zone."""
    if event is None or not isinstance(event.start, dt.datetime) or timezone.is_naive(event.start):
        return None  # a new event whose dates did not validate
    return timezone.localtime(event.start, zoneinfo.ZoneInfo(event.time_zone or "UTC")).date()


class EventPersonForm(PositionSnapshotFormMixin, forms.ModelForm):
    """A speaker's position as printed defaults to the person's position on the event's first day, as bylines do."""

    class Meta:
        model = EventPerson
        fields = ["person", "role", "position_as_printed", "order"]
        help_texts = {
            "position_as_printed": "Kept as printed. Leave empty to use the person's position on the event's "
            "first day; picking another person replaces it unless you type one."
        }

    def __init__(self, *args, event=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event

    def position_date(self, cleaned_data):
        return event_day(self.event)


class EventPersonFormSet(forms.BaseInlineFormSet):
    """Hands the event being edited (with the dates just entered on its form) to each speaker form."""

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "event": self.instance}
