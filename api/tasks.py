"""Background tasks (Django's tasks framework; the django-tasks-db backend runs them in `manage.py db_worker`)."""

from django.tasks import task

from api import webhooks


@task()
def push_change(*, change_id: int) -> int:
    """Fan one change out to the members' webhook endpoints (one delivery task per endpoint)."""
    return webhooks.push_change(change_id=change_id)


@task()
def deliver_webhook(*, delivery_id: int, due: str | None = webhooks.QUEUED_WITHOUT_DUE) -> str:
    """One delivery attempt; a failed attempt queues the next one with a back-off. `due` is the attempt time the
    task was queued for (ISO 8601, None for the first attempt): a task the delivery no longer expects does nothing.
    Tasks queued before there was `due` have the default and attempt whatever is due, as they did."""
    return webhooks.attempt(delivery_id=delivery_id, due=due)
