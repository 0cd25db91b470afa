from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django_countries.fields import CountryField

from core import fields
from core.fields import UploadedImageField
from core.slugs import ADDRESS_HELP
from core.urls import reverse
from core.validators import validate_image_upload

# Scripts that identify one language, checked before Han (which Chinese and Japanese share).
_SCRIPT_LANGUAGES = [
    ((0x3040, 0x30FF), "ja"),  # Hiragana, Katakana
    ((0xAC00, 0xD7AF), "ko"),  # Hangul syllables
    ((0x1100, 0x11FF), "ko"),  # Hangul jamo
    ((0x0400, 0x04FF), "ru"),  # Cyrillic
    ((0x0600, 0x06FF), "ar"),  # Arabic
    ((0x0E00, 0x0E7F), "th"),  # Thai
    ((0x4E00, 0x9FFF), "zh"),  # CJK unified ideographs
]


def guess_language_of_script(text: str) -> str:
    """A best guess for `lang` from the characters used; editors set the exact language on the person."""
    for (low, high), language in _SCRIPT_LANGUAGES:
        if any(low <= ord(char) <= high for char in text):
            return language
    return ""


class PersonQuerySet(models.QuerySet):
    def search(self, text: str):
        return self.filter(Q(name__icontains=text) | Q(name_original__icontains=text) | Q(sort_name__icontains=text))


class Person(models.Model):
    name = fields.CharField(max_length=200, help_text="As printed, e.g. “Zhang Yuzhuo”.")
    sort_name = fields.CharField(max_length=200, blank=True, help_text="For alphabetical lists; defaults to the name.")
    name_original = fields.CharField(
        "name in original script", max_length=200, blank=True, help_text="E.g. 张玉卓, if known."
    )
    name_original_language = fields.CharField(
        "language of the original name",
        max_length=20,
        blank=True,
        help_text="Language tag for the original script, e.g. zh, ja, ko, ru. Guessed from the script when empty.",
    )
    slug = fields.SlugField(max_length=200, unique=True, help_text=ADDRESS_HELP)
    bio = fields.TextField("short bio", blank=True, help_text="Markdown.")
    photo = UploadedImageField(upload_to="people/", blank=True, validators=[validate_image_upload])
    photo_alt = fields.CharField("photo alt text", max_length=300, blank=True)
    website = fields.URLField(blank=True)
    listed = models.BooleanField(
        "listed before anything is published",
        default=False,
        help_text="A person appears on the public site once something public names them (a published article "
        "or event) or they hold a position; tick this to list them already.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["sort_name", "name"]
        verbose_name_plural = "people"
        constraints = [
            models.CheckConstraint(
                condition=Q(photo="") | ~Q(photo_alt=""),
                name="person_photo_needs_alt",
                violation_error_message="A photo needs alt text.",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # Presentation default only; no business rules here.
        if not self.sort_name:
            self.sort_name = self.name
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.url_for(self.slug)

    @staticmethod
    def url_for(slug: str) -> str:
        """The address of the person with this slug (lists built from `values()` have no instances)."""
        return reverse("people:person_detail", kwargs={"slug": slug})

    @property
    def name_original_lang(self) -> str:
        """The lang attribute for the original-script name: as entered, else guessed from its script."""
        return self.name_original_language or guess_language_of_script(self.name_original)

    def position_at(self, when: date | None = None):
        """The position held on `when` (today by default), most recently started first."""
        when = when or timezone.localdate()
        # nulls_last: an undated position must not outrank a dated one (PostgreSQL sorts NULL first in DESC).
        return self.positions.current(at=when).order_by(F("start_date").desc(nulls_last=True), "order").first()


class OrganizationKind(models.TextChoices):
    NEWS_MEDIA = "news_media", "News media"
    NEWS_AGENCY = "news_agency", "News agency"
    PRESS_RELEASE_SERVICE = "press_release_service", "Press-release service"
    RESEARCH_INSTITUTE = "research_institute", "Research institute"
    UNIVERSITY = "university", "University"
    SOCIETY = "society", "Society / association"
    COMPANY = "company", "Company"
    GOVERNMENT = "government", "Government body"
    INTERNATIONAL = "international", "International organization"
    UNION = "union", "Union"
    OTHER = "other", "Other"


_MINOR_WORDS = {"a", "an", "and", "for", "in", "of", "on", "the", "&"}


class OrganizationQuerySet(models.QuerySet):
    def unions(self):
        return self.filter(kind=OrganizationKind.UNION)

    def search(self, text: str):
        return self.filter(Q(name__icontains=text) | Q(short_name__icontains=text) | Q(name_original__icontains=text))


class Organization(models.Model):
    name = fields.CharField(max_length=300)
    short_name = fields.CharField("acronym / short name", max_length=60, blank=True, help_text="E.g. CAST, JST.")
    name_original = fields.CharField("name in original script", max_length=300, blank=True)
    slug = fields.SlugField(max_length=200, unique=True, help_text=ADDRESS_HELP)
    kind = fields.CharField(max_length=30, choices=OrganizationKind.choices, default=OrganizationKind.OTHER)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="units",
        help_text="For departments and offices, e.g. a secretariat of an association.",
    )
    country = CountryField(blank=True)
    city = fields.CharField(max_length=120, blank=True)
    website = fields.URLField(blank=True)
    logo = UploadedImageField(upload_to="organizations/", blank=True, validators=[validate_image_upload])
    description = fields.TextField(blank=True, help_text="Markdown.")
    founded_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name"],
                name="organization_name_unique",
                violation_error_message="An organization with this name already exists.",
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("pk")),
                name="organization_not_own_parent",
                violation_error_message="An organization cannot be part of itself: pick another parent.",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.short_name})" if self.short_name else self.name

    def get_absolute_url(self):
        return self.url_for(self.slug, self.kind)

    @staticmethod
    def url_for(slug: str, kind: str) -> str:
        """The address of the organization with this slug and kind (a union has a page of its own)."""
        if kind == OrganizationKind.UNION:
            return reverse("people:union_detail", kwargs={"slug": slug})
        return reverse("people:organization_detail", kwargs={"slug": slug})

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    @property
    def name_original_lang(self) -> str:
        return guess_language_of_script(self.name_original)

    @property
    def monogram(self) -> str:
        """Up to four letters standing in for a missing logo: a short acronym (the name itself when it is
        one, as “IUSTC”), else the initials."""
        acronym = self.short_name.split()[0] if self.short_name else ""
        if not acronym and self.name.isupper() and " " not in self.name:
            acronym = self.name
        if acronym and len(acronym) <= 5:
            return acronym
        words = [word for word in self.name.replace("-", " ").split() if word.lower() not in _MINOR_WORDS]
        return "".join(word[0] for word in words[:4]).upper()


