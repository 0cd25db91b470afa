"""Admin integration of the editorial workflow, shared by articles, issues and events.

`WorkflowAdminMixin` adds to a ModelAdmin of a Publishable model:

* transition buttons on the change page (POST endpoints answering 403/409 with a clear
  page when refused, redirecting with a success message otherwise);
* the log of transitions and review comments, and a comment box;
* revisions: every admin save records one; a revisions page compares any two with a
  word-level diff and restores one (which records a new revision);
* no silent overwrites: the change form carries the version it was loaded at; a save
  based on an older version is refused, the form keeps what the user typed, and the page
  lists what the other editor changed. The form is merged with the saved version, fields and
  inline child rows (bylines, headlines) alike: what only they changed is taken, what only
  this editor changed is kept, and where both changed, the form keeps this editor's input and
  shows theirs. Submitting again deliberately saves it (the checks and the merge are services:
  editorial.versioning; the admin only turns their answers into form data and messages);
* status and publish time are read-only in the form: only transitions change them;
* object permissions: a contributor edits only their own drafts.
"""

from __future__ import annotations

import copy
import re

from django import forms
from django.contrib import messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms.formsets import DELETION_FIELD_NAME, INITIAL_FORM_COUNT, ORDERING_FIELD_NAME, TOTAL_FORM_COUNT
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from editorial import revisions, versioning, workflow
from editorial.models import Revision
from editorial.publishing import LIVE_STATES


class StaleInfo:
    """What the change form shows after a stale save was refused: the refusal and how the form was merged."""

    def __init__(self, stale: versioning.StaleEdit, merge: versioning.Merge, labels: dict[str, str]):
        self.changes = stale.changes
        self.revisions = stale.revisions
        self.base_version = stale.base_version
        self.current_version = stale.current_version
        self.editors = stale.editors
        self.taken = [labels[name] for name in merge.taken]  # only they changed: the form now shows their value
        self.kept = [labels[name] for name in merge.kept]  # only this editor changed: their input stays
        self.conflicts = list(merge.conflicts)  # fields, then rows (versioning.RowConflict): each has a label

    @property
    def who(self) -> str:
        return ", ".join(self.editors) or "someone else"

    def add_rows(self, merge: versioning.RowsMerge) -> None:
        """Add how an inline's rows were merged (see WorkflowAdminMixin.merge_inline_rows)."""
        self.taken += merge.notes_taken
        self.kept += merge.notes_kept
        self.conflicts += merge.conflicts


def _widget(field):
    widget = field.widget
    return widget.widget if isinstance(widget, RelatedFieldWidgetWrapper) else widget


def _differs(field, initial, data) -> bool:
    """`field.has_changed`, ignoring the browser's CRLF line ends in text."""
    if isinstance(data, str):
        data = data.replace("\r\n", "\n")
    if isinstance(initial, str):
        initial = initial.replace("\r\n", "\n")
    return field.has_changed(initial, data)


class WorkflowForm(forms.ModelForm):
    """Admin form carrying the version it was loaded at (see module docstring)."""

    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.stale = None
        if self.instance.pk:
            self.fields["base_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            try:
                versioning.check_fresh(obj=self.instance, base_version=cleaned.get("base_version"))
            except versioning.StaleEdit as stale:
                self.refuse_stale(stale)
        return cleaned

    def refuse_stale(self, stale: versioning.StaleEdit) -> None:
        """Re-show the form merged with what is saved now (see versioning.three_way_merge); raises ValidationError.

        The instance is still as saved (the form is applied to it only after clean()). A deliberate
        second submit of the merged form saves it over the newer version.
        """
        labels = {
            name: str(field.label or name)
            for name, field in self.fields.items()
            if name != "base_version" and not field.disabled and not isinstance(field, forms.FileField)
        }
        merge = (
            versioning.three_way_merge(
                obj=self.instance, base_version=stale.base_version, labels=labels, edited=self._edited
            )
            if stale.base_version
            else versioning.Merge()
        )
        data = self.data.copy()
        for name in merge.taken:
            self._set_data(data, self.fields[name], self.add_prefix(name), self.initial.get(name))
        data[self.add_prefix("base_version")] = str(stale.current_version)
        self.data = data
        self.stale = StaleInfo(stale, merge, labels)
        for conflict in merge.conflicts:
            self.add_error(
                conflict.name,
                f"{self.stale.who} also changed this field, to: “{conflict.theirs}”. Your text is kept here.",
            )
        raise ValidationError(
            f"{stale} Their changes are listed above. The form now holds your edits plus their changes to fields "
            "and rows you did not touch; where you both changed something, yours is kept and theirs is shown. "
            "Check and save again.",
            code="stale",
        )

    def _edited(self, name: str, value) -> bool:
        """Whether this editor's input for field `name` differs from `value` (a stored value)."""
        field = self.fields[name]
        return _differs(field, value, field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name)))

    @staticmethod
    def _set_data(data, field, key: str, value) -> None:
        """Put `value` (a form initial value) into submitted `data` the way its widget would post it."""
        widget, prepared = _widget(field), field.prepare_value(value)
        if isinstance(widget, forms.MultiWidget):
            for index, (part, sub) in enumerate(zip(widget.decompress(prepared), widget.widgets, strict=False)):
                formatted = sub.format_value(part)
                data[f"{key}_{index}"] = "" if formatted is None else str(formatted)
        elif getattr(widget, "allow_multiple_selected", False):
            data.setlist(key, [str(item) for item in prepared or []])
        elif isinstance(widget, forms.CheckboxInput):
            if prepared:
                data[key] = "on"
            else:
                data.pop(key, None)
        elif isinstance(widget, forms.Select):
            data[key] = "" if prepared is None else str(prepared)
        else:
            formatted = widget.format_value(prepared)
            data[key] = "" if formatted is None else str(formatted)


