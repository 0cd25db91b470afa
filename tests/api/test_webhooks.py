"""Push: signed POSTs to a real local receiver, run by the django-tasks-db worker, with retries."""

import datetime as dt
import hashlib
import hmac
import json
import socket

import pytest
import time_machine
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from api import services
from api.models import DeliveryStatus, ExchangeLogEntry, WebhookDelivery
from api.webhooks import resend_delivery
from articles import services as article_services
from articles.models import Article
from editorial import versioning, workflow
from editorial.publishing import Status
from events.models import Event
from tests.api.conftest import client_for
from tests.api.receivers import Receiver
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    EventFactory,
    IssueFactory,
    MembershipFactory,
    OrganizationFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)  # commits, so on_commit hooks and the worker run for real


@pytest.fixture(autouse=True)
def _local_receivers(settings):
    """The receivers here listen on 127.0.0.1, which only this development setting lets webhooks reach."""
    settings.NEWSROOM_WEBHOOK_ALLOW_PRIVATE = True


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.close()


def run_worker():
    Worker(queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
           max_tasks=None, worker_id="test-worker", excluded_queue_names=[]).run()  # fmt: skip


def register(api, url):
    response = api.post("/api/webhooks/", {"url": url}, format="json")
    assert response.status_code == 201, response.content
    return response.json()


@pytest.fixture
def ready_issue(publication):
    issue = IssueFactory(publication=publication, status=Status.APPROVED, publish_at=None)
    article = ArticleFactory(issue=issue, title="Fictional quantum chip", status=Status.APPROVED, publish_at=None)
    BylineFactory(article=article)
    return issue


@pytest.fixture
def ready_article(publication):
    """An approved article in an issue that is already public: publishing it pushes the article alone."""
    article = ArticleFactory(
        issue=IssueFactory(publication=publication), title="Fictional quantum chip", status=Status.APPROVED,
        publish_at=None,
    )  # fmt: skip
    BylineFactory(article=article)
    return article


def publish(article, user):
    return workflow.transition(obj=article, name="publish", user=user)


def verify(secret: str, headers: dict, body: bytes) -> bool:
    expected = hmac.new(secret.encode(), f"{headers['Newsroom-Timestamp']}.".encode() + body, hashlib.sha256)
    return hmac.compare_digest("sha256=" + expected.hexdigest(), headers["Newsroom-Signature"])


def test_publishing_pushes_a_signed_ninjs_item(api, receiver, ready_article, staff):
    endpoint = register(api, receiver.url)
    assert endpoint["secret"].startswith("whsec_")
    assert api.get("/api/webhooks/").json()[0]["secret"] is None  # shown once
    publish(ready_article, staff)
    assert receiver.requests == []  # nothing is sent from the publishing request itself
    run_worker()
    [(headers, body)] = receiver.requests
    assert verify(endpoint["secret"], headers, body)
    assert not verify("whsec_wrong", headers, body)
    payload = json.loads(body)
    assert headers["Newsroom-Event"] == payload["event"] == "article.published"
    assert payload["item"]["title"] == "Fictional quantum chip"
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (DeliveryStatus.DELIVERED, 1, 200)
    assert (delivery.item_type, delivery.item_id) == ("article", ready_article.pk)
    assert ExchangeLogEntry.objects.filter(action="push", status_code=200).count() == 1


def test_publishing_an_issue_pushes_the_issue_and_its_articles(api, receiver, ready_issue, staff):
    endpoint = register(api, receiver.url)
    article_services.publish_issue(issue=ready_issue, user=staff)
    run_worker()
    payloads = {}
    for headers, body in receiver.requests:
        assert verify(endpoint["secret"], headers, body)
        payloads[headers["Newsroom-Event"]] = json.loads(body)["item"]
    assert set(payloads) == {"issue.published", "article.published"}
    assert payloads["issue.published"]["uri"] == f"urn:newsroom:issue:{ready_issue.pk}"
    assert [a["uri"] for a in payloads["issue.published"]["associations"]] == [payloads["article.published"]["uri"]]


