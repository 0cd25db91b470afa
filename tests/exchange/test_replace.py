"""Replacing an issue that is past draft: the publishing role in the admin, a warning at the console,
and always a line in the issue's workflow history."""

import html

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from articles.exchange.admin import SESSION_KEY
from articles.exchange.exporters import export_issue
from articles.models import Issue
from editorial import workflow
from editorial.publishing import Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def login_as(client, django_user_model):
    def login(role):
        user = django_user_model.objects.create_user(role.replace(" ", "-"), password="pw-123456789", is_staff=True)
        user.groups.add(Group.objects.get(name=role))
        client.force_login(user)
        return user

    return login


@pytest.fixture
def issue_file(rich_issue):
    return export_issue(rich_issue, "markdown")[0]


def _preview(client, data):
    upload = SimpleUploadedFile("issue.md", data, content_type="text/markdown")
    return client.post(reverse("admin:articles_issue_import"), {"file": upload, "replace": "on"})


def test_editor_cannot_replace_a_published_issue(client, login_as, rich_issue, issue_file):
    login_as("Editor")
    response = _preview(client, issue_file)
    assert response.status_code == 403
    assert "is published: only a chief editor (publishing role) may replace it" in html.unescape(
        response.content.decode()
    )
    rich_issue.refresh_from_db()
    assert rich_issue.status == Status.PUBLISHED and rich_issue.articles.count() == 3
    assert not workflow.log_for(rich_issue).exists()


def test_editor_may_replace_a_draft_issue(client, login_as, rich_issue, issue_file):
    """…when the replace does only what an editor may do by hand (nothing deleted, nothing unpublished)."""
    Issue.objects.filter(pk=rich_issue.pk).update(status=Status.DRAFT, publish_at=None)
    rich_issue.articles.filter(title="Unfinished draft story").delete()  # not in the exported file
    rich_issue.articles.update(status=Status.APPROVED, publish_at=None)
    login_as("Editor")
    assert _preview(client, issue_file).status_code == 200


def test_chief_editor_replaces_a_published_issue_and_it_is_logged(client, login_as, rich_issue, issue_file):
    chief = login_as("Chief editor")
    preview = html.unescape(_preview(client, issue_file).content.decode())
    assert (
        "is published: replacing it updates 0 of its articles (2 unchanged), creates 0 and deletes 1; "
        "it stays published" in preview
    )
    assert "created 0, deleted 1: 'Unfinished draft story'" in preview  # named before anything is deleted
    token = client.session[SESSION_KEY]["token"]
    client.post(reverse("admin:articles_issue_import_confirm"), {"token": token})
    rich_issue.refresh_from_db()
    assert rich_issue.status == Status.PUBLISHED and rich_issue.articles.count() == 2
    (entry,) = workflow.log_for(rich_issue)
    assert (entry.transition, entry.from_status, entry.to_status, entry.user) == (
        "import_replace",
        Status.PUBLISHED,
        Status.PUBLISHED,
        chief,
    )
    assert "0 articles updated, 2 unchanged, 0 created, 1 deleted; it stays published" in entry.comment


def test_command_warns_and_logs_when_replacing_a_published_issue(rich_issue, issue_file, tmp_path, capsys):
    path = tmp_path / "issue.md"
    path.write_bytes(issue_file)
    call_command("import_issue", str(path), "--replace")
    out = capsys.readouterr().out
    warning = "Warning: CAST Newsletter No. 2022-01 is published: replacing it updates 0 of its articles (2 unchanged)"
    assert warning in out
    (entry,) = workflow.log_for(rich_issue)
    assert (entry.from_status, entry.to_status, entry.user) == (Status.PUBLISHED, Status.PUBLISHED, None)


