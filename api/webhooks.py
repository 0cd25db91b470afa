"""Push: changes members can see, POSTed to their webhook endpoints by background tasks.

Each request carries the JSON body and these headers:

    Content-Type:        application/json
    Newsroom-Event:      <type>.<change>: article.published, article.updated, article.corrected,
                         article.withdrawn, issue.published, issue.updated, issue.withdrawn,
                         event.published, event.updated, event.withdrawn
    Newsroom-Delivery:   the delivery's id (the same on retries: use it to ignore duplicates)
    Newsroom-Timestamp:  Unix time in seconds when this attempt was signed
    Newsroom-Signature:  sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" with the endpoint's secret>

A receiver recomputes the HMAC over the timestamp, a dot and the raw body, compares in constant
time, and refuses timestamps more than a few minutes old (replays). A 2xx answer counts as
delivered; anything else (other status, timeout, refused connection, a redirect) is retried with
doubling delays until NEWSROOM_WEBHOOK_MAX_ATTEMPTS attempts in all. A host that resolves to an
address that is not public (api.destinations) is not connected to at all: the delivery fails at once
with "refused: …" as its last error.

An article under embargo goes only to endpoints of organisations holding a usable key with the
`embargoed` scope (so do its corrections); the others get it when the embargo lifts.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import ssl
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from api import destinations, keys, selectors, services
from api.models import ApiKey, DeliveryStatus, ExchangeAction, ItemType, Scope, WebhookDelivery, WebhookEndpoint
from api.ninjs import change_item, stamp, withdrawal_item
from editorial import workflow
from editorial.models import PublicChange, PublicChangeKind
from people.models import Membership

USER_AGENT = "Newsroom-Webhooks/1"


def payload(change: PublicChange, *, item_type: str, at=None) -> tuple[str, bytes, bool]:
    """(event name, JSON body, embargoed) for a change, from the item as members see it now: an item that
    is no longer visible to members is sent as a withdrawal, whatever the change was."""
    at = at or timezone.now()
    item = selectors.load_items(item_type, [change.object_id], api_key=None, at=at).get(change.object_id)
    if item is None:
        kind, body_item = (
            PublicChangeKind.WITHDRAWN,
            withdrawal_item(item_type, change.object_id, at=change.effective_at),
        )
    else:
        kind, body_item = change.kind, change_item(item_type, item, base_url=settings.NEWSROOM_SITE_URL, at=at)
    embargoed = item_type == ItemType.ARTICLE and item is not None and item.is_embargoed(at=at)
    event = f"{item_type}.{kind}"
    body = {"event": event, "change_id": change.pk, "occurred_at": stamp(change.effective_at), "item": body_item}
    return event, json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), embargoed


def _may_receive_embargoed(organization_ids) -> set[int]:
    """The organisations among these that hold a usable key with the embargoed scope."""
    keys_held = ApiKey.objects.usable().filter(organization_id__in=list(organization_ids))
    return {api_key.organization_id for api_key in keys_held if api_key.has_scope(Scope.EMBARGOED)}


def push_change(*, change_id: int) -> int:
    """Create one delivery per active endpoint of a current member and queue them; returns how many.
    A change that no longer exists (a scheduled publication cancelled before its time), or of an item the
    API does not carry, pushes nothing."""
    from api import tasks

    change = PublicChange.objects.filter(pk=change_id).first()
    item_type = selectors.item_types_by_content_type().get(change.content_type_id) if change else None
    if item_type is None:
        return 0
    if change.effective_at > timezone.now():  # a worker ran it early: wait for its time
        tasks.push_change.using(run_after=change.effective_at).enqueue(change_id=change_id)
        return 0
    members = Membership.objects.current().values("member_id")
    endpoints = list(WebhookEndpoint.objects.filter(active=True, organization_id__in=members))
    if not endpoints:
        return 0
    event, body, embargoed = payload(change, item_type=item_type)
    if embargoed:
        allowed = _may_receive_embargoed({endpoint.organization_id for endpoint in endpoints})
        endpoints = [endpoint for endpoint in endpoints if endpoint.organization_id in allowed]
    with transaction.atomic():
        deliveries = WebhookDelivery.objects.bulk_create(
            [
                WebhookDelivery(
                    endpoint=endpoint, change_kind=event, item_type=item_type, item_id=change.object_id,
                    body=body.decode(),
                )
                for endpoint in endpoints
            ]
        )  # fmt: skip
        for delivery in deliveries:
            transaction.on_commit(lambda pk=delivery.pk: tasks.deliver_webhook.enqueue(delivery_id=pk, due=None))
    return len(deliveries)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # a redirect is an answer like any non-2xx: the delivery failed


class _PublicOnly:
    """An http.client connection that opens its socket through destinations.connect: the host is resolved
    once, every address checked, and a checked one connected to (TLS, SNI and Host still use the name)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The hook http.client itself calls to open the socket (socket.create_connection by default), so its
        # own connect(), tunnelling and TLS wrapping stay as they are.
        self._create_connection = destinations.connect


