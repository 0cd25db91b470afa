"""Reads for the public event pages, feeds and calendar.

Every query starts from `Event.objects.published()` (or `.upcoming()` / `.past()`). The articles
covering an event come from the query the articles app fills into `events.backlinks`: the
arrows point articles -> events -> people, never back.
"""

import zoneinfo
from dataclasses import dataclass, field

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, When
from django.db.models.functions import ExtractYear

from events.models import ORGANIZING_ROLES, Event, EventOrganization, EventPerson, OrganizationRole, PersonRole
from people.models import Organization, Person


def organizers(*, events: QuerySet | None = None) -> QuerySet:
    """Organizations that host or organize one of `events` (any event by default), by name."""
    roles = EventOrganization.objects.filter(organization=OuterRef("pk"), role__in=ORGANIZING_ROLES)
    if events is not None:
        roles = roles.filter(event__in=events)
    return Organization.objects.filter(Exists(roles)).order_by("name")


def _with_listing_relations(queryset: QuerySet) -> QuerySet:
    """What an event card needs: series, venues and organizers, in a fixed number of queries."""
    return queryset.select_related("series").prefetch_related(
        "venues",
        Prefetch(
            "organization_roles",
            queryset=EventOrganization.objects.select_related("organization"),
        ),
    )


def upcoming_events(*, at=None) -> QuerySet:
    """Published events not yet ended at `at` (aware datetime, default now), soonest first, with what an event
    card shows (series, venues, organizers)."""
    return _with_listing_relations(Event.objects.upcoming(at=at))


def past_events(*, at=None) -> QuerySet:
    """Published events that ended before `at` (aware datetime, default now), latest first, with what an event
    card shows."""
    return _with_listing_relations(Event.objects.past(at=at))


def _with_detail_relations(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("series").prefetch_related(
        "venues",
        Prefetch("organization_roles", queryset=EventOrganization.objects.select_related("organization")),
        Prefetch("person_roles", queryset=EventPerson.objects.select_related("person")),
    )


def event_detail_queryset() -> QuerySet:
    """Published events with everything the event page shows (series, venues, organizers and people by role)."""
    return _with_detail_relations(Event.objects.published())


def event_preview_queryset() -> QuerySet:
    """Every event, public or not, for the staff preview (events.preview)."""
    return _with_detail_relations(Event.objects.all())


def time_zones(queryset: QuerySet) -> list[str]:
    """The zones the events of `queryset` take place in: one query, for with_local_year()."""
    return sorted(queryset.order_by().values_list("time_zone", flat=True).distinct())


def most_used_time_zones(*, limit: int = 8) -> list[str]:
    """The zones events are most often held in (any state), most used first: offered first in the event form."""
    rows = Event.objects.order_by().values("time_zone").annotate(events=Count("pk")).order_by("-events", "time_zone")
    return [row["time_zone"] for row in rows[:limit]]


def with_local_year(queryset: QuerySet, *, zones: list[str] | None = None) -> QuerySet:
    """Annotate `local_year`: the year of the start in the event's own zone, as the pages show it.

    The annotation extracts the year per zone in SQL. `zones` (from time_zones(), of these events or
    of more) saves the query that finds them when the caller has them already.
    """
    if zones is None:
        zones = time_zones(queryset)
    if not zones:
        return queryset.annotate(local_year=ExtractYear("start"))
    return queryset.annotate(
        local_year=Case(
            *(When(time_zone=zone, then=ExtractYear("start", tzinfo=zoneinfo.ZoneInfo(zone))) for zone in zones),
            default=ExtractYear("start"),  # a zone missing from `zones` (an event published meanwhile): UTC
            output_field=IntegerField(),
        )
    )


def event_years(*, zones: list[str] | None = None) -> list[int]:
    """Years (local to each event) that have public events, newest first."""
    years = (
        with_local_year(Event.objects.published(), zones=zones)
        .order_by()
        .values_list("local_year", flat=True)
        .distinct()
    )
    return sorted(years, reverse=True)


def calendar_events(*, at=None) -> QuerySet:
    """The iCal feed: upcoming public events with their venues."""
    return Event.objects.upcoming(at=at).prefetch_related("venues")


@dataclass
class RoleGroup:
    role: str
    label: str
    items: list = field(default_factory=list)


def _group_by_role(roles, choices) -> list[RoleGroup]:
    """Roles (EventPerson / EventOrganization rows) grouped by role in the order `choices` declares them,
    each group keeping the rows' order; empty groups left out."""
    groups = {value: RoleGroup(value, label) for value, label in choices}
    for item in roles:
        groups[item.role].items.append(item)
    return [group for group in groups.values() if group.items]


def organizers_by_role(event: Event) -> list[RoleGroup]:
    """Organizations grouped by role, in the order of OrganizationRole (hosts first)."""
    return _group_by_role(event.organization_roles.all(), OrganizationRole.choices)


def people_by_role(event: Event) -> list[RoleGroup]:
    """People grouped by role, in the order of PersonRole (speakers first); reads `event.person_roles.all()`."""
    return _group_by_role(event.person_roles.all(), PersonRole.choices)


def events_of_person(person: Person) -> list[RoleGroup]:
    """Published events where the person spoke, moderated or took part, grouped by role, latest first."""
    rows = (
        EventPerson.objects.filter(person=person, event__in=Event.objects.published())
        .select_related("event")
        .order_by("-event__start", "pk")
    )
    return _group_by_role(rows, PersonRole.choices)


def events_of_organization(organization: Organization) -> list[RoleGroup]:
    """Published events the organization hosted, organized, sponsored or took part in, grouped by role,
    latest first."""
    rows = (
        EventOrganization.objects.filter(organization=organization, event__in=Event.objects.published())
        .select_related("event")
        .order_by("-event__start", "pk")
    )
    return _group_by_role(rows, OrganizationRole.choices)


def people_in_public_events() -> Q:
    """People with a role in a published event (a Q over Person)."""
    return Q(Exists(EventPerson.objects.filter(person=OuterRef("pk"), event__in=Event.objects.published())))