class PositionQuerySet(models.QuerySet):
    def current(self, *, at: date | None = None):
        """Positions held on `at`: derived from dates, never from a stored flag."""
        at = at or timezone.localdate()
        return self.filter(Q(start_date__isnull=True) | Q(start_date__lte=at)).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=at)
        )

    def history(self):
        """Most recent first; open-ended positions before ended ones that started on the same day."""
        return self.order_by(F("start_date").desc(nulls_last=True), F("end_date").desc(nulls_first=True), "order")


class Position(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="positions")
    title = fields.CharField(max_length=300, help_text="E.g. “Executive Vice President”.")
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="positions"
    )
    organization_text = fields.CharField(
        "organization (free text)",
        max_length=300,
        blank=True,
        help_text="When the organization is not in the registry, as printed.",
    )
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0, help_text="Tie-breaker between simultaneous positions.")

    objects = PositionQuerySet.as_manager()

    class Meta:
        ordering = [F("start_date").desc(nulls_last=True), "order"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="position_end_after_start",
                violation_error_message="A position cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=Q(organization__isnull=True) | Q(organization_text=""),
                name="position_organization_or_text",
                violation_error_message="Pick an organization or type its name, not both.",
            ),
        ]

    def __str__(self):
        return f"{self.person}: {self.as_printed()}"

    @property
    def organization_label(self) -> str:
        return self.organization.name if self.organization_id else self.organization_text

    def as_printed(self) -> str:
        """The position as a byline prints it: “Title, Organization”."""
        return ", ".join(part for part in (self.title, self.organization_label) if part)

    def is_current(self, at: date | None = None) -> bool:
        at = at or timezone.localdate()
        return (self.start_date is None or self.start_date <= at) and (self.end_date is None or self.end_date >= at)

    def is_upcoming(self, at: date | None = None) -> bool:
        """Starts after `at` (today by default): not held yet, and not a former position either."""
        return self.start_date is not None and self.start_date > (at or timezone.localdate())


