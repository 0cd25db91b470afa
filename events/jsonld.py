"""schema.org `Event` data for an event page (rendered with the `json_ld` template filter)."""

from events.models import ORGANIZING_ROLES, Event, EventMode, OrganizationRole, PersonRole

ATTENDANCE_MODES = {
    EventMode.IN_PERSON: "https://schema.org/OfflineEventAttendanceMode",
    EventMode.ONLINE: "https://schema.org/OnlineEventAttendanceMode",
    EventMode.HYBRID: "https://schema.org/MixedEventAttendanceMode",
}

# schema.org has organizer (ORGANIZING_ROLES), sponsor and performer; partners, participants and guests have
# no property.
SPONSOR_ROLES = {OrganizationRole.SPONSOR, OrganizationRole.SUPPORTER}
PERFORMER_ROLES = {PersonRole.SPEAKER, PersonRole.KEYNOTE, PersonRole.MODERATOR, PersonRole.CHAIR}


def _place(venue) -> dict:
    address = {
        "@type": "PostalAddress",
        "addressLocality": venue.city,
        "addressCountry": str(venue.country.code) if venue.country else "",
    }
    if venue.address:
        address["streetAddress"] = venue.address
    if venue.region:
        address["addressRegion"] = venue.region
    return {"@type": "Place", "name": venue.name or str(venue), "address": address}


def _date(event: Event, value) -> str:
    return value.date().isoformat() if event.all_day else value.isoformat()


def event_json_ld(event: Event, *, absolute_url, organizers, people) -> dict:
    """`organizers` and `people` are the prefetched role rows (EventOrganization / EventPerson);
    `absolute_url` turns a path into a full URL (request.build_absolute_uri)."""
    locations = []
    if event.mode in (EventMode.IN_PERSON, EventMode.HYBRID):
        locations += [_place(venue) for venue in event.venues.all()]
    if event.mode in (EventMode.ONLINE, EventMode.HYBRID) and event.online_url:
        locations.append({"@type": "VirtualLocation", "url": event.online_url})
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "url": absolute_url(event.get_absolute_url()),
        "startDate": _date(event, event.local_start),
        "endDate": _date(event, event.local_end),
        "eventAttendanceMode": ATTENDANCE_MODES[event.mode],
        "eventStatus": "https://schema.org/EventScheduled",
    }
    if event.summary:
        data["description"] = event.summary
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations

    def thing(schema_type, entity):
        return {"@type": schema_type, "name": entity.name, "url": absolute_url(entity.get_absolute_url())}

    for prop, roles in (("organizer", ORGANIZING_ROLES), ("sponsor", SPONSOR_ROLES)):
        entries = [thing("Organization", role.organization) for role in organizers if role.role in roles]
        if entries:
            data[prop] = entries
    performers = [thing("Person", role.person) for role in people if role.role in PERFORMER_ROLES]
    if performers:
        data["performer"] = performers
    if event.series_id:
        data["superEvent"] = {"@type": "EventSeries", "name": event.series.name}
    return data
