"""Staff preview of unpublished items, and share links that open one draft to anyone until expired or revoked."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import ShareLink
from editorial import workflow
from editorial.publishing import Status
from tests.factories import ArticleFactory, BylineFactory, EventFactory, IssueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    issue = IssueFactory(status=Status.DRAFT, publish_at=None, title="Next issue")
    article = ArticleFactory(issue=issue, status=Status.DRAFT, publish_at=None, title="Secret draft", body="Embargoed.")
    BylineFactory(article=article)
    return article


def _assert_private(response):
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "noindex" in response["X-Robots-Tag"]


def test_staff_preview_of_a_draft_article(client, editor, draft):
    client.force_login(editor)
    response = client.get(reverse("articles_preview:article", kwargs={"pk": draft.pk}))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Secret draft" in html and "Embargoed." in html
    assert 'class="preview-banner"' in html and "<strong>Preview</strong>" in html
    _assert_private(response)


def test_staff_preview_of_a_draft_issue_lists_its_unpublished_articles(client, editor, draft):
    archived = ArticleFactory(issue=draft.issue, status=Status.ARCHIVED, publish_at=None, title="Dropped")
    client.force_login(editor)
    response = client.get(reverse("articles_preview:issue", kwargs={"pk": draft.issue.pk}))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Secret draft" in html and archived.title not in html and "preview-banner" in html
    _assert_private(response)


def test_preview_is_not_for_anonymous_or_non_staff(client, django_user_model, draft):
    url = reverse("articles_preview:article", kwargs={"pk": draft.pk})
    response = client.get(url)
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]
    client.force_login(django_user_model.objects.create_user("reader", password="pw-123456789"))
    response = client.get(url)
    assert response.status_code == 403 and "Secret draft" not in response.content.decode()


def test_editor_makes_a_share_link_in_the_admin_and_anyone_can_read_the_draft(client, editor, draft):
    client.force_login(editor)
    response = client.post(reverse("admin:articles_article_share", args=[draft.pk]), {"days": "3", "note": "source"})
    assert response.status_code == 302
    link = ShareLink.objects.get()
    assert (link.created_by, link.note) == (editor, "source")
    assert link.expires_at == pytest.approx(timezone.now() + dt.timedelta(days=3), abs=dt.timedelta(minutes=1))

    client.logout()
    response = client.get(link.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Secret draft" in html and "shared before publication" in html
    _assert_private(response)
    assert response["Referrer-Policy"] == "no-referrer"


def test_a_share_link_opens_its_article_and_nothing_else(client, editor, draft):
    other = ArticleFactory(issue=draft.issue, status=Status.DRAFT, publish_at=None, title="Other draft")
    link = services.create_share_link(article=draft, user=editor)
    assert client.get(link.get_absolute_url()).status_code == 200
    assert client.get(other.get_absolute_url()).status_code == 404
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(draft.issue.get_absolute_url()).status_code == 404
    assert client.get(reverse("articles_preview:article", kwargs={"pk": draft.pk})).status_code == 302


def test_a_share_link_expires(client, editor, draft):
    link = services.create_share_link(article=draft, user=editor, days=1)
    with time_machine.travel(timezone.now() + dt.timedelta(hours=23)):
        assert client.get(link.get_absolute_url()).status_code == 200
    with time_machine.travel(timezone.now() + dt.timedelta(days=1, minutes=1)):
        response = client.get(link.get_absolute_url())
    assert response.status_code == 410
    html = response.content.decode()
    assert "This share link has expired" in html and "Secret draft" not in html


def test_a_revoked_share_link_stops_working(client, editor, draft):
    link = services.create_share_link(article=draft, user=editor)
    client.force_login(editor)
    response = client.post(reverse("admin:articles_article_revoke_share", args=[draft.pk, link.pk]))
    assert response.status_code == 302
    client.logout()
    response = client.get(link.get_absolute_url())
    assert response.status_code == 410
    assert "This share link was revoked" in response.content.decode()
    assert "withdrew this link" in response.content.decode() and "Secret draft" not in response.content.decode()


@pytest.mark.parametrize("token", ["1", "not-a-token", "MQ:forged-signature"])
def test_forged_or_unknown_share_tokens_are_not_found(client, token):
    assert client.get(reverse("articles_preview:share", kwargs={"token": token})).status_code == 404


def test_a_token_for_a_deleted_link_is_not_found(client, editor, draft):
    link = services.create_share_link(article=draft, user=editor)
    url = link.get_absolute_url()
    link.delete()
    assert client.get(url).status_code == 404


def test_contributors_cannot_make_share_links(client, contributor, draft):
    draft.created_by = contributor
    draft.save()
    client.force_login(contributor)
    response = client.post(reverse("admin:articles_article_share", args=[draft.pk]), {"days": "7"})
    assert response.status_code == 403
    assert not ShareLink.objects.exists()
    with pytest.raises(workflow.TransitionForbidden):
        services.create_share_link(article=draft, user=contributor)


@pytest.fixture
def draft_event():
    return EventFactory(title="Embargoed Summit", summary="Not announced yet.", status=Status.DRAFT, publish_at=None)


def test_staff_preview_of_a_draft_event(client, contributor, draft_event):
    client.force_login(contributor)
    response = client.get(reverse("events_preview:event", kwargs={"pk": draft_event.pk}))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Embargoed Summit" in html and "Not announced yet." in html
    assert "<strong>Preview</strong>" in html and "not public" in html
    assert reverse("admin:events_event_change", args=[draft_event.pk]) in html  # back to the editor
    # Its public calendar file does not exist yet (404): no link to it.
    assert reverse("events:event_ics", args=[draft_event.slug]) not in html
    assert "Available once published" in html
    _assert_private(response)


def test_event_preview_is_not_for_anonymous_or_non_staff(client, django_user_model, draft_event):
    url = reverse("events_preview:event", kwargs={"pk": draft_event.pk})
    response = client.get(url)
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]
    client.force_login(django_user_model.objects.create_user("reader", password="pw-123456789"))
    assert client.get(url).status_code == 403


def test_the_event_change_page_links_to_the_preview(client, editor, draft_event):
    client.force_login(editor)
    html = client.get(reverse("admin:events_event_change", args=[draft_event.pk])).content.decode()
    assert f'href="{reverse("events_preview:event", kwargs={"pk": draft_event.pk})}"' in html
