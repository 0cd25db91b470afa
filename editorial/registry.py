"""How content apps plug into the editorial engine.

The engine never imports a content app. An app whose Publishable models need more than
the generic workflow registers them here from its `AppConfig.ready()`, so registrations do
not depend on which module some request happened to import first::

    class ArticlesConfig(AppConfig):
        def ready(self):
            from articles import models, services
            from editorial import registry

            registry.register(models.Article, publish_check=services.article_problems)

* `publish_check(obj) -> list[problem]`: what stops this item's own content from being
  published (objects with `message` and `url`; empty when ready). Run before publish and
  schedule, and when a revision of a live item is restored.
* `transitions`: transition name -> handler replacing the generic step for this model, e.g.
  publishing an issue runs its preflight and publishes its articles. A handler is called as
  `handler(obj=..., name=..., user=..., comment=..., publish_at=...)` with `obj` locked and the
  permission already checked, inside the transition's transaction, and returns the item.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Registration:
    model: type
    publish_check: Callable | None = None
    transitions: Mapping[str, Callable] = field(default_factory=dict)


_registry: dict[type, Registration] = {}


def register(model: type, *, publish_check: Callable | None = None, transitions: Mapping[str, Callable] = ()) -> None:
    """Plug `model` into the engine. Raises ImproperlyConfigured for a model registered twice or an unknown
    transition name (a typo would otherwise silently leave the generic step in place)."""
    from editorial.workflow import TRANSITIONS

    if model in _registry:
        raise ImproperlyConfigured(f"{model.__name__} is already registered with the editorial engine.")
    transitions = dict(transitions)
    unknown = sorted(set(transitions) - set(TRANSITIONS))
    if unknown:
        raise ImproperlyConfigured(f"{model.__name__}: no transition called {', '.join(unknown)}.")
    _registry[model] = Registration(model=model, publish_check=publish_check, transitions=transitions)


def registration(model: type) -> Registration:
    """What `model` registered; an unregistered model gets the generic workflow (no checks, no overrides)."""
    return _registry.get(model) or Registration(model=model)
