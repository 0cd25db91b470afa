"""Staff move issues in and out through the admin and a staff-only download address."""

import io
import zipfile
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.exchange.admin import SESSION_KEY
from articles.models import Issue, Publication

pytestmark = pytest.mark.django_db


def _upload(data: bytes, name="issue.md"):
    return SimpleUploadedFile(name, data, content_type="text/markdown")


def _preview(client, seed_bytes, **extra):
    fields = {"file": _upload(seed_bytes), "publication": "CAST Newsletter", "number": "2022-01", "date": "2022-02-01"}
    return client.post(reverse("admin:articles_issue_import"), {**fields, **extra})


def test_issue_changelist_links_to_the_import_page(staff_client):
    html = staff_client.get(reverse("admin:articles_issue_changelist")).content.decode()
    assert reverse("admin:articles_issue_import") in html
    assert "Import issue file" in html


def test_import_preview_shows_the_summary_and_writes_nothing(staff_client, seed_bytes):
    response = _preview(staff_client, seed_bytes)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Would import: CAST Newsletter No. 2022-01" in html
    assert "Articles: 16" in html and "7 linked, 0 unlinked" in html and "Paragraphs healed: 20" in html
    assert not Issue.objects.exists() and not Publication.objects.exists()
    assert staff_client.session[SESSION_KEY]["token"] in html


def test_confirm_imports_the_previewed_file(staff_client, seed_bytes):
    _preview(staff_client, seed_bytes)
    token = staff_client.session[SESSION_KEY]["token"]
    response = staff_client.post(reverse("admin:articles_issue_import_confirm"), {"token": token})
    issue = Issue.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:articles_issue_change", args=[issue.pk])
    assert issue.articles.count() == 16 and issue.status == "draft"
    assert SESSION_KEY not in staff_client.session


def test_confirm_with_a_wrong_token_imports_nothing(staff_client, seed_bytes):
    _preview(staff_client, seed_bytes)
    response = staff_client.post(reverse("admin:articles_issue_import_confirm"), {"token": "forged"}, follow=True)
    assert "expired" in response.content.decode()
    assert not Issue.objects.exists()


def test_import_form_shows_file_errors_with_line_numbers(staff_client):
    response = staff_client.post(
        reverse("admin:articles_issue_import"),
        {
            "file": _upload(b"# T\n\n*By Someone*\n\n## A\n\nText.\n"),
            "publication": "P",
            "number": "1",
            "date": "2022-01-01",
        },
    )
    assert "Line 3: a byline line comes before any article" in response.content.decode()
    assert not Issue.objects.exists()


def test_import_form_names_missing_options(staff_client, seed_bytes):
    response = staff_client.post(reverse("admin:articles_issue_import"), {"file": _upload(seed_bytes)})
    assert "missing publication, number, date" in response.content.decode()


def test_import_form_refuses_binary_upload(staff_client):
    response = staff_client.post(
        reverse("admin:articles_issue_import"), {"file": _upload(b"\x89PNG\r\n\x1a\n\x00\x00", "cover.png")}
    )
    assert "binary" in response.content.decode()


def test_import_page_needs_add_permission(client, django_user_model):
    user = django_user_model.objects.create_user("intern", password="pw-123456789", is_staff=True)
    client.force_login(user)
    assert client.get(reverse("admin:articles_issue_import")).status_code == 403


def test_export_action_offers_formats_then_downloads(staff_client, rich_issue):
    url = reverse("admin:articles_issue_changelist")
    chosen = {"action": "export_issues", "_selected_action": [rich_issue.pk]}
    page = staff_client.post(url, chosen)
    assert page.status_code == 200
    assert 'value="pdf"' in page.content.decode() and "Draft preview" in page.content.decode()
    response = staff_client.post(url, {**chosen, "format": "markdown", "apply": "Export"})
    assert response["Content-Disposition"] == 'attachment; filename="cast-newsletter-2022-01.md"'
    assert b"## Wan Gang gives a speech" in response.content
    assert b"Unfinished draft story" not in response.content


def test_export_action_zips_several_issues(staff_client, rich_issue):
    from tests.factories import ArticleFactory

    other = ArticleFactory().issue
    response = staff_client.post(
        reverse("admin:articles_issue_changelist"),
        {"action": "export_issues", "_selected_action": [rich_issue.pk, other.pk], "format": "ninjs", "apply": "1"},
    )
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert len(archive.namelist()) == 2


