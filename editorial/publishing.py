"""Shared editorial states and the single answer to "is it public?".

Articles, issues and events share these states. Something is public when it is
PUBLISHED or SCHEDULED and its publish time has passed: a scheduled item becomes
public because time passes, not because a job ran.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    APPROVED = "approved", "Approved"
    SCHEDULED = "scheduled", "Scheduled"
    PUBLISHED = "published", "Published"
    ARCHIVED = "archived", "Archived"


# States whose items are public once publish_at has passed.
LIVE_STATES = (Status.SCHEDULED, Status.PUBLISHED)


def public_q(prefix: str = "", *, at=None) -> Q:
    """Q object selecting public rows; `prefix` reaches a related model ("issue__")."""
    at = at or timezone.now()
    return Q(**{f"{prefix}status__in": LIVE_STATES, f"{prefix}publish_at__lte": at})


def publish_at_required_constraint(name: str) -> models.CheckConstraint:
    """Live or scheduled rows must say when they go (or went) public."""
    return models.CheckConstraint(
        condition=~Q(status__in=LIVE_STATES) | Q(publish_at__isnull=False),
        name=name,
        violation_error_message="A scheduled or published item needs a publish time.",
    )


class PublishableQuerySet(models.QuerySet):
    def published(self, *, at=None):
        return self.filter(public_q(at=at))


class Publishable(models.Model):
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    publish_at = models.DateTimeField(
        null=True, blank=True, db_index=True, help_text="When it becomes public. Leave empty for drafts."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Editorial workflow (editorial.workflow): who started it, and a counter bumped by every
    # save, transition and restore, so a form based on an older version cannot overwrite newer work.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    # Its workflow history (editorial.models); deleted with the item.
    workflow_log = GenericRelation("newsroom.TransitionLog")
    revisions = GenericRelation("newsroom.Revision")

    # Reverse relations saved with each revision (editorial.revisions), e.g. ("bylines",).
    revision_children: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def is_public(self, *, at=None) -> bool:
        at = at or timezone.now()
        return self.status in LIVE_STATES and self.publish_at is not None and self.publish_at <= at
