"""Signal receivers of the api app: they only enqueue background work (api.tasks)."""

from django.utils import timezone

from api import tasks


def enqueue_push(sender, *, change, **kwargs):
    """A change members can see was committed: queue its webhook fan-out, at its effective time
    when that lies ahead (a scheduled publication is pushed once it is live)."""
    task = tasks.push_change
    if change.effective_at > timezone.now():
        task = task.using(run_after=change.effective_at)
    task.enqueue(change_id=change.pk)
