"""Member credentials: only a current member's usable key gets in; keys are stored hashed."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from api import services
from api.models import ApiKey, Scope
from people.models import Membership
from tests.api.conftest import client_for, error_of
from tests.factories import OrganizationFactory


def test_a_request_without_a_key_is_401_with_a_bearer_challenge(db):
    response = client_for("").get("/api/articles/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert "API key" in error_of(response)["message"]


@pytest.mark.parametrize("header", ["Token abc", "Bearer nrk_nope_nope", "Bearer garbage", "Bearer"])
def test_a_malformed_or_unknown_key_is_401(db, header):
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    assert error_of(client.get("/api/articles/"))["status"] == 401


def test_the_key_is_stored_only_as_a_hash_and_shown_once(member_key):
    stored = ApiKey.objects.get(pk=member_key.pk)
    secret = member_key.full.split("_", 2)[2]
    assert secret not in stored.hashed_secret and member_key.full not in str(stored.__dict__)
    assert len(stored.hashed_secret) == 64


def test_a_wrong_secret_with_a_real_prefix_is_401(member_key):
    forged = f"nrk_{member_key.prefix}_{'x' * 43}"
    assert client_for(forged).get("/api/articles/").status_code == 401


def test_the_member_key_works_and_records_its_last_use(api, member_key):
    assert api.get("/api/").status_code == 200
    member_key.refresh_from_db()
    assert member_key.last_used_at is not None


def test_a_revoked_key_is_refused(api, member_key, staff):
    services.revoke_key(api_key=member_key, user=staff)
    error = error_of(api.get("/api/articles/"))
    assert error["status"] == 401 and "revoked" in error["message"]


def test_an_expired_key_is_refused(api, member_key):
    ApiKey.objects.filter(pk=member_key.pk).update(expires_at=timezone.now() + dt.timedelta(days=1))
    assert api.get("/api/articles/").status_code == 200
    with time_machine.travel(timezone.now() + dt.timedelta(days=2)):
        error = error_of(api.get("/api/articles/"))
    assert error["status"] == 401 and "expired" in error["message"]


def test_a_key_stops_working_when_the_membership_ends(api, member, union):
    Membership.objects.filter(member=member, union=union).update(left_on=timezone.localdate() - dt.timedelta(days=1))
    error = error_of(api.get("/api/articles/"))
    assert error["status"] == 403 and "not a current member" in error["message"]


def test_keys_are_only_issued_to_current_members(staff, union):
    outsider = OrganizationFactory()
    with pytest.raises(ValidationError, match="not a current member"):
        services.issue_key(name="x", user=staff, organization=outsider, union=union)


def test_a_staff_integration_key_is_scoped_to_reading(staff):
    api_key, full = services.issue_key(name="Site search indexer", user=staff)
    assert api_key.scopes == [Scope.READ]
    client = client_for(full)
    assert client.get("/api/articles/").status_code == 200
    error = error_of(client.post("/api/manuscripts/", {"headlines": []}, format="json"))
    assert error["status"] == 403 and "manuscripts" in error["message"]
    with pytest.raises(ValidationError, match="staff integration key cannot"):
        services.issue_key(name="x", user=staff, scopes=[Scope.READ, Scope.WEBHOOKS])


def test_plain_http_is_refused_when_https_is_required(api, settings):
    settings.NEWSROOM_API_REQUIRE_HTTPS = True
    error = error_of(api.get("/api/articles/"))
    assert error["status"] == 403 and "HTTPS" in error["message"]
    assert api.get("/api/articles/", secure=True).status_code == 200


def test_production_settings_require_https_for_the_api():
    from newsroom import settings as production

    assert production.NEWSROOM_API_REQUIRE_HTTPS is (not production.DEBUG)
