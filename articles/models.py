import re

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import formats, timezone
from django.utils.functional import cached_property

from core.fields import RenderedMarkdownField, UploadedImageField
from core.urls import reverse
from core.validators import validate_image_upload, validate_single_line
from editorial.publishing import Publishable, PublishableQuerySet, public_q, publish_at_required_constraint
from events.models import Event
from people.models import Organization, Person


class PublicationQuerySet(models.QuerySet):
    def published(self, *, at=None):
        """Publications readers can see: those with at least one published issue.

        A publication has no state of its own; a new one (e.g. made by a draft import)
        stays out of every page, feed, sitemap and filter until its first issue is public.
        """
        return self.filter(Exists(Issue.objects.published(at=at).filter(publication=OuterRef("pk"))))


class Publication(models.Model):
    name = models.CharField(max_length=200, unique=True, validators=[validate_single_line])
    slug = models.SlugField(max_length=100, unique=True)
    language = models.CharField(max_length=10, choices=settings.LANGUAGES, default="en")
    description = models.TextField(blank=True, help_text="Markdown.")
    publisher = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="publications"
    )
    default_colophon = models.TextField(blank=True, help_text="Markdown; new issues start with it.")
    website = models.URLField(blank=True)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:publication_detail", kwargs={"slug": self.slug})

    @property
    def rss_url(self) -> str:
        return reverse("articles:publication_feed_rss", kwargs={"slug": self.slug})

    @property
    def atom_url(self) -> str:
        return reverse("articles:publication_feed_atom", kwargs={"slug": self.slug})


class Section(models.Model):
    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(max_length=200, help_text="E.g. “S&T News”.", validators=[validate_single_line])
    slug = models.SlugField(max_length=100)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["publication", "order", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "slug"],
                name="section_slug_unique_per_publication",
                violation_error_message="This publication already has a section with that slug.",
            )
        ]

    def __str__(self):
        return self.title


class IssueQuerySet(PublishableQuerySet):
    pass


class Issue(Publishable):
    publication = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="issues")
    number = models.CharField(max_length=40, help_text="Number or label as printed, e.g. “2022-01” or “12”.")
    date = models.DateField()
    title = models.CharField(max_length=300, blank=True, validators=[validate_single_line])
    slug = models.SlugField(max_length=100, help_text="Used in the issue's address.")
    cover_image = UploadedImageField(upload_to="issues/", blank=True, validators=[validate_image_upload])
    cover_image_alt = models.CharField("cover alt text", max_length=300, blank=True)
    colophon = models.TextField(blank=True, help_text="Markdown.")
    colophon_html = RenderedMarkdownField(source="colophon")

    objects = IssueQuerySet.as_manager()

    revision_children = ("headlines",)

    class Meta:
        ordering = ["-date", "-number"]
        get_latest_by = "date"
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "number"],
                name="issue_number_unique_per_publication",
                violation_error_message="This publication already has an issue with that number.",
            ),
            models.UniqueConstraint(
                fields=["publication", "slug"],
                name="issue_slug_unique_per_publication",
                violation_error_message="This publication already has an issue with that slug.",
            ),
            models.CheckConstraint(
                condition=Q(cover_image="") | ~Q(cover_image_alt=""),
                name="issue_cover_needs_alt",
                violation_error_message="A cover image needs alt text.",
            ),
            publish_at_required_constraint("issue_live_needs_publish_at"),
        ]

    def __str__(self):
        label = f"{self.publication.name} No. {self.number}" if self.publication_id else f"No. {self.number}"
        title = self.own_title
        return f"{label}: {title}" if title else label

    @property
    def own_title(self) -> str:
        """The title, or "" when it only repeats words of the publication's name.

        A printed masthead often reads just “Newsletter” above “CAST Newsletter”; shown as the issue's
        heading that says nothing, so headings fall back to the number and date (`heading`).
        """
        title_words = set(re.findall(r"\w+", self.title.casefold()))
        if not title_words:
            return ""
        name = self.publication.name if self.publication_id else ""
        return "" if title_words <= set(re.findall(r"\w+", name.casefold())) else self.title

    @property
    def heading(self) -> str:
        """What headings call the issue: its own title, else “No. 2022-01 · 1 February 2022”."""
        return self.own_title or f"No. {self.number} · {formats.date_format(self.date, 'j F Y')}"

    def get_absolute_url(self):
        return reverse("articles:issue_detail", kwargs={"publication": self.publication.slug, "slug": self.slug})