class MergedInlineRows:
    """An inline's submitted formset merged with the rows saved since the edit started (a stale save).

    Turns the formset's saved rows into versioning.RowEdit for versioning.merge_rows, and its answer back
    into form data: rows only they changed show their values, rows they added are added, rows they
    deleted are left out (or, when this editor changed them, re-shown as new rows), and conflicts are
    errors on the rows that name both versions.
    """

    def __init__(self, formset, *, obj, base_version: int):
        self.formset = formset
        self.prefix = formset.prefix
        self.relation = formset.fk.remote_field.get_accessor_name()
        self.pk_name = formset.model._meta.pk.name
        self.noun = str(formset.model._meta.verbose_name)
        self.fields = formset.empty_form.fields
        skipped = {self.pk_name, formset.fk.name, DELETION_FIELD_NAME, ORDERING_FIELD_NAME}
        labels = {
            name: str(field.label or name)
            for name, field in self.fields.items()
            if name not in skipped and not field.disabled and not isinstance(field, forms.FileField)
        }
        self.pks = self._saved_pks()
        self.merge = versioning.merge_rows(
            obj=obj,
            base_version=base_version,
            relation=self.relation,
            labels=labels,
            rows=[
                versioning.RowEdit(pk=pk, deleted=self._deleted(form), edited=self._edited_in(form))
                for form, pk in zip(formset.initial_forms, self.pks, strict=True)
                if pk is not None
            ],
        )

    def _saved_pks(self) -> list:
        pks = []
        for form in self.formset.initial_forms:
            try:
                pks.append(self.formset.model._meta.pk.to_python(form[self.pk_name].data) or None)
            except ValidationError:  # a tampered id: Django's own validation reports it
                pks.append(None)
        return pks

    def _deleted(self, form) -> bool:
        return self.formset.can_delete and bool(form[DELETION_FIELD_NAME].data)

    @staticmethod
    def _edited_in(form):
        return lambda name, value: _differs(form.fields[name], value, form[name].data)

    def data(self):
        """The formset's submitted data with the merge applied (a new QueryDict), and the new index of each
        saved row kept ({pk: index}) and of each row re-shown as new ({pk: index})."""
        pattern = re.compile(rf"^{re.escape(self.prefix)}-(\d+)-(.+)$")
        data, rows = self.formset.data.copy(), {}
        for key in list(data):
            if match := pattern.match(key):
                rows.setdefault(int(match[1]), {})[match[2]] = data.getlist(key)
                del data[key]
        merge, initial_count = self.merge, self.formset.initial_form_count()
        saved, new, at, detached_at = [], [], {}, {}
        for index in range(self.formset.total_form_count()):
            row, pk = rows.get(index, {}), self.pks[index] if index < initial_count else None
            if pk in merge.removed:
                continue
            if pk in merge.detached:  # they deleted it, this editor changed it: kept as a new row
                detached_at[pk] = len(new)
                new.append({**row, self.pk_name: [""]})
            elif index < initial_count:
                at[pk] = len(saved)
                saved.append(row)
            else:
                new.append(row)
        parent_key = self.fields[self.formset.fk.name]
        parent_value = str(parent_key.prepare_value(parent_key.initial))  # the parent's pk, as the hidden input holds
        for added in merge.added:
            at[added["pk"]] = len(saved)
            saved.append({self.pk_name: [str(added["pk"])], self.formset.fk.name: [parent_value]})
        for index, row in enumerate(saved + new):
            for suffix, values in row.items():
                data.setlist(f"{self.prefix}-{index}-{suffix}", values)
        for added in merge.added:
            for name, value in added.items():
                if name != "pk":
                    WorkflowForm._set_data(data, self.fields[name], f"{self.prefix}-{at[added['pk']]}-{name}", value)
        for pk, values in merge.taken.items():
            for name, value in values.items():
                WorkflowForm._set_data(data, self.fields[name], f"{self.prefix}-{at[pk]}-{name}", value)
        data[f"{self.prefix}-{TOTAL_FORM_COUNT}"] = str(len(saved) + len(new))
        data[f"{self.prefix}-{INITIAL_FORM_COUNT}"] = str(len(saved))
        return data, at, {pk: len(saved) + index for pk, index in detached_at.items()}

    def show_conflicts(self, formset, *, at: dict, detached_at: dict, who: str) -> None:
        """Put the merge's conflicts on the rows of `formset` (the merged one) as errors naming both versions."""
        formset.full_clean()
        for conflict in self.merge.conflicts:
            if conflict.deleted_by == "them":
                form = formset.forms[detached_at[conflict.pk]]
                message = (
                    f"{who} deleted this {self.noun}, which you changed. Your version is kept here as a new "
                    f"{self.noun}; remove it if it should go."
                )
                form.add_error(None, message)
            elif conflict.deleted_by == "me":
                form = formset.forms[at[conflict.pk]]
                message = (
                    f"{who} changed this {self.noun}, to: “{conflict.theirs}”, which you marked for deletion. "
                    "Untick Delete to keep it."
                )
                form.add_error(None, message)
            else:
                form = formset.forms[at[conflict.pk]]
                message = f"{who} also changed this, to: “{conflict.theirs}”. Yours is kept here."
                form.add_error(conflict.name, message)


