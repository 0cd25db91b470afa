"""Merging duplicate people and organizations.

Every relation that points at the duplicate is found by model introspection
(`_meta.related_objects`): bylines, positions, memberships, mentions, event roles
and whatever other apps add later, so `people` never imports them. Rows that would
collide with a row the kept record already has (the same person twice in one event
role, the same article mentioning both records) are dropped, because the kept record
already says the same thing. Everything runs in one transaction; if anything still
points at the duplicate afterwards, nothing is changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.admin.models import CHANGE, DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.db.models import ProtectedError
from django.utils.translation import ngettext

from people.models import Organization, OrganizationKind, Person


class MergeError(Exception):
    """The two records cannot be merged; the message says why."""


class MergeForbidden(MergeError):
    """The user's role does not allow merging: it needs both change and delete permission."""


def can_merge(user, model: type[models.Model]) -> bool:
    """A merge changes the kept record and deletes the duplicate, so it needs both permissions."""
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.change_{opts.model_name}") and user.has_perm(
        f"{opts.app_label}.delete_{opts.model_name}"
    )


@dataclass
class RelationMove:
    """Rows of one relation that point at the duplicate."""

    label: str  # e.g. "Bylines (articles)"
    model: type[models.Model]
    field_name: str  # the foreign key on `model` that points at the duplicate
    moving: list[int] = field(default_factory=list)  # pks re-pointed to the kept record
    dropping: list[int] = field(default_factory=list)  # pks deleted: the kept record already has them

    @property
    def total(self) -> int:
        return len(self.moving) + len(self.dropping)


@dataclass
class MergePlan:
    """What a merge moves (per relation: rows moving, rows dropped as already said by `keep`) and which empty
    fields of `keep` it fills from `duplicate`."""

    keep: models.Model
    duplicate: models.Model
    relations: list[RelationMove]
    filled_fields: list[str]  # fields of the kept record that are empty and will be taken from the duplicate

    @property
    def filled_labels(self) -> list[str]:
        return [str(self.keep._meta.get_field(name).verbose_name) for name in self.filled_fields]

    @property
    def nonempty(self) -> list[RelationMove]:
        return [relation for relation in self.relations if relation.total]

    def summary(self) -> str:
        moves = [f"{relation.label.lower()}: {len(relation.moving)}" for relation in self.nonempty]
        drops = sum(len(relation.dropping) for relation in self.relations)
        text = f"Merged “{self.duplicate}” (#{self.duplicate.pk}) into this record"
        text += "; moved " + ", ".join(moves) if moves else "; nothing to move"
        if drops:
            text += ngettext(
                "; dropped %(n)d row the kept record already had",
                "; dropped %(n)d rows the kept record already had",
                drops,
            ) % {"n": drops}
        if self.filled_fields:
            text += "; filled " + ", ".join(self.filled_labels)
        return text + "."


def _pointing_relations(model: type[models.Model]):
    """(through-or-related model, FK field name on it, label) for every relation pointing at `model`."""
    for relation in model._meta.related_objects:
        if relation.many_to_many:
            through = relation.through
            if not through._meta.auto_created:
                continue  # an explicit through model (an event role) is listed as its own foreign key
            fk_name = relation.field.m2m_reverse_field_name()
            label = f"{relation.related_model._meta.verbose_name_plural.capitalize()} ({relation.field.verbose_name})"
            yield through, fk_name, label
        else:
            related = relation.related_model
            label = f"{related._meta.verbose_name_plural.capitalize()} ({relation.field.verbose_name})"
            yield related, relation.field.name, label


def _unique_field_sets(model: type[models.Model], fk_name: str):
    """Field-name tuples that must be unique together and include `fk_name`, with their conditions."""
    field_sets = []
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and constraint.fields and fk_name in constraint.fields:
            field_sets.append((tuple(constraint.fields), constraint.condition))
    for together in model._meta.unique_together:
        if fk_name in together:
            field_sets.append((tuple(together), None))
    fk_field = model._meta.get_field(fk_name)
    if fk_field.unique:
        field_sets.append(((fk_name,), None))
    return field_sets


