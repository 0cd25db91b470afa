"""Webhooks go to public internet addresses only (server-side request forgery): internal hosts are refused when
an endpoint is registered, and again on every connection, whatever the host's name resolves to then."""

import ipaddress

import pytest

from api import checks
from api.destinations import non_public_kind
from api.models import WebhookEndpoint
from tests.api.conftest import error_of

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


# --- the development setting -------------------------------------------------------------------------------


def test_check_deploy_warns_when_private_addresses_are_allowed_in_production(settings):
    settings.NEWSROOM_WEBHOOK_ALLOW_PRIVATE, settings.DEBUG = True, False
    [warning] = checks.webhooks_stay_public(None)
    assert warning.id == "api.W002" and "NEWSROOM_WEBHOOK_ALLOW_PRIVATE" in warning.msg


@pytest.mark.parametrize("allow_private, debug", [(False, False), (False, True), (True, True)])
def test_check_deploy_is_quiet_otherwise(settings, allow_private, debug):
    settings.NEWSROOM_WEBHOOK_ALLOW_PRIVATE, settings.DEBUG = allow_private, debug
    assert checks.webhooks_stay_public(None) == []
