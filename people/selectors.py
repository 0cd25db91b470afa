"""Reads for the public people, organization, union and member pages.

The arrows point articles -> events -> people, so `people` never imports the other two: the
articles and events a person's or organization's page lists come from queries those apps
fill into `people.backlinks`. Each selector runs a fixed number of queries, however many
rows it returns.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import groupby
from typing import NamedTuple

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from people.backlinks import backlinks
from people.models import Membership, Organization, OrganizationKind, Person, Position

# ---------------------------------------------------------------- people and organizations


def people_with_pages() -> QuerySet:
    """People readers may see (directory, person pages, sitemap).

    Listed by choice (`Person.listed`), holding a position in the registry, or named by public work:
    a byline or mention in a published article, a role in a published event. Someone named only in
    unpublished work stays hidden: the name alone would tell what is being written.
    """
    condition = Q(listed=True) | Q(Exists(Position.objects.filter(person=OuterRef("pk"))))
    condition |= backlinks.get("people_in_public_articles")() | backlinks.get("people_in_public_events")()
    return Person.objects.filter(condition)


def organizations_with_pages() -> QuerySet:
    """Every organization has a public page at its get_absolute_url(): a union's is its union page."""
    return Organization.objects.all()


def person_for_page(queryset: QuerySet | None = None) -> QuerySet:
    """People with their position history (organizations included) in one extra query."""
    queryset = queryset if queryset is not None else people_with_pages()
    return queryset.prefetch_related(
        Prefetch("positions", Position.objects.history().select_related("organization"), to_attr="position_history")
    )


class DatedSplit(NamedTuple):
    """Rows split by their dates on one day; "current" is never a stored flag."""

    upcoming: list  # starting later, soonest first
    current: list
    former: list


def split_by_dates(rows, *, at: date | None = None, start: str) -> DatedSplit:
    """(upcoming, current, former) from evaluated rows that have is_upcoming()/is_current(), keeping
    their order (upcoming ones soonest first, by the `start` attribute) and without another query.
    `at` is a day in the site's time zone (default today)."""
    at = at or timezone.localdate()
    upcoming = sorted((row for row in rows if row.is_upcoming(at)), key=lambda row: getattr(row, start))
    current = [row for row in rows if row.is_current(at)]
    former = [row for row in rows if not row.is_current(at) and not row.is_upcoming(at)]
    return DatedSplit(upcoming, current, former)


def split_positions(positions, *, at: date | None = None) -> DatedSplit:
    """(upcoming, current, former) positions from an evaluated history."""
    return split_by_dates(positions, at=at, start="start_date")


def people_with_current_positions(queryset: QuerySet) -> QuerySet:
    """For directory rows: each person's current positions as `current_positions`."""
    return queryset.prefetch_related(
        Prefetch(
            "positions",
            Position.objects.current().history().select_related("organization"),
            to_attr="current_positions",
        )
    )


def positions_at(organization: Organization) -> DatedSplit:
    """(upcoming, current, former) positions held at the organization or its units, people included."""
    positions = list(
        Position.objects.filter(Q(organization=organization) | Q(organization__parent=organization))
        .select_related("person", "organization")
        .history()
    )
    return split_positions(positions)


# Officer titles in order of seniority: a chairman before a vice-chairman before a secretary-general.
_OFFICER_RANKS = [
    ("honorary", 5),
    ("vice", 1),
    ("deputy", 1),
    ("chair", 0),
    ("president", 0),
    ("secretary", 2),
    ("treasurer", 3),
]


def officer_rank(title: str) -> int:
    """Seniority of an officer's title, 0 most senior (chair, president) to 5 (honorary); 4 when unknown."""
    lowered = title.lower()
    for word, rank in _OFFICER_RANKS:
        if word in lowered:
            return rank
    return 4


def union_officers(union: Organization) -> DatedSplit:
    """(upcoming, current, former) officers of a union: current ones by seniority (chairman first),
    upcoming ones soonest first, former ones most recently ended first."""
    officers = positions_at(union)
    officers.current.sort(
        key=lambda position: (officer_rank(position.title), position.order, position.person.sort_name)
    )
    return officers


# ---------------------------------------------------------------- unions and members


GROUPINGS = {"country": "Country", "kind": "Kind"}


@dataclass
class MemberGroup:
    label: str
    memberships: list


def union_memberships(union: Organization) -> DatedSplit:
    """(upcoming, current, former) memberships of a union, members included; one query. An organization
    is listed once: as a member if it is one, else as joining if it will be, else as a former member."""
    memberships = list(
        Membership.objects.filter(union=union).select_related("member", "union").order_by("member__name", "-joined_on")
    )
    split = split_by_dates(memberships, start="joined_on")
    current_members = {membership.member_id for membership in split.current}
    upcoming = [membership for membership in split.upcoming if membership.member_id not in current_members]
    listed = current_members | {membership.member_id for membership in upcoming}
    former = [membership for membership in split.former if membership.member_id not in listed]
    return DatedSplit(upcoming, split.current, former)


def group_memberships(memberships: list, by: str) -> list[MemberGroup]:
    """Memberships grouped by the member's country (by name) or kind (in declared order)."""
    if by == "kind":
        rank = {value: index for index, (value, _label) in enumerate(OrganizationKind.choices)}

        def key(membership):
            return rank.get(membership.member.kind, len(rank))

        def label(membership):
            return membership.member.get_kind_display()
    else:

        def key(membership):
            country = membership.member.country
            return (not country, country.name if country else "")

        def label(membership):
            return membership.member.country.name if membership.member.country else "Country not given"

    ordered = sorted(memberships, key=lambda membership: (key(membership), membership.member.name))
    return [MemberGroup(label(items[0]), items) for items in (list(group) for _key, group in groupby(ordered, key=key))]


def unions_for_index() -> QuerySet:
    """Every union (each has a public page) by name, with `member_count`: its current members."""
    current = Membership.objects.current().filter(union=OuterRef("pk")).values("union").annotate(n=Count("pk"))
    return (
        Organization.objects.unions()
        .annotate(member_count=Coalesce(Subquery(current.values("n")), 0))
        .order_by("name", "pk")
    )


def _memberships_with_pages() -> QuerySet:
    """Memberships of a union: each (union, member) pair among them has a member page."""
    return Membership.objects.filter(union__kind=OrganizationKind.UNION)


def member_pages() -> QuerySet:
    """One row per member page (sitemap): union and member slugs, and when the member last changed."""
    return (
        _memberships_with_pages()
        .values("union__slug", "member__slug", "member__updated_at")
        .distinct()
        .order_by("union__slug", "member__slug")
    )


def membership_for_page(*, union_slug: str, member_slug: str) -> Membership | None:
    """The latest membership of `member_slug` in the union `union_slug`, or None if it never was a member."""
    return (
        _memberships_with_pages()
        .select_related("union", "member")
        .filter(union__slug=union_slug, member__slug=member_slug)
        .order_by(Coalesce("joined_on", "left_on").desc(nulls_last=True))
        .first()
    )


def representatives(organization: Organization) -> list[Position]:
    """Current positions at the member (or its units): the people who speak for it."""
    return positions_at(organization).current
