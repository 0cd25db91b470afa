"""Every admin action and custom admin view, for every editorial role: allowed exactly when the role
holds ALL the permissions of what the action does (Django's action `permissions` list is met by ANY)."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from articles.models import Article, Issue
from editorial.roles import CHIEF_EDITOR, CONTRIBUTOR, EDITOR
from events.models import Event
from people.models import Organization, Person
from people.services import MergeForbidden, merge_people
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    EventFactory,
    EventSeriesFactory,
    IssueFactory,
    OrganizationFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db

ROLES = (CONTRIBUTOR, EDITOR, CHIEF_EDITOR)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def run_action(client, model, action: str, ids, **extra):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    return client.post(url, {"action": action, "_selected_action": [str(pk) for pk in ids], "index": "0", **extra})


def offered(client, model) -> set[str]:
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    response = client.get(url)
    if response.status_code != 200 or not response.context.get("action_form"):
        return set()
    return {name for name, _ in response.context["action_form"].fields["action"].choices if name}


@pytest.mark.parametrize(("role", "allowed"), [(CONTRIBUTOR, False), (EDITOR, False), (CHIEF_EDITOR, True)])
@pytest.mark.parametrize("model", [Person, Organization])
def test_merging_duplicates_needs_change_and_delete(make_user, role, allowed, model):
    factory = PersonFactory if model is Person else OrganizationFactory
    keep, duplicate = factory(), factory()
    client = client_for(make_user(role))

    assert ("merge_duplicates" in offered(client, model)) is allowed
    run_action(client, model, "merge_duplicates", [keep.pk, duplicate.pk], keep=str(keep.pk), confirm=str(keep.pk))

    assert model.objects.filter(pk=duplicate.pk).exists() is not allowed


def test_an_editor_given_delete_on_people_may_merge_people(make_user):
    editor = make_user(EDITOR)
    editor.user_permissions.add(Permission.objects.get(codename="delete_person"))
    keep, duplicate = PersonFactory(), PersonFactory()
    run_action(client_for(editor), Person, "merge_duplicates", [keep.pk, duplicate.pk], keep=str(keep.pk),
               confirm=str(keep.pk))  # fmt: skip
    assert not Person.objects.filter(pk=duplicate.pk).exists()


def test_the_merge_service_itself_refuses_a_user_without_delete_permission(make_user):
    keep, duplicate = PersonFactory(), PersonFactory()
    with pytest.raises(MergeForbidden, match="does not include deleting"):
        merge_people(keep=keep, duplicate=duplicate, user=make_user(EDITOR))
    assert Person.objects.filter(pk=duplicate.pk).exists()


@pytest.mark.parametrize(("role", "allowed"), [(CONTRIBUTOR, False), (EDITOR, False), (CHIEF_EDITOR, True)])
def test_deleting_selected_articles_needs_delete(make_user, role, allowed):
    article = ArticleFactory()
    client = client_for(make_user(role))
    assert ("delete_selected" in offered(client, Article)) is allowed
    run_action(client, Article, "delete_selected", [article.pk], post="yes")
    assert Article.objects.filter(pk=article.pk).exists() is not allowed


@pytest.mark.parametrize("role", ROLES)
def test_every_role_may_export_the_issues_it_can_view(make_user, role):
    article = ArticleFactory()
    BylineFactory(article=article)
    client = client_for(make_user(role))
    assert "export_issues" in offered(client, Issue)
    response = run_action(client, Issue, "export_issues", [article.issue.pk], format="markdown", apply="1")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")


def test_staff_without_view_permission_cannot_export(django_user_model):
    user = django_user_model.objects.create_user("nobody", password="pw-123456789", is_staff=True)
    issue = IssueFactory()
    response = run_action(client_for(user), Issue, "export_issues", [issue.pk], format="markdown", apply="1")
    assert response.status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_every_role_may_duplicate_an_event_it_can_view(make_user, role):
    event = EventFactory(series=EventSeriesFactory(), edition=1)
    client = client_for(make_user(role))
    assert "duplicate_for_next_edition" in offered(client, Event)
    response = run_action(client, Event, "duplicate_for_next_edition", [event.pk])
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200


def test_duplicating_an_event_needs_add_and_view(django_user_model):
    event = EventFactory(series=EventSeriesFactory(), edition=1)
    user = django_user_model.objects.create_user("adder", password="pw-123456789", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="add_event"))
    response = client_for(user).get(reverse("admin:events_event_duplicate", args=[event.pk]))
    assert response.status_code == 403


@pytest.mark.parametrize(("role", "status"), [(CONTRIBUTOR, 403), (EDITOR, 403), (CHIEF_EDITOR, 302)])
def test_publishing_from_the_preflight_page_needs_the_publishing_role(make_user, ready_issue, role, status):
    issue = ready_issue()
    client = client_for(make_user(role))
    assert client.get(reverse("admin:articles_issue_preflight", args=[issue.pk])).status_code == 200
    response = client.post(reverse("admin:articles_issue_transition", args=[issue.pk, "publish"]))
    assert response.status_code == status


@pytest.mark.parametrize(("role", "allowed"), [(CONTRIBUTOR, False), (EDITOR, True), (CHIEF_EDITOR, True)])
def test_share_links_need_the_share_link_permission(make_user, role, allowed):
    article = ArticleFactory()
    client = client_for(make_user(role))
    response = client.post(reverse("admin:articles_article_share", args=[article.pk]), {"days": "7"})
    assert (response.status_code == 302) is allowed
    assert article.share_links.exists() is allowed


@pytest.mark.parametrize(("role", "allowed"), [(CONTRIBUTOR, False), (EDITOR, True), (CHIEF_EDITOR, True)])
def test_importing_an_issue_file_needs_add_issue(make_user, role, allowed):
    response = client_for(make_user(role)).get(reverse("admin:articles_issue_import"))
    assert (response.status_code == 200) is allowed
