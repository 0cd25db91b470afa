"""Signals the articles app sends for other apps to subscribe to (in their AppConfig.ready()).

public_change
    Sent once per `PublicChange` row (an article published, updated, corrected or withdrawn as
    union members see it), after the transaction that recorded it has committed, so a receiver
    never sees a change that was rolled back. Arguments: `sender=PublicChange`, `change` (the
    saved PublicChange; for a scheduled publication its `effective_at` lies in the future).
    Receivers must return quickly and must not fail: enqueue background work and return.
"""

from django.dispatch import Signal

public_change = Signal()
