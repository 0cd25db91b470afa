"""Roles are enforced on the server: groups from the migration, object permissions, read-only status."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from articles.models import Article
from editorial import workflow
from editorial.publishing import Status
from editorial.roles import ROLES
from tests.factories import ArticleFactory, BylineFactory
from tests.newsroom.test_admin_pages import _formset_post_data

pytestmark = pytest.mark.django_db


def test_the_migration_creates_the_three_roles_with_their_workflow_permissions():
    perms = {
        group.name: set(group.permissions.filter(content_type__app_label="newsroom").values_list("codename", flat=True))
        for group in Group.objects.filter(name__in=ROLES)
    }
    assert perms == {
        "Contributor": {"submit_own_content"},
        "Editor": {"submit_own_content", "review_content"},
        "Chief editor": {"submit_own_content", "review_content", "publish_content"},
    }


def test_contributor_writes_a_draft_in_the_admin_and_owns_it(client, contributor):
    client.force_login(contributor)
    issue_article = ArticleFactory()
    url = reverse("admin:articles_article_add")
    data = _formset_post_data(client.get(url))
    data.update({"issue": str(issue_article.issue_id), "order": "9", "title": "My piece", "slug": "my-piece"})
    data["bylines-TOTAL_FORMS"] = "0"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    article = Article.objects.get(slug="my-piece")
    assert (article.created_by, article.status, article.version) == (contributor, Status.DRAFT, 1)


def test_contributor_cannot_change_someone_elses_article(client, contributor, editor):
    article = ArticleFactory(status=Status.DRAFT, publish_at=None, created_by=editor, title="Editor's")
    client.force_login(contributor)
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = _formset_post_data(client.get(url))  # read-only view
    data["title"] = "Defaced"
    assert client.post(url, data).status_code == 403
    article.refresh_from_db()
    assert article.title == "Editor's"


def test_contributor_cannot_edit_own_article_once_submitted(client, contributor):
    article = ArticleFactory(status=Status.DRAFT, publish_at=None, created_by=contributor)
    BylineFactory(article=article)
    client.force_login(contributor)
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = _formset_post_data(client.get(url))
    workflow.transition(obj=article, name="submit", user=contributor)
    assert client.post(url, data).status_code == 403


def test_contributor_cannot_submit_someone_elses_draft(client, contributor, editor):
    article = ArticleFactory(status=Status.DRAFT, publish_at=None, created_by=editor)
    client.force_login(contributor)
    response = client.post(reverse("admin:articles_article_transition", args=[article.pk, "submit"]))
    assert response.status_code == 403
    assert "your role does not include it" in response.content.decode()


def test_status_cannot_be_set_through_the_form(client, editor):
    article = ArticleFactory(status=Status.DRAFT, publish_at=None)
    BylineFactory(article=article)
    client.force_login(editor)
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = _formset_post_data(client.get(url))
    data.update({"status": "published", "publish_at_0": "2020-01-01", "publish_at_1": "00:00"})
    assert client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert (article.status, article.publish_at) == (Status.DRAFT, None)


def test_change_page_shows_buttons_for_the_role_log_and_comments(client, editor, chief):
    article = ArticleFactory(status=Status.IN_REVIEW, publish_at=None)
    workflow.add_comment(obj=article, user=chief, text="Check the numbers in paragraph 2.")
    client.force_login(editor)
    html = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert ">Approve</button>" in html and ">Request changes</button>" in html
    assert ">Publish now</button>" not in html
    assert "Check the numbers in paragraph 2." in html
    assert 'name="base_version"' in html


def test_request_changes_with_a_comment_is_logged_and_shown(client, editor):
    article = ArticleFactory(status=Status.IN_REVIEW, publish_at=None)
    client.force_login(editor)
    url = reverse("admin:articles_article_transition", args=[article.pk, "request_changes"])
    response = client.post(url, {"comment": "Needs a second source."}, follow=True)
    html = response.content.decode()
    assert "was sent back to draft" in html
    assert "In review → Draft" in html and "Needs a second source." in html


def test_comment_endpoint(client, editor):
    article = ArticleFactory(status=Status.IN_REVIEW, publish_at=None)
    client.force_login(editor)
    url = reverse("admin:articles_article_comment", args=[article.pk])
    assert client.post(url, {"comment": "Nice lede."}).status_code == 302
    assert workflow.log_for(article).get().comment == "Nice lede."
    assert client.post(url, {"comment": "  "}).status_code == 400
    assert client.get(url).status_code == 405


def test_transition_endpoint_refuses_get_and_unknown_names(client, chief):
    article = ArticleFactory(status=Status.DRAFT, publish_at=None)
    client.force_login(chief)
    assert client.get(reverse("admin:articles_article_transition", args=[article.pk, "submit"])).status_code == 405
    assert client.post(reverse("admin:articles_article_transition", args=[article.pk, "launch"])).status_code == 404


def test_scheduling_without_a_future_time_is_a_bad_request(client, chief):
    article = ArticleFactory(status=Status.APPROVED, publish_at=None)
    client.force_login(chief)
    url = reverse("admin:articles_article_transition", args=[article.pk, "schedule"])
    response = client.post(url, {"publish_at": "2001-01-01T10:00"})
    assert response.status_code == 400 and "future" in response.content.decode()
    article.refresh_from_db()
    assert article.status == Status.APPROVED


def test_panel_says_not_public_when_the_article_is_published_but_its_issue_is_not(client, chief):
    from tests.factories import IssueFactory

    article = ArticleFactory(issue=IssueFactory(status=Status.APPROVED, publish_at=None))
    client.force_login(chief)
    html = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert "· not public" in html and "public now" not in html


def test_view_on_site_only_for_public_items(client, chief):
    draft, public = ArticleFactory(status=Status.DRAFT, publish_at=None), ArticleFactory()
    client.force_login(chief)
    draft_html = client.get(reverse("admin:articles_article_change", args=[draft.pk])).content.decode()
    public_html = client.get(reverse("admin:articles_article_change", args=[public.pk])).content.decode()
    assert "View on site" not in draft_html and "Preview" in draft_html
    assert "View on site" in public_html


def test_deleting_an_item_in_the_admin_deletes_its_history(client, chief):
    from editorial.models import Revision, TransitionLog

    article = ArticleFactory(status=Status.DRAFT, publish_at=None)
    workflow.transition(obj=article, name="submit", user=chief)
    client.force_login(chief)
    url = reverse("admin:articles_article_delete", args=[article.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not TransitionLog.objects.exists() and not Revision.objects.exists()


def test_scheduling_with_an_impossible_date_is_a_bad_request(client, chief):
    article = ArticleFactory(status=Status.APPROVED, publish_at=None)
    client.force_login(chief)
    url = reverse("admin:articles_article_transition", args=[article.pk, "schedule"])
    response = client.post(url, {"publish_at": "2030-02-30T10:00"})
    assert response.status_code == 400 and "is not a date and time" in response.content.decode()
    article.refresh_from_db()
    assert (article.status, article.publish_at) == (Status.APPROVED, None)
