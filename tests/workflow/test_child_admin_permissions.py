"""Bylines and headlines on their own admin pages follow the rule of their article or issue."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from articles.models import Byline, Headline
from editorial.publishing import Status
from tests.factories import ArticleFactory, BylineFactory, HeadlineFactory, PersonFactory
from tests.newsroom.test_admin_pages import _formset_post_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def others_byline(editor):
    """A byline on a published article someone else wrote: a contributor may not touch it."""
    return BylineFactory(article=ArticleFactory(created_by=editor), position_as_printed="Editor")


def test_contributor_sees_a_byline_on_someone_elses_article_read_only(client, contributor, others_byline):
    client.force_login(contributor)
    url = reverse("admin:articles_byline_change", args=[others_byline.pk])
    html = client.get(url).content.decode()
    assert 'name="_save"' not in html
    response = client.post(url, {"article": others_byline.article_id, "person": others_byline.person_id,
                                 "order": "0", "position_as_printed": "Defaced"})  # fmt: skip
    assert response.status_code == 403
    others_byline.refresh_from_db()
    assert others_byline.position_as_printed == "Editor"


def test_contributor_cannot_delete_a_byline_on_someone_elses_article(client, contributor, others_byline):
    client.force_login(contributor)
    url = reverse("admin:articles_byline_delete", args=[others_byline.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    changelist = reverse("admin:articles_byline_changelist")
    client.post(changelist, {"action": "delete_selected", "_selected_action": [others_byline.pk], "post": "yes"})
    assert Byline.objects.filter(pk=others_byline.pk).exists()


def test_contributor_cannot_attach_a_byline_to_an_article_they_may_not_edit(client, contributor, others_byline):
    client.force_login(contributor)
    response = client.post(
        reverse("admin:articles_byline_add"),
        {"article": others_byline.article_id, "person": PersonFactory().pk, "order": "1"},
    )
    assert response.status_code == 200
    assert "you cannot change its bylines either" in response.content.decode()
    assert others_byline.article.bylines.count() == 1


def test_contributor_edits_bylines_of_their_own_draft(client, contributor):
    draft = ArticleFactory(status=Status.DRAFT, publish_at=None, created_by=contributor)
    client.force_login(contributor)
    response = client.post(
        reverse("admin:articles_byline_add"), {"article": draft.pk, "person": PersonFactory().pk, "order": "0"}
    )
    assert response.status_code == 302
    byline = draft.bylines.get()
    url = reverse("admin:articles_byline_change", args=[byline.pk])
    data = _formset_post_data(client.get(url))
    data["position_as_printed"] = "Reporter"
    assert client.post(url, data).status_code == 302
    draft.refresh_from_db()
    assert draft.version == 3  # each byline save versions the article


def test_bulk_deleting_bylines_versions_their_articles(client, chief):
    byline = BylineFactory()
    client.force_login(chief)
    changelist = reverse("admin:articles_byline_changelist")
    client.post(changelist, {"action": "delete_selected", "_selected_action": [byline.pk], "post": "yes"})
    assert not Byline.objects.exists()
    byline.article.refresh_from_db()
    assert byline.article.version == 2


def test_headline_edits_need_the_right_to_edit_the_issue(client, django_user_model):
    """Staff allowed to change headlines but not issues cannot rewrite an issue's headlines."""
    user = django_user_model.objects.create_user("desk", password="pw-123456789", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(codename__in=["view_headline", "change_headline", "delete_headline", "view_issue"])
    )
    headline = HeadlineFactory(text="As printed")
    client.force_login(user)
    url = reverse("admin:articles_headline_change", args=[headline.pk])
    data = {"issue": headline.issue_id, "order": headline.order, "text": "Rewritten"}
    assert client.post(url, data).status_code == 403
    assert (
        client.post(reverse("admin:articles_headline_delete", args=[headline.pk]), {"post": "yes"}).status_code == 403
    )
    headline.refresh_from_db()
    assert headline.text == "As printed" and Headline.objects.filter(pk=headline.pk).exists()


def test_contributor_cannot_link_someone_elses_article_as_coverage_of_their_event(client, contributor, editor):
    from events.models import Event
    from tests.events.test_admin import form_data
    from tests.factories import EventFactory

    others = ArticleFactory(created_by=editor, title="The editor's report")
    own = ArticleFactory(created_by=contributor, status=Status.DRAFT, publish_at=None, title="My report")
    event = EventFactory(created_by=contributor, status=Status.DRAFT, publish_at=None)
    client.force_login(contributor)
    url = reverse("admin:events_event_change", args=[event.pk])
    response = client.get(url)
    (coverage,) = [i for i in response.context["inline_admin_formsets"] if i.formset.model is Event.coverage.through]
    key = f"{coverage.formset.prefix}-0-article"

    refused = client.post(url, form_data(response, **{key: str(others.pk)}))
    assert refused.status_code == 200
    assert "so you cannot change which events it covers" in refused.content.decode()
    assert not event.coverage.exists()

    assert client.post(url, form_data(client.get(url), **{key: str(own.pk)})).status_code == 302
    assert list(event.coverage.all()) == [own]