def _collides(model, fk_name, row, keep, field_sets) -> bool:
    """Would `row`, re-pointed at `keep`, repeat a row that already exists?"""
    for fields, condition in field_sets:
        lookup = {}
        for name in fields:
            attname = model._meta.get_field(name).attname
            lookup[attname] = keep.pk if name == fk_name else getattr(row, attname)
        existing = model._default_manager.filter(**lookup).exclude(pk=row.pk)
        if condition is not None:
            if not model._default_manager.filter(condition, pk=row.pk).exists():
                continue
            existing = existing.filter(condition)
        if existing.exists():
            return True
    return False


def _refuse_losing_a_union(*, keep: Organization, duplicate: Organization) -> None:
    """A union's member rows would land on an organization that is not a union: its registry would vanish
    from the public pages while the rows stayed behind, so the kept record must be the union."""
    if keep.kind == OrganizationKind.UNION:
        return
    members = duplicate.memberships.count()
    if members:
        raise MergeError(
            f"“{duplicate}” cannot be merged into “{keep}”: it is a union with {members} "
            f"member{'s' if members != 1 else ''} and “{keep}” is not a union ({keep.get_kind_display()}). "
            f"Keep “{duplicate}” instead, or make “{keep}” a union first."
        )


def plan_merge(*, keep: models.Model, duplicate: models.Model) -> MergePlan:
    """What merging `duplicate` into `keep` (two Persons or two Organizations) would do; nothing is written.

    Raises MergeError for records of different kinds, one record twice, or a union that would be merged
    into a non-union while it has members.
    """
    model = type(keep)
    if type(duplicate) is not model:
        raise MergeError("Only records of the same kind can be merged.")
    if keep.pk == duplicate.pk:
        raise MergeError("Pick two different records: a record cannot be merged into itself.")
    if isinstance(keep, Organization):
        _refuse_losing_a_union(keep=keep, duplicate=duplicate)
    relations = []
    for related_model, fk_name, label in _pointing_relations(model):
        move = RelationMove(label=label, model=related_model, field_name=fk_name)
        field_sets = _unique_field_sets(related_model, fk_name)
        fk_attname = related_model._meta.get_field(fk_name).attname
        for row in related_model._default_manager.filter(**{fk_attname: duplicate.pk}).order_by("pk"):
            if related_model is model and row.pk == keep.pk:
                move.dropping.append(row.pk)  # the kept record pointing at its duplicate (e.g. parent): cleared
            elif field_sets and _collides(related_model, fk_name, row, keep, field_sets):
                move.dropping.append(row.pk)
            else:
                move.moving.append(row.pk)
        relations.append(move)
    filled_fields = _fillable_fields(keep, duplicate)
    return MergePlan(keep=keep, duplicate=duplicate, relations=relations, filled_fields=filled_fields)


def _fillable_fields(keep, duplicate) -> list[str]:
    """Plain fields empty on the kept record and filled on the duplicate (a photo, the original-script name)."""
    names = []
    for model_field in keep._meta.concrete_fields:
        if model_field.primary_key or model_field.unique or model_field.is_relation or not model_field.editable:
            continue
        mine, theirs = getattr(keep, model_field.attname), getattr(duplicate, model_field.attname)
        if mine in (None, "") and theirs not in (None, ""):
            names.append(model_field.name)
    return names


