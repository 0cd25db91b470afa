"""Directory filters, declared with django-filter.

People are filtered by what they are: where they work now (organization, and that organization's
country) and their role (current position title). Organizations by country, kind and union.
Every choice offered leads to at least one row.
"""

import django_filters
from django import forms
from django.db.models import Count, Min
from django.db.models.functions import Lower
from django_countries import countries

from people import selectors
from people.models import Membership, Organization, OrganizationKind, Person, Position


def countries_in_use():
    """Only the countries some organization is in, by name."""
    codes = set(Organization.objects.exclude(country="").values_list("country", flat=True).distinct())
    return [(code, name) for code, name in countries if code in codes]


def _listed_positions():
    """Current positions of the people the directory lists (the rows the people filters can lead to)."""
    return Position.objects.current().filter(person__in=selectors.people_with_pages())


def people_organizations(request=None):
    """Organizations where someone in the directory holds a position now, by name."""
    return Organization.objects.filter(pk__in=_listed_positions().values("organization_id")).order_by("name")


def people_countries():
    """Countries of those organizations, by name."""
    codes = set(
        Organization.objects.filter(pk__in=_listed_positions().values("organization_id"))
        .exclude(country="")
        .values_list("country", flat=True)
    )
    return [(code, name) for code, name in countries if code in codes]


def people_roles():
    """Current position titles, most held first; titles differing only in case are one choice."""
    rows = (
        _listed_positions()
        .exclude(title="")
        .annotate(key=Lower("title"))
        .values("key")
        .annotate(held=Count("pk"), title=Min("title"))
        .order_by("-held", "key")
    )
    return [(row["key"], row["title"]) for row in rows]


def union_choices(request=None):
    return Organization.objects.unions().order_by("name")


class _SearchFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search", method="filter_search", widget=forms.TextInput(attrs={"type": "search"})
    )

    def filter_search(self, queryset, name, value):
        return queryset.search(value.strip()) if value.strip() else queryset


class PersonFilter(_SearchFilter):
    """People by their current positions: at an organization, in a country, or by role (position title)."""

    organization = django_filters.ModelChoiceFilter(
        label="Organization",
        queryset=people_organizations,
        to_field_name="slug",
        method="filter_organization",
        empty_label="Any organization",
    )
    country = django_filters.ChoiceFilter(
        label="Country of their organization",
        choices=people_countries,
        method="filter_country",
        empty_label="Any country",
    )
    role = django_filters.ChoiceFilter(label="Role", choices=people_roles, method="filter_role", empty_label="Any role")

    class Meta:
        model = Person
        fields = []

    def _at_current(self, queryset, **lookup):
        return queryset.filter(pk__in=Position.objects.current().filter(**lookup).values("person_id"))

    def filter_organization(self, queryset, name, value):
        return self._at_current(queryset, organization=value)

    def filter_country(self, queryset, name, value):
        return self._at_current(queryset, organization__country=value)

    def filter_role(self, queryset, name, value):
        return self._at_current(queryset, title__iexact=value)


class OrganizationFilter(_SearchFilter):
    country = django_filters.ChoiceFilter(
        label="Country", choices=countries_in_use, method="filter_country", empty_label="Any country"
    )
    kind = django_filters.ChoiceFilter(
        label="Kind of organization", choices=OrganizationKind.choices, method="filter_kind", empty_label="Any kind"
    )
    union = django_filters.ModelChoiceFilter(
        label="Union", queryset=union_choices, to_field_name="slug", method="filter_union", empty_label="Any union"
    )

    class Meta:
        model = Organization
        fields = []

    def filter_country(self, queryset, name, value):
        return queryset.filter(country=value)

    def filter_kind(self, queryset, name, value):
        return queryset.filter(kind=value)

    def filter_union(self, queryset, name, value):
        return queryset.filter(pk__in=Membership.objects.current().filter(union=value).values("member_id"))
