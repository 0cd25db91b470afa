"""Webhooks go to public internet addresses only (server-side request forgery): internal hosts are refused when
an endpoint is registered, and again on every connection, whatever the host's name resolves to then."""

import ipaddress
import socket
import ssl

import pytest
import trustme

from api import checks, webhooks
from api.destinations import non_public_kind
from api.models import DeliveryStatus, ExchangeLogEntry, WebhookDelivery, WebhookEndpoint
from tests.api.conftest import error_of
from tests.api.receivers import Receiver

REFUSED_AT_REGISTRATION = [
    ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"),  # cloud metadata
    ("http://[fd00:ec2::254]/latest/meta-data/", "fd00:ec2::254 is a private address"),  # its IPv6 twin
    ("http://127.0.0.1:8000/admin/", "127.0.0.1 is a loopback address"),
    ("http://127.1.2.3/hook", "127.1.2.3 is a loopback address"),
    ("http://[::1]:8000/hook", "::1 is a loopback address"),
    ("https://10.0.0.5/hook", "10.0.0.5 is a private address"),
    ("https://172.16.0.1/hook", "172.16.0.1 is a private address"),
    ("https://192.168.1.20/hook", "192.168.1.20 is a private address"),
    ("https://[fc00::1]/hook", "fc00::1 is a private address"),
    ("https://[fe80::1]/hook", "fe80::1 is a link-local address"),
    ("https://[fec0::1]/hook", "fec0::1 is a site-local address"),
    ("https://224.0.0.1/hook", "224.0.0.1 is a multicast address"),
    ("https://239.255.255.250/hook", "239.255.255.250 is a multicast address"),
    ("https://[ff02::1]/hook", "ff02::1 is a multicast address"),
    ("https://0.0.0.0/hook", "0.0.0.0 is an unspecified address"),
    ("https://[::]/hook", ":: is an unspecified address"),
    ("https://240.0.0.1/hook", "240.0.0.1 is a reserved address"),
    ("https://255.255.255.255/hook", "255.255.255.255 is a reserved address"),
    ("https://100.64.0.1/hook", "100.64.0.1 is a non-public address"),  # carrier-grade NAT
    ("https://192.0.2.10/hook", "192.0.2.10 is a private address"),  # documentation range
    ("https://[::ffff:127.0.0.1]/hook", "::ffff:127.0.0.1 is a loopback address"),  # IPv4-mapped IPv6
    ("https://[::ffff:a9fe:a9fe]/hook", "::ffff:a9fe:a9fe is a link-local address"),  # mapped 169.254.169.254
    ("https://[::ffff:10.0.0.5]/hook", "::ffff:10.0.0.5 is a private address"),
    ("https://[64:ff9b::7f00:1]/hook", "64:ff9b::7f00:1 is a loopback address"),  # NAT64 of 127.0.0.1
    ("https://localhost/hook", "localhost names a local machine or network"),
    ("https://Hooks.LocalHost./hook", "hooks.localhost names a local machine or network"),  # any case, a root dot
    ("http://localhost:8000/hook", "localhost names a local machine or network"),
    ("https://hooks.localhost/hook", "hooks.localhost names a local machine or network"),
    ("https://printer.local/hook", "printer.local names a local machine or network"),
    ("https://metadata.google.internal/computeMetadata/v1/", "metadata.google.internal names a local machine"),
]


@pytest.mark.parametrize("url, reason", REFUSED_AT_REGISTRATION)
def test_an_internal_address_is_refused_at_registration(api, url, reason):
    error = error_of(api.post("/api/webhooks/", {"url": url}, format="json"))
    assert error["status"] == 400
    [message] = error["fields"]["url"]
    assert reason in message and "public internet addresses" in message
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "https://hooks.fictional.example/newsroom",
        "https://hooks.fictional.example:8443/newsroom",
        "https://localhost.fictional.example/hook",  # a name that merely starts like a local one
        "https://8.8.8.8/hook",  # public literals (registration only: nothing is sent in this test)
        "https://[2606:4700:4700::1111]/hook",
        "https://[::ffff:8.8.8.8]/hook",
    ],
)
def test_a_public_address_is_accepted(api, url):
    assert api.post("/api/webhooks/", {"url": url}, format="json").status_code == 201


def test_the_development_setting_allows_a_local_receiver(api, settings):
    settings.NEWSROOM_WEBHOOK_ALLOW_PRIVATE = True
    for url in ("http://127.0.0.1:8001/hook", "http://localhost:8001/hook", "http://[::1]:8001/hook"):
        assert api.post("/api/webhooks/", {"url": url}, format="json").status_code == 201