class _PublicHTTPConnection(_PublicOnly, http.client.HTTPConnection):
    pass


class _PublicHTTPSConnection(_PublicOnly, http.client.HTTPSConnection):
    pass


class _PublicHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(_PublicHTTPConnection, req)


class _PublicHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, tls: ssl.SSLContext):
        super().__init__(context=tls)
        self.tls = tls

    def https_open(self, req):
        return self.do_open(_PublicHTTPSConnection, req, context=self.tls)


def build_opener(*, tls: ssl.SSLContext | None = None) -> urllib.request.OpenerDirector:
    """urllib's opener for deliveries: no redirects, public destinations only, and no proxy from the
    environment (the address check must see the real destination, not a proxy); `tls` defaults to the
    system's trusted certificates with host name checks."""
    return urllib.request.build_opener(
        urllib.request.ProxyHandler({}),
        _NoRedirects,
        _PublicHTTPHandler,
        _PublicHTTPSHandler(tls or ssl.create_default_context()),
    )


_opener = build_opener()


def send(url: str, *, body: bytes, headers: dict[str, str], timeout: float) -> int:
    """POST and return the HTTP status; raises destinations.RefusedDestination when the host resolves to an
    address that is not public, and OSError (URLError included) when no answer came."""
    request = urllib.request.Request(url, data=body, method="POST", headers=headers)
    try:
        with _opener.open(request, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except urllib.error.URLError as error:
        if isinstance(error.reason, destinations.RefusedDestination):
            raise error.reason from error
        raise


def retry_delay(attempts: int) -> dt.timedelta:
    """Delay before the next attempt after `attempts` failed ones: 1×, 2×, 4×… the base delay."""
    return dt.timedelta(seconds=settings.NEWSROOM_WEBHOOK_RETRY_SECONDS * 2 ** (attempts - 1))


QUEUED_WITHOUT_DUE = "queued-without-due"


def _due(at: dt.datetime | None) -> str | None:
    """How a delivery's next attempt time travels in a task's arguments (JSON)."""
    return at.isoformat() if at else None


def attempt(*, delivery_id: int, due: str | None = None) -> str:
    """One attempt of a delivery (run by the worker); schedules the next on failure. Returns the status, or
    "superseded" when the delivery no longer expects an attempt at `due` (resent meanwhile: the resend's task
    carries on, so that one delivery never has two chains of retries)."""
    from api import tasks

    with transaction.atomic():
        query = WebhookDelivery.objects.select_for_update(of=("self",)).select_related("endpoint__organization")
        delivery = query.filter(pk=delivery_id).first()
        if delivery is None or delivery.status in (DeliveryStatus.DELIVERED, DeliveryStatus.FAILED):
            return delivery.status if delivery else "gone"
        if due == QUEUED_WITHOUT_DUE:
            due = _due(delivery.next_attempt_at)
        elif _due(delivery.next_attempt_at) != due:
            return "superseded"
    endpoint, body = delivery.endpoint, delivery.body.encode("utf-8")
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "Newsroom-Event": delivery.change_kind,
        "Newsroom-Delivery": str(delivery.pk),
        "Newsroom-Timestamp": str(timestamp),
        "Newsroom-Signature": "sha256=" + keys.signature(endpoint.secret, timestamp, body),
    }
    code, error, refused = None, "", False
    try:
        code = send(endpoint.url, body=body, headers=headers, timeout=settings.NEWSROOM_WEBHOOK_TIMEOUT_SECONDS)
    except destinations.RefusedDestination as problem:
        # Not a passing failure to retry: the delivery fails now (staff may resend once the host is fixed).
        error, refused = f"refused: {problem}", True
    except (OSError, ValueError) as problem:
        error = str(getattr(problem, "reason", None) or problem) or type(problem).__name__
    if code is not None and not 200 <= code < 300:
        error = f"The endpoint answered HTTP {code}."
    now = timezone.now()
    with transaction.atomic():
        current = WebhookDelivery.objects.select_for_update().filter(pk=delivery.pk).first()
        if current is None or current.status != delivery.status or _due(current.next_attempt_at) != due:
            # Resent (or removed) while this attempt was on its way: the newer attempt decides what happens next.
            _log_push(delivery, code, f" (attempt {delivery.attempts + 1}, superseded)")
            return "superseded"
        delivery.attempts += 1
        delivery.last_attempt_at, delivery.last_status_code, delivery.last_error = now, code, error
        if not error:
            delivery.status, delivery.delivered_at, delivery.next_attempt_at = DeliveryStatus.DELIVERED, now, None
        elif refused or delivery.attempts >= settings.NEWSROOM_WEBHOOK_MAX_ATTEMPTS:
            delivery.status, delivery.next_attempt_at = DeliveryStatus.FAILED, None
        else:
            delivery.status, delivery.next_attempt_at = DeliveryStatus.RETRYING, now + retry_delay(delivery.attempts)
        delivery.save(
            update_fields=["attempts", "last_attempt_at", "last_status_code", "last_error", "status",
                           "delivered_at", "next_attempt_at"]
        )  # fmt: skip
        _log_push(delivery, code, f" (attempt {delivery.attempts})")
        if delivery.status == DeliveryStatus.RETRYING:
            run_after = delivery.next_attempt_at
            transaction.on_commit(
                lambda: tasks.deliver_webhook.using(run_after=run_after).enqueue(
                    delivery_id=delivery.pk, due=_due(run_after)
                )
            )
    return delivery.status


