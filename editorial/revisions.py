"""Revisions of publishable items: snapshot, readable diff, restore.

A revision stores one version of an item as JSON:

    {"fields":   {"title": "...", "issue": 3, "publish_at": "2022-01-01T01:00:00+00:00", ...},
     "m2m":      {"about_people": [1, 4]},
     "children": {"bylines": [{"pk": 12, "order": 0, "person": 7, "organization": None, ...}]},
     "display":  [["Title", "..."], ["Issue", "IUSTC Newsletter No. 12"], ["Bylines", "1. Xu Zhilong · Editor"]]}

`fields`, `m2m` and `children` are what a restore writes back; `display` is the same
content as readable text (labels, names instead of ids), which the diff compares. A child
row's `pk` is not restored (a restore writes the rows anew); it tells which row is which when
an edit is merged with a later save (editorial.versioning.merge_rows). Revisions recorded
before rows carried it have none.
Which child rows belong to an item is declared on the model (`revision_children`).
Status and publish time are shown in the diff but never restored: they belong to the
workflow, which changes them only through transitions.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import ngettext

from editorial.models import Revision

# Bookkeeping fields: never part of a revision.
SKIPPED_FIELDS = {"created_at", "updated_at", "version", "created_by"}
# Shown and compared, but only transitions may change them.
WORKFLOW_FIELDS = {"status", "publish_at"}


class RestoreFailed(Exception):
    """The revision cannot be written back (e.g. it now clashes with another item)."""


def _snapshot_fields(model) -> list[models.Field]:
    # Fields editors cannot edit are bookkeeping or derived from others (stored HTML of a Markdown field).
    return [f for f in model._meta.concrete_fields if not f.primary_key and f.editable and f.name not in SKIPPED_FIELDS]


def _jsonable(field: models.Field, value):
    if value is None:
        return None
    if isinstance(field, models.FileField):
        return value.name or ""
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (Decimal, dt.timedelta)):
        return str(value)
    if isinstance(value, (str, int, float, bool, list, dict)):
        return value
    return str(value)


def _display(instance, field: models.Field) -> str:
    if field.is_relation:
        related = getattr(instance, field.name)
        return "" if related is None else str(related)
    value = getattr(instance, field.attname)
    if value is None or value == "":
        return ""
    if field.choices:
        return str(getattr(instance, f"get_{field.name}_display")())
    if isinstance(field, models.FileField):
        return value.name or ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M %Z")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _label(field) -> str:
    return str(getattr(field, "verbose_name", field.name)).capitalize()


def _plain_many_to_many(model) -> list[models.ManyToManyField]:
    """Many-to-many links without their own model; links with a `through` model are kept as child rows."""
    return [f for f in model._meta.many_to_many if f.remote_field.through._meta.auto_created]


def _child_relation(model, name: str):
    relation = model._meta.get_field(name)
    return relation.related_model, relation.field.name


def snapshot(obj) -> dict:
    """The item as it is in the database now (fields, many-to-many links, child rows)."""
    model = type(obj)
    data = {"fields": {}, "m2m": {}, "children": {}, "display": []}
    for field in _snapshot_fields(model):
        data["fields"][field.name] = _jsonable(field, field.value_from_object(obj))
        data["display"].append([_label(field), _display(obj, field)])
    for field in _plain_many_to_many(model):
        related = list(getattr(obj, field.name).all())
        data["m2m"][field.name] = sorted(item.pk for item in related)
        data["display"].append([_label(field), "; ".join(sorted(str(item) for item in related))])
    for name in model.revision_children:
        child_model, fields = _child_relation(model, name)[0], _child_fields(model, name)
        rows = [(_row_data(fields, child), _row_text(fields, child)) for child in getattr(obj, name).all()]
        data["children"][name] = [row for row, _ in rows]
        lines = [f"{index}. {text}" for index, (_, text) in enumerate(rows, start=1)]
        data["display"].append([str(child_model._meta.verbose_name_plural).capitalize(), "\n".join(lines)])
    return data


def _child_fields(model, name: str) -> list[models.Field]:
    """The fields a revision keeps of child rows `name` of `model` (not the link to the parent)."""
    child_model, parent_field = _child_relation(model, name)
    return [f for f in _snapshot_fields(child_model) if f.name != parent_field]


def _row_data(fields: list[models.Field], child) -> dict:
    return {"pk": _jsonable(child._meta.pk, child.pk)} | {
        f.name: _jsonable(f, f.value_from_object(child)) for f in fields
    }


def _row_text(fields: list[models.Field], child) -> str:
    parts = [_display(child, f) for f in fields if f.name != "order"]
    return " · ".join(part for part in parts if part)


def row_display_value(child, name: str) -> str:
    """Field `name` of child row `child` as readable text (names instead of ids)."""
    return _display(child, type(child)._meta.get_field(name))


def saved_rows(obj, name: str) -> list[tuple[dict, str, object]]:
    """Child rows `name` of `obj` as stored now, in their order: (row data as a snapshot holds it, readable
    text as the revision display lists it, the row). One query, the rows' links selected."""
    child_model, parent_field = _child_relation(type(obj), name)
    fields = _child_fields(type(obj), name)
    children = child_model._default_manager.filter(**{parent_field: obj.pk}).select_related(
        *[f.name for f in fields if f.is_relation]
    )
    return [(_row_data(fields, child), _row_text(fields, child), child) for child in children]


