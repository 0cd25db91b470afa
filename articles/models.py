import re

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import NotSupportedError, models
from django.db.models import BooleanField, Exists, F, Func, OuterRef, Q
from django.utils import formats, timezone
from django.utils.functional import cached_property

from articles.search import FTS_TABLE, FullTextRowid
from core import fields
from core.fields import RenderedMarkdownField, UploadedImageField
from core.slugs import ADDRESS_HELP
from core.urls import reverse
from core.validators import validate_image_upload
from editorial.publishing import Publishable, PublishableQuerySet, public_q, publish_at_required_constraint
from events.models import Event
from people.models import Organization, Person


class ArticleKind(models.TextChoices):
    NEWS = "news", "News"
    REPORT = "report", "Report"
    OPINION = "opinion", "Opinion"
    MEMBER_STATEMENT = "member_statement", "Member statement"
    EDITORIAL_LETTER = "editorial_letter", "Editorial letter"
    FEATURE = "feature", "Feature"


def validate_article_kinds(value) -> None:
    """A list of ArticleKind values, each once (Publication.unsigned_kinds)."""
    if not isinstance(value, list) or not all(isinstance(kind, str) for kind in value):
        raise ValidationError("Give a list of article kinds.")
    unknown = [kind for kind in value if kind not in ArticleKind.values]
    if unknown:
        raise ValidationError(
            f"Unknown article kind {', '.join(map(repr, unknown))}: use {', '.join(ArticleKind.values)}."
        )
    if len(set(value)) != len(value):
        raise ValidationError("Each article kind once, please.")


class PublicationQuerySet(models.QuerySet):
    def published(self, *, at=None):
        """Publications readers can see: those with at least one published issue.

        A publication has no state of its own; a new one (e.g. made by a draft import)
        stays out of every page, feed, sitemap and filter until its first issue is public.
        """
        return self.filter(Exists(Issue.objects.published(at=at).filter(publication=OuterRef("pk"))))


class Publication(models.Model):
    name = fields.CharField(max_length=200, unique=True)
    slug = fields.SlugField(max_length=100, unique=True, help_text=ADDRESS_HELP)
    language = fields.CharField(max_length=10, choices=settings.LANGUAGES, default="en")
    description = fields.TextField(blank=True, help_text="Markdown.")
    publisher = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="publications"
    )
    default_colophon = fields.TextField(blank=True, help_text="Markdown; new issues start with it.")
    website = fields.URLField(blank=True)
    usage_terms = fields.TextField(
        blank=True,
        help_text="How others may use its articles (ninjs usage terms), e.g. “Free to republish for union "
        "members with credit to the publication.” An article may state its own.",
    )
    # A newsletter that speaks for its publisher prints its news unsigned (seed 000: CAST). Such pieces are
    # credited to the publisher wherever an author is expected; other kinds still need a byline.
    unsigned_kinds = models.JSONField(
        "unsigned articles allowed",
        default=list,
        blank=True,
        validators=[validate_article_kinds],
        help_text="Kinds of article that may be published without a byline; they are credited to the publisher.",
    )

    objects = PublicationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(unsigned_kinds=[]) | Q(publisher__isnull=False),
                name="publication_unsigned_needs_publisher",
                violation_error_message="Unsigned articles are credited to the publisher: choose the publisher.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:publication_detail", kwargs={"slug": self.slug})

    def allows_unsigned(self, kind: str) -> bool:
        """May an article of `kind` go out without a byline (credited to the publisher)?"""
        return self.publisher_id is not None and kind in self.unsigned_kinds

    @property
    def rss_url(self) -> str:
        return reverse("articles:publication_feed_rss", kwargs={"slug": self.slug})

    @property
    def atom_url(self) -> str:
        return reverse("articles:publication_feed_atom", kwargs={"slug": self.slug})


class Section(models.Model):
    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="sections")
    title = fields.CharField(max_length=200, help_text="E.g. “S&T News”.")
    slug = fields.SlugField(max_length=100)
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
    number = fields.CharField(max_length=40, help_text="Number or label as printed, e.g. “2022-01” or “12”.")
    date = models.DateField()
    title = fields.CharField(max_length=300, blank=True)
    slug = fields.SlugField(max_length=100, help_text=ADDRESS_HELP)
    cover_image = UploadedImageField(upload_to="issues/", blank=True, validators=[validate_image_upload])
    cover_image_alt = fields.CharField("cover alt text", max_length=300, blank=True)
    colophon = fields.TextField(blank=True, help_text="Markdown.")
    colophon_html = RenderedMarkdownField(source="colophon")

    objects = IssueQuerySet.as_manager()

    revision_children = ("headlines",)
    slug_scope = "publication"  # the slug is unique per publication (editorial.slug_history)

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


