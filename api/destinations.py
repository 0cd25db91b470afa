"""Where webhooks may go: public internet addresses only, checked when an endpoint is registered and again
on every connection (server-side request forgery: a member must not make the server POST to the cloud
metadata service, the database or anything else on its own machine or network).

Registration refuses IP literals that are not public and host names that by definition are local
(`localhost`, `*.localhost`, `*.local`, …). It does not resolve names: DNS answers change, so the
connection itself resolves the host, refuses when *any* address it resolves to is not public (a
public name that also or later resolves to 127.0.0.1: DNS rebinding) and connects to one of the
addresses it checked, never resolving twice. TLS still verifies, and SNI and Host still name, the host
of the URL.

NEWSROOM_WEBHOOK_ALLOW_PRIVATE turns both checks off, for a receiver on 127.0.0.1 in development and
tests; `check --deploy` warns when it is on with DEBUG off.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Names that never leave the machine or the local network (RFC 6761 localhost, RFC 6762 mDNS .local,
# RFC 8375 .home.arpa, ICANN's private-use .internal) and the loopback names Debian puts in /etc/hosts.
LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}
LOCAL_SUFFIXES = (".localhost", ".localdomain", ".local", ".internal", ".home.arpa")

# NAT64's well-known prefix (RFC 6052) carries an IPv4 address in its last 32 bits.
NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


class RefusedDestination(OSError):
    """A connection that was not attempted because the host resolved to an address that is not public.
    An OSError, so that urllib passes it on like any other failure to connect."""

    def __init__(self, host: str, address: str, kind: str):
        super().__init__(f"{host} resolves to {_article(kind)} {kind} address, {address}")
        self.host, self.address, self.kind = host, address, kind


def _article(word: str) -> str:
    return "an" if word[0] in "aeiou" else "a"


def non_public_kind(address: IPAddress) -> str | None:
    """What kind of non-public address this is ("loopback", "private", "link-local", "multicast",
    "reserved", "unspecified", "site-local" or "non-public"), or None for a public one. An IPv6 address
    that carries an IPv4 one (IPv4-mapped ::ffff:a.b.c.d, NAT64 64:ff9b::a.b.c.d) is judged by the latter."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or (
            ipaddress.IPv4Address(int(address) & 0xFFFFFFFF) if address in NAT64 else None
        )
        if embedded is not None:
            return non_public_kind(embedded)
        if address.is_site_local:  # fec0::/10: deprecated, but Python counts it as global
            return "site-local"
    for kind, flag in (
        ("unspecified", address.is_unspecified),
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("reserved", address.is_reserved),
        ("private", address.is_private),
    ):
        if flag:
            return kind
    return None if address.is_global else "non-public"  # e.g. 100.64.0.0/10, carrier-grade NAT


def _allow_private() -> bool:
    return settings.NEWSROOM_WEBHOOK_ALLOW_PRIVATE


def validate_public_host(url: str) -> None:
    """Validator of webhook addresses: raises ValidationError when the URL's host is an IP literal that is
    not public or a local name. A URL without a readable host passes, for URLValidator to report."""
    if _allow_private():
        return
    try:
        host = urlsplit(url).hostname  # lower-cased, IPv6 brackets removed
    except ValueError:
        return
    if not host:
        return
    host = host.rstrip(".")
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        if host in LOCAL_NAMES or host.endswith(LOCAL_SUFFIXES):
            raise ValidationError(
                "Webhooks are sent only to public internet addresses; %(host)s names a local machine or network.",
                code="local_host",
                params={"host": host},
            ) from None
        return
    kind = non_public_kind(address)
    if kind is not None:
        raise ValidationError(
            "Webhooks are sent only to public internet addresses; %(address)s is %(article)s %(kind)s address.",
            code="non_public_address",
            params={"address": host, "article": _article(kind), "kind": kind},
        )


def connect(address: tuple[str, int], timeout: float | None = None, source_address=None) -> socket.socket:
    """socket.create_connection's stand-in for webhook requests: resolves the host once, raises
    RefusedDestination when any of its addresses is not public (unless NEWSROOM_WEBHOOK_ALLOW_PRIVATE),
    then connects to the checked addresses in the resolver's order. Raises OSError when none answers."""
    host, port = address
    candidates = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    if not _allow_private():
        for *_, sockaddr in candidates:
            kind = non_public_kind(ipaddress.ip_address(sockaddr[0]))
            if kind is not None:
                raise RefusedDestination(host, sockaddr[0], kind)
    last_error = None
    for family, kind, proto, _, sockaddr in candidates:
        sock = socket.socket(family, kind, proto)
        try:
            if timeout is None or isinstance(timeout, int | float):  # else http.client's "no timeout given"
                sock.settimeout(timeout)
            if source_address:
                sock.bind(source_address)
            sock.connect(sockaddr)
            return sock
        except OSError as error:
            sock.close()
            last_error = error
    raise last_error or OSError(f"{host} has no address to connect to")