def revision_rows(data: dict, model, name: str) -> list[tuple[dict, str]] | None:
    """Child rows `name` in a revision's `data`, in their order, each with its readable text; None when
    the revision does not hold them or its rows carry no `pk` (recorded before rows did)."""
    rows = data.get("children", {}).get(name)
    if rows is None or any("pk" not in row for row in rows):
        return None
    child_model, _ = _child_relation(model, name)
    lines = dict(data.get("display", [])).get(str(child_model._meta.verbose_name_plural).capitalize(), "")
    texts = [line.partition(". ")[2] for line in lines.split("\n")] if lines else []
    if len(texts) != len(rows):  # a value held a line break: no reliable text per row
        texts = [""] * len(rows)
    return list(zip(rows, texts, strict=True))


def with_snapshot_relations(queryset: models.QuerySet) -> models.QuerySet:
    """`queryset` also loading everything `snapshot` reads: linked rows (select_related), many-to-many
    links and child rows with their own links (one prefetch query each). Snapshots of the items it
    returns then cost no query, however many items and child rows there are.

    Only for items whose links and children do not change before the snapshot (a transition): a
    prefetched relation is not reloaded after its rows are rewritten.
    """
    model = queryset.model
    prefetches = [field.name for field in _plain_many_to_many(model)]
    for name in model.revision_children:
        child_model, parent_field = _child_relation(model, name)
        links = [f.name for f in _snapshot_fields(child_model) if f.is_relation and f.name != parent_field]
        prefetches.append(models.Prefetch(name, child_model._default_manager.select_related(*links)))
    links = [field.name for field in _snapshot_fields(model) if field.is_relation]
    return queryset.select_related(*links).prefetch_related(*prefetches)


def revisions_for(obj):
    """The item's revisions (`created_by` selected), newest version first: a lazy queryset."""
    return Revision.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk
    ).select_related("created_by")


def record(obj, *, user=None, summary: str = "") -> Revision:
    """Store the item's current state as the revision for its current version (replacing one already stored
    for that version). One query, plus what `snapshot` reads that `obj` has not loaded."""
    revision = Revision(
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=obj.pk,
        version=obj.version,
        data=snapshot(obj),
        summary=summary[:200],
        created_by=user,
        created_at=timezone.now(),
    )
    Revision.objects.bulk_create(
        [revision],
        update_conflicts=True,
        unique_fields=["content_type", "object_id", "version"],
        update_fields=["data", "summary", "created_by", "created_at"],
    )
    return revision


