"""What people and organization pages list from apps above `people` in the arrows.

Filled in by the apps that own the relations, in their `AppConfig.ready()`:

* articles: `articles_by_person(person)`, `articles_about_person(person)`,
  `articles_by_organization(organization)`, `articles_about_organization(organization)` —
  iterables of published articles, newest first; `split_statements(articles)` —
  (member statements, other articles) from an evaluated list, order kept;
* events: `events_of_person(person)`, `events_of_organization(organization)` — published
  events grouped by role (objects with `label` and `rows`);
* both: `people_in_public_articles()`, `people_in_public_events()` — a Q over Person for those
  that public work names (bylines and mentions of published articles, roles in published events).

Without the owning app installed, each lists nothing.
"""

from django.db.models import Q

from core.backlinks import Backlinks


def _nothing(_obj) -> list:
    return []


def _no_one() -> Q:
    return Q(pk__in=[])


def _no_statements(articles) -> tuple[list, list]:
    return [], list(articles)


backlinks = Backlinks(
    "people",
    articles_by_person=_nothing,
    articles_about_person=_nothing,
    articles_by_organization=_nothing,
    articles_about_organization=_nothing,
    split_statements=_no_statements,
    events_of_person=_nothing,
    events_of_organization=_nothing,
    people_in_public_articles=_no_one,
    people_in_public_events=_no_one,
)