def test_command_warns_and_logs_when_replacing_an_approved_issue(rich_issue, issue_file, tmp_path, capsys):
    """An issue that is not live goes back to draft, as a new import."""
    Issue.objects.filter(pk=rich_issue.pk).update(status=Status.APPROVED)
    path = tmp_path / "issue.md"
    path.write_bytes(issue_file)
    call_command("import_issue", str(path), "--replace")
    assert "is approved: replacing it updates 0 of its articles (2 unchanged)" in capsys.readouterr().out
    (entry,) = workflow.log_for(rich_issue)
    assert (entry.from_status, entry.to_status, entry.user) == (Status.APPROVED, Status.DRAFT, None)
    assert entry.label == "Approved → Draft"


def test_replacing_a_draft_issue_logs_nothing(rich_issue, issue_file, tmp_path, capsys):
    Issue.objects.filter(pk=rich_issue.pk).update(status=Status.DRAFT, publish_at=None)
    path = tmp_path / "issue.md"
    path.write_bytes(issue_file)
    call_command("import_issue", str(path), "--replace")
    assert "Warning" not in capsys.readouterr().out
    assert not workflow.log_for(rich_issue).exists()


def test_republishing_replacement_is_logged_too(rich_issue, issue_file, tmp_path, capsys):
    """An unpublished issue (approved, its publish time kept) goes back to draft, then through the publishing
    checks; it is published again at the time it first went public."""
    published_at = rich_issue.publish_at
    Issue.objects.filter(pk=rich_issue.pk).update(status=Status.APPROVED)
    path = tmp_path / "issue.md"
    path.write_bytes(issue_file)
    call_command("import_issue", str(path), "--replace", "--publish", verbosity=0)
    assert "deletes 1; it goes back to draft (recorded in its workflow history)" in capsys.readouterr().err
    steps = [
        (entry.transition, entry.from_status, entry.to_status) for entry in workflow.log_for(rich_issue).order_by("pk")
    ]
    assert steps == [
        ("import_replace", Status.APPROVED, Status.DRAFT),
        ("submit", Status.DRAFT, Status.IN_REVIEW),
        ("approve", Status.IN_REVIEW, Status.APPROVED),
        ("publish", Status.APPROVED, Status.PUBLISHED),
    ]
    rich_issue.refresh_from_db()
    assert rich_issue.is_public() and rich_issue.publish_at == published_at


def test_a_replacement_refused_by_the_publishing_checks_stays_a_draft(rich_issue, issue_file, tmp_path):
    Issue.objects.filter(pk=rich_issue.pk).update(status=Status.APPROVED)  # not live: the import makes drafts
    path = tmp_path / "issue.md"
    path.write_bytes(
        issue_file.replace(b"\n*By Wan Gang, President, CAST; China Association for Science and Technology*", b"")
    )
    rich_issue.articles.filter(slug="speech").update(kind="opinion")  # kept by the replace; opinions are signed
    with pytest.raises(CommandError) as refusal:
        call_command("import_issue", str(path), "--replace", "--publish", verbosity=0)
    assert str(refusal.value) == (
        f"{path}: imported as a draft, not published: the publishing checks found 1 blocker. Fix the draft in the "
        "admin and publish it from the issue's preflight page:\n"
        "  “Wan Gang gives a speech” has no byline, and CAST Newsletter does not publish unsigned opinion articles."
    )
    rich_issue.refresh_from_db()
    assert rich_issue.status == Status.DRAFT and not rich_issue.is_public()


def test_a_live_replacement_refused_by_the_publishing_checks_changes_nothing(rich_issue, issue_file, tmp_path):
    path = tmp_path / "issue.md"
    path.write_bytes(
        issue_file.replace(b"\n*By Wan Gang, President, CAST; China Association for Science and Technology*", b"")
    )
    rich_issue.articles.filter(slug="speech").update(kind="opinion")  # kept by the replace; opinions are signed
    with pytest.raises(CommandError) as refusal:
        call_command("import_issue", str(path), "--replace", verbosity=0)
    assert str(refusal.value) == (
        f"{path}: CAST Newsletter No. 2022-01 is published and stays published when replaced, so the replacement "
        "must pass the publishing checks, which found 1 blocker: “Wan Gang gives a speech” has no byline, and "
        "CAST Newsletter does not publish unsigned opinion articles. Nothing was imported."
    )
    rich_issue.refresh_from_db()
    assert rich_issue.is_public() and rich_issue.articles.get(slug="speech").bylines.count() == 2
    assert rich_issue.articles.filter(title="Unfinished draft story").exists()


