"""A refused delete explains itself in the admin's layout, and still answers 403."""

import pytest
from django.urls import reverse

from editorial.publishing import Status
from tests.factories import ArticleFactory, EventFactory
from tests.workflow.conftest import login

pytestmark = pytest.mark.django_db


def test_an_editor_deleting_a_published_article_is_told_why(client, editor):
    article = ArticleFactory(title="Climate policy is health policy")
    response = login(client, editor).get(reverse("admin:articles_article_delete", args=[article.pk]))
    html = response.content.decode()

    assert response.status_code == 403
    assert "deleting articles is for chief editors" in html
    assert "It is published: to take it off the site, ask a chief editor to unpublish it" in html
    assert '<ol class="breadcrumbs">' in html and "editorial admin" in html  # the admin's own page


def test_an_editor_deleting_a_draft_event_is_told_why_without_the_publishing_advice(client, editor):
    event = EventFactory(status=Status.DRAFT, publish_at=None)
    response = login(client, editor).get(reverse("admin:events_event_delete", args=[event.pk]))
    assert response.status_code == 403
    assert "deleting events is for chief editors" in response.content.decode()
    assert "unpublish" not in response.content.decode()


def test_a_chief_editor_still_gets_the_delete_confirmation(client, chief):
    article = ArticleFactory()
    response = login(client, chief).get(reverse("admin:articles_article_delete", args=[article.pk]))
    assert response.status_code == 200 and "Yes, I’m sure" in response.content.decode()


def test_other_admin_refusals_use_the_admin_layout_too(client, django_user_model):
    from django.contrib.auth.models import Permission

    viewer = django_user_model.objects.create_user("viewer", password="pw-123456789", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_event"))
    response = login(client, viewer).get(reverse("admin:events_event_duplicate", args=[EventFactory().pk]))
    assert response.status_code == 403
    assert "Your role does not allow this" in response.content.decode()
    assert '<ol class="breadcrumbs">' in response.content.decode()


def test_a_refusal_outside_the_admin_keeps_the_sites_page(rf):
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import PermissionDenied

    from newsroom.views import permission_denied

    request = rf.get("/preview/articles/1/")
    request.user = AnonymousUser()
    response = permission_denied(request, PermissionDenied("No preview for you."))
    assert response.status_code == 403 and "No preview for you." in response.content.decode()
    assert "editorial admin" not in response.content.decode()
