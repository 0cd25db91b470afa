"""Model fields shared by the apps."""

from django.db import models
from django.db.models.query_utils import DeferredAttribute
from django.utils.safestring import SafeString

from core.rendering import fingerprint, stored_markdown
from core.validators import CheckedImageFormField


class UploadedImageField(models.ImageField):
    """An ImageField whose form checks uploads with `validate_image_upload` before Pillow opens them."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": CheckedImageFormField, **kwargs})

    def deconstruct(self):
        # Behaves like a plain ImageField in the database and in migrations, so none are needed.
        name, _, args, kwargs = super().deconstruct()
        return name, "django.db.models.ImageField", args, kwargs


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