def _parse_publish_at(value: str):
    if not value:
        return None
    try:
        parsed = parse_datetime(value)
    except ValueError:  # well-formed but impossible, e.g. 30 February
        parsed = None
    if parsed is None:
        raise workflow.TransitionInputError(f"“{value}” is not a date and time.")
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


class RequestUserFormsetMixin:
    """Gives an inline's formset the request's user (as `formset.user`), for rules that depend on who edits."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.user = request.user  # inlineformset_factory made a fresh class for this request
        return formset


class WorkflowChildInlineMixin:
    """Child rows (bylines, headlines, event roles) are editable only when the parent is."""

    def _parent_editable(self, request, obj) -> bool:
        return obj is None or workflow.can_edit(request.user, obj)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._parent_editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._parent_editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._parent_editable(request, obj)


class WorkflowChildAdminMixin:
    """A child row (byline, headline) on its own admin page follows the rule of its parent's page.

    Changing or deleting it needs `workflow.can_edit` on the parent (a contributor only touches
    their own drafts); the parent picked in the form is checked on the server too. Every write
    bumps the parent's version and records a revision, so an open parent form goes stale.
    """

    workflow_parent = ""  # name of the foreign key to the Publishable

    def _parent_editable(self, request, obj) -> bool:
        return obj is None or workflow.can_edit(request.user, getattr(obj, self.workflow_parent))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._parent_editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._parent_editable(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        parent_name, user = self.workflow_parent, request.user

        class ParentCheckedForm(form_class):
            def clean(self):
                cleaned_data = super().clean()
                parent = cleaned_data.get(parent_name)
                if parent is not None and not workflow.can_edit(user, parent):
                    self.add_error(
                        parent_name,
                        f"You may not edit “{parent}”, so you cannot change its "
                        f"{self._meta.model._meta.verbose_name_plural} either.",
                    )
                return cleaned_data

        return ParentCheckedForm

    def _record(self, request, parent, action: str) -> None:
        label = str(self.opts.verbose_name).capitalize()
        versioning.save_revision(obj=parent, user=request.user, summary=f"{label} {action}")

    def _lock_parents(self, *parents) -> None:
        # Parents before their rows, as every workflow service does, so a restore of the parent (which
        # rewrites its rows) and this save queue instead of deadlocking.
        for parent in sorted({p for p in parents if p is not None}, key=lambda p: p.pk):
            workflow.lock(parent)

    def save_model(self, request, obj, form, change):
        previous = form.initial.get(self.workflow_parent) if change else None
        parent_model = self.opts.get_field(self.workflow_parent).related_model
        self._lock_parents(
            getattr(obj, self.workflow_parent, None),
            parent_model._default_manager.filter(pk=previous).first() if previous else None,
        )
        super().save_model(request, obj, form, change)
        parent = getattr(obj, self.workflow_parent)
        if previous is not None and previous != parent.pk:  # moved: the old parent lost a row
            self._record(request, type(parent)._default_manager.get(pk=previous), "moved away")
        self._record(request, parent, "saved")

    def delete_model(self, request, obj):
        parent = getattr(obj, self.workflow_parent)
        self._lock_parents(parent)
        super().delete_model(request, obj)
        self._record(request, parent, "deleted")

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        parent_field = self.opts.get_field(self.workflow_parent)
        parents = list(parent_field.related_model._default_manager.filter(pk__in=queryset.values(parent_field.attname)))
        self._lock_parents(*parents)
        super().delete_queryset(request, queryset)
        for parent in parents:
            self._record(request, parent, "deleted")


FORWARD_TRANSITIONS = ("submit", "approve", "schedule", "publish")
BACKWARD_TRANSITIONS = ("request_changes", "reopen")
# Take content away from readers or out of the workflow: asked to confirm first (a ticked box, or a confirm page).
CONFIRM_TRANSITIONS = ("unpublish", "archive")


class WorkflowAdminMixin:
    form = WorkflowForm
    change_form_template = "admin/editorial/change_form.html"
    workflow_readonly_fields = ("status", "publish_at")

    # --- form, permissions, saving ------------------------------------------------------------------------------

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields + [name for name in self.workflow_readonly_fields if name not in fields]

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if not allowed or obj is None:
            return allowed
        return workflow.can_edit(request.user, obj)

    def save_model(self, request, obj, form, change):
        # clean() checked the version under lock in this same transaction; the service checks it again.
        versioning.save_with_version(obj=obj, user=request.user, base_version=form.cleaned_data.get("base_version"))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        revisions.record(form.instance, user=request.user, summary="Saved" if change else "Created")

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        if obj is not None and getattr(form, "stale", None) is not None and form.stale.base_version:
            self.merge_inline_rows(request, context, form, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def merge_inline_rows(self, request, context, form, obj) -> None:
        """A stale save was refused: re-show the inlines of child rows that revisions hold merged with the rows
        saved since (see MergedInlineRows), the way the form itself is merged with the saved fields.

        Runs inside the change view's transaction, under the lock the form's version check took, so the
        rows merged are those of the version the refusal reports.
        """
        formsets, inlines = [], []
        for inline_admin_formset in context["inline_admin_formsets"]:
            formset, inline = inline_admin_formset.formset, inline_admin_formset.opts
            mergeable = (
                getattr(formset, "fk", None) is not None
                and formset.fk.remote_field.get_accessor_name() in type(obj).revision_children
                and inline.has_change_permission(request, obj)
                and formset.management_form.is_valid()
            )
            if mergeable:
                rows = MergedInlineRows(formset, obj=obj, base_version=form.stale.base_version)
                data, at, detached_at = rows.data()
                formset = type(formset)(
                    **{**self.get_formset_kwargs(request, obj, inline, formset.prefix), "data": data}
                )
                rows.show_conflicts(formset, at=at, detached_at=detached_at, who=form.stale.who)
                form.stale.add_rows(rows.merge)
            formsets.append(formset)
            inlines.append(inline)
        context["inline_admin_formsets"] = self.get_inline_formsets(request, formsets, inlines, obj)
        context["errors"] = helpers.AdminErrorList(form, formsets)

    # --- change page --------------------------------------------------------------------------------------------

    def _url(self, view: str, *args) -> str:
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_{view}", args=args)

    def get_preview_url(self, obj) -> str:
        return ""

    def view_on_site(self, obj):
        """The “View on site” button only for public items; unpublished ones have the preview link instead."""
        return obj.get_absolute_url() if workflow.is_public(obj) else None

    def workflow_context(self, request, obj) -> dict:
        steps = [
            {"transition": t, "url": self._url("transition", obj.pk, t.name)}
            for t in workflow.available_transitions(request.user, obj)
        ]
        return {
            "object": obj,
            "transitions": steps,
            # Forward steps, steps back, and the ones that take content away from readers (need a confirmation).
            "forward": [s for s in steps if s["transition"].name in FORWARD_TRANSITIONS],
            "backward": [s for s in steps if s["transition"].name in BACKWARD_TRANSITIONS],
            "destructive": [s for s in steps if s["transition"].name in CONFIRM_TRANSITIONS],
            "needs_comment": [s["transition"].label for s in steps if s["transition"].needs_comment],
            "needs_time": obj.status == "approved",
            "publish_at_value": timezone.localtime(obj.publish_at).strftime("%Y-%m-%dT%H:%M") if obj.publish_at else "",
            "is_public": workflow.is_public(obj),
            "change_request": workflow.change_request(obj),
            "log": list(workflow.log_for(obj)[:50]),
            "revisions": list(revisions.revisions_for(obj)[:8]),
            "comment_url": self._url("comment", obj.pk),
            "revisions_url": self._url("revisions", obj.pk),
            "preview_url": self.get_preview_url(obj),
        }

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = dict(extra_context or {})
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and self.has_view_or_change_permission(request, obj):
            if request.method == "GET":
                revisions.ensure_baseline(obj)
            extra_context["workflow"] = self.workflow_context(request, obj)
        return super().change_view(request, object_id, form_url, extra_context)

    # --- workflow endpoints -------------------------------------------------------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/transition/<str:name>/",
                view(self.transition_view),
                name="{}_{}_transition".format(*info),
            ),
            path("<path:object_id>/comment/", view(self.comment_view), name="{}_{}_comment".format(*info)),
            path("<path:object_id>/revisions/", view(self.revisions_view), name="{}_{}_revisions".format(*info)),
            path(
                "<path:object_id>/revisions/<int:revision_id>/restore/",
                view(self.restore_view),
                name="{}_{}_restore".format(*info),
            ),
            *self.get_workflow_urls(),
            *super().get_urls(),
        ]

    def get_workflow_urls(self) -> list:
        return []

    def get_workflow_object(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(f"No {self.opts.verbose_name} with that id.")
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def refused(self, request, obj, error, status: int):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "object": obj,
            "title": "Not done",
            "message": str(error.args[0] if getattr(error, "args", None) else error),
            "report": getattr(error, "report", None),
            "problems": getattr(error, "problems", None),
            "status": status,
            "change_url": self._url("change", obj.pk),
        }
        return TemplateResponse(request, "admin/editorial/workflow_refused.html", context, status=status)

    def perform_transition(self, request, obj, name: str):
        return workflow.transition(
            obj=obj,
            name=name,
            user=request.user,
            comment=request.POST.get("comment", ""),
            publish_at=_parse_publish_at(request.POST.get("publish_at", "")),
        )

    def refused_transition(self, request, obj, error, status: int):
        """The change page again, with the refusal in the workflow panel and the typed comment kept."""
        if not self.has_view_or_change_permission(request, obj):
            return self.refused(request, obj, error, status)
        page_request = copy.copy(request)
        page_request.method = "GET"
        refusal = {
            "message": str(error.args[0] if getattr(error, "args", None) else error),
            "problems": getattr(error, "problems", None) or getattr(getattr(error, "report", None), "blockers", None),
            "comment": request.POST.get("comment", ""),
            "publish_at": request.POST.get("publish_at", ""),
        }
        response = self.change_view(
            page_request, str(obj.pk), form_url=self._url("change", obj.pk), extra_context={"workflow_refusal": refusal}
        )
        response.status_code = status
        return response

    def confirm_transition(self, request, obj, step):
        """Asked before a step that takes the item away from readers (no JavaScript needed)."""
        workflow.check_permission(request.user, obj, step)
        workflow.check_state(obj, step)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "object": obj,
            "title": f"{step.label} “{obj}”?",
            "step": step,
            "is_public": workflow.is_public(obj),
            "comment": request.POST.get("comment", ""),
            "action_url": self._url("transition", obj.pk, step.name),
            "change_url": self._url("change", obj.pk),
        }
        return TemplateResponse(request, "admin/editorial/transition_confirm.html", context)

    def transition_view(self, request, object_id, name):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.get_workflow_object(request, object_id)
        try:
            step = workflow.get_transition(name)
        except workflow.UnknownTransition as error:
            raise Http404(str(error)) from error
        try:
            if name in CONFIRM_TRANSITIONS and not request.POST.get("confirmed"):
                return self.confirm_transition(request, obj, step)
            obj = self.perform_transition(request, obj, name)
        except PermissionDenied as error:
            return self.refused_transition(request, obj, error, 403)
        except workflow.WorkflowError as error:
            return self.refused_transition(request, obj, error, error.status_code)
        hidden = self.not_public_reason(obj) if obj.status in LIVE_STATES else ""
        if hidden:
            messages.warning(request, f"“{obj}” was {step.past_tense}, but readers cannot see it: {hidden}")
        else:
            messages.success(request, f"“{obj}” was {step.past_tense}.")
        return HttpResponseRedirect(self._url("change", obj.pk))

    def not_public_reason(self, obj) -> str:
        """Why a published or scheduled item stays hidden from readers although its own state is live ("" if not)."""
        return ""

    def comment_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.get_workflow_object(request, object_id)
        try:
            workflow.add_comment(obj=obj, user=request.user, text=request.POST.get("comment", ""))
        except PermissionDenied as error:
            return self.refused(request, obj, error, 403)
        except workflow.WorkflowError as error:
            return self.refused(request, obj, error, error.status_code)
        messages.success(request, "Your comment was added to the log.")
        return HttpResponseRedirect(self._url("change", obj.pk) + "#workflow-log")

    def revisions_view(self, request, object_id):
        obj = self.get_workflow_object(request, object_id)
        revisions.ensure_baseline(obj)
        all_revisions = list(revisions.revisions_for(obj))
        by_version = {revision.version: revision for revision in all_revisions}
        newer, older = None, None
        try:
            newer = by_version.get(int(request.GET["b"])) if "b" in request.GET else None
            older = by_version.get(int(request.GET["a"])) if "a" in request.GET else None
        except ValueError:
            pass
        if newer is None and all_revisions:
            newer = all_revisions[0]
        if older is None and newer is not None:
            older = next((r for r in all_revisions if r.version < newer.version), None)
        changes = revisions.diff(older.data, newer.data) if older and newer else []
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "object": obj,
            "title": f"Revisions of “{obj}”",
            "revisions": all_revisions,
            "older": older,
            "newer": newer,
            "changes": changes,
            "can_restore": workflow.can_edit(request.user, obj),
            "change_url": self._url("change", obj.pk),
            "restore_url_name": f"admin:{self.opts.app_label}_{self.opts.model_name}_restore",
        }
        return TemplateResponse(request, "admin/editorial/revisions.html", context)

    def restore_view(self, request, object_id, revision_id):
        """GET: what restoring would change (and whether readers see it at once); POST: restore."""
        if request.method not in ("GET", "POST"):
            return HttpResponseNotAllowed(["GET", "POST"])
        obj = self.get_workflow_object(request, object_id)
        revision = get_object_or_404(
            Revision, pk=revision_id, object_id=obj.pk, content_type__app_label=self.opts.app_label,
            content_type__model=self.opts.model_name,
        )  # fmt: skip
        if request.method == "GET":
            return self.restore_confirm_view(request, obj, revision)
        try:
            obj, warnings = workflow.restore_revision(obj=obj, revision=revision, user=request.user)
        except PermissionDenied as error:
            return self.refused(request, obj, error, 403)
        except workflow.WorkflowError as error:
            obj.refresh_from_db()  # the refused restore was rolled back
            return self.refused(request, obj, error, error.status_code)
        messages.success(request, f"Version {revision.version} was restored as version {obj.version}.")
        for warning in warnings:
            messages.warning(request, warning)
        return HttpResponseRedirect(self._url("change", obj.pk))

    def restore_confirm_view(self, request, obj, revision):
        revisions.ensure_baseline(obj)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "object": obj,
            "title": f"Restore version {revision.version} of “{obj}”?",
            "revision": revision,
            "changes": revisions.restore_changes(obj, revision),
            "is_public": workflow.is_public(obj),
            "is_live": obj.status in LIVE_STATES,
            "can_restore": workflow.can_edit(request.user, obj),
            "restore_url": self._url("restore", obj.pk, revision.pk),
            "revisions_url": self._url("revisions", obj.pk),
            "change_url": self._url("change", obj.pk),
        }
        return TemplateResponse(request, "admin/editorial/restore_confirm.html", context)