def test_a_failed_delivery_is_retried_with_back_off_and_logged(api, ready_article, staff, settings):
    settings.NEWSROOM_WEBHOOK_RETRY_SECONDS = 60
    failing = Receiver(statuses=[500])
    try:
        register(api, failing.url)
        publish(ready_article, staff)
        run_worker()
        delivery = WebhookDelivery.objects.get()
        assert (delivery.status, delivery.attempts, delivery.last_status_code) == (DeliveryStatus.RETRYING, 1, 500)
        assert "HTTP 500" in delivery.last_error
        assert delivery.next_attempt_at > timezone.now() + dt.timedelta(seconds=55)
        run_worker()  # not due yet
        assert len(failing.requests) == 1
        with time_machine.travel(timezone.now() + dt.timedelta(seconds=61)):
            run_worker()
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts, delivery.last_status_code) == (DeliveryStatus.DELIVERED, 2, 200)
        assert failing.requests[0][1] == failing.requests[1][1]  # the same body, signed afresh
        assert list(
            ExchangeLogEntry.objects.filter(action="push").order_by("at").values_list("status_code", flat=True)
        ) == [500, 200]
    finally:
        failing.close()


def _dead_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/gone"  # nothing listens there any more


def test_a_dead_endpoint_never_touches_the_network_while_publishing(api, ready_article, staff, monkeypatch):
    register(api, _dead_url())
    connections = []
    real_connect = socket.socket.connect

    def watched_connect(sock, address):
        connections.append(address)
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", watched_connect)
    publish(ready_article, staff)
    assert [address for address in connections if address[0] == "127.0.0.1"] == []
    assert DBTaskResult.objects.filter(status="READY").count() == 1  # queued, not run
    run_worker()
    assert connections  # the worker did try


def test_a_dead_endpoint_gives_up_after_the_last_attempt_and_can_be_resent(api, ready_article, staff, settings):
    settings.NEWSROOM_WEBHOOK_MAX_ATTEMPTS, settings.NEWSROOM_WEBHOOK_RETRY_SECONDS = 2, 1
    register(api, _dead_url())
    publish(ready_article, staff)
    run_worker()
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=5)):
        run_worker()
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (DeliveryStatus.FAILED, 2, None)
    assert delivery.last_error
    resend_delivery(delivery=delivery, user=staff)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.PENDING, 0)


def test_update_correction_and_withdrawal_are_pushed_in_order(api, receiver, ready_article, staff):
    register(api, receiver.url)
    publish(ready_article, staff)
    run_worker()
    Article.objects.filter(pk=ready_article.pk).update(standfirst="Now with error correction.")
    article = Article.objects.get(pk=ready_article.pk)
    versioning.save_revision(obj=article, user=staff)
    run_worker()
    article_services.add_correction(article=article, user=staff, text="It has 5 qubits.")
    run_worker()
    workflow.transition(obj=article, name="unpublish", user=staff)
    run_worker()
    payloads = [json.loads(body) for _, body in receiver.requests]
    assert [p["event"] for p in payloads] == [
        "article.published",
        "article.updated",
        "article.corrected",
        "article.withdrawn",
    ]
    assert "5 qubits" in payloads[2]["item"]["ednote"]
    assert payloads[3]["item"]["pubstatus"] == "canceled"


def test_a_push_waiting_in_the_queue_sends_the_state_at_sending_time(api, receiver, ready_article, staff):
    """A queued "published" whose article was withdrawn before the worker ran goes out as a withdrawal:
    the member never receives content that is no longer published."""
    register(api, receiver.url)
    publish(ready_article, staff)
    workflow.transition(obj=Article.objects.get(pk=ready_article.pk), name="unpublish", user=staff)
    run_worker()
    assert {json.loads(body)["event"] for _, body in receiver.requests} == {"article.withdrawn"}


def test_a_former_member_gets_no_push(api, receiver, ready_article, staff, member):
    register(api, receiver.url)
    member.union_memberships.update(left_on=timezone.localdate() - dt.timedelta(days=1))
    publish(ready_article, staff)
    run_worker()
    assert receiver.requests == [] and not WebhookDelivery.objects.exists()


