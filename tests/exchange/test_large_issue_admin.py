"""An issue at the import limits stays usable in the admin: long inlines are summarised with links."""

import pytest
from django.urls import reverse

from articles.models import Article, Headline
from tests.factories import ArticleFactory, HeadlineFactory, IssueFactory

pytestmark = pytest.mark.django_db


def test_an_issue_with_many_articles_links_to_their_list_instead_of_an_inline(admin_client):
    issue = IssueFactory()
    Article.objects.bulk_create(
        Article(issue=issue, order=n, title=f"Story {n}", slug=f"story-{n}", body="Text.") for n in range(1, 62)
    )
    HeadlineFactory(issue=issue, text="The one headline")

    response = admin_client.get(reverse("admin:articles_issue_change", args=[issue.pk]))

    html = response.content.decode()
    assert [formset.formset.prefix for formset in response.context["inline_admin_formsets"]] == ["headlines"]
    assert f'href="/admin/articles/article/?issue__id__exact={issue.pk}"' in html
    assert "61 articles (" in html and "1 headline (edit them below)" in html
    listed = admin_client.get(f"/admin/articles/article/?issue__id__exact={issue.pk}")
    assert listed.status_code == 200 and listed.context["cl"].result_count == 61


def test_a_small_issue_keeps_both_inlines(admin_client):
    issue = IssueFactory()
    ArticleFactory(issue=issue)
    response = admin_client.get(reverse("admin:articles_issue_change", args=[issue.pk]))
    assert [f.formset.prefix for f in response.context["inline_admin_formsets"]] == ["headlines", "articles"]


def test_the_headline_list_filters_by_issue(admin_client):
    issue = IssueFactory()
    HeadlineFactory(issue=issue)
    HeadlineFactory()
    listed = admin_client.get(f"/admin/articles/headline/?issue__id__exact={issue.pk}")
    assert listed.status_code == 200 and listed.context["cl"].result_count == 1
    assert Headline.objects.count() == 2
