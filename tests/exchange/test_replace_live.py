"""Replacing a live issue is an edit of live content, not an unpublish (issues #15 and #17).

The tester's steps: export the published CAST issue (seed 000) as Markdown, change one word, import it
with "Replace the existing issue". The issue and its articles stay public with their publish times, the
change passes the publishing checks, and union members hear of exactly what changed.
"""

import html

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from articles.exchange.admin import SESSION_KEY
from articles.exchange.exporters import export_issue
from articles.exchange.importer import ReplaceBlocked, import_issue
from articles.exchange.issuefile import parse_bytes
from articles.models import Article, Issue
from editorial import workflow
from editorial.models import PublicChange, Revision, TransitionLog
from editorial.publishing import Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast_issue(import_seed, cast_newsletter) -> Issue:
    """Seed 000 imported and published as the demo does it: a 2022 back issue, public since 2022-02-01."""
    summary = import_seed(publish=True)
    assert summary.published, summary.publish_blockers
    return Issue.objects.get(pk=summary.issue_pk)


@pytest.fixture
def exported(cast_issue) -> str:
    return export_issue(cast_issue, "markdown")[0].decode()


@pytest.fixture
def typo_article(cast_issue) -> Article:
    """The article whose one word the editor changes: the fourth, a news item without a headline of its own."""
    return cast_issue.articles.get(order=4)


def _one_word_changed(text: str, article: Article) -> str:
    """`text` with the first word of four letters or more in `article`'s body changed."""
    assert article.body in text
    word = next(word for word in article.body.split() if word.isalpha() and len(word) >= 4)
    return text.replace(article.body, article.body.replace(word, word.upper(), 1), 1)


def _without_article(text: str, title: str) -> str:
    start = text.index(f"## {title}\n")
    end = text.index("\n## ", start + 1)
    return text[:start] + text[end + 1 :]


def _with_new_article(text: str) -> str:
    """`text` with a fictional unsigned news item added after the last article, before the colophon."""
    colophon = text.rindex("\n---\n")
    return text[:colophon] + "\n## Fictional sample story\n\nA fictional sample body.\n" + text[colophon:]


def _state(issue: Issue) -> dict:
    """Status, publish time and version of the issue and each of its articles."""
    issue.refresh_from_db()
    return {"issue": (issue.status, issue.publish_at, issue.version)} | {
        pk: (status, publish_at, version)
        for pk, status, publish_at, version in issue.articles.values_list("pk", "status", "publish_at", "version")
    }


def _changes_after(pk: int) -> list[tuple[str, str, int]]:
    return [
        (change.kind, change.content_type.model, change.object_id)
        for change in PublicChange.objects.filter(pk__gt=pk).select_related("content_type").order_by("pk")
    ]


def _last_change_pk() -> int:
    return PublicChange.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _replace(text: str, **options):
    return import_issue(document=parse_bytes(text.encode()), replace=True, **options)


def test_a_one_word_fix_keeps_the_issue_and_its_articles_public_with_their_publish_times(
    client, cast_issue, exported, typo_article
):
    before = _state(cast_issue)
    edited = _one_word_changed(exported, typo_article)

    summary = _replace(edited)

    after = _state(cast_issue)
    assert after["issue"][:2] == before["issue"][:2] == (Status.PUBLISHED, cast_issue.publish_at)
    for pk, (status, publish_at, version) in before.items():
        if pk == "issue":
            continue
        assert after[pk][:2] == (status, publish_at), Article.objects.get(pk=pk).title
        # Only the changed article is a new version: an unchanged one is not touched at all.
        assert after[pk][2] == (version + 1 if pk == typo_article.pk else version)
    typo_article.refresh_from_db()
    assert typo_article.body in edited and typo_article.is_public()
    assert client.get(cast_issue.get_absolute_url()).status_code == 200
    assert client.get(typo_article.get_absolute_url()).status_code == 200
    assert summary.updated == [typo_article.title] and len(summary.unchanged) == 15
    articles_line = next(line for line in summary.lines() if line.startswith("Articles:"))
    assert articles_line.startswith("Articles: 16: updated 1, unchanged 15 (")
    assert "Status: published (stays public: the issue and its articles keep their publish times)" in summary.lines()


