from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"

    def ready(self):
        from events import selectors
        from people.backlinks import backlinks as people_backlinks

        # People and organization pages list the events they took part in.
        people_backlinks.fill(
            events_of_person=selectors.events_of_person,
            events_of_organization=selectors.events_of_organization,
            people_in_public_events=selectors.people_in_public_events,
        )
