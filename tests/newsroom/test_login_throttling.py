"""Login throttling (django-axes): by account and by client address, a clear page, an admin way to unlock."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("ann", password="right-password-123", is_staff=True)


def attempt(client, username, password, address="203.0.113.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_after_five_wrong_passwords_the_right_one_is_refused_with_a_clear_page(client, staff):
    for _ in range(4):
        assert attempt(client, "ann", "wrong").status_code == 200  # the login form again, with its error
    assert attempt(client, "ann", "wrong").status_code == 429  # the fifth locks
    response = attempt(client, "ann", "right-password-123")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many failed logins" in html and "Try again in 15 minutes" in html
    assert "_auth_user_id" not in client.session


def test_the_account_is_locked_whatever_the_address(client, staff):
    for number in range(5):
        attempt(client, "ann", "wrong", address=f"198.51.100.{number}")
    assert attempt(client, "ann", "right-password-123", address="192.0.2.99").status_code == 429


def test_an_address_guessing_many_accounts_is_locked(client, staff):
    for number in range(5):
        attempt(client, f"guess-{number}", "wrong")
    assert attempt(client, "ann", "right-password-123").status_code == 429
    assert attempt(client, "ann", "right-password-123", address="192.0.2.50").status_code == 302


def test_fewer_failures_do_not_lock_and_a_success_resets_the_count(client, staff):
    for _ in range(4):
        attempt(client, "ann", "wrong")
    assert attempt(client, "ann", "right-password-123").status_code == 302
    client.logout()
    for _ in range(4):
        attempt(client, "ann", "wrong")
    assert attempt(client, "ann", "right-password-123").status_code == 302


def test_an_administrator_unlocks_by_deleting_the_attempts_in_the_admin(client, admin_client, staff):
    for _ in range(5):
        attempt(client, "ann", "wrong")
    assert attempt(client, "ann", "right-password-123").status_code == 429
    ids = list(AccessAttempt.objects.values_list("pk", flat=True))
    listed = admin_client.get(reverse("admin:axes_accessattempt_changelist"))
    assert listed.status_code == 200 and "ann" in listed.content.decode()
    admin_client.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
    )
    assert not AccessAttempt.objects.exists()
    assert attempt(client, "ann", "right-password-123").status_code == 302


@pytest.mark.parametrize("unsafe", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"])
def test_a_login_with_an_unsafe_next_lands_on_the_admin(client, staff, unsafe):
    response = client.post(f"{LOGIN}?next={unsafe}", {"username": "ann", "password": "right-password-123",
                                                      "next": unsafe}, REMOTE_ADDR="192.0.2.1")  # fmt: skip
    assert response.status_code == 302 and response["Location"] == reverse("admin:index")
