"""Protection and documentation: rate limits, size limits, JSON errors, the schema, the exchange log."""

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from api.models import ExchangeLogEntry
from tests.api.conftest import client_for, error_of, published_article


def test_each_key_has_its_own_rate_limit_answered_429_with_retry_after(api, settings, staff, article):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"api_key": "3/minute"}}
    from api.throttling import ApiKeyRateThrottle

    ApiKeyRateThrottle.THROTTLE_RATES = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    try:
        for _ in range(3):
            assert api.get("/api/articles/").status_code == 200
        response = api.get("/api/articles/")
        error = error_of(response)
        assert error["status"] == 429 and int(response["Retry-After"]) > 0
        from api import services

        _, other = services.issue_key(name="Another integration", user=staff)
        assert client_for(other).get("/api/articles/").status_code == 200  # another key, another budget
        with time_machine.travel(timezone.now() + dt.timedelta(minutes=2)):
            assert api.get("/api/articles/").status_code == 200
    finally:
        from rest_framework.settings import api_settings

        ApiKeyRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES


# Another process of the site: its own Python, its own Django, the same database (and so the same cache).
OTHER_PROCESS = """
import os, sys, django
django.setup()
from django.test import Client
client = Client(HTTP_AUTHORIZATION="Bearer " + os.environ["KEY"])
print(" ".join(str(client.get("/api/").status_code) for _ in range(int(sys.argv[1]))))
"""


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    credentials = f"{quote(db['USER'])}:{quote(db['PASSWORD'])}@" if db["USER"] else ""
    return f"postgres://{credentials}{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


def _requests_in_another_process(full_key: str, count: int, cache_url: str = "") -> list[int]:
    env = {
        **os.environ,
        "NEWSROOM_CACHE_URL": cache_url,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": _database_url(),
        "KEY": full_key,
        "NEWSROOM_API_RATE": "4/minute",
        "NEWSROOM_API_REQUIRE_HTTPS": "0",
    }
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", OTHER_PROCESS, str(count)], env=env, cwd=root, capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    return [int(code) for code in done.stdout.split()]


@pytest.mark.django_db(transaction=True)  # committed: the other processes see the key
@pytest.mark.parametrize("cache", ["database", "redis"])
def test_a_keys_rate_limit_is_counted_across_the_sites_processes(member_key, cache, request):
    """Web workers are separate processes: the limit holds for the key, not once per worker, with the default
    database cache and with a shared Redis (NEWSROOM_CACHE_URL=redis://…)."""
    cache_url = request.getfixturevalue("redis_url") if cache == "redis" else ""
    assert _requests_in_another_process(member_key.full, 3, cache_url) == [200, 200, 200]
    assert _requests_in_another_process(member_key.full, 2, cache_url) == [200, 429]


def test_the_deploy_check_warns_when_the_cache_is_local_to_each_process(settings):
    from api.checks import rate_limits_are_shared

    assert rate_limits_are_shared(None) == []  # the default: the database cache
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert [warning.id for warning in rate_limits_are_shared(None)] == ["api.W001"]


def test_an_oversized_request_is_413_before_it_is_read(api, settings):
    settings.NEWSROOM_API_MAX_REQUEST_BYTES = 1000
    error = error_of(api.generic("POST", "/api/manuscripts/", b"x" * 2000, content_type="text/markdown"))
    assert error["status"] == 413 and "limit is 1,000" in error["message"]


def test_unknown_addresses_and_methods_answer_json(api):
    assert error_of(api.get("/api/nothing/here/"))["status"] == 404
    assert error_of(api.delete("/api/articles/"))["status"] == 405


@pytest.mark.parametrize(
    "method, url, body",
    [
        ("post", "/api/webhooks/", {"url": "not a url"}),
        ("post", "/api/webhooks/", {}),
        ("post", "/api/manuscripts/", {"uri": 5}),
        ("get", "/api/articles/?date_before=2022-13-45", None),
        ("get", "/api/feed/?since=%00%ff", None),
        ("get", "/api/articles/99999999999999999999999/", None),
    ],
)
def test_bad_input_never_causes_a_500(api, method, url, body):
    response = getattr(api, method)(url, body, format="json") if body is not None else getattr(api, method)(url)
    assert 400 <= response.status_code < 500
    error_of(response)


def test_webhook_addresses_must_be_https_in_production(api, settings):
    settings.NEWSROOM_API_REQUIRE_HTTPS = True
    error = error_of(api.post("/api/webhooks/", {"url": "http://example.org/hook"}, format="json", secure=True))
    assert error["status"] == 400 and "HTTPS" in error["fields"]["url"][0]


def test_the_openapi_schema_is_served_and_documents_the_endpoints(client, db):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    for path in ("/api/articles/", "/api/feed/", "/api/manuscripts/", "/api/webhooks/", "/api/issues/{id}/"):
        assert path in schema["paths"], path

    def parameters(path):
        return {parameter["name"] for parameter in schema["paths"][path]["get"].get("parameters", [])}

    paging = {"page", "page_size"}
    dates = {"date_after", "date_before"}
    assert parameters("/api/articles/") == {"publication", "section", "kind", "language"} | dates | paging
    assert parameters("/api/issues/") == {"publication", "language"} | dates | paging
    assert parameters("/api/events/") == {"kind"} | dates | paging


def test_every_pull_and_submission_is_in_the_exchange_log(api, member, article):
    api.get("/api/articles/")
    api.post("/api/manuscripts/", "## T\n\nBody.", content_type="text/markdown")
    entries = list(ExchangeLogEntry.objects.order_by("at", "pk").values_list("action", "organization", "items"))
    assert entries == [("pull", member.pk, 1), ("submission", member.pk, 1)]


def test_the_admin_shows_activity_per_member_and_the_key_once(api, member, staff, client, union, article):
    api.get("/api/articles/")
    client.force_login(staff)
    page = client.get("/admin/api/exchangelogentry/members/").content.decode()
    assert member.name in page
    response = client.post(
        "/admin/api/apikey/add/",
        {"name": "New CMS", "organization": member.pk, "union": union.pk, "scopes": ["read"]},
        follow=True,
    )
    shown = [str(m) for m in response.context["messages"]]
    assert any("nrk_" in text and "only this once" in text for text in shown), shown


def test_embargoed_articles_reach_members_marked_and_nobody_else(api, issue, staff, client):
    embargo = timezone.now() + dt.timedelta(hours=6)
    article = published_article(issue, title="Fictional vaccine results", embargoed_until=embargo)
    item = api.get(f"/api/articles/{article.pk}/").json()
    assert item["embargoed"] == embargo.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    assert all(r["name"] != "web" for r in item.get("renditions", []))  # no public page to link yet
    assert client.get(article.get_absolute_url()).status_code == 404
    from api import services

    _, reader = services.issue_key(name="Public-only reader", user=staff)  # no embargoed scope
    assert error_of(client_for(reader).get(f"/api/articles/{article.pk}/"))["status"] == 404
    with time_machine.travel(embargo + dt.timedelta(minutes=1)):
        item = api.get(f"/api/articles/{article.pk}/").json()
        assert "embargoed" not in item
        assert client.get(article.get_absolute_url()).status_code == 200
        assert client_for(reader).get(f"/api/articles/{article.pk}/").status_code == 200


@pytest.mark.parametrize("url", ["ftp://example.org/hook", "ftps://example.org/hook"])
def test_a_webhook_address_is_http_or_https(api, url):
    error = error_of(api.post("/api/webhooks/", {"url": url}, format="json"))
    assert error["status"] == 400 and "http(s)" in error["fields"]["url"][0]
