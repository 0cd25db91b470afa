"""A small fictional exchange (one key, endpoint, delivery, manuscript, log entry and queued task) for
pages that need a row of every model, such as the admin page checks."""

import datetime as dt

from django.contrib.auth import get_user_model

from api import services
from api.models import ExchangeAction, Manuscript, ManuscriptFormat, WebhookDelivery, WebhookEndpoint
from api.tasks import deliver_webhook
from people.models import Membership, Organization, OrganizationKind


def exchange_sample() -> None:
    union = Organization.objects.create(name="Fictional Sample Union", slug="fictional-sample-union",
                                        kind=OrganizationKind.UNION)  # fmt: skip
    member = Organization.objects.create(name="Fictional Sample Member", slug="fictional-sample-member")
    Membership.objects.create(union=union, member=member, joined_on=dt.date(2020, 1, 1))
    staff = get_user_model().objects.create_superuser("sample-issuer", password="pw-123456789")
    api_key, _ = services.issue_key(name="Fictional sample key", user=staff, organization=member, union=union)
    endpoint = WebhookEndpoint.objects.create(organization=member, url="https://fictional.example/hook", secret="s")
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint, change_kind="article.published", item_type="article", item_id=1, body="{}"
    )
    Manuscript.objects.create(organization=member, source_format=ManuscriptFormat.MARKDOWN, source="## A\n\nB",
                              title="A fictional manuscript", body="B")  # fmt: skip
    services.log_exchange(action=ExchangeAction.PULL, what="GET /api/articles/", api_key=api_key, status_code=200)
    deliver_webhook.enqueue(delivery_id=delivery.pk)