def test_members_get_one_update_for_the_changed_article_and_nothing_for_the_others(
    settings, django_capture_on_commit_callbacks, cast_issue, exported, typo_article
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # pushes wait in the queue
    since = _last_change_pk()
    queued = set(DBTaskResult.objects.values_list("pk", flat=True))

    with django_capture_on_commit_callbacks(execute=True):
        _replace(_one_word_changed(exported, typo_article))

    assert _changes_after(since) == [("updated", "article", typo_article.pk)]
    pushes = DBTaskResult.objects.exclude(pk__in=queued).filter(task_path="api.tasks.push_change")
    assert [push.args_kwargs["kwargs"]["change_id"] for push in pushes] == list(
        PublicChange.objects.filter(pk__gt=since).values_list("pk", flat=True)
    )


def test_the_changed_article_gets_a_revision_and_its_old_text_stays_restorable(cast_issue, exported, typo_article):
    old_body = typo_article.body
    _replace(_one_word_changed(exported, typo_article))
    revisions = Revision.objects.filter(
        content_type=ContentType.objects.get_for_model(Article), object_id=typo_article.pk
    ).order_by("version")
    assert revisions.last().summary == "Updated by an issue-file import"
    assert revisions.last().data["fields"]["status"] == Status.PUBLISHED
    assert any(revision.data["fields"]["body"] == old_body for revision in revisions)


def test_re_importing_the_unchanged_export_changes_nothing_members_can_see(cast_issue, exported):
    since = _last_change_pk()
    summary = _replace(exported)
    assert summary.updated == [] and len(summary.unchanged) == 16
    assert _changes_after(since) == []
    assert Article.objects.published().filter(issue=cast_issue).count() == 16


def test_an_article_removed_from_the_file_is_withdrawn_and_only_it(client, cast_issue, exported, typo_article):
    since = _last_change_pk()
    url = typo_article.get_absolute_url()

    summary = _replace(_without_article(exported, typo_article.title))

    assert summary.deleted == [typo_article.title] and summary.updated == []
    assert _changes_after(since) == [("withdrawn", "article", typo_article.pk)]
    assert client.get(url).status_code in (404, 410)
    assert Article.objects.published().filter(issue=cast_issue).count() == 15
    assert cast_issue.is_public()


def test_a_new_article_is_published_with_the_issue_through_the_workflow(cast_issue, exported):
    since = _last_change_pk()
    edited = _with_new_article(exported)

    summary = _replace(edited)

    new = cast_issue.articles.get(title="Fictional sample story")
    assert summary.created == ["Fictional sample story"] and summary.updated == []
    assert new.is_public()
    assert _changes_after(since) == [("published", "article", new.pk)]
    steps = [(entry.transition, entry.to_status) for entry in workflow.log_for(new).order_by("pk")]
    assert steps == [("submit", Status.IN_REVIEW), ("approve", Status.APPROVED), ("publish", Status.PUBLISHED)]


def test_a_publishing_check_blocker_refuses_the_whole_replace_and_writes_nothing(cast_issue, exported, typo_article):
    before = _state(cast_issue)
    since = _last_change_pk()
    logged = TransitionLog.objects.count()
    body = typo_article.body
    edited = exported.replace(body, body + "\n\n![](https://example.org/fictional.png)", 1)
    edited = _with_new_article(edited)

    with pytest.raises(ReplaceBlocked) as refusal:
        _replace(edited)

    assert f"An image in “{typo_article.title}” (https://example.org/fictional.png) has no alt text." in str(
        refusal.value
    )
    assert "Nothing was imported" in str(refusal.value)
    assert _state(cast_issue) == before
    typo_article.refresh_from_db()
    assert typo_article.body == body
    assert not cast_issue.articles.filter(title="Fictional sample story").exists()
    assert _changes_after(since) == [] and TransitionLog.objects.count() == logged


def test_the_command_refuses_a_blocked_replace_naming_the_blocker(cast_issue, exported, typo_article, tmp_path):
    path = tmp_path / "issue.md"
    path.write_text(exported.replace(typo_article.body, "![](https://example.org/fictional.png)", 1))
    with pytest.raises(CommandError, match=r"has no alt text\. Nothing was imported"):
        call_command("import_issue", str(path), "--replace", verbosity=0)
    typo_article.refresh_from_db()
    assert "fictional.png" not in typo_article.body


def test_replacing_a_draft_issue_still_makes_drafts_and_counts_only_real_updates(import_seed, cast_newsletter):
    issue = Issue.objects.get(pk=import_seed().issue_pk)
    exported = export_issue(issue, "markdown", draft_preview=True)[0].decode()
    article = issue.articles.get(order=4)
    since = _last_change_pk()

    summary = _replace(_one_word_changed(exported, article))

    issue.refresh_from_db()
    assert issue.status == Status.DRAFT and issue.publish_at is None
    assert set(issue.articles.values_list("status", flat=True)) == {Status.DRAFT}
    assert summary.updated == [article.title] and len(summary.unchanged) == 15
    assert "Status: draft" in summary.lines()
    assert _changes_after(since) == []


def test_the_replacement_is_logged_on_the_issue_without_a_change_of_state(cast_issue, exported, typo_article):
    _replace(_one_word_changed(exported, typo_article))
    entry = workflow.log_for(cast_issue).first()
    assert (entry.transition, entry.from_status, entry.to_status) == (
        "import_replace",
        Status.PUBLISHED,
        Status.PUBLISHED,
    )
    assert entry.comment.startswith("Replaced by an issue-file import: 1 article updated, 15 unchanged, 0 created")
    assert str(entry) == "Import replace (published)"


# --- the command and the admin form behave the same ---------------------------------------------------------


def test_the_command_keeps_a_published_issue_public_without_publish(cast_issue, exported, typo_article, tmp_path):
    path = tmp_path / "issue.md"
    path.write_text(_one_word_changed(exported, typo_article))
    publish_at = cast_issue.publish_at
    for extra in ([], ["--publish"]):  # --publish has nothing left to do: the issue stays public
        call_command("import_issue", str(path), "--replace", *extra, verbosity=0)
        cast_issue.refresh_from_db()
        assert cast_issue.status == Status.PUBLISHED and cast_issue.publish_at == publish_at
    assert workflow.log_for(cast_issue).filter(transition="publish").count() == 1  # the first publication only


def test_the_admin_form_keeps_a_published_issue_public(client, django_user_model, cast_issue, exported, typo_article):
    chief = django_user_model.objects.create_user("chief-editor", password="pw-123456789", is_staff=True)
    chief.groups.add(Group.objects.get(name="Chief editor"))
    client.force_login(chief)
    upload = SimpleUploadedFile("cast-2022-01.md", _one_word_changed(exported, typo_article).encode())
    preview = client.post(reverse("admin:articles_issue_import"), {"file": upload, "replace": "on"})
    page = html.unescape(preview.content.decode())
    assert "Articles: 16: updated 1, unchanged 15" in page
    assert "Status: published (stays public" in page
    client.post(reverse("admin:articles_issue_import_confirm"), {"token": client.session[SESSION_KEY]["token"]})
    cast_issue.refresh_from_db()
    assert cast_issue.is_public() and Article.objects.published().filter(issue=cast_issue).count() == 16
    assert workflow.log_for(cast_issue).first().user == chief


def test_the_import_form_says_what_replacing_a_live_issue_does(admin_client):
    page = html.unescape(admin_client.get(reverse("admin:articles_issue_import")).content.decode())
    assert "A published or scheduled issue stays public" in page


# --- the tester's two smaller findings -------------------------------------------------------------------------


def test_the_import_is_labelled_as_an_import_in_the_issue_history_not_as_draft_to_draft(admin_client, import_seed):
    issue = Issue.objects.get(pk=import_seed().issue_pk)
    (entry,) = workflow.log_for(issue)
    assert entry.label == "Import (draft)"
    page = html.unescape(admin_client.get(reverse("admin:articles_issue_change", args=[issue.pk])).content.decode())
    assert "Import (draft)" in page and "Draft → Draft" not in page


def test_the_decisions_download_is_named_after_the_reviewed_file(admin_client):
    upload = SimpleUploadedFile("周报 2021-52.txt", b"Fictional Weekly\n\nA fictional first paragraph.\n")
    fields = {"file": upload, "publication": "Fictional Weekly", "number": "1", "date": "2021-12-27"}
    review = admin_client.post(reverse("admin:articles_issue_import"), fields)
    token = review["Location"].split("token=")[1]
    response = admin_client.post(
        reverse("admin:articles_issue_import_review"), {"token": token, "action": "download", "block": []}
    )
    assert response["Content-Disposition"] == ("attachment; filename*=utf-8''%E5%91%A8%E6%8A%A5%202021-52.decisions")
