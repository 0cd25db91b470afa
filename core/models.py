from django.db import models
from django.db.models import Q

from core import fields


class ContentVersion(models.Model):
    """The one row that says which version of the published content the database holds.

    The database changes it itself, through triggers on every table whose rows public pages show
    (core.versions), in the same transaction as the change: a new random `token` and `generation` + 1.
    Pages cached under an older token are never served again, whichever process or server cached them.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    generation = models.PositiveBigIntegerField(default=0, help_text="How many changes the row has counted.")
    token = fields.CharField(max_length=32, help_text="Random; a new one for every change.")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(id=1), name="contentversion_single_row", violation_error_message="There is one version row."
            )
        ]

    def __str__(self):
        return f"Content version {self.generation} ({self.token})"
