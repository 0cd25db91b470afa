from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "newsroom"
    verbose_name = "Newsroom"

    def ready(self):
        from django.core import checks
        from django.urls import register_converter

        from newsroom.checks import text_fields_are_cleaned
        from newsroom.slugs import SlugConverter

        checks.register(text_fields_are_cleaned, checks.Tags.models)
        register_converter(SlugConverter, "uslug")
