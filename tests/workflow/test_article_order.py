"""An article added in the admin without a position goes after the last article of its issue."""

import re

import pytest
from django.db import transaction
from django.urls import reverse

from articles import services
from articles.models import Article
from tests.factories import ArticleFactory, IssueFactory
from tests.newsroom.test_admin_pages import _formset_post_data

pytestmark = pytest.mark.django_db


def _add(client, **fields):
    url = reverse("admin:articles_article_add")
    data = _formset_post_data(client.get(url))
    data.update({"kind": "news", "bylines-TOTAL_FORMS": "0", **{name: str(value) for name, value in fields.items()}})
    return client.post(url, data)


def test_next_article_order_is_after_the_last_article_of_the_issue():
    issue = IssueFactory()
    with transaction.atomic():
        assert services.next_article_order(issue=issue) == 1
    ArticleFactory(issue=issue, order=3)
    ArticleFactory(issue=issue, order=7)
    ArticleFactory(order=40)  # another issue's
    with transaction.atomic():
        assert services.next_article_order(issue=issue) == 8


def test_the_add_form_offers_an_empty_order_and_says_what_it_means(admin_client):
    html = admin_client.get(reverse("admin:articles_article_add")).content.decode()
    field = re.search(r'<input[^>]*name="order"[^>]*>', html).group(0)
    assert "required" not in field
    assert "Leave it empty to add the article after the issue’s last article." in html


def test_an_article_added_without_order_goes_to_the_end_of_its_issue(admin_client):
    issue = IssueFactory()
    ArticleFactory(issue=issue, order=1)
    ArticleFactory(issue=issue, order=5)
    response = _add(admin_client, issue=issue.pk, order="", title="Late news", slug="late-news")
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Article.objects.get(slug="late-news").order == 6
    response = _add(admin_client, issue=IssueFactory().pk, order="", title="First news", slug="first-news")
    assert response.status_code == 302
    assert Article.objects.get(slug="first-news").order == 1


def test_a_given_order_is_kept_and_a_taken_one_is_still_refused(admin_client):
    issue = IssueFactory()
    ArticleFactory(issue=issue, order=2)
    assert _add(admin_client, issue=issue.pk, order=9, title="Nine", slug="nine").status_code == 302
    assert Article.objects.get(slug="nine").order == 9
    response = _add(admin_client, issue=issue.pk, order=2, title="Two", slug="two")
    assert response.status_code == 200
    assert "Another article already has this position in the issue." in response.content.decode()


def test_without_an_issue_the_form_names_the_missing_issue_only(admin_client):
    response = _add(admin_client, issue="", order="", title="Nowhere", slug="nowhere")
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert set(errors) == {"issue"}
