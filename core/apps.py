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
    """Small shared utilities (images, validators, fields, Markdown, caching, content versions, SEO tags):
    imported by every app, importing none of them."""

    name = "core"
    verbose_name = "Shared utilities"

    def ready(self):
        # Content-version triggers are off while migrations change tables (see core/versions.py).
        pre_migrate.connect(_drop_version_triggers, sender=self, dispatch_uid="core_version_triggers_off")
        post_migrate.connect(_install_version_triggers, sender=self, dispatch_uid="core_version_triggers_on")
