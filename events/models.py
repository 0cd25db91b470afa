import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django_countries.fields import CountryField

from core import fields
from core.slugs import ADDRESS_HELP
from core.urls import reverse
from editorial.publishing import Publishable, PublishableQuerySet, publish_at_required_constraint
from people.models import Organization, Person


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"“{value}” is not a time zone name such as Asia/Shanghai or Europe/Moscow.")


class EventSeries(models.Model):
    """A recurring event, e.g. an annual conference; each event is an edition."""

    name = fields.CharField(max_length=300)
    slug = fields.SlugField(max_length=200, unique=True)
    description = fields.TextField(blank=True, help_text="Markdown.")
    frequency = fields.CharField(max_length=60, blank=True, help_text="E.g. annual.")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "event series"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("events:event_list") + f"?series={self.slug}"


class Venue(models.Model):
    name = fields.CharField(max_length=300, blank=True, help_text="Leave empty when only the city is known.")
    address = fields.CharField(max_length=300, blank=True)
    city = fields.CharField(max_length=120)
    region = fields.CharField(max_length=120, blank=True, help_text="Province or state.")
    country = CountryField()

    class Meta:
        ordering = ["country", "city", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "city", "country"],
                name="venue_unique_per_city",
                violation_error_message="This venue already exists in that city.",
            )
        ]

    def __str__(self):
        place = ", ".join(part for part in (self.city, self.country.name) if part)
        return f"{self.name}, {place}" if self.name else place


class EventMode(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    ONLINE = "online", "Online"
    HYBRID = "hybrid", "Hybrid"


class EventKind(models.TextChoices):
    CONFERENCE = "conference", "Conference"
    FORUM = "forum", "Forum"
    SUMMIT = "summit", "Summit"
    SEMINAR = "seminar", "Seminar"
    MEETING = "meeting", "Meeting"
    ROUNDTABLE = "roundtable", "Roundtable"
    CEREMONY = "ceremony", "Ceremony"
    OTHER = "other", "Other"


class EventQuerySet(PublishableQuerySet):
    def upcoming(self, *, at=None):
        """Public events that have not ended yet, soonest first."""
        at = at or timezone.now()
        return self.published(at=at).filter(end__gte=at).order_by("start")

    def past(self, *, at=None):
        at = at or timezone.now()
        return self.published(at=at).filter(end__lt=at).order_by("-start")

    def organized_by(self, organization):
        """Events the organization hosts or organizes (as sponsor or participant it is not an organizer)."""
        return self.filter(
            Exists(
                EventOrganization.objects.filter(
                    event=OuterRef("pk"), organization=organization, role__in=ORGANIZING_ROLES
                )
            )
        )


class Event(Publishable):
    title = fields.CharField(max_length=300)
    slug = fields.SlugField(max_length=200, unique=True, help_text=ADDRESS_HELP)
    kind = fields.CharField(max_length=20, choices=EventKind.choices, default=EventKind.CONFERENCE)
    series = models.ForeignKey(EventSeries, null=True, blank=True, on_delete=models.PROTECT, related_name="events")
    edition = models.PositiveSmallIntegerField(null=True, blank=True, help_text="1 for “the first annual conference”.")
    start = models.DateTimeField()
    end = models.DateTimeField()
    time_zone = fields.CharField(
        max_length=64, default="UTC", validators=[validate_time_zone], help_text="Where the event takes place."
    )
    all_day = models.BooleanField(default=False, help_text="Dates only; times are not shown.")
    mode = fields.CharField(max_length=20, choices=EventMode.choices, default=EventMode.IN_PERSON)
    online_url = fields.URLField("online link", blank=True)
    venues = models.ManyToManyField(Venue, blank=True, related_name="events")
    summary = fields.CharField(max_length=500, blank=True)
    description = fields.TextField(blank=True, help_text="Markdown.")
    organizations = models.ManyToManyField(Organization, through="EventOrganization", related_name="events")
    people = models.ManyToManyField(Person, through="EventPerson", related_name="events")

    objects = EventQuerySet.as_manager()

    revision_children = ("organization_roles", "person_roles")

    class Meta:
        ordering = ["-start"]
        # The page cache asks for the soonest end still ahead on every request (core.versions).
        indexes = [models.Index(fields=["end"], name="event_end_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=F("start")),
                name="event_end_after_start",
                violation_error_message="An event cannot end before it starts.",
            ),
            models.UniqueConstraint(
                fields=["series", "edition"],
                name="event_edition_unique_per_series",
                violation_error_message="This series already has an event with that edition number.",
            ),
            models.CheckConstraint(
                condition=Q(edition__isnull=True) | Q(series__isnull=False),
                name="event_edition_needs_series",
                violation_error_message="An edition number needs a series.",
            ),
            publish_at_required_constraint("event_live_needs_publish_at"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:event_detail", kwargs={"slug": self.slug})

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def local_start(self):
        return timezone.localtime(self.start, self.zone)

    @property
    def local_end(self):
        return timezone.localtime(self.end, self.zone)

    @property
    def has_ended(self) -> bool:
        """Over now: the same line as EventQuerySet.past()."""
        return self.end < timezone.now()


class OrganizationRole(models.TextChoices):
    HOST = "host", "Host"
    CO_HOST = "co_host", "Co-host"
    ORGANIZER = "organizer", "Organizer"
    CO_ORGANIZER = "co_organizer", "Co-organizer"
    SPONSOR = "sponsor", "Sponsor"
    SUPPORTER = "supporter", "Supporter"
    PARTNER = "partner", "Partner"
    PARTICIPANT = "participant", "Participant"


# The roles that make an organization one of an event's organizers (sponsors, supporters,
# partners and participants are not).
ORGANIZING_ROLES = (
    OrganizationRole.HOST,
    OrganizationRole.CO_HOST,
    OrganizationRole.ORGANIZER,
    OrganizationRole.CO_ORGANIZER,
)


class EventOrganization(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="organization_roles")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="event_roles")
    role = fields.CharField(max_length=20, choices=OrganizationRole.choices, default=OrganizationRole.ORGANIZER)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "organization role"
        constraints = [
            models.UniqueConstraint(
                fields=["event", "organization", "role"],
                name="event_organization_role_unique",
                violation_error_message="This organization already has that role in the event.",
            )
        ]

    def __str__(self):
        return f"{self.organization} – {self.get_role_display()}"


class PersonRole(models.TextChoices):
    SPEAKER = "speaker", "Speaker"
    KEYNOTE = "keynote", "Keynote speaker"
    MODERATOR = "moderator", "Moderator"
    GUEST_OF_HONOUR = "guest_of_honour", "Guest of honour"
    CHAIR = "chair", "Chair"
    PARTICIPANT = "participant", "Participant"


class EventPerson(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="person_roles")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="event_roles")
    role = fields.CharField(max_length=20, choices=PersonRole.choices, default=PersonRole.SPEAKER)
    position_as_printed = fields.CharField(max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "person role"
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person", "role"],
                name="event_person_role_unique",
                violation_error_message="This person already has that role in the event.",
            )
        ]

    def __str__(self):
        return f"{self.person} – {self.get_role_display()}"
