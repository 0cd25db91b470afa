"""Every save keeps a revision (fields, bylines, headlines); any two compare as a readable diff; restore works."""

import pytest
from django.urls import reverse

from articles.models import Article
from editorial import revisions, versioning, workflow
from editorial.models import Revision
from editorial.publishing import Status
from tests.factories import ArticleFactory, BylineFactory, HeadlineFactory, IssueFactory, PersonFactory
from tests.newsroom.test_admin_pages import _formset_post_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    article = ArticleFactory(status=Status.DRAFT, publish_at=None, title="First title", body="Water is wet.")
    BylineFactory(article=article, person=PersonFactory(name="Xu Zhilong"), position_as_printed="Chairman")
    return article


def _save(client, article, **changes):
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = _formset_post_data(client.get(url))
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    article.refresh_from_db()


def test_each_admin_save_records_a_revision_with_fields_and_bylines(client, editor, article):
    client.force_login(editor)
    _save(client, article, title="Second title")
    _save(client, article, body="Water is very wet.")
    versions = list(revisions.revisions_for(article).order_by("version").values_list("version", "summary"))
    assert versions == [(1, "Snapshot of the existing version"), (2, "Saved"), (3, "Saved")]
    latest = revisions.revisions_for(article).first()
    assert latest.created_by == editor
    assert latest.data["fields"]["title"] == "Second title"
    assert latest.data["children"]["bylines"][0]["position_as_printed"] == "Chairman"
    assert ["Bylines", "1. Xu Zhilong · Chairman"] in latest.data["display"]


def test_revisions_page_shows_a_word_diff_between_any_two_versions(client, editor, article):
    client.force_login(editor)
    _save(client, article, title="Second title")
    _save(client, article, body="Water is very wet.")
    url = reverse("admin:articles_article_revisions", args=[article.pk])

    html = client.get(url, {"a": 1, "b": 3}).content.decode()
    assert "Changes from version 1 to version 3" in html
    assert '<th scope="col">Version 1</th><th scope="col">Version 3</th>' in html  # the table's columns
    assert "<del>First</del><ins>Second</ins> title" in html
    assert "Water is <ins>very </ins>wet." in html

    html = client.get(url, {"a": 2, "b": 3}).content.decode()
    assert "<ins>Second</ins>" not in html  # title did not change between 2 and 3


def test_restore_brings_back_fields_and_bylines_as_a_new_revision(client, editor, article):
    client.force_login(editor)
    _save(client, article, title="Second title")
    article.bylines.all().delete()
    BylineFactory(article=article, person=PersonFactory(name="Someone Else"))
    versioning.save_revision(obj=article, user=editor, summary="Byline swapped")
    first = revisions.revisions_for(article).get(version=1)

    response = client.post(reverse("admin:articles_article_restore", args=[article.pk, first.pk]))

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "First title"
    assert [str(b) for b in article.bylines.all()] == ["Xu Zhilong, Chairman"]
    latest = revisions.revisions_for(article).first()
    assert (latest.version, latest.summary) == (article.version, "Restored version 1")
    assert article.version == 4


def test_restore_leaves_the_workflow_state_alone(chief, article):
    revision = revisions.record(article, summary="draft")
    workflow.transition(obj=article, name="submit", user=chief)
    workflow.transition(obj=article, name="approve", user=chief)
    restored, _ = workflow.restore_revision(obj=article, revision=revision, user=chief)
    assert restored.status == Status.APPROVED


def test_restore_that_clashes_with_another_item_is_refused_unchanged(editor, article):
    revision = revisions.record(article)
    Article.objects.filter(pk=article.pk).update(slug="moved-away")
    ArticleFactory(issue=article.issue, slug=revision.data["fields"]["slug"])
    with pytest.raises(workflow.TransitionNotAllowed, match="cannot be restored"):
        workflow.restore_revision(obj=article, revision=revision, user=editor)
    article.refresh_from_db()
    assert article.slug == "moved-away"


def test_issue_revisions_keep_headlines(chief):
    issue = IssueFactory(status=Status.DRAFT, publish_at=None)
    HeadlineFactory(issue=issue, text="Quantum leap", order=1)
    revision = revisions.record(issue)
    issue.headlines.all().delete()
    HeadlineFactory(issue=issue, text="Something else", order=1)
    workflow.restore_revision(obj=issue, revision=revision, user=chief)
    assert list(issue.headlines.values_list("text", flat=True)) == ["Quantum leap"]


def test_contributor_cannot_restore_someone_elses_article(client, contributor, article):
    revision = revisions.record(article)
    client.force_login(contributor)
    response = client.post(reverse("admin:articles_article_restore", args=[article.pk, revision.pk]))
    assert response.status_code == 403
    assert Revision.objects.filter(object_id=article.pk).count() == 1


def test_inline_diff_escapes_markup():
    html = revisions.inline_diff("plain", "<script>alert(1)</script>")
    assert html == "<del>plain</del><ins>&lt;script&gt;alert(1)&lt;/script&gt;</ins>"


def test_event_revisions_keep_organization_roles_and_venues(chief):
    from events.models import EventOrganization, Venue
    from tests.factories import EventFactory, OrganizationFactory

    event = EventFactory(status=Status.DRAFT, publish_at=None)
    host = OrganizationFactory(name="Host Org")
    EventOrganization.objects.create(event=event, organization=host, role="host")
    event.venues.add(Venue.objects.create(name="Hall 1", city="Beijing", country="CN"))
    revision = revisions.record(event)
    event.organization_roles.all().delete()
    event.venues.clear()

    workflow.restore_revision(obj=event, revision=revision, user=chief)

    assert [(r.organization, r.role) for r in event.organization_roles.all()] == [(host, "host")]
    assert [v.name for v in event.venues.all()] == ["Hall 1"]
    assert ["Organization roles", "1. Host Org · Host"] in revisions.revisions_for(event).first().data["display"]
