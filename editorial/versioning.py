"""Versions of publishable items: no save overwrites newer work unseen.

Every save, transition and restore bumps an item's `version`. An edit carries the version it
started from; saving it is refused with `StaleEdit` when someone saved after that version, and
`three_way_merge` then tells, field by field, what to take from the saved item, what to keep
from the edit and where both changed. The admin (editorial.workflow_admin) calls these
services inside its transaction; they work the same without it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist
from django.db import transaction

from editorial import revisions
from editorial.models import Revision
from editorial.workflow import StaleVersion


class StaleEdit(StaleVersion):
    """The item was saved after `base_version`, the version the edit started from (HTTP 409).

    `current_version` is the stored version now; `changes` the fields changed since (revisions.FieldChange,
    form order) and `revisions` the later revisions that made them, oldest first.
    """

    def __init__(self, obj, *, base_version: int | None, current_version: int, changes: list, revisions: list):
        self.obj = obj
        self.base_version = base_version
        self.current_version = current_version
        self.changes = changes
        self.revisions = revisions
        who = ", ".join(self.editors) or "someone else"
        super().__init__(
            f"Not saved: {who} changed this {obj._meta.verbose_name} after you opened it "
            f"(now version {current_version}, you started from version {base_version or '?'})."
        )

    @property
    def editors(self) -> list[str]:
        """Who saved since `base_version`, each once, in the order they saved ("someone" for a deleted account)."""
        names = []
        for revision in self.revisions:
            name = str(revision.created_by) if revision.created_by else "someone"
            if name not in names:
                names.append(name)
        return names


def _as_saved(obj):
    """`obj` as stored, whatever edits its instance holds."""
    return type(obj)._default_manager.get(pk=obj.pk)


def locked_version(obj) -> int:
    """The stored version of `obj`, its row locked until the surrounding transaction ends.

    Raises the model's DoesNotExist when the row is gone.
    """
    return type(obj)._default_manager.select_for_update().values_list("version", flat=True).get(pk=obj.pk)


@transaction.atomic
def check_fresh(*, obj, base_version: int | None) -> int:
    """The stored version of saved item `obj` when it is `base_version`; the row stays locked for the caller's
    transaction, so nobody saves in between. Raises StaleEdit otherwise (also for `base_version` None: an edit
    that does not say where it started cannot be checked)."""
    current = locked_version(obj)
    if base_version != current:
        changes, later = revisions.changes_since(_as_saved(obj), base_version or 0)
        raise StaleEdit(obj, base_version=base_version, current_version=current, changes=changes, revisions=later)
    return current


@transaction.atomic
def save_with_version(*, obj, user, base_version: int | None = None):
    """Save `obj` as its next version and return it.

    A new item (no primary key) starts at version 1, created by `user`; `base_version` is ignored.
    A saved item must still be at `base_version` (else StaleEdit, nothing written) and becomes
    `base_version + 1`. Many-to-many links and child rows are the caller's to save; it then
    records the revision (`revisions.record`) once they are.
    """
    if obj.pk is None or obj._state.adding:
        obj.created_by = user
        obj.version = 1
    else:
        obj.version = check_fresh(obj=obj, base_version=base_version) + 1
    obj.save()
    return obj


@transaction.atomic
def save_revision(*, obj, user, summary: str = "Saved", base_version: int | None = None) -> Revision:
    """Bump the version of an item whose content (a child row, a link) was just saved elsewhere, and record it.

    With `base_version`, refuse (StaleEdit) when someone saved after that version; without, always record.
    """
    current = locked_version(obj) if base_version is None else check_fresh(obj=obj, base_version=base_version)
    obj.version = current + 1
    type(obj)._default_manager.filter(pk=obj.pk).update(version=obj.version)
    return revisions.record(obj, user=user, summary=summary)


# --- three-way merge --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Conflict:
    """A field both editors changed, to different values: the edit keeps its input; `theirs` is what is saved."""

    name: str
    label: str
    theirs: str


@dataclass(frozen=True)
class Merge:
    """Field names whose saved value replaces the edit's (`taken`: only they changed it), whose edited value
    stays (`kept`: only this editor changed it), and the conflicts."""

    taken: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)


def three_way_merge(
    *, obj, base_version: int, labels: Mapping[str, str], edited: Callable[[str, object], bool]
) -> Merge:
    """Merge an edit of `obj` that started from `base_version` with `obj` as it is saved now (read from the
    database: the edit may already be applied to the instance).

    `labels` maps the edited field names to their labels (in the order to report them); names the
    revisions do not hold (files, fields added since) are left out. `edited(name, value)` answers
    whether the edit's input for `name` differs from `value`, a stored value as
    `revisions.stored_value` gives it (pk for a link, list of pks for many-to-many, dates as dates).

    Each field is compared with the revision the edit started from: changed only by this edit → kept;
    changed only by someone else → taken; changed by both, to different values → a conflict.
    With no revision at `base_version` there is nothing to compare with: an empty Merge.
    """
    base = revisions.revision_at(obj, base_version)
    if base is None:
        return Merge()
    model, now = type(obj), revisions.snapshot(_as_saved(obj))
    merge = Merge()
    for name, label in labels.items():
        try:
            base_value = revisions.stored_value(model, name, base.data)
            current_value = revisions.stored_value(model, name, now)
        except (KeyError, FieldDoesNotExist):
            continue
        mine_changed = edited(name, base_value)
        if base_value == current_value:
            if mine_changed:
                merge.kept.append(name)
        elif not mine_changed:
            merge.taken.append(name)
        elif edited(name, current_value):
            merge.conflicts.append(Conflict(name, label, revisions.display_value(now, model, name)))
    return merge
