from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Small shared utilities (images, validators, fields, text, slugs, Markdown, caching, SEO tags): imported by
    every app, importing none of them. Installed so that its template tag libraries load, its system check runs
    and its URL converter is there before any URLconf is read."""

    name = "core"
    verbose_name = "Shared utilities"

    def ready(self):
        from django.core import checks
        from django.urls import register_converter

        from core.checks import text_fields_are_cleaned
        from core.slugs import SlugConverter

        checks.register(text_fields_are_cleaned, checks.Tags.models)
        register_converter(SlugConverter, "uslug")
