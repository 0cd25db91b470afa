"""What people and organization pages list from apps above `people` in the arrows.

Filled in by the apps that own the relations, in their `AppConfig.ready()`:

* articles: `articles_by_person(person)`, `articles_about_person(person)`,
  `articles_by_organization(organization)`, `articles_about_organization(organization)` —
  iterables of published articles, newest first; `split_statements(articles)` —
  (member statements, other articles) from an evaluated list, order kept;
* events: `events_of_person(person)`, `events_of_organization(organization)` — published
  events grouped by role (objects with `label` and `rows`).

Without the owning app installed, each lists nothing.
"""

from core.backlinks import Backlinks


def _nothing(_obj) -> list:
    return []


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
)
