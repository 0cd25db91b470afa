"""Model fields shared by the apps.

Every text field of the project's models is one of the classes below (`manage.py check` refuses
a plain `models.CharField`/`TextField` without choices: core.checks), so text is normalised
by core.text.clean_text in one place whatever way it comes in:

* forms (admin, any ModelForm): the form field cleans before its own validation, so a NUL
  character is dropped like any other control instead of being refused;
* `full_clean()`: `to_python`;
* `save()`, `create()`, `bulk_create()`: `pre_save`, which also updates the instance in memory;
* `QuerySet.update()`, `bulk_update()` and lookups: `get_prep_value`.

They behave like Django's own fields in the database and in migrations (`deconstruct` names
Django's class), so no migration is needed to adopt them.
"""

from functools import cached_property

from django import forms
from django.db import models
from django.db.models.query_utils import DeferredAttribute
from django.utils.safestring import SafeString

from core.rendering import fingerprint, stored_markdown
from core.slugs import normalise_slug, validate_slug
from core.text import clean_text
from core.validators import CheckedImageFormField


class UploadedImageField(models.ImageField):
    """An ImageField whose form checks uploads with `validate_image_upload` before Pillow opens them."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": CheckedImageFormField, **kwargs})

    def deconstruct(self):
        # Behaves like a plain ImageField in the database and in migrations, so none are needed.
        name, _, args, kwargs = super().deconstruct()
        return name, "django.db.models.ImageField", args, kwargs


# --- form fields ------------------------------------------------------------------------------------------------


class _CleanFormFieldMixin:
    multiline = False

    def to_python(self, value):
        if isinstance(value, str):
            value = clean_text(value, multiline=self.multiline)
        return super().to_python(value)


class CleanCharFormField(_CleanFormFieldMixin, forms.CharField):
    pass


class CleanTextFormField(_CleanFormFieldMixin, forms.CharField):
    multiline = True


class CleanURLFormField(_CleanFormFieldMixin, forms.URLField):
    pass


class SlugFormField(_CleanFormFieldMixin, forms.CharField):
    """A slug in any script (core.slugs); `allow_unicode` tells the admin's prepopulate script so."""

    allow_unicode = True
    default_validators = [validate_slug]

    def __init__(self, **kwargs):
        kwargs.pop("allow_unicode", None)  # always True: a slug may be in any script
        super().__init__(**kwargs)

    def to_python(self, value):
        return normalise_slug(super().to_python(value))


# --- model fields -----------------------------------------------------------------------------------------------


class CleanTextMixin:
    """Normalises text with `clean_text` on every way in (see the module docstring)."""

    multiline = False
    form_class = CleanCharFormField
    django_path = ""

    def clean_value(self, value):
        return clean_text(value, multiline=self.multiline) if isinstance(value, str) else value

    def to_python(self, value):
        return self.clean_value(super().to_python(value))

    def get_prep_value(self, value):
        return self.clean_value(super().get_prep_value(value))

    def pre_save(self, model_instance, add):
        value = super().pre_save(model_instance, add)
        cleaned = self.clean_value(value)
        if cleaned != value:
            setattr(model_instance, self.attname, cleaned)
        return cleaned

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": self.form_class, **kwargs})

    def deconstruct(self):
        name, _, args, kwargs = super().deconstruct()
        return name, self.django_path, args, kwargs


class CharField(CleanTextMixin, models.CharField):
    """A single-line text field: line breaks become spaces."""

    django_path = "django.db.models.CharField"


class TextField(CleanTextMixin, models.TextField):
    """A multi-line text field: every kind of line break becomes "\\n"."""

    multiline = True
    form_class = CleanTextFormField
    django_path = "django.db.models.TextField"


class URLField(CleanTextMixin, models.URLField):
    form_class = CleanURLFormField
    django_path = "django.db.models.URLField"


class SlugField(CleanTextMixin, models.SlugField):
    """A slug in any script: letters, marks and digits of every script, "-" and "_" (core.slugs).

    Stored in NFC, so an address typed or pasted in either Unicode form finds the same row.
    """

    form_class = SlugFormField
    django_path = "django.db.models.SlugField"

    def __init__(self, *args, allow_unicode=True, **kwargs):
        super().__init__(*args, allow_unicode=allow_unicode, **kwargs)

    @cached_property
    def validators(self):
        # Django's unicode slug validator refuses combining marks (Devanagari vowel signs, Thai tones).
        # CharField.__init__ appends its MaxLengthValidator to this list.
        return [validate_slug, *self._validators]

    def clean_value(self, value):
        return normalise_slug(super().clean_value(value))


# --- stored renderings -------------------------------------------------------------------------------------------


class RenderedHTML(SafeString):
    """Safe HTML read from a RenderedMarkdownField; `stored` is what the column holds for it."""

    stored: str


class _RenderedMarkdown(DeferredAttribute):
    """Reading the field gives its HTML, checked against the source it was rendered from."""

    def __get__(self, instance, cls=None):
        if instance is None:
            return self
        return self.field.html(instance, super().__get__(instance, cls))

    def __set__(self, instance, value):
        # A data descriptor, so reads come here rather than straight from the instance's __dict__.
        instance.__dict__[self.field.attname] = value


class RenderedMarkdownField(models.TextField):
    """The sanitized HTML of another field's Markdown (`source`), rendered when the row is saved, so
    pages show it without rendering Markdown on every view.

    `article.body_html` reads as safe HTML. The column keeps the source's fingerprint with the HTML
    (core.rendering.stored_markdown); when the source was changed without the model's save()
    (`QuerySet.update()`, `save(update_fields=[...])` without this field, raw SQL) or by an older
    renderer, the stored HTML no longer matches and the source is rendered afresh: the page is never
    out of step with the source, only slower until the row is saved again.
    """

    descriptor_class = _RenderedMarkdown

    def __init__(self, *args, source: str = "", **kwargs):
        self.source = source
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        for key, default in (("editable", False), ("blank", True), ("default", "")):
            if kwargs.get(key, default) == default:
                kwargs.pop(key, None)
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        stored = stored_markdown(getattr(model_instance, self.source))
        model_instance.__dict__[self.attname] = stored
        return stored

    def get_prep_value(self, value):
        # Saving what was read (bulk_update, serializers) keeps the fingerprint with the HTML.
        return super().get_prep_value(getattr(value, "stored", value))

    def html(self, instance, stored: str | None) -> RenderedHTML:
        source = getattr(instance, self.source) or ""
        digest, separator, rendered = (stored or "").partition(":")
        if not (separator and digest == fingerprint(source)):
            stored = stored_markdown(source)
            rendered = stored.partition(":")[2]
        html = RenderedHTML(rendered)  # sanitized by nh3 (core.rendering)
        html.stored = stored
        return html
