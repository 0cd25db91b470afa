"""Filters for the public events page; every filter combines with the others (AND)."""

import django_filters
from django.db.models import QuerySet
from django_countries import countries

from events.models import Event, EventMode, EventSeries, Venue
from people.models import Organization


def _public_venues() -> QuerySet:
    return Venue.objects.filter(events__in=Event.objects.published()).distinct()


def city_choices():
    cities = _public_venues().order_by("city").values_list("city", flat=True).distinct()
    return [(city, city) for city in dict.fromkeys(cities)]


def country_choices():
    codes = set(_public_venues().values_list("country", flat=True))
    return [(code, name) for code, name in countries if code in codes]


def organizer_queryset(request):
    return Organization.objects.filter(event_roles__event__in=Event.objects.published()).distinct().order_by("name")


def series_queryset(request):
    return EventSeries.objects.filter(events__in=Event.objects.published()).distinct().order_by("name")


def year_choices():
    years = Event.objects.published().dates("start", "year", order="DESC")
    return [(day.year, str(day.year)) for day in years]


class EventFilter(django_filters.FilterSet):
    mode = django_filters.ChoiceFilter(choices=EventMode.choices, label="Mode", empty_label="Any mode")
    city = django_filters.ChoiceFilter(
        field_name="venues__city", choices=city_choices, label="City", empty_label="Any city", distinct=True
    )
    country = django_filters.ChoiceFilter(
        field_name="venues__country", choices=country_choices, label="Country", empty_label="Any country", distinct=True
    )
    organizer = django_filters.ModelChoiceFilter(
        field_name="organizations",
        queryset=organizer_queryset,
        to_field_name="slug",
        label="Organizer",
        empty_label="Any organizer",
        distinct=True,
    )
    series = django_filters.ModelChoiceFilter(
        queryset=series_queryset, to_field_name="slug", label="Series", empty_label="Any series"
    )
    year = django_filters.ChoiceFilter(
        field_name="start", lookup_expr="year", choices=year_choices, label="Year", empty_label="Any year"
    )

    class Meta:
        model = Event
        fields = ["mode", "city", "country", "organizer", "series", "year"]
