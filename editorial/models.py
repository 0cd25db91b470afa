"""Model-agnostic editorial records: the transition log (with review comments) and revisions.

Both point at any Publishable (article, issue, event) through a generic relation, so
one workflow serves every app. The custom permissions below are the workflow's roles;
the groups that hold them are created by a data migration (editorial/migrations).
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from core import fields
from editorial.publishing import Status


class TransitionLog(models.Model):
    """One line of an item's editorial history: a state change, or a comment without one."""

    COMMENT = "comment"

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    transition = fields.CharField(max_length=40, help_text="Transition name, or “comment”.")
    from_status = fields.CharField(max_length=20, choices=Status.choices)
    to_status = fields.CharField(max_length=20, choices=Status.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    comment = fields.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="transitionlog_object_idx")]
        verbose_name = "workflow log entry"
        verbose_name_plural = "workflow log entries"
        permissions = [
            ("submit_own_content", "Can submit own drafts for review"),
            ("review_content", "Can review: submit any draft, request changes, approve"),
            ("publish_content", "Can publish, schedule, unpublish, archive and reopen"),
        ]

    def __str__(self):
        if self.transition == self.COMMENT:
            return f"Comment by {self.user or 'someone'}"
        return self.label

    @property
    def label(self) -> str:
        """What the entry records, for the history: "Draft → In review" for a change of state; for an event
        logged without one (an import, "import_replace" of a live issue) its name and the state it left
        alone, e.g. "Import (draft)" — never "Draft → Draft"; "comment" for a comment."""
        if self.is_comment:
            return "comment"
        if self.from_status == self.to_status:
            name = self.transition.replace("_", " ").capitalize()
            return f"{name} ({self.get_to_status_display().lower()})"
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"

    @property
    def is_comment(self) -> bool:
        return self.transition == self.COMMENT


class Revision(models.Model):
    """A snapshot of an item (fields, many-to-many links and child rows) at one version."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    version = models.PositiveIntegerField()
    data = models.JSONField()
    summary = fields.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-version", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "version"], name="revision_object_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "version"],
                name="revision_version_unique_per_object",
                violation_error_message="This item already has a revision for that version.",
            )
        ]

    def __str__(self):
        return f"Version {self.version}" + (f": {self.summary}" if self.summary else "")


class PublicChangeKind(models.TextChoices):
    PUBLISHED = "published", "Published"
    UPDATED = "updated", "Updated"
    CORRECTED = "corrected", "Corrected"
    WITHDRAWN = "withdrawn", "Withdrawn"


class PublicChangeQuerySet(models.QuerySet):
    def effective(self, *, at=None):
        """Changes that have happened by `at`: a scheduled publication counts from its publish time."""
        return self.filter(effective_at__lte=at or timezone.now())

    def of_model(self, model):
        return self.filter(content_type=ContentType.objects.get_for_model(model))


class PublicChange(models.Model):
    """One change of what people outside the newsroom can see of an item (article, issue, event): it was
    published (or scheduled: then `effective_at` is its future publish time), updated, corrected or
    withdrawn. Union members' systems follow these through the content API's change feed and webhooks.

    Written by the content apps' after-change hooks through `editorial.changes`, in the transaction that
    makes the change. `object_id` is a plain number, not a foreign key: the record of a deleted item's
    withdrawal must outlive the item.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(max_length=20, choices=PublicChangeKind.choices)
    effective_at = models.DateTimeField(help_text="When the change became (or becomes) visible.")
    created_at = models.DateTimeField(default=timezone.now)

    objects = PublicChangeQuerySet.as_manager()

    class Meta:
        ordering = ["effective_at", "pk"]
        indexes = [
            models.Index(fields=["effective_at", "id"], name="publicchange_feed_idx"),
            models.Index(fields=["content_type", "object_id", "effective_at"], name="publicchange_object_idx"),
        ]
        verbose_name = "public change"

    def __str__(self):
        return (
            f"{self.content_type.name.capitalize()} {self.object_id} {self.get_kind_display().lower()} "
            f"at {self.effective_at:%Y-%m-%d %H:%M}"
        )


class OldSlug(models.Model):
    """An address an item had: a slug it no longer uses, in the scope its slug was unique in.

    A request for the old address answers 301 with the item's current one (editorial.slug_history).
    `scope` is the id of the parent the slug was unique in (an article's issue, an issue's
    publication), 0 for slugs unique site-wide (publications, people, organizations, events).
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    scope = models.PositiveBigIntegerField(default=0)
    slug = fields.SlugField(max_length=200, db_index=False)
    object_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "old address"
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "scope", "slug"],
                name="oldslug_unique_per_scope",
                violation_error_message="This old address already leads to an item.",
            )
        ]

    def __str__(self):
        return f"{self.content_type.model} {self.slug}"