def _log_push(delivery: WebhookDelivery, code: int | None, note: str) -> None:
    endpoint = delivery.endpoint
    services.log_exchange(
        action=ExchangeAction.PUSH,
        organization=endpoint.organization,
        what=f"{delivery.change_kind} of {delivery.item_type} {delivery.item_id} to {endpoint.url}{note}",
        status_code=code,
        items=1,
    )


@transaction.atomic
def resend_delivery(*, delivery: WebhookDelivery, user) -> WebhookDelivery:
    """Queue a delivery again from its first attempt (same body, fresh signature)."""
    from api import tasks

    if not user.has_perm("api.change_webhookdelivery"):
        raise workflow.TransitionForbidden("You are not allowed to resend webhook deliveries.")
    delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery.pk)
    # A new due time, so that a retry still queued from before (a delivery resent while retrying) finds itself
    # superseded instead of starting a second chain of attempts.
    delivery.status, delivery.attempts, delivery.next_attempt_at = DeliveryStatus.PENDING, 0, timezone.now()
    delivery.save(update_fields=["status", "attempts", "next_attempt_at"])
    due = _due(delivery.next_attempt_at)
    transaction.on_commit(lambda: tasks.deliver_webhook.enqueue(delivery_id=delivery.pk, due=due))
    return delivery