def test_the_admin_refuses_an_internal_address_on_the_url_field(client, staff, member):
    client.force_login(staff)
    response = client.post(
        "/admin/api/webhookendpoint/add/",
        {"organization": member.pk, "url": "http://169.254.169.254/latest/meta-data/", "active": "on"},
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["url"] and "169.254.169.254 is a link-local address" in errors["url"][0]
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.parametrize(
    "address, kind",
    [
        ("8.8.8.8", None),
        ("2606:4700:4700::1111", None),
        ("::ffff:8.8.8.8", None),  # mapped public: as public as the IPv4 address it carries
        ("64:ff9b::808:808", None),  # NAT64 of a public address
        ("::ffff:169.254.169.254", "link-local"),
        ("64:ff9b::a00:5", "private"),
        ("::127.0.0.1", "reserved"),  # IPv4-compatible, deprecated
        ("2002:7f00:1::1", "private"),  # 6to4
        ("fe80::1%eth0", "link-local"),  # with a zone, as the resolver may answer
    ],
)
def test_addresses_are_classified_by_what_they_reach(address, kind):
    assert non_public_kind(ipaddress.ip_address(address)) == kind


# --- on sending: the name is resolved once, every address checked, a checked one connected to -----------------


class Answers(dict):
    """Addresses per host name, and every name looked up (`lookups`)."""

    def __init__(self):
        super().__init__()
        self.lookups = []


@pytest.fixture
def resolver(monkeypatch):
    """Makes chosen names resolve to chosen addresses; records every lookup."""
    answers = Answers()
    lookups = answers.lookups
    real = socket.getaddrinfo

    def getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):
        lookups.append(host)
        if host not in answers:
            return real(host, port, family, type, proto, flags)
        return [
            (socket.AF_INET6, socket.SOCK_STREAM, 6, "", (address, port, 0, 0))
            if ":" in address
            else (socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))
            for address in answers[host]
        ]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return answers


@pytest.fixture
def no_connections(monkeypatch):
    """Records connection attempts and lets none through: a refused address must never be tried."""
    attempts = []

    def connect(sock, address):
        attempts.append(address)
        raise ConnectionRefusedError("no connections in this test")

    monkeypatch.setattr(socket.socket, "connect", connect)
    return attempts


def delivery_to(member, url: str) -> WebhookDelivery:
    """A delivery to an endpoint saved as is, as one registered before addresses were checked would be."""
    endpoint = WebhookEndpoint.objects.create(organization=member, url=url, secret="fictional-secret")
    return WebhookDelivery.objects.create(
        endpoint=endpoint, change_kind="article.published", item_type="article", item_id=1, body='{"event":"x"}'
    )


def test_a_public_name_that_resolves_to_a_private_address_is_never_connected_to(member, resolver, no_connections):
    resolver["hooks.fictional.example"] = ["10.0.0.5"]
    delivery = delivery_to(member, "https://hooks.fictional.example/hook")
    assert webhooks.attempt(delivery_id=delivery.pk, due=None) == DeliveryStatus.FAILED
    delivery.refresh_from_db()
    assert no_connections == []
    assert delivery.last_error == "refused: hooks.fictional.example resolves to a private address, 10.0.0.5"
    # Failed for good at the first attempt: no retry is planned, so nothing is tried again by itself.
    assert (delivery.attempts, delivery.next_attempt_at, delivery.last_status_code) == (1, None, None)
    [entry] = ExchangeLogEntry.objects.filter(action="push")
    assert entry.organization == member and "hooks.fictional.example" in entry.what


def test_a_name_is_refused_when_any_of_its_addresses_is_private(member, resolver, no_connections):
    # DNS rebinding: one public answer beside an internal one must not get the request through.
    resolver["hooks.fictional.example"] = ["8.8.8.8", "2606:4700:4700::1111", "169.254.169.254"]
    delivery = delivery_to(member, "https://hooks.fictional.example/hook")
    webhooks.attempt(delivery_id=delivery.pk, due=None)
    delivery.refresh_from_db()
    assert no_connections == []
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.last_error.endswith("resolves to a link-local address, 169.254.169.254")


@pytest.mark.parametrize(
    "answer, kind", [(["::1"], "loopback"), (["::ffff:127.0.0.1"], "loopback"), (["fd12:3456::1"], "private")]
)
def test_ipv6_answers_are_checked_too(member, resolver, no_connections, answer, kind):
    resolver["hooks.fictional.example"] = answer
    delivery = delivery_to(member, "http://hooks.fictional.example:8080/hook")
    webhooks.attempt(delivery_id=delivery.pk, due=None)
    delivery.refresh_from_db()
    assert no_connections == [] and f"a {kind} address, {answer[0]}" in delivery.last_error


def test_localhost_saved_before_the_check_is_refused_when_sending(member, no_connections):
    delivery = delivery_to(member, "http://localhost:8000/admin/")  # the system's own resolver answers
    webhooks.attempt(delivery_id=delivery.pk, due=None)
    delivery.refresh_from_db()
    assert no_connections == []
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.last_error.startswith("refused: localhost resolves to a loopback address, ")


