"""Admin side of editorial.slug_history: a changed slug (or parent) keeps the old address, and the editor is told."""

import copy

from django.contrib import messages

from editorial import slug_history


def _address_of(obj, address: slug_history.Address) -> str:
    """The public address `obj` had at `address` (its get_absolute_url() with the old slug and parent)."""
    old = copy.copy(obj)  # setting the parent's id on the copy drops its cached parent, not obj's
    old.slug = address.slug
    field = slug_history.scope_field(type(obj))
    if field:
        setattr(old, f"{field}_id", address.scope)
    return old.get_absolute_url()


class OldAddressAdminMixin:
    """Saving an item (or an inline row) with a new slug or parent remembers its old address, which
    then answers with a permanent redirect; a message tells the editor so."""

    def _moved(self, request, obj, before) -> None:
        old_url = _address_of(obj, before) if before else ""
        if slug_history.remember_change(obj=obj, before=before):
            new_url = obj.get_absolute_url()
            messages.info(
                request,
                f"The address of “{obj}” changed from {old_url} to {new_url}. The old address keeps working: "
                "it redirects to the new one (HTTP 301).",
            )

    def save_model(self, request, obj, form, change):
        before = slug_history.stored_address(obj) if change else None
        super().save_model(request, obj, form, change)
        self._moved(request, obj, before)

    def save_formset(self, request, form, formset, change):
        tracked = hasattr(formset.model, "get_absolute_url") and "slug" in {
            field.name for field in formset.model._meta.fields
        }
        before = {}
        if tracked:
            for inline_form in formset.initial_forms:
                if inline_form.instance.pk and inline_form.has_changed():
                    before[inline_form.instance.pk] = slug_history.stored_address(inline_form.instance)
        super().save_formset(request, form, formset, change)
        for obj, _ in formset.changed_objects if tracked else ():
            self._moved(request, obj, before.get(obj.pk))
