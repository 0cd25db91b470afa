"""The exchange's admin actions say what they did in proper English, one or many."""

import pytest

from api import services
from api.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint


def action_messages(client, url: str, action: str, pks) -> list[str]:
    response = client.post(url, {"action": action, "_selected_action": [str(pk) for pk in pks]}, follow=True)
    assert response.status_code == 200
    return [str(message) for message in response.context["messages"]]


def deliveries(member, count: int) -> list[int]:
    endpoint = WebhookEndpoint.objects.create(organization=member, url="https://hooks.fictional.example/", secret="s")
    return [
        WebhookDelivery.objects.create(
            endpoint=endpoint, change_kind="article.published", item_type="article", item_id=n, body="{}",
            status=DeliveryStatus.FAILED,
        ).pk
        for n in range(count)
    ]  # fmt: skip


@pytest.mark.parametrize("count, said", [(1, "1 delivery queued again."), (2, "2 deliveries queued again.")])
def test_resend_counts_deliveries(client, staff, member, count, said):
    client.force_login(staff)
    pks = deliveries(member, count)
    assert action_messages(client, "/admin/api/webhookdelivery/", "resend", pks) == [said]
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {DeliveryStatus.PENDING}


@pytest.mark.parametrize(
    "count, said", [(1, "1 key revoked; it no longer works."), (2, "2 keys revoked; they no longer work.")]
)
def test_revoke_counts_keys(client, staff, member, union, count, said):
    client.force_login(staff)
    pks = [
        services.issue_key(name=f"Fictional CMS {n}", user=staff, organization=member, union=union)[0].pk
        for n in range(count)
    ]
    assert action_messages(client, "/admin/api/apikey/", "revoke", pks) == [said]