def embargo_passed_q(*, at=None) -> Q:
    at = at or timezone.now()
    return Q(embargoed_until__isnull=True) | Q(embargoed_until__lte=at)


class ListHas(Func):
    """A boolean SQL expression: the JSON list of strings `values` holds `item` (e.g. a column).

    Django's JSONField `contains` lookup compares with a constant and is not available on SQLite; this
    compares with another column on both databases. Raises NotSupportedError on other databases.
    """

    arity = 2
    output_field = BooleanField()

    def as_sql(self, compiler, connection, **extra_context):
        (values, values_params), (item, item_params) = (
            compiler.compile(expression) for expression in self.get_source_expressions()
        )
        params = (*values_params, *item_params)
        if connection.vendor == "sqlite":
            return f"EXISTS (SELECT 1 FROM json_each({values}) WHERE json_each.value = {item})", params
        if connection.vendor == "postgresql":  # jsonb's `?` matches a string element of an array
            return f"({values} ? {item})", params
        raise NotSupportedError(f"ListHas supports SQLite and PostgreSQL, not {connection.vendor}.")


def credited_to_publisher_q(publisher=None) -> Q:
    """Articles credited to their publication's publisher (a Q over Article): no byline, and a kind the
    publication prints unsigned (`Publication.allows_unsigned`, which needs a publisher). `publisher`: only
    those credited to this organization (an Organization, its pk or an OuterRef).

    The one database-side definition of what `Article.is_credited_to_publisher` says of one loaded article;
    the search index's triggers say the same in SQL (articles/search.py, `_NAMES_SQL`), and a test holds
    the three together.
    """
    condition = (
        ~Q(Exists(Byline.objects.filter(article=OuterRef("pk"))))
        & Q(issue__publication__publisher__isnull=False)
        & Q(ListHas(F("issue__publication__unsigned_kinds"), F("kind")))
    )
    return condition if publisher is None else condition & Q(issue__publication__publisher=publisher)


def credited_to_q(organization) -> Q:
    """Articles whose credits name `organization` (a Q over Article): a byline of its own, or, unsigned,
    as the publisher of their publication (`credited_to_publisher_q`). `organization`: an Organization
    or its pk (not an OuterRef: the byline test is a subquery one level further down)."""
    return Q(Exists(Byline.objects.filter(article=OuterRef("pk"), organization=organization))) | (
        credited_to_publisher_q(organization)
    )


class ArticleQuerySet(PublishableQuerySet):
    def credited_to_publisher(self, publisher=None):
        """Unsigned articles credited to their publisher (see `credited_to_publisher_q`)."""
        return self.filter(credited_to_publisher_q(publisher))

    def credited_to(self, organization):
        """Articles whose credits name `organization`: its byline, or as publisher (see `credited_to_q`)."""
        return self.filter(credited_to_q(organization))

    def published(self, *, at=None):
        """Public articles: the article and its issue are both live, and any embargo has passed."""
        at = at or timezone.now()
        return self.filter(public_q(at=at) & public_q("issue__", at=at) & embargo_passed_q(at=at))

    def published_for_members(self, *, at=None):
        """What union members (content API keys) may receive: `published()` plus articles still under
        embargo, which members get marked as embargoed (ninjs `embargoed`) and the public never sees
        before the embargo time. Nothing that is not live is ever included."""
        at = at or timezone.now()
        return self.filter(public_q(at=at) & public_q("issue__", at=at))