def test_a_redelivery_is_checked_again(member, resolver, no_connections, staff):
    resolver["hooks.fictional.example"] = ["10.0.0.5"]
    delivery = delivery_to(member, "https://hooks.fictional.example/hook")
    webhooks.attempt(delivery_id=delivery.pk, due=None)
    delivery = webhooks.resend_delivery(delivery=WebhookDelivery.objects.get(), user=staff)
    webhooks.attempt(delivery_id=delivery.pk, due=webhooks._due(delivery.next_attempt_at))
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, no_connections) == (DeliveryStatus.FAILED, 1, [])


def test_the_connection_goes_to_the_address_that_was_checked(member, resolver, settings):
    # The development setting lets 127.0.0.1 through; the name resolves only through the test resolver, so
    # reaching the receiver proves the connection used the checked answer, not a second lookup.
    settings.NEWSROOM_WEBHOOK_ALLOW_PRIVATE = True
    resolver["hooks.fictional.example"] = ["127.0.0.1"]
    receiver = Receiver()
    try:
        delivery = delivery_to(member, f"http://hooks.fictional.example:{receiver.port}/hook")
        assert webhooks.attempt(delivery_id=delivery.pk, due=None) == DeliveryStatus.DELIVERED
        [(headers, body)] = receiver.requests
        assert headers["Host"] == f"hooks.fictional.example:{receiver.port}"
        assert resolver.lookups.count("hooks.fictional.example") == 1
    finally:
        receiver.close()


@pytest.fixture
def tls_receiver():
    """An HTTPS receiver on 127.0.0.1 with a certificate for hooks.fictional.example from a test CA."""
    ca = trustme.CA()
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("hooks.fictional.example").configure_cert(server)
    receiver = Receiver(tls=server)
    receiver.ca = ca
    yield receiver
    receiver.close()


def test_tls_names_and_verifies_the_host_while_connecting_to_the_checked_address(
    member, resolver, settings, tls_receiver, monkeypatch
):
    settings.NEWSROOM_WEBHOOK_ALLOW_PRIVATE = True
    resolver["hooks.fictional.example"] = ["127.0.0.1"]
    trusting = ssl.create_default_context()
    tls_receiver.ca.configure_trust(trusting)
    monkeypatch.setattr(webhooks, "_opener", webhooks.build_opener(tls=trusting))
    delivery = delivery_to(member, f"https://hooks.fictional.example:{tls_receiver.port}/hook")
    assert webhooks.attempt(delivery_id=delivery.pk, due=None) == DeliveryStatus.DELIVERED
    assert tls_receiver.server_names == ["hooks.fictional.example"]
    assert tls_receiver.requests[0][0]["Host"] == f"hooks.fictional.example:{tls_receiver.port}"


def test_tls_still_refuses_a_certificate_the_system_does_not_trust(member, resolver, settings, tls_receiver):
    settings.NEWSROOM_WEBHOOK_ALLOW_PRIVATE = True
    resolver["hooks.fictional.example"] = ["127.0.0.1"]
    delivery = delivery_to(member, f"https://hooks.fictional.example:{tls_receiver.port}/hook")
    assert webhooks.attempt(delivery_id=delivery.pk, due=None) == DeliveryStatus.RETRYING
    delivery.refresh_from_db()
    assert "CERTIFICATE_VERIFY_FAILED" in delivery.last_error and tls_receiver.requests == []


def test_proxies_from_the_environment_are_not_used(member, resolver, settings, monkeypatch):
    # Through a proxy the check would see the proxy's address, not the destination's.
    monkeypatch.setenv("http_proxy", "http://proxy.fictional.example:3128")
    monkeypatch.setattr(webhooks, "_opener", webhooks.build_opener())
    settings.NEWSROOM_WEBHOOK_ALLOW_PRIVATE = True
    resolver["hooks.fictional.example"] = ["127.0.0.1"]
    receiver = Receiver()
    try:
        delivery = delivery_to(member, f"http://hooks.fictional.example:{receiver.port}/hook")
        assert webhooks.attempt(delivery_id=delivery.pk, due=None) == DeliveryStatus.DELIVERED
        assert "proxy.fictional.example" not in resolver.lookups
    finally:
        receiver.close()


# --- the development setting -------------------------------------------------------------------------------


def test_check_deploy_warns_when_private_addresses_are_allowed_in_production(settings):
    settings.NEWSROOM_WEBHOOK_ALLOW_PRIVATE, settings.DEBUG = True, False
    [warning] = checks.webhooks_stay_public(None)
    assert warning.id == "api.W002" and "NEWSROOM_WEBHOOK_ALLOW_PRIVATE" in warning.msg


@pytest.mark.parametrize("allow_private, debug", [(False, False), (False, True), (True, True)])
def test_check_deploy_is_quiet_otherwise(settings, allow_private, debug):
    settings.NEWSROOM_WEBHOOK_ALLOW_PRIVATE, settings.DEBUG = allow_private, debug
    assert checks.webhooks_stay_public(None) == []
