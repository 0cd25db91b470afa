from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Fictional demo content for local development (`manage.py load_demo`); sits above every content app."""

    name = "demo"
    verbose_name = "Demo data"
