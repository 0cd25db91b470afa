"""System checks that keep every app on the shared conventions."""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import checks
from django.db import models

from core.fields import CleanTextMixin, RenderedMarkdownField


def _project_apps():
    base = Path(settings.BASE_DIR).resolve()
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if path.is_relative_to(base) and "site-packages" not in path.parts:
            yield config


def text_fields_are_cleaned(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Every free-text field of the project's models normalises its text (core.fields).

    Fields with choices hold only their fixed values and are exempt, as are stored renderings
    (RenderedMarkdownField): HTML made from a field that is itself cleaned.
    """
    errors = []
    for config in app_configs or _project_apps():
        for model in config.get_models():
            for field in model._meta.local_fields:
                if not isinstance(field, (models.CharField, models.TextField)) or field.choices:
                    continue
                if isinstance(field, RenderedMarkdownField):
                    continue
                if not isinstance(field, CleanTextMixin):
                    errors.append(
                        checks.Error(
                            f"{model._meta.label}.{field.name} is a plain {type(field).__name__}: its text would "
                            "be stored without the shared normalisation (control characters, line breaks).",
                            hint=f"Use core.fields.{type(field).__name__} instead.",
                            obj=field,
                            id="core.E101",
                        )
                    )
    return errors
