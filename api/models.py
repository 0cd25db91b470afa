"""The union content exchange: API keys, webhook endpoints and deliveries, manuscripts, and the exchange log.

A member key belongs to an organisation and the union it is a member of; it works only while
that membership is current (people.Membership dates). A staff-integration key belongs to no
organisation and carries only the scopes staff gave it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from api.destinations import validate_public_host
from articles.models import Article
from core import fields
from core.fields import UploadedImageField
from core.validators import validate_image_upload
from people.models import Membership, Organization, OrganizationKind


class Scope(models.TextChoices):
    READ = "read", "Read published content and the change feed"
    EMBARGOED = "embargoed", "Receive embargoed articles before their embargo time"
    MANUSCRIPTS = "manuscripts", "Submit manuscripts and read their status"
    WEBHOOKS = "webhooks", "Register webhook endpoints"


MEMBER_SCOPES = [Scope.READ, Scope.EMBARGOED, Scope.MANUSCRIPTS, Scope.WEBHOOKS]
# Manuscripts and webhooks belong to an organisation: a staff-integration key cannot hold them.
ORGANISATION_SCOPES = {Scope.MANUSCRIPTS, Scope.WEBHOOKS}


def default_scopes() -> list[str]:
    return [str(scope) for scope in MEMBER_SCOPES]


class ApiKeyQuerySet(models.QuerySet):
    def usable(self, *, at=None):
        """Keys that are neither revoked nor expired (membership is checked per request: see `refusal`)."""
        at = at or timezone.now()
        return self.filter(revoked_at__isnull=True).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=at))


class ApiKey(models.Model):
    """A credential for the content API. Only a SHA-256 hash of the secret is stored; the key itself
    (`nrk_<prefix>_<secret>`) is shown once, when staff create it."""

    name = fields.CharField(max_length=200, help_text="What it is for, e.g. “Daily Planet CMS import”.")
    organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="api_keys",
        help_text="The member organisation; empty for a staff integration.",
    )
    union = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": OrganizationKind.UNION},
        help_text="The union the organisation is a member of; the key works while that membership is current.",
    )
    scopes = models.JSONField(default=default_scopes, help_text="What the key may do.")
    prefix = fields.CharField(max_length=16, unique=True, editable=False)
    hashed_secret = fields.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField(null=True, blank=True, help_text="Empty: until revoked.")
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "API key"
        constraints = [
            models.CheckConstraint(
                condition=Q(organization__isnull=True, union__isnull=True)
                | Q(organization__isnull=False, union__isnull=False),
                name="apikey_member_key_names_union",
                violation_error_message="A member key names both the organisation and its union; a staff "
                "integration key names neither.",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    def get_absolute_url(self):
        return reverse("admin:api_apikey_change", args=[self.pk])

    def clean(self):
        unknown = set(self.scopes or []) - set(Scope.values)
        if not isinstance(self.scopes, list) or unknown:
            raise ValidationError({"scopes": f"Unknown scopes: {', '.join(sorted(map(str, unknown)))}."})
        if self.organization_id is None and ORGANISATION_SCOPES & set(self.scopes):
            raise ValidationError(
                {
                    "scopes": "Manuscripts and webhooks belong to a member organisation: a staff integration key "
                    "cannot have those scopes."
                }
            )

    @property
    def is_member_key(self) -> bool:
        return self.organization_id is not None

    def has_scope(self, scope: str) -> bool:
        return scope in (self.scopes or [])

    def refusal(self, *, at=None) -> str:
        """Why the key cannot be used now ("" when it can): revoked, expired, or membership not current."""
        at = at or timezone.now()
        if self.revoked_at is not None:
            return "This API key has been revoked."
        if self.expires_at is not None and self.expires_at <= at:
            return "This API key has expired."
        if self.is_member_key:
            membership = Membership.objects.current(at=timezone.localdate(at)).filter(
                union_id=self.union_id, member_id=self.organization_id
            )
            if not membership.exists():
                return "The organisation of this API key is not a current member of its union."
        return ""


class WebhookEndpoint(models.Model):
    """Where Newsroom POSTs changes for a member: the ninjs item, or a withdrawal notice."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="webhook_endpoints")
    # http only for local receivers in development (the API asks for https when NEWSROOM_API_REQUIRE_HTTPS is on);
    # never ftp, which URLField accepts and urllib would speak.
    url = fields.URLField(
        max_length=500,
        validators=[
            URLValidator(schemes=["http", "https"], message="A webhook address must be an http(s) URL."),
            validate_public_host,  # no internal hosts (server-side request forgery); checked again on sending
        ],
        help_text="HTTPS address on the public internet that receives POSTs.",
    )
    secret = fields.CharField(max_length=100, editable=False, help_text="Shared secret for the signature.")
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by_key = models.ForeignKey(ApiKey, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["organization", "url"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "url"],
                name="webhook_url_unique_per_organization",
                violation_error_message="This organisation already has a webhook with that address.",
            )
        ]

    def __str__(self):
        return f"{self.url} ({self.organization.display_name})"


