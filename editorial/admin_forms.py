"""No silent truncation: text fields refuse over-long input with a message instead of cutting it.

Django gives a text input of a field with `max_length` the HTML `maxlength` attribute. Browsers then
cut pasted text at the limit without a word, and the shortened text is saved (a 456-character title
pasted into a live article went public as its first 300 characters). Without the attribute the
server's length check answers instead: “Ensure this value has at most 300 characters (it has 456).”,
next to the field, and nothing is saved.
"""

from django import forms


def without_maxlength(fields) -> None:
    """Drop the browser's `maxlength` from the widgets of `fields` (a form's fields or base_fields)."""
    for field in fields.values():
        widgets = [field.widget]
        while widgets:
            widget = widgets.pop()
            widget.attrs.pop("maxlength", None)
            if getattr(widget, "widget", None) is not None:  # RelatedFieldWidgetWrapper
                widgets.append(widget.widget)
            if isinstance(widget, forms.MultiWidget):
                widgets.extend(widget.widgets)


class FullLengthTextForm(forms.Form):
    """A plain form whose text fields are checked by the server only (see module docstring)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        without_maxlength(self.fields)


class FullLengthTextAdminMixin:
    """For ModelAdmins and inlines: their forms' text fields are checked by the server only (see module docstring)."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        without_maxlength(form.base_fields)
        return form

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        without_maxlength(formset.form.base_fields)
        return formset