def test_export_action_refuses_unpublished_issue_without_draft_preview(staff_client, rich_issue):
    Issue.objects.filter(pk=rich_issue.pk).update(status="draft", publish_at=None)
    response = staff_client.post(
        reverse("admin:articles_issue_changelist"),
        {"action": "export_issues", "_selected_action": [rich_issue.pk], "format": "html", "apply": "1"},
        follow=True,
    )
    assert "not published" in response.content.decode()


def test_download_url_is_staff_only(client, django_user_model, rich_issue):
    url = reverse("exchange:export", kwargs={"pk": rich_issue.pk, "format": "markdown"})
    assert client.get(url).status_code == 302
    client.force_login(django_user_model.objects.create_user("reader", password="pw-123456789"))
    assert client.get(url).status_code == 302
    assert "/admin/login/" in client.get(url)["Location"]


@pytest.mark.parametrize("fmt", ["markdown", "html", "email", "pdf", "ninjs", "zip"])
def test_staff_download_url_serves_every_format(staff_client, rich_issue, fmt):
    response = staff_client.get(reverse("exchange:export", kwargs={"pk": rich_issue.pk, "format": fmt}))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="cast-newsletter-2022-01.')
    assert len(response.content) > 100


def test_download_url_draft_preview_needs_to_be_asked_for(staff_client, rich_issue):
    Issue.objects.filter(pk=rich_issue.pk).update(status="draft", publish_at=None)
    url = reverse("exchange:export", kwargs={"pk": rich_issue.pk, "format": "markdown"})
    assert staff_client.get(url).status_code == 409
    response = staff_client.get(url + "?draft=1")
    assert response.status_code == 200 and b"draft: true" in response.content


def test_download_url_unknown_format_is_404(staff_client, rich_issue):
    assert staff_client.get(f"/exports/{rich_issue.pk}/docx/").status_code == 404


def test_issue_change_page_links_to_exports(staff_client, rich_issue):
    html = staff_client.get(reverse("admin:articles_issue_change", args=[rich_issue.pk])).content.decode()
    assert reverse("exchange:export", kwargs={"pk": rich_issue.pk, "format": "pdf"}) in html


def test_download_url_needs_permission_to_view_issues(client, django_user_model, rich_issue):
    client.force_login(django_user_model.objects.create_user("desk", password="pw-123456789", is_staff=True))
    url = reverse("exchange:export", kwargs={"pk": rich_issue.pk, "format": "markdown"})
    assert client.get(url).status_code == 403


# The admin speaks of its own form, not of the command's options.


def test_import_form_says_which_fields_or_front_matter_to_fill_in(staff_client, seed_bytes):
    response = staff_client.post(reverse("admin:articles_issue_import"), {"file": _upload(seed_bytes)})
    text = unescape(response.content.decode())
    assert (
        "missing publication, number, date: the file has no front matter for them; fill in “Publication”, "
        "“Number”, “Date” above, or add 'publication:', 'number:', 'date:' to the file's front matter"
    ) in text
    assert "--number" not in text


def test_import_form_says_to_tick_replace_for_an_existing_issue(staff_client, seed_bytes, import_seed):
    import_seed()
    text = unescape(_preview(staff_client, seed_bytes).content.decode())
    assert (
        "CAST Newsletter already has issue No. 2022-01; tick “Replace the existing issue with this number” "
        "to update it in place"
    ) in text
    assert "--replace" not in text


def test_export_action_says_to_tick_draft_preview(staff_client, rich_issue):
    Issue.objects.filter(pk=rich_issue.pk).update(status="draft", publish_at=None)
    response = staff_client.post(
        reverse("admin:articles_issue_changelist"),
        {"action": "export_issues", "_selected_action": [rich_issue.pk], "format": "html", "apply": "1"},
        follow=True,
    )
    text = unescape(response.content.decode())
    assert "is not published; tick “Draft preview” to export it as a draft preview" in text
    assert "only staff" not in text


def test_download_url_says_how_to_ask_for_a_draft_preview(staff_client, rich_issue):
    Issue.objects.filter(pk=rich_issue.pk).update(status="draft", publish_at=None)
    response = staff_client.get(reverse("exchange:export", kwargs={"pk": rich_issue.pk, "format": "markdown"}))
    assert "add ?draft=1 to the address" in response.content.decode()


def test_import_page_summarises_the_format_itself(staff_client):
    text = unescape(staff_client.get(reverse("admin:articles_issue_import")).content.decode())
    assert "docs/issue-format.md" not in text  # staff cannot open the repository's docs
    assert "## Headlines" in text and "*By Name, Position; Second Name, Position; Organization*" in text
    assert "number 40 characters" in text and "language (en, zh-hans" in text