def test_events_are_pushed_when_published_and_withdrawn(api, receiver, staff):
    register(api, receiver.url)
    event = EventFactory(title="Fictional Science Media Forum", status=Status.APPROVED, publish_at=None)
    workflow.transition(obj=event, name="publish", user=staff)
    run_worker()
    workflow.transition(obj=Event.objects.get(pk=event.pk), name="unpublish", user=staff)
    run_worker()
    payloads = [json.loads(body) for _, body in receiver.requests]
    assert [p["event"] for p in payloads] == ["event.published", "event.withdrawn"]
    assert payloads[0]["item"]["title"] == "Fictional Science Media Forum"
    assert payloads[1]["item"]["pubstatus"] == "canceled"
    assert set(WebhookDelivery.objects.values_list("item_type", "item_id")) == {("event", event.pk)}


def test_an_embargoed_article_is_pushed_only_to_members_with_embargo_access(api, receiver, ready_article, staff, union):
    register(api, receiver.url)  # the member's key has every scope, the embargoed one included
    evening_post = OrganizationFactory(name="Fictional Evening Post", slug="evening-post")
    MembershipFactory(union=union, member=evening_post, joined_on=dt.date(2020, 1, 1))
    _, post_key = services.issue_key(
        name="Post CMS", user=staff, organization=evening_post, union=union, scopes=["read", "webhooks"]
    )
    post_receiver = Receiver()
    try:
        register(client_for(post_key), post_receiver.url)
        embargo = timezone.now() + dt.timedelta(hours=1)
        Article.objects.filter(pk=ready_article.pk).update(embargoed_until=embargo)
        publish(Article.objects.get(pk=ready_article.pk), staff)
        run_worker()
        article_services.add_correction(article=Article.objects.get(pk=ready_article.pk), user=staff, text="Fixed.")
        run_worker()
        payloads = [json.loads(body) for _, body in receiver.requests]
        assert [p["event"] for p in payloads] == ["article.published", "article.corrected"]
        assert all("embargoed" in p["item"] for p in payloads)
        assert post_receiver.requests == []  # nothing, not even that the article exists

        with time_machine.travel(embargo + dt.timedelta(minutes=1)):
            run_worker()
        [lifted] = [json.loads(body) for _, body in post_receiver.requests]
        assert lifted["event"] == "article.updated" and "embargoed" not in lifted["item"]
        assert json.loads(receiver.requests[-1][1])["event"] == "article.updated"
    finally:
        post_receiver.close()


def test_resending_a_delivery_that_is_waiting_to_retry_keeps_one_chain_of_attempts(api, ready_article, staff, settings):
    settings.NEWSROOM_WEBHOOK_RETRY_SECONDS = 60
    failing = Receiver(statuses=[500, 500, 500, 500])
    try:
        register(api, failing.url)
        publish(ready_article, staff)
        run_worker()  # the first attempt fails: a retry is queued for a minute later
        delivery = WebhookDelivery.objects.get()
        assert (delivery.status, delivery.attempts) == (DeliveryStatus.RETRYING, 1)
        resend_delivery(delivery=delivery, user=staff)  # an editor presses Resend meanwhile
        run_worker()
        assert len(failing.requests) == 2
        with time_machine.travel(timezone.now() + dt.timedelta(seconds=61)):
            run_worker()  # the resend's retry is due, and so is the retry queued before the resend
        assert len(failing.requests) == 3  # the earlier retry found itself superseded and sent nothing
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts) == (DeliveryStatus.RETRYING, 2)
        assert DBTaskResult.objects.filter(status="READY").count() == 1  # one retry waiting, not two
    finally:
        failing.close()


def test_a_delivery_task_queued_before_due_times_were_recorded_still_attempts(api, ready_article, staff, settings):
    from api import tasks

    settings.NEWSROOM_WEBHOOK_RETRY_SECONDS = 60
    failing = Receiver(statuses=[500])
    try:
        register(api, failing.url)
        publish(ready_article, staff)
        run_worker()
        delivery = WebhookDelivery.objects.get()
        tasks.deliver_webhook.enqueue(delivery_id=delivery.pk)  # as the previous release queued its retries
        run_worker()
        delivery.refresh_from_db()
        assert (len(failing.requests), delivery.status, delivery.attempts) == (2, DeliveryStatus.DELIVERED, 2)
    finally:
        failing.close()
