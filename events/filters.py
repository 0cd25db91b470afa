"""Filters for the public events page; every filter combines with the others (AND)."""

import django_filters
from django.db.models import QuerySet
from django_countries import countries

from events.models import Event, EventMode, EventSeries, Venue
from events.selectors import event_years, organizers, time_zones, with_local_year


def _public_venues() -> QuerySet:
    return Venue.objects.filter(events__in=Event.objects.published()).distinct()


def city_choices():
    cities = _public_venues().order_by("city").values_list("city", flat=True)
    return [(city, city) for city in dict.fromkeys(cities)]


def country_choices():
    codes = set(_public_venues().order_by().values_list("country", flat=True))
    return [(code, name) for code, name in countries if code in codes]


def organizer_queryset(request):
    return organizers(events=Event.objects.published())


def series_queryset(request):
    return EventSeries.objects.filter(events__in=Event.objects.published()).distinct().order_by("name")


class EventFilter(django_filters.FilterSet):
    mode = django_filters.ChoiceFilter(choices=EventMode.choices, label="Mode", empty_label="Any mode")
    city = django_filters.ChoiceFilter(
        field_name="venues__city", choices=city_choices, label="City", empty_label="Any city", distinct=True
    )
    country = django_filters.ChoiceFilter(
        field_name="venues__country", choices=country_choices, label="Country", empty_label="Any country", distinct=True
    )
    organizer = django_filters.ModelChoiceFilter(
        method="filter_organizer",
        queryset=organizer_queryset,
        to_field_name="slug",
        label="Organizer",
        empty_label="Any organizer",
    )
    series = django_filters.ModelChoiceFilter(
        queryset=series_queryset, to_field_name="slug", label="Series", empty_label="Any series"
    )
    # Choices set per request in __init__, from the zones found once for the whole page.
    year = django_filters.ChoiceFilter(choices=(), method="filter_year", label="Year", empty_label="Any year")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Evaluate each list of choices once: validating and rendering the form both read them.
        for name in ("city", "country"):
            choices = self.filters[name].extra["choices"]
            self.filters[name].extra["choices"] = list(choices() if callable(choices) else choices)
        # The zones of public events, found once per page: the year choices and the year filter (run on
        # both the upcoming and the past events) would otherwise each look them up again.
        self.time_zones = time_zones(Event.objects.published())
        self.filters["year"].extra["choices"] = [(year, str(year)) for year in event_years(zones=self.time_zones)]

    def filter_organizer(self, queryset, name, organization):
        return queryset.organized_by(organization)

    def filter_year(self, queryset, name, value):
        """The year as shown on the page: local to each event's time zone, not UTC."""
        return with_local_year(queryset, zones=self.time_zones).filter(local_year=int(value))

    class Meta:
        model = Event
        fields = ["mode", "city", "country", "organizer", "series", "year"]
