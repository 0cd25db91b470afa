"""Directory filters: search, country, kind and union, declared with django-filter."""

import django_filters
from django import forms
from django.db.models import Q
from django_countries import countries

from people.models import Membership, Organization, OrganizationKind, Person, Position


def countries_in_use():
    """Only the countries some organization is in, by name."""
    codes = set(Organization.objects.exclude(country="").values_list("country", flat=True).distinct())
    return [(code, name) for code, name in countries if code in codes]


def union_choices(request=None):
    return Organization.objects.unions().order_by("name")


class _DirectoryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search", method="filter_search", widget=forms.TextInput(attrs={"type": "search"})
    )
    country = django_filters.ChoiceFilter(
        label="Country", choices=countries_in_use, method="filter_country", empty_label="Any country"
    )
    kind = django_filters.ChoiceFilter(
        label="Kind of organization", choices=OrganizationKind.choices, method="filter_kind", empty_label="Any kind"
    )
    union = django_filters.ModelChoiceFilter(
        label="Union", queryset=union_choices, to_field_name="slug", method="filter_union", empty_label="Any union"
    )

    def filter_search(self, queryset, name, value):
        return queryset.search(value.strip()) if value.strip() else queryset


class PersonFilter(_DirectoryFilter):
    """People by their current positions: at an organization in a country, of a kind, or in a union."""

    class Meta:
        model = Person
        fields = []

    def _at_current(self, queryset, **organization_lookup):
        holders = Position.objects.current().filter(**organization_lookup).values("person_id")
        return queryset.filter(pk__in=holders)

    def filter_country(self, queryset, name, value):
        return self._at_current(queryset, organization__country=value)

    def filter_kind(self, queryset, name, value):
        return self._at_current(queryset, organization__kind=value)

    def filter_union(self, queryset, name, value):
        """People at the union itself (its officers) or at one of its current members."""
        members = Membership.objects.current().filter(union=value).values("member_id")
        organizations = Organization.objects.filter(Q(pk=value.pk) | Q(pk__in=members))
        return self._at_current(queryset, organization__in=organizations)


class OrganizationFilter(_DirectoryFilter):
    class Meta:
        model = Organization
        fields = []

    def filter_country(self, queryset, name, value):
        return queryset.filter(country=value)

    def filter_kind(self, queryset, name, value):
        return queryset.filter(kind=value)

    def filter_union(self, queryset, name, value):
        return queryset.filter(pk__in=Membership.objects.current().filter(union=value).values("member_id"))
