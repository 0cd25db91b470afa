from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Small shared utilities (images, validators, fields, Markdown, caching, SEO tags): imported by every app,
    importing none of them. Installed so that its template tag libraries load."""

    name = "core"
    verbose_name = "Shared utilities"