def test_an_issue_form_opened_before_a_replace_is_stale(client, login_as, rich_issue, issue_file, tmp_path):
    """No silent overwrite: the import is a new version, so the older form's save is refused."""
    from tests.newsroom.test_admin_pages import _formset_post_data

    login_as("Chief editor")
    url = reverse("admin:articles_issue_change", args=[rich_issue.pk])
    stale_form = _formset_post_data(client.get(url))
    version_before = Issue.objects.get(pk=rich_issue.pk).version

    path = tmp_path / "issue.md"
    path.write_bytes(issue_file)
    call_command("import_issue", str(path), "--replace", verbosity=0)
    rich_issue.refresh_from_db()
    assert rich_issue.version > version_before
    assert rich_issue.revisions.filter(summary="Replaced by an issue-file import").exists()

    stale_form["title"] = "Typed in the old form"
    response = client.post(url, stale_form)
    assert response.status_code == 200  # refused, the form is shown again with the editor's input
    assert "Typed in the old form" in response.content.decode()
    rich_issue.refresh_from_db()
    assert rich_issue.title != "Typed in the old form" and rich_issue.articles.count() == 2


def test_editor_replacing_a_draft_issue_may_not_delete_articles(client, login_as, rich_issue, issue_file):
    """Editors may not delete articles by hand, so a replace that would delete one is refused, naming it."""
    Issue.objects.filter(pk=rich_issue.pk).update(status=Status.DRAFT, publish_at=None)
    rich_issue.articles.exclude(title="Unfinished draft story").update(status=Status.APPROVED)
    login_as("Editor")
    text = issue_file.decode().replace("Unfinished draft story", "A new story")
    response = _preview(client, text.encode())
    assert response.status_code == 403
    page = html.unescape(response.content.decode())
    assert "would delete “Unfinished draft story”, but your role may not delete articles" in page
    assert rich_issue.articles.count() == 3 and not rich_issue.articles.filter(title="A new story").exists()


def test_editor_replacing_a_draft_issue_may_not_unpublish_an_article(client, login_as, rich_issue, issue_file):
    """Published → draft takes the publishing role (unpublish) by hand, so the replace is refused."""
    Issue.objects.filter(pk=rich_issue.pk).update(status=Status.DRAFT, publish_at=None)
    login_as("Editor")
    text = issue_file.decode()
    response = _preview(client, text.encode())
    assert response.status_code == 403
    page = html.unescape(response.content.decode())
    assert "set “Wan Gang gives a speech”, “A hostile body” from published to draft" in page
    assert set(rich_issue.articles.values_list("status", flat=True)) == {Status.PUBLISHED, Status.DRAFT}


def test_editor_replacing_a_draft_issue_of_approved_articles_sends_them_back_with_a_logged_comment(
    client, login_as, rich_issue, issue_file
):
    """Approved → draft is a request for changes, which editors may make; the import logs it with a comment."""
    Issue.objects.filter(pk=rich_issue.pk).update(status=Status.DRAFT, publish_at=None)
    rich_issue.articles.filter(title="Unfinished draft story").delete()  # not in the exported file
    rich_issue.articles.update(status=Status.APPROVED, publish_at=None)
    login_as("Editor")
    assert _preview(client, issue_file).status_code == 200
    client.post(reverse("admin:articles_issue_import_confirm"), {"token": client.session[SESSION_KEY]["token"]})
    speech = rich_issue.articles.get(title="Wan Gang gives a speech")
    assert speech.status == Status.DRAFT
    (entry,) = workflow.log_for(speech)
    assert entry.comment == "Updated in place by an issue-file import of its issue."
