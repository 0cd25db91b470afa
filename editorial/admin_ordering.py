"""Inline formsets whose rows carry a position unique within their parent.

Editors reorder by editing numbers; swapping two positions must work. Each form
skips the row-by-row database uniqueness check on `order` (which would see the
old positions), the formset checks duplicates among its own rows, and saving
first parks the moved rows on free positions so the unique constraint never
sees two rows on one position.
"""

from django import forms
from django.db import transaction
from django.db.models import Max


class OrderedInlineForm(forms.ModelForm):
    def _get_validation_exclusions(self):
        exclusions = super()._get_validation_exclusions()
        exclusions.add("order")
        return exclusions


class OrderedInlineFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        seen = {}
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            order = form.cleaned_data.get("order")
            if order is None:
                continue
            if order in seen:
                raise forms.ValidationError(
                    f"Two rows have position {order}; give each {self.model._meta.verbose_name} its own position."
                )
            seen[order] = form

    @transaction.atomic
    def save(self, commit=True):
        if commit and self.instance.pk:
            moving = [
                form.instance.pk
                for form in self.initial_forms
                if form.instance.pk and ("order" in form.changed_data or self._should_delete_form(form))
            ]
            if moving:
                related = self.model._default_manager.filter(**{self.fk.name: self.instance})
                start = (related.aggregate(top=Max("order"))["top"] or 0) + 1
                for offset, pk in enumerate(moving):
                    related.filter(pk=pk).update(order=start + offset)
        return super().save(commit=commit)