class ArticleKind(models.TextChoices):
    NEWS = "news", "News"
    REPORT = "report", "Report"
    OPINION = "opinion", "Opinion"
    MEMBER_STATEMENT = "member_statement", "Member statement"
    EDITORIAL_LETTER = "editorial_letter", "Editorial letter"
    FEATURE = "feature", "Feature"


class ArticleQuerySet(PublishableQuerySet):
    def published(self, *, at=None):
        """Public articles: the article and its issue are both live."""
        return self.filter(public_q(at=at) & public_q("issue__", at=at))


class Article(Publishable):
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="articles")
    order = models.PositiveIntegerField(help_text="Position in the issue.")
    section = models.ForeignKey(Section, null=True, blank=True, on_delete=models.PROTECT, related_name="articles")
    kind = models.CharField(max_length=30, choices=ArticleKind.choices, default=ArticleKind.NEWS)
    title = models.CharField(max_length=300, validators=[validate_single_line])
    slug = models.SlugField(max_length=200)
    standfirst = models.TextField(blank=True, help_text="One or two sentences under the title.")
    body = models.TextField(blank=True, help_text="Markdown.")
    body_html = RenderedMarkdownField(source="body")
    dateline_place = models.CharField(max_length=120, blank=True, help_text="E.g. Beijing.")
    dateline_date = models.DateField(null=True, blank=True)
    lead_image = UploadedImageField(upload_to="articles/", blank=True, validators=[validate_image_upload])
    lead_image_alt = models.CharField("lead image alt text", max_length=300, blank=True)
    lead_image_caption = models.CharField(max_length=500, blank=True)
    lead_image_credit = models.CharField(max_length=200, blank=True)
    about_people = models.ManyToManyField(Person, blank=True, related_name="mentioned_in")
    about_organizations = models.ManyToManyField(Organization, blank=True, related_name="mentioned_in")
    about_events = models.ManyToManyField(Event, blank=True, related_name="coverage")

    objects = ArticleQuerySet.as_manager()

    revision_children = ("bylines",)

    class Meta:
        ordering = ["issue", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "order"],
                name="article_order_unique_per_issue",
                violation_error_message="Another article already has this position in the issue.",
            ),
            models.UniqueConstraint(
                fields=["issue", "slug"],
                name="article_slug_unique_per_issue",
                violation_error_message="Another article in this issue already uses this slug.",
            ),
            models.CheckConstraint(
                condition=Q(lead_image="") | ~Q(lead_image_alt=""),
                name="article_lead_image_needs_alt",
                violation_error_message="A lead image needs alt text.",
            ),
            publish_at_required_constraint("article_live_needs_publish_at"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        # Section titles repeat across publications (“Letters”); the model checks the pair so the article
        # form and the issue's article inline both refuse it. The issue may be the unsaved one of that form.
        section, issue = getattr(self, "section", None), getattr(self, "issue", None)
        if section is not None and issue is not None and section.publication_id != issue.publication_id:
            publication = getattr(issue, "publication", None) or "another publication"
            raise ValidationError(
                {
                    "section": f"“{section}” is a section of {section.publication}, but this issue belongs to "
                    f"{publication}. Pick a section of the issue's publication."
                }
            )

    def get_absolute_url(self):
        return reverse(
            "articles:article_detail",
            kwargs={"publication": self.issue.publication.slug, "issue": self.issue.slug, "slug": self.slug},
        )

    # What lists of articles show (includes/article_card.html), named as the issue page's plain cards
    # (articles.selectors.issue_contents) name them, so one template shows both.
    @cached_property
    def url(self) -> str:
        """The address; pages that list many articles of one issue set it without reverse() (link_issue)."""
        return self.get_absolute_url()

    @property
    def kind_label(self) -> str:
        return self.get_kind_display()

    @cached_property
    def byline_list(self) -> list:
        """Its bylines in order; pages that read them otherwise set it (articles.selectors)."""
        return list(self.bylines.all())


class Byline(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    order = models.PositiveSmallIntegerField(default=0)
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="bylines")
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="bylines"
    )
    position_as_printed = models.CharField(
        max_length=400,
        blank=True,
        help_text="Kept as printed at publication; later position changes do not rewrite it.",
        validators=[validate_single_line],
    )

    class Meta:
        ordering = ["article", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) ^ Q(organization__isnull=False),
                name="byline_person_xor_organization",
                violation_error_message="A byline names either a person or an organization, not both or neither.",
            ),
        ]

    def __str__(self):
        name = self.person.name if self.person_id else self.organization.name
        return f"{name}, {self.position_as_printed}" if self.position_as_printed else name

    @property
    def author(self):
        return self.person if self.person_id else self.organization

    @property
    def name(self) -> str:
        return self.author.name

    @property
    def url(self) -> str:
        return self.author.get_absolute_url()


