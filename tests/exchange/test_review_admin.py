"""The admin's review screen for plain text extracted from a PDF (upload -> review -> import a draft)."""

from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.exchange.admin import REVIEW_KEY
from articles.exchange.decisions import parse_decisions
from articles.models import ArticleKind, Issue
from editorial.publishing import Status
from tests.exchange.test_text_import import DECISIONS_003

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("chief", password="pw-123456789")
    client.force_login(user)
    return client


@pytest.fixture
def seed_003_bytes():
    from tests.exchange.conftest import SEEDS_DIR

    path = SEEDS_DIR / "003_bc879a4e3bff5878.txt"
    if not path.is_file():
        pytest.fail(f"Seed file {path} is missing (set NEWSROOM_SEEDS_DIR)")
    return path.read_bytes()


def _start(client, data, **extra):
    fields = {
        "file": SimpleUploadedFile("seed.txt", data, content_type="text/plain"),
        "publication": "Science and Technology Daily Weekly",
        "number": "2021-52",
        "date": "2021-12-27",
    }
    response = client.post(reverse("admin:articles_issue_import"), {**fields, **extra})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def _form(client):
    """The review form's current fields, as the browser would send them back."""
    pending = client.session[REVIEW_KEY]
    decisions = parse_decisions(pending["decisions"])
    fields = {"token": pending["token"], "publication": "Science and Technology Daily Weekly", "number": "2021-52"}
    fields["date"] = "2021-12-27"
    fields["block"] = []
    for number, decision in decisions.blocks.items():
        if (
            number not in [int(value) for value in fields["block"]]
            and decision.role
            and not _is_part(decisions, number)
        ):
            fields["block"].append(str(number))
        fields[f"role-{number}"] = decision.role.value
        if decision.join:
            fields[f"join-{number}"] = "1"
        if decision.attach:
            fields[f"attach-{number}"] = decision.attach
        if decision.organization:
            fields[f"organization-{number}"] = "1"
        if decision.kind:
            fields[f"kind-{number}"] = decision.kind
        if decision.credit:
            fields[f"credit-{number}"] = decision.credit
    return fields


def _is_part(decisions, number):
    return number in (78, 94, 112, 128, 146, 168) and decisions.blocks[number - 2].role == "byline"


def test_plain_text_upload_opens_the_review_with_blocks_beside_source_lines(staff_client, seed_003_bytes):
    response = _start(staff_client, seed_003_bytes)
    assert response["Location"].startswith(reverse("admin:articles_issue_import_review"))
    html = unescape(staff_client.get(response["Location"]).content.decode())
    assert '<span class="number">76</span>Zhong Ping' in html
    assert (
        'name="role-76"' in html
        and "signs “Global Carbon Neutrality Requires Closer International Cooperation”" in html
    )
    assert "Would import: Science and Technology Daily Weekly No. 2021-52" in html and "Articles: 12" in html
    assert not Issue.objects.exists()


def test_review_changes_a_role_moves_a_byline_and_confirms_one_draft_issue(staff_client, seed_003_bytes):
    _start(staff_client, seed_003_bytes)
    fields = _form(staff_client)
    fields["role-51"] = "title"  # "Top 10 …" becomes its own article
    fields["attach-144"] = "previous"  # Zhao Sha now signs the Sputnik statement above
    fields["kind-130"] = ArticleKind.MEMBER_STATEMENT
    response = staff_client.post(reverse("admin:articles_issue_import_review"), {**fields, "action": "update"})
    html = unescape(response.content.decode())
    assert response.status_code == 200 and "Articles: 13" in html
    response = staff_client.post(
        reverse("admin:articles_issue_import_review"), {**_form(staff_client), "action": "confirm"}
    )
    issue = Issue.objects.get()
    assert response["Location"] == reverse("admin:articles_issue_change", args=[issue.pk])
    assert issue.status == Status.DRAFT and issue.articles.count() == 13
    top10 = issue.articles.get(title="Top 10 Research Frontiers in Climate Change")
    assert top10.body.count("- ") == 10
    sputnik = issue.articles.get(title="Actively Engaged in International Discussions")
    assert [b.person.name for b in sputnik.bylines.all()] == ["Zhao Sha"]
    assert sputnik.kind == ArticleKind.MEMBER_STATEMENT
    assert REVIEW_KEY not in staff_client.session


def test_cancel_writes_nothing(staff_client, seed_003_bytes):
    _start(staff_client, seed_003_bytes)
    response = staff_client.post(
        reverse("admin:articles_issue_import_review"), {**_form(staff_client), "action": "cancel"}
    )
    assert response["Location"] == reverse("admin:articles_issue_import")
    assert not Issue.objects.exists() and REVIEW_KEY not in staff_client.session


def test_decisions_download_and_upload_again(staff_client, seed_003_bytes):
    _start(staff_client, seed_003_bytes)
    fields = _form(staff_client)
    fields["kind-192"] = ArticleKind.FEATURE
    response = staff_client.post(reverse("admin:articles_issue_import_review"), {**fields, "action": "download"})
    saved = response.content.decode()
    assert response["Content-Disposition"] == 'attachment; filename="seed.decisions"'  # named after seed.txt
    assert "192   title          kind=feature" in saved and "number: 2021-52" in saved
    decisions = SimpleUploadedFile("review.decisions", saved.encode(), content_type="text/plain")
    staff_client.post(
        reverse("admin:articles_issue_import"),
        {"file": SimpleUploadedFile("seed.txt", seed_003_bytes, content_type="text/plain"), "decisions": decisions},
    )
    html = unescape(
        staff_client.get(
            reverse("admin:articles_issue_import_review") + "?token=" + staff_client.session[REVIEW_KEY]["token"]
        ).content.decode()
    )
    assert 'value="feature" selected' in html and 'value="2021-52"' in html


def test_the_kept_review_of_seed_003_imports_through_the_admin(staff_client, seed_003_bytes):
    decisions = SimpleUploadedFile("003.decisions", DECISIONS_003.read_bytes(), content_type="text/plain")
    staff_client.post(
        reverse("admin:articles_issue_import"),
        {"file": SimpleUploadedFile("seed.txt", seed_003_bytes, content_type="text/plain"), "decisions": decisions},
    )
    token = staff_client.session[REVIEW_KEY]["token"]
    staff_client.post(
        reverse("admin:articles_issue_import_review"), {**_form(staff_client), "token": token, "action": "confirm"}
    )
    issue = Issue.objects.get()
    assert issue.articles.filter(kind=ArticleKind.MEMBER_STATEMENT).count() == 5


def test_bad_review_input_is_shown_and_nothing_is_written(staff_client, seed_003_bytes):
    _start(staff_client, seed_003_bytes)
    fields = _form(staff_client)
    fields["split"] = "line twelve"
    response = staff_client.post(reverse("admin:articles_issue_import_review"), {**fields, "action": "confirm"})
    assert "a split must be a source line number, not &#x27;line&#x27;" in response.content.decode()
    assert not Issue.objects.exists()


def test_an_expired_review_says_so(staff_client):
    response = staff_client.get(reverse("admin:articles_issue_import_review") + "?token=nope")
    assert response["Location"] == reverse("admin:articles_issue_import")