def _apply(plan: MergePlan) -> None:
    keep, duplicate = plan.keep, plan.duplicate
    model = type(keep)
    for relation in plan.relations:
        manager = relation.model._default_manager
        if relation.model is model and keep.pk in relation.dropping:
            # The kept record was a unit of its duplicate: it cannot become a unit of itself.
            manager.filter(pk=keep.pk).update(**{relation.field_name: None})
            dropping = [pk for pk in relation.dropping if pk != keep.pk]
        else:
            dropping = relation.dropping
        if dropping:
            manager.filter(pk__in=dropping).delete()
        if relation.moving:
            manager.filter(pk__in=relation.moving).update(**{relation.field_name: keep})
    for forward in model._meta.many_to_many:  # relations declared on the model itself
        getattr(keep, forward.name).add(*getattr(duplicate, forward.name).all())
    if plan.filled_fields:
        for name in plan.filled_fields:
            setattr(keep, name, getattr(duplicate, name))
        keep.save(update_fields=plan.filled_fields)
    leftovers = [
        label
        for related_model, fk_name, label in _pointing_relations(model)
        if related_model._default_manager.filter(**{related_model._meta.get_field(fk_name).attname: duplicate.pk})
        .exclude(pk=keep.pk)
        .exists()
    ]
    if leftovers:
        raise MergeError("Some rows still point at the duplicate: " + ", ".join(leftovers) + ".")
    duplicate.delete()


@transaction.atomic
def _merge(*, keep, duplicate, user) -> MergePlan:
    # Lock both rows so a concurrent edit cannot add a byline to the duplicate mid-merge.
    model = type(keep)
    if user is not None and not can_merge(user, model):
        raise MergeForbidden(
            f"You are not allowed to merge {model._meta.verbose_name_plural}: merging deletes the duplicate, "
            "and your role does not include deleting them."
        )
    rows = model._default_manager.select_for_update().filter(pk__in=[keep.pk, duplicate.pk]).order_by("pk")
    locked = {obj.pk: obj for obj in rows}
    if len(locked) != 2:
        raise MergeError("One of the two records no longer exists.")
    keep, duplicate = locked[keep.pk], locked[duplicate.pk]
    plan = plan_merge(keep=keep, duplicate=duplicate)
    duplicate_repr, duplicate_pk = str(duplicate), duplicate.pk
    summary = plan.summary()  # before the delete, which clears the duplicate's pk
    try:
        with transaction.atomic():
            _apply(plan)
    except (IntegrityError, ProtectedError) as error:
        raise MergeError(f"The records cannot be merged: {error}") from error
    if user is not None:
        LogEntry.objects.log_actions(
            user_id=user.pk, queryset=[keep], action_flag=CHANGE, change_message=summary, single_object=True
        )
        LogEntry.objects.create(
            user_id=user.pk,
            content_type=ContentType.objects.get_for_model(model),
            object_id=str(duplicate_pk),
            object_repr=duplicate_repr[:200],
            action_flag=DELETION,
            change_message=f"Merged into “{keep}” (#{keep.pk}).",
        )
    return plan


def merge_people(*, keep: Person, duplicate: Person, user=None) -> MergePlan:
    """Move everything that points at `duplicate` (bylines, positions, mentions, event roles…) to `keep`,
    then delete `duplicate`; fill `keep`'s empty fields from it. Returns the plan that was carried out.

    One transaction; raises MergeError and changes nothing if it cannot (see `plan_merge`, and a row that
    still points at `duplicate`). With `user`, the admin's history records the change and the deletion.
    """
    if not isinstance(keep, Person) or not isinstance(duplicate, Person):
        raise MergeError("merge_people merges two people.")
    return _merge(keep=keep, duplicate=duplicate, user=user)


def merge_organizations(*, keep: Organization, duplicate: Organization, user=None) -> MergePlan:
    """Move everything that points at `duplicate` (bylines, positions, memberships, units, mentions,
    event roles, publications…) to `keep`, then delete `duplicate`; fill `keep`'s empty fields from it.
    Returns the plan that was carried out.

    One transaction; raises MergeError and changes nothing if it cannot (see `plan_merge`, and a row that
    still points at `duplicate`). With `user`, the admin's history records the change and the deletion.
    """
    if not isinstance(keep, Organization) or not isinstance(duplicate, Organization):
        raise MergeError("merge_organizations merges two organizations.")
    return _merge(keep=keep, duplicate=duplicate, user=user)