def differs_from_previous(revision: Revision) -> bool:
    """Whether a revision's content (fields, links, child rows) differs from the revision before it; True
    when there is none to compare with."""
    previous = (
        Revision.objects.filter(
            content_type_id=revision.content_type_id, object_id=revision.object_id, version__lt=revision.version
        )
        .order_by("-version")
        .first()
    )
    if previous is None:
        return True
    content = ("fields", "m2m", "children")
    return any(previous.data.get(part) != revision.data.get(part) for part in content)


def ensure_baseline(obj) -> None:
    """Items created before revisions existed (imports, demo data) get one for their current version."""
    if not revisions_for(obj).filter(version=obj.version).exists():
        record(obj, summary="Snapshot of the existing version")


# --- diff -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str

    @property
    def inline(self) -> SafeString:
        return inline_diff(self.old, self.new)


_TOKENS = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)


def inline_diff(old: str, new: str) -> SafeString:
    """Word-level diff as HTML: removed words in <del>, added words in <ins>, all text escaped."""
    a, b = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape("".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            out.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return mark_safe("".join(out))  # noqa: S308 - every piece of text above is escaped


def diff(old_data: dict, new_data: dict) -> list[FieldChange]:
    """Fields whose readable value differs between two snapshots, in form order."""
    old = dict(old_data.get("display", []))
    new_pairs = new_data.get("display", [])
    labels = [label for label, _ in new_pairs] + [label for label in old if label not in dict(new_pairs)]
    new = dict(new_pairs)
    return [
        FieldChange(label, old.get(label, ""), new.get(label, ""))
        for label in labels
        if old.get(label, "") != new.get(label, "")
    ]


def revision_at(obj, version: int) -> Revision | None:
    """The revision holding the item as it was at `version` (the latest one recorded up to it)."""
    return revisions_for(obj).filter(version__lte=version).order_by("-version").first()


def stored_value(model, name: str, data: dict):
    """A field's value in a revision's `data`, as a form's initial value (pk for links, dates as dates).

    Raises KeyError when the revision does not hold the field.
    """
    if name in data.get("m2m", {}):
        return list(data["m2m"][name])
    return row_value(model, name, data["fields"])


def row_value(model, name: str, row: dict):
    """Field `name` of `model` in a stored row (a revision's `fields`, or one of its child rows), as a form's
    initial value (pk for links, dates as dates). Raises KeyError when the row does not hold the field."""
    raw = row[name]
    field = model._meta.get_field(name)
    if raw is None or field.is_relation or isinstance(field, models.FileField):
        return raw
    return field.to_python(raw)


def display_value(data: dict, model, name: str) -> str:
    """A field's readable value in a snapshot or revision's `data`."""
    return dict(data.get("display", [])).get(_label(model._meta.get_field(name)), "")


def changes_since(obj, version: int) -> tuple[list[FieldChange], list[Revision]]:
    """What changed after `version`: field changes up to now and the revisions (who, when) that made them."""
    revisions = revisions_for(obj)
    base = revision_at(obj, version)
    later = list(revisions.filter(version__gt=version).order_by("version"))
    changes = diff(base.data, snapshot(obj)) if base else []
    return changes, later


def restore_changes(obj, revision: Revision) -> list[FieldChange]:
    """What restoring `revision` would change in the item as it is now (status and publish time stay)."""
    model = type(obj)
    workflow_labels = {_label(model._meta.get_field(name)) for name in WORKFLOW_FIELDS}
    return [change for change in diff(snapshot(obj), revision.data) if change.label not in workflow_labels]


# --- restore ----------------------------------------------------------------------------------------------------


def _python_value(field: models.Field, raw, warnings: list[str], *, what: str):
    """Turn a stored value back into something assignable to `field.attname`, checking links still exist."""
    if raw is None:
        return None
    if field.is_relation:
        if field.related_model._default_manager.filter(pk=raw).exists():
            return raw
        if field.null:
            warnings.append(f"{what}: the linked {field.related_model._meta.verbose_name} no longer exists.")
            return None
        raise RestoreFailed(f"{what}: the linked {field.related_model._meta.verbose_name} no longer exists.")
    if isinstance(field, models.FileField):
        return raw
    return field.to_python(raw)


@transaction.atomic
def restore(obj, revision: Revision) -> list[str]:
    """Write a revision's content back onto `obj` (fields, links, child rows); returns warnings.

    The caller bumps the version and records the result as a new revision; status and
    publish time are left as they are.
    """
    if revision.content_type.model_class() is not type(obj) or revision.object_id != obj.pk:
        raise RestoreFailed("That revision belongs to another item.")
    model, data, warnings = type(obj), revision.data, []
    for field in _snapshot_fields(model):
        if field.name in WORKFLOW_FIELDS or field.name not in data["fields"]:
            continue
        value = _python_value(field, data["fields"][field.name], warnings, what=_label(field))
        setattr(obj, field.attname, value)
    file_fields = [f.name for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
    try:
        obj.full_clean(exclude=file_fields)
    except ValidationError as error:
        raise RestoreFailed(" ".join(error.messages)) from error
    obj.save()
    for field in _plain_many_to_many(model):
        if field.name in data.get("m2m", {}):
            pks = data["m2m"][field.name]
            existing = list(field.related_model._default_manager.filter(pk__in=pks).values_list("pk", flat=True))
            if len(existing) < len(pks):
                gone = len(pks) - len(existing)
                warnings.append(
                    f"{_label(field)}: "
                    + ngettext("%(n)d linked item no longer exists.", "%(n)d linked items no longer exist.", gone)
                    % {"n": gone}
                )
            getattr(obj, field.name).set(existing)
    for name in model.revision_children:
        if name not in data.get("children", {}):
            continue
        child_model, parent_field = _child_relation(model, name)
        getattr(obj, name).all().delete()
        lines = _child_lines(data, child_model)
        for index, row in enumerate(data["children"][name], start=1):
            what = str(child_model._meta.verbose_name).capitalize() + f" {index}"
            if lines.get(index):
                what += f" ({lines[index]})"
            warning = _restore_child(obj, child_model, parent_field, row, what=what)
            if warning:
                warnings.append(warning)
    return warnings


def _child_lines(data: dict, child_model) -> dict[int, str]:
    """Row number -> the row as the snapshot showed it ("Xu Zhilong · Editor"), to name a row left out."""
    shown = dict(data.get("display", [])).get(str(child_model._meta.verbose_name_plural).capitalize(), "")
    lines = {}
    for line in shown.split("\n"):
        number, _, text = line.partition(". ")
        if number.isdigit():
            lines[int(number)] = text
    return lines


def _restore_child(obj, child_model, parent_field: str, row: dict, *, what: str) -> str:
    """Create one child row from a revision; "" when restored as it was, else what the editor should know.

    A link whose target was deleted since is cleared. A row that cannot exist without that link
    (a byline without its person, a speaker role without the person) is left out, as is a row
    that no longer passes its constraints; a row whose link is optional (a headline's article)
    is restored without it. The message names the row and the reason.
    """
    fields = {f.name: f for f in _snapshot_fields(child_model) if f.name != parent_field}
    values, gone, required_gone = {}, [], False
    for key, raw in row.items():
        field = fields.get(key)
        if field is None:
            continue
        if not field.is_relation:
            values[field.attname] = _python_value(field, raw, [], what=what)
        elif raw is None or field.related_model._default_manager.filter(pk=raw).exists():
            values[field.attname] = raw
        else:
            gone.append(str(field.related_model._meta.verbose_name))
            required_gone = required_gone or not field.null
            values[field.attname] = None
    missing = f"the linked {' and '.join(gone)} no longer exist{'s' if len(gone) == 1 else ''}"
    if required_gone:
        return f"{what} was left out: {missing}."
    child = child_model(**{parent_field: obj}, **values)
    try:
        child.full_clean()
    except ValidationError as error:
        reason = missing if gone else " ".join(error.messages)
        return f"{what} was left out: {reason}."
    child.save()
    return f"{what} was restored without its link: {missing}." if gone else ""
