from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate, pre_migrate


def _drop_version_triggers(using, **kwargs):
    from core import versions

    versions.drop_triggers(connections[using])


def _install_version_triggers(using, **kwargs):
    from core import versions

    versions.install_triggers(connections[using])


class CoreConfig(AppConfig):
    """Small shared utilities (images, validators, fields, text, slugs, Markdown, caching, content versions,
    SEO tags): imported by every app, importing none of them. Installed so that its template tag libraries
    load, its system check runs and its URL converter is there before any URLconf is read."""

    name = "core"
    verbose_name = "Shared utilities"

    def ready(self):
        from django.core import checks
        from django.urls import register_converter

        from core.checks import text_fields_are_cleaned
        from core.slugs import SlugConverter

        checks.register(text_fields_are_cleaned, checks.Tags.models)
        register_converter(SlugConverter, "uslug")

        # Content-version triggers are off while migrations change tables (see core/versions.py).
        pre_migrate.connect(_drop_version_triggers, sender=self, dispatch_uid="core_version_triggers_off")
        post_migrate.connect(_install_version_triggers, sender=self, dispatch_uid="core_version_triggers_on")
