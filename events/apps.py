from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"

    def ready(self):
        from core import versions
        from editorial import registry
        from events import models, selectors, services
        from people.backlinks import backlinks as people_backlinks

        # Publishing, updating and withdrawing an event is recorded for union members (editorial.changes).
        registry.register(models.Event, after_change=services.event_changed)

        # People and organization pages list the events they took part in.
        people_backlinks.fill(
            events_of_person=selectors.events_of_person,
            events_of_organization=selectors.events_of_organization,
            people_in_public_events=selectors.people_in_public_events,
        )
        # Public pages show these rows (core/versions.py); an event goes public at its publish time and
        # moves from upcoming to past when it ends, with no write.
        versions.track(*self.get_models(include_auto_created=True))
        versions.changes_at(models.Event, "publish_at", "end")