class Headline(models.Model):
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="headlines")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(max_length=300, validators=[validate_single_line])
    article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="headlines")

    class Meta:
        ordering = ["issue", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "order"],
                name="headline_order_unique_per_issue",
                violation_error_message="Another headline already has this position in the issue.",
            )
        ]

    def __str__(self):
        return self.text


class CorrectionKind(models.TextChoices):
    CORRECTION = "correction", "Correction"
    UPDATE = "update", "Update"


class Correction(models.Model):
    """A dated note added to a published article and shown with it."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(max_length=20, choices=CorrectionKind.choices, default=CorrectionKind.CORRECTION)
    text = models.TextField(help_text="Markdown. What was wrong and what is right now, or what changed.")
    text_html = RenderedMarkdownField(source="text")
    published_on = models.DateField(default=timezone.localdate, help_text="The date shown with the note.")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["published_on", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} of {self.published_on:%Y-%m-%d}"


class ShareLink(models.Model):
    """A signed, expiring, revocable address that opens one unpublished article to anyone holding it."""

    SALT = "articles.sharelink"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="share_links")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    note = models.CharField(max_length=200, blank=True, help_text="Who it is for, e.g. “interviewee check”.")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "share link"

    def __str__(self):
        return f"Share link for “{self.article}”"

    def get_absolute_url(self):
        return reverse("articles_preview:share", kwargs={"token": self.token})

    @property
    def token(self) -> str:
        return signing.dumps(self.pk, salt=self.SALT, compress=False)

    @classmethod
    def pk_from_token(cls, token: str) -> int | None:
        try:
            value = signing.loads(token, salt=cls.SALT)
        except signing.BadSignature:
            return None
        return value if isinstance(value, int) else None

    def is_active(self, *, at=None) -> bool:
        at = at or timezone.now()
        return self.revoked_at is None and self.expires_at > at


class ImportSourceState(models.TextChoices):
    QUEUED = "queued", "Waiting to be read"
    READING = "reading", "Reading"
    READY = "ready", "Ready for review"
    FAILED = "failed", "Could not be read"
    IMPORTED = "imported", "Imported"


def _import_source_storage():
    from articles.exchange.storage import private_storage

    return private_storage


class ImportSource(models.Model):
    """An uploaded PDF newsletter: read in the background, reviewed, and kept with the issue it became.

    `reading` holds what the reader found (blocks with their typography, pictures, page sizes) as
    JSON, so the review never reads the PDF again; `progress` says how far the reading is.
    """

    file = models.FileField(upload_to="import-sources/%Y/%m/", storage=_import_source_storage)
    filename = models.CharField(max_length=255, help_text="The name the file was uploaded with.")
    size = models.PositiveBigIntegerField(help_text="Bytes.")
    sha256 = models.CharField(max_length=64)
    state = models.CharField(max_length=20, choices=ImportSourceState.choices, default=ImportSourceState.QUEUED)
    progress = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    pages = models.PositiveIntegerField(default=0)
    reading = models.JSONField(null=True, blank=True, editable=False)
    options = models.JSONField(default=dict, blank=True, help_text="What the uploader gave: publication, number…")
    issue = models.ForeignKey(Issue, null=True, blank=True, on_delete=models.SET_NULL, related_name="sources")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "imported newsletter file"
        constraints = [
            models.CheckConstraint(
                condition=~Q(state=ImportSourceState.FAILED) | ~Q(error=""),
                name="import_source_failure_has_a_message",
                violation_error_message="A PDF that could not be read says why.",
            ),
            models.CheckConstraint(
                condition=~Q(state=ImportSourceState.READY) | Q(reading__isnull=False),
                name="import_source_ready_has_a_reading",
                violation_error_message="A PDF ready for review has been read.",
            ),
        ]

    def __str__(self):
        return self.filename

    def get_absolute_url(self):
        return reverse("admin:articles_issue_import_pdf_download", args=[self.pk])
