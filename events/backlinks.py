"""What event pages list from apps above `events` in the arrows.

Filled in by the articles app in its `AppConfig.ready()`: `coverage(event, *, at=None)` — the
published articles about the event and the distinct issues that carried them (a `Coverage`).
Without it, an event has no coverage.
"""

from dataclasses import dataclass

from core.backlinks import Backlinks


@dataclass
class Coverage:
    articles: list
    issues: list


def _no_coverage(_event, *, at=None) -> Coverage:
    return Coverage(articles=[], issues=[])


backlinks = Backlinks("events", coverage=_no_coverage)
