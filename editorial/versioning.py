"""Versions of publishable items: no save overwrites newer work unseen.

Every save, transition and restore bumps an item's `version`. An edit carries the version it
started from; saving it is refused with `StaleEdit` when someone saved after that version, and
`three_way_merge` then tells, field by field, what to take from the saved item, what to keep
from the edit and where both changed; `merge_rows` does the same for its child rows (bylines,
headlines), row by row. The admin (editorial.workflow_admin) calls these
services inside its transaction; they work the same without it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
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


# --- three-way merge of child rows (bylines, headlines, event roles) ---------------------------------------------


@dataclass(frozen=True)
class RowEdit:
    """One saved child row as the edit holds it: `pk` of the row the edit loaded, `deleted` when the edit marks it
    for deletion, and `edited(name, value)`: whether the edit's input for field `name` differs from `value` (a
    stored value, as for three_way_merge)."""

    pk: object
    deleted: bool
    edited: Callable[[str, object], bool]


@dataclass(frozen=True)
class RowConflict:
    """A child row both editors touched in ways that do not combine. `name` is the field both changed to different
    values (`theirs`: the saved value, readable); None when one of them deleted the row the other changed
    (`deleted_by` "them": the edit's row is kept as a new row; "me": the edit still deletes it, `theirs` is
    the saved row)."""

    pk: object
    name: str | None
    label: str
    theirs: str
    deleted_by: str = ""


@dataclass(frozen=True)
class RowsMerge:
    """How to re-show the edit's child rows `relation` merged with the saved ones, row by row (rows matched by pk).

    `taken`: pk -> {field name: saved value} for rows both keep, fields only the other editor changed;
    `added`: rows only they added, as {"pk": pk, field name: saved value} (the fields in the labels);
    `removed`: pks of rows they deleted that the edit did not change (or deleted too): left out;
    `detached`: pks of rows they deleted that the edit changed: kept as new rows holding the edit's input;
    `kept`: pks of rows whose changes (or deletion) are only the edit's; and the conflicts.
    `notes_taken` and `notes_kept` say the same in words (“Byline “Xu Zhilong · Editor”: Position as printed”).
    """

    relation: str
    taken: dict = field(default_factory=dict)
    added: list[dict] = field(default_factory=list)
    removed: list = field(default_factory=list)
    detached: list = field(default_factory=list)
    kept: list = field(default_factory=list)
    conflicts: list[RowConflict] = field(default_factory=list)
    notes_taken: list[str] = field(default_factory=list)
    notes_kept: list[str] = field(default_factory=list)


def merge_rows(
    *, obj, base_version: int, relation: str, labels: Mapping[str, str], rows: Sequence[RowEdit]
) -> RowsMerge:
    """Merge the edit's child rows `relation` of `obj` (one of `revision_children`), which started from
    `base_version`, with the rows saved now, as three_way_merge does for fields.

    `labels` maps the edited fields of a row to their labels (in form order; names the revisions do not hold
    are left out); `rows` are the saved rows the edit holds (rows it adds are its own and need no merge).
    A row is compared with itself in the revision the edit started from: changed only by the other editor →
    their values are taken; deleted only by them → left out; added only by them → added; both changed a
    field to different values, or one deleted what the other changed → a conflict. Read under the lock
    `check_fresh` took, so the answer matches the version it reported. With no revision at `base_version`,
    or one whose rows carry no pk, there is nothing to compare with: an empty RowsMerge.
    """
    merge = RowsMerge(relation)
    base = revisions.revision_at(obj, base_version)
    base_rows = revisions.revision_rows(base.data, type(obj), relation) if base is not None else None
    if base_rows is None:
        return merge
    child_model = type(obj)._meta.get_field(relation).related_model
    noun = str(child_model._meta.verbose_name).capitalize()
    names = list(labels)
    key = child_model._meta.pk.to_python  # stored as JSON; the edit's pks are Python values
    before = {key(row["pk"]): (row, text) for row, text in base_rows}
    now = {key(row["pk"]): (row, text, child) for row, text, child in revisions.saved_rows(obj, relation)}
    edited_pks = set()

    def value(row, name):
        return revisions.row_value(child_model, name, row)

    for edit in rows:
        edited_pks.add(edit.pk)
        if edit.pk not in before:  # not in the revision the edit started from: nothing to compare with
            continue
        base_row, base_text = before[edit.pk]
        mine = [name for name in names if name in base_row and edit.edited(name, value(base_row, name))]
        if edit.pk not in now:
            if mine and not edit.deleted:
                merge.detached.append(edit.pk)
                merge.conflicts.append(RowConflict(edit.pk, None, f"{noun} “{base_text}”", "", deleted_by="them"))
            else:
                merge.removed.append(edit.pk)
                merge.notes_taken.append(f"{noun} “{base_text}” removed")
            continue
        current_row, current_text, child = now[edit.pk]
        label = f"{noun} “{current_text}”"
        theirs = [name for name in names if name in base_row and value(base_row, name) != value(current_row, name)]
        taken = {name: value(current_row, name) for name in theirs if name not in mine}
        if taken:
            merge.taken[edit.pk] = taken
            merge.notes_taken.append(f"{label}: " + ", ".join(labels[name] for name in taken))
        if edit.deleted:
            if theirs:
                merge.conflicts.append(RowConflict(edit.pk, None, label, current_text, deleted_by="me"))
            else:
                merge.kept.append(edit.pk)
                merge.notes_kept.append(f"{label} removed")
            continue
        for name in mine:
            if name in theirs and edit.edited(name, value(current_row, name)):
                theirs_text = revisions.row_display_value(child, name)
                merge.conflicts.append(RowConflict(edit.pk, name, f"{label}: {labels[name]}", theirs_text))
        only_mine = [name for name in mine if name not in theirs]
        if only_mine:
            merge.kept.append(edit.pk)
            merge.notes_kept.append(f"{label}: " + ", ".join(labels[name] for name in only_mine))
    for pk, (current_row, current_text, _) in now.items():
        if pk not in before and pk not in edited_pks:
            merge.added.append({"pk": pk} | {name: value(current_row, name) for name in names if name in current_row})
            merge.notes_taken.append(f"{noun} “{current_text}” added")
    return merge