class DatePrecision(models.TextChoices):
    """How much of a date is known. A newsletter may print only a year (“In 2018, PR Newswire joined”);
    the date is then stored as its first day and shown as printed, never as an invented day."""

    DAY = "day", "Full date"
    MONTH = "month", "Month only"
    YEAR = "year", "Year only"


_PRECISION_FORMATS = {
    # long, short, ISO (HTML <time datetime>)
    DatePrecision.DAY: ("j F Y", "j M Y", "Y-m-d"),
    DatePrecision.MONTH: ("F Y", "M Y", "Y-m"),
    DatePrecision.YEAR: ("Y", "Y", "Y"),
}


class MembershipRole(models.TextChoices):
    FOUNDING_MEMBER = "founding_member", "Founding member"
    INITIATOR = "initiator", "Initiator"
    CHAIR_UNIT = "chair_unit", "Chair unit"
    MEMBER = "member", "Member"
    OBSERVER = "observer", "Observer"


class MembershipQuerySet(models.QuerySet):
    def current(self, *, at: date | None = None):
        at = at or timezone.localdate()
        return self.filter(Q(joined_on__isnull=True) | Q(joined_on__lte=at)).filter(
            Q(left_on__isnull=True) | Q(left_on__gte=at)
        )


class Membership(models.Model):
    union = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="memberships",
        limit_choices_to={"kind": OrganizationKind.UNION},
    )
    member = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="union_memberships")
    role = fields.CharField(max_length=30, choices=MembershipRole.choices, default=MembershipRole.MEMBER)
    joined_on = models.DateField(null=True, blank=True)
    joined_precision = models.CharField(
        "join date precision",
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text="When only the year (or month) of joining is known, give its first day and say so here.",
    )
    left_on = models.DateField(null=True, blank=True)
    note = fields.CharField(max_length=300, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["union", "member__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["union", "member", "joined_on"],
                name="membership_unique_per_join",
                violation_error_message="This organization already has a membership starting on that date.",
            ),
            # The constraint above never fires without a join date (NULLs are distinct in SQL), so an
            # undated membership gets its own rule: one per member and union.
            models.UniqueConstraint(
                fields=["union", "member"],
                condition=Q(joined_on__isnull=True),
                name="membership_unique_without_join_date",
                violation_error_message=(
                    "This organization already has a membership of this union without a join date; "
                    "edit that one, or give each membership its join date."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(union=F("member")),
                name="membership_not_self",
                violation_error_message="A union cannot be a member of itself.",
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(joined_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                name="membership_left_after_joined",
                violation_error_message="A membership cannot end before it starts.",
            ),
        ]

    def __str__(self):
        return f"{self.member} in {self.union}"

    def get_absolute_url(self):
        return reverse("people:member_detail", kwargs={"union_slug": self.union.slug, "slug": self.member.slug})

    def clean(self):
        # A year or a month known only is stored as its first day, so that sorting and "current" stay right.
        joined, precision = self.joined_on, self.joined_precision
        if joined and precision == DatePrecision.YEAR and (joined.month, joined.day) != (1, 1):
            raise ValidationError({"joined_on": "Only the year is known: give 1 January of that year."})
        if joined and precision == DatePrecision.MONTH and joined.day != 1:
            raise ValidationError({"joined_on": "Only the month is known: give the 1st of that month."})

    def _joined(self, which: int) -> str:
        if self.joined_on is None:
            return ""
        return date_format(self.joined_on, _PRECISION_FORMATS[self.joined_precision][which])

    @property
    def joined_label(self) -> str:
        """The join date as far as it is known: “20 September 2018”, “September 2018” or “2018”."""
        return self._joined(0)

    @property
    def joined_label_short(self) -> str:
        return self._joined(1)

    @property
    def joined_iso(self) -> str:
        """For <time datetime>: “2018-09-20”, “2018-09” or “2018”."""
        return self._joined(2)

    def is_current(self, at: date | None = None) -> bool:
        at = at or timezone.localdate()
        return (self.joined_on is None or self.joined_on <= at) and (self.left_on is None or self.left_on >= at)

    def is_upcoming(self, at: date | None = None) -> bool:
        """Joins after `at` (today by default): not a member yet, and not a former member either."""
        return self.joined_on is not None and self.joined_on > (at or timezone.localdate())
