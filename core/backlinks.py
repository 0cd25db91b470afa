"""Back-links across the app arrows, by registration instead of import.

An app low in the arrows (people <- events <- articles) shows what apps above it know: a
person's page lists the articles they wrote and the events they spoke at. It may not import
those apps, so it declares named queries here, each with the answer it gives when no app
fills it in, and the app that owns the relation fills them in from its `AppConfig.ready()`::

    # people/backlinks.py (the app that asks)
    backlinks = Backlinks("people", articles_by_person=list, ...)

    # articles/apps.py (the app that owns Byline)
    people_backlinks.fill(articles_by_person=selectors.articles_by_person, ...)

    # people/views.py
    backlinks.get("articles_by_person")(person)
"""

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured


class Backlinks:
    """Named queries `owner` asks for; each answers its default until an app fills it in (once)."""

    def __init__(self, owner: str, **defaults: Callable):
        self.owner = owner
        self._defaults = defaults
        self._filled: dict[str, Callable] = {}

    def fill(self, **queries: Callable) -> None:
        """Provide queries. Raises ImproperlyConfigured for a name `owner` does not ask for, or one filled twice."""
        for name, query in queries.items():
            if name not in self._defaults:
                raise ImproperlyConfigured(f"The {self.owner} app asks for no back-link query called “{name}”.")
            if name in self._filled:
                raise ImproperlyConfigured(f"The {self.owner} back-link query “{name}” is already filled in.")
            self._filled[name] = query

    def get(self, name: str) -> Callable:
        """The query filled in for `name`, else its default. Raises KeyError for a name never declared."""
        return self._filled.get(name) or self._defaults[name]