class Article(Publishable):
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="articles")
    order = models.PositiveIntegerField(help_text="Position in the issue.")
    section = models.ForeignKey(Section, null=True, blank=True, on_delete=models.PROTECT, related_name="articles")
    kind = fields.CharField(max_length=30, choices=ArticleKind.choices, default=ArticleKind.NEWS)
    title = fields.CharField(max_length=300)
    slug = fields.SlugField(max_length=200, help_text=ADDRESS_HELP)
    standfirst = fields.TextField(blank=True, help_text="One or two sentences under the title.")
    body = fields.TextField(blank=True, help_text="Markdown.")
    body_html = RenderedMarkdownField(source="body")
    dateline_place = fields.CharField(max_length=120, blank=True, help_text="E.g. Beijing.")
    dateline_date = models.DateField(null=True, blank=True)
    lead_image = UploadedImageField(upload_to="articles/", blank=True, validators=[validate_image_upload])
    lead_image_alt = fields.CharField("lead image alt text", max_length=300, blank=True)
    lead_image_caption = fields.CharField(max_length=500, blank=True)
    lead_image_credit = fields.CharField(max_length=200, blank=True)
    about_people = models.ManyToManyField(Person, blank=True, related_name="mentioned_in")
    about_organizations = models.ManyToManyField(Organization, blank=True, related_name="mentioned_in")
    about_events = models.ManyToManyField(Event, blank=True, related_name="coverage")
    embargoed_until = models.DateTimeField(
        "embargo",
        null=True,
        blank=True,
        help_text="Readers see the article only from this time; union members receive it before, marked "
        "embargoed. Leave empty for no embargo.",
    )
    usage_terms = fields.TextField(
        blank=True, help_text="How others may use this article (ninjs usage terms); empty: the publication's terms."
    )
    contributed_by = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contributed_articles",
        help_text="The union member that sent this story in as a manuscript, if any.",
    )

    objects = ArticleQuerySet.as_manager()

    revision_children = ("bylines",)
    slug_scope = "issue"  # the slug is unique per issue (editorial.slug_history)

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
        # Every public page asks when the next embargo ends (core.versions.changes_at): an index look-up.
        indexes = [models.Index(fields=["embargoed_until"], name="article_embargo_end")]

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

    def is_public(self, *, at=None) -> bool:
        """Live and past any embargo (the issue is not checked: ask `Article.objects.published()` for that)."""
        at = at or timezone.now()
        return super().is_public(at=at) and not self.is_embargoed(at=at)

    def is_embargoed(self, *, at=None) -> bool:
        return self.embargoed_until is not None and self.embargoed_until > (at or timezone.now())

    @property
    def effective_usage_terms(self) -> str:
        """The article's own usage terms, else its publication's (needs `issue.publication` loaded)."""
        return self.usage_terms or self.issue.publication.usage_terms

    @property
    def is_credited_to_publisher(self) -> bool:
        """Unsigned, and of a kind its publication publishes unsigned: the publisher stands as its author.
        Lists of articles ask the database the same (`Article.objects.credited_to_publisher()`)."""
        return not self.bylines.all() and self.issue.publication.allows_unsigned(self.kind)

    @property
    def credits(self) -> list["Byline"]:
        """Who readers are told wrote it: the bylines as printed, else (an unsigned article its publication
        allows) one unsaved byline naming the publisher; [] when neither. Load `bylines` and
        `issue__publication__publisher` with the article to keep this free of queries."""
        if self.is_credited_to_publisher:
            return [Byline(article=self, organization=self.issue.publication.publisher)]
        return list(self.bylines.all())

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
    position_as_printed = fields.CharField(
        max_length=400,
        blank=True,
        help_text="Kept as printed at publication; later position changes do not rewrite it.",
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


class ArticleSearchIndex(models.Model):
    """An article's row in the SQLite full-text index: read-only, kept by triggers (articles/search.py).

    Unmanaged and SQLite only: the table is an FTS5 virtual table made by the `search_index`
    migration; on PostgreSQL the index is a column of the article instead and this model is unused.
    """

    article = models.OneToOneField(
        Article,
        primary_key=True,
        db_column="rowid",
        db_constraint=False,
        on_delete=models.DO_NOTHING,
        related_name="search_index",
    )
    # The same id under FTS5's other name for the rowid: Django reads `article` from articles_article.id
    # instead, and only an order on the index's own rowid lets FTS5 walk newest first and stop early.
    # `search_index__rowid__match=…` is the full-text MATCH.
    rowid = FullTextRowid(db_column="_rowid_", editable=False)
    rank = models.FloatField(editable=False)  # bm25 with the index's column weights (smaller is better)

    class Meta:
        managed = False
        db_table = FTS_TABLE
        default_permissions = ()  # nobody edits it: the database keeps it

    def __str__(self):
        return f"Search index entry of article {self.article_id}"


class Headline(models.Model):
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="headlines")
    order = models.PositiveSmallIntegerField(default=0)
    text = fields.CharField(max_length=300)
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
    kind = fields.CharField(max_length=20, choices=CorrectionKind.choices, default=CorrectionKind.CORRECTION)
    text = fields.TextField(help_text="Markdown. What was wrong and what is right now, or what changed.")
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
    note = fields.CharField(max_length=200, blank=True, help_text="Who it is for, e.g. “interviewee check”.")

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
    filename = fields.CharField(max_length=255, help_text="The name the file was uploaded with.")
    size = models.PositiveBigIntegerField(help_text="Bytes.")
    sha256 = fields.CharField(max_length=64)
    state = fields.CharField(max_length=20, choices=ImportSourceState.choices, default=ImportSourceState.QUEUED)
    progress = fields.CharField(max_length=200, blank=True)
    error = fields.TextField(blank=True)
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