class ItemType(models.TextChoices):
    """What the change feed and pushes carry; the names are the ninjs URI's middle part (urn:newsroom:<type>:<id>)."""

    ARTICLE = "article", "Article"
    ISSUE = "issue", "Issue"
    EVENT = "event", "Event"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    RETRYING = "retrying", "Retrying"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Failed (gave up)"


class WebhookDelivery(models.Model):
    """One change pushed to one endpoint: the exact body sent (so a retry or resend sends the same bytes
    under a fresh signature), with the outcome of every attempt so far."""

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    change_kind = fields.CharField(max_length=20, help_text="The Newsroom-Event header, e.g. “article.corrected”.")
    item_type = models.CharField(max_length=10, choices=ItemType.choices)
    item_id = models.PositiveBigIntegerField()
    body = fields.TextField(help_text="The JSON sent.")
    status = models.CharField(max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = fields.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "webhook deliveries"

    def __str__(self):
        return f"{self.change_kind} of {self.item_type} {self.item_id} to {self.endpoint.url}"


class ManuscriptFormat(models.TextChoices):
    NINJS = "ninjs", "ninjs JSON"
    MARKDOWN = "markdown", "Issue-file article Markdown"


class ManuscriptStatus(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class Manuscript(models.Model):
    """A story a member sent in. Editors accept it into an issue (it becomes a draft article there,
    contributed by the member, with the proposed byline) or decline it with a comment the member reads."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="manuscripts")
    submitted_with = models.ForeignKey(ApiKey, null=True, on_delete=models.SET_NULL, related_name="+")
    source_format = models.CharField(max_length=20, choices=ManuscriptFormat.choices)
    source = fields.TextField(help_text="What the member sent, as sent.")
    title = fields.CharField(max_length=300)
    standfirst = fields.TextField(blank=True)
    body = fields.TextField(blank=True, help_text="Markdown.")
    byline = models.JSONField(
        "proposed byline", default=list, blank=True, help_text='Entries as sent: [{"name": …, "position": …}].'
    )
    language = fields.CharField(max_length=10, blank=True)
    status = models.CharField(max_length=20, choices=ManuscriptStatus.choices, default=ManuscriptStatus.SUBMITTED)
    comment = fields.TextField(blank=True, help_text="The editors' answer, shown to the member.")
    article = models.OneToOneField(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="manuscript", editable=False
    )
    submitted_at = models.DateTimeField(default=timezone.now, editable=False)
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=ManuscriptStatus.ACCEPTED) | Q(decided_at__isnull=False),
                name="manuscript_accepted_has_decision_time",
                violation_error_message="An accepted manuscript records when it was accepted.",
            ),
        ]

    def __str__(self):
        return f"“{self.title}” from {self.organization.display_name}"

    def get_absolute_url(self):
        return reverse("api:manuscript-detail", kwargs={"pk": self.pk})


class ManuscriptImage(models.Model):
    manuscript = models.ForeignKey(Manuscript, on_delete=models.CASCADE, related_name="images")
    image = UploadedImageField(upload_to="manuscripts/", validators=[validate_image_upload])
    alt = fields.CharField("alt text", max_length=300)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["manuscript", "order", "pk"]

    def __str__(self):
        return self.image.name


class ExchangeAction(models.TextChoices):
    PULL = "pull", "Pull"
    PUSH = "push", "Push"
    SUBMISSION = "submission", "Submission"


class ExchangeLogEntry(models.Model):
    """Who exchanged what, when: every API request (pull or submission) and every push attempt."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    action = models.CharField(max_length=20, choices=ExchangeAction.choices)
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="exchange_log"
    )
    api_key = models.ForeignKey(ApiKey, null=True, blank=True, on_delete=models.SET_NULL, related_name="log")
    what = fields.CharField(max_length=500, help_text="Request path with query, or what was pushed.")
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    items = models.PositiveIntegerField(default=0, help_text="Items returned, pushed or submitted.")

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "exchange log entry"
        verbose_name_plural = "exchange log"
        indexes = [models.Index(fields=["organization", "-at"], name="exchangelog_org_idx")]

    def __str__(self):
        return f"{self.get_action_display()} {self.what}"
