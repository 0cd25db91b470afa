from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = "People & organizations"

    def ready(self):
        from core import versions

        # Public pages show these rows: writing any of them changes the content version (core/versions.py).
        # Which positions and memberships are current is decided by today's date: core counts midnight.
        versions.track(*self.get_models(include_auto_created=True))
