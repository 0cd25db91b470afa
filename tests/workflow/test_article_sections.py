"""An article's section belongs to its issue's publication, in the article form and the issue's article inline."""

import pytest
from django.urls import reverse

from editorial.publishing import Status
from tests.events.test_admin import form_data
from tests.factories import ArticleFactory, IssueFactory, PublicationFactory, SectionFactory
from tests.workflow.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast_issue():
    return IssueFactory(publication=PublicationFactory(name="CAST Weekly"), status=Status.DRAFT, publish_at=None)


@pytest.fixture
def other_letters():
    return SectionFactory(title="Letters", publication=PublicationFactory(name="Other Daily"))


def test_the_article_form_refuses_a_section_of_another_publication(client, editor, cast_issue, other_letters):
    article = ArticleFactory(issue=cast_issue, status=Status.DRAFT, publish_at=None, section=None)
    url = reverse("admin:articles_article_change", args=[article.pk])
    response = login(client, editor).post(url, form_data(client.get(url), section=str(other_letters.pk)))

    assert response.status_code == 200
    (error,) = response.context["adminform"].form.errors["section"]
    assert error.startswith("“Letters” is a section of Other Daily, but this issue belongs to CAST Weekly.")
    article.refresh_from_db()
    assert article.section is None


def test_the_article_form_accepts_a_section_of_its_publication(client, editor, cast_issue):
    article = ArticleFactory(issue=cast_issue, status=Status.DRAFT, publish_at=None, section=None)
    own = SectionFactory(title="Letters", publication=cast_issue.publication)
    url = reverse("admin:articles_article_change", args=[article.pk])
    assert login(client, editor).post(url, form_data(client.get(url), section=str(own.pk))).status_code == 302
    article.refresh_from_db()
    assert article.section == own


def test_the_section_autocomplete_offers_the_articles_publication_only(client, editor, cast_issue, other_letters):
    own = SectionFactory(title="Letters", publication=cast_issue.publication)
    article = ArticleFactory(issue=cast_issue, status=Status.DRAFT, publish_at=None, section=None)
    html = login(client, editor).get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert f"/admin/autocomplete/?publication={cast_issue.publication_id}" in html

    found = client.get(
        reverse("admin:autocomplete"),
        {"term": "Lett", "app_label": "articles", "model_name": "article", "field_name": "section",
         "publication": cast_issue.publication_id},
    ).json()  # fmt: skip
    assert [result["id"] for result in found["results"]] == [str(own.pk)]


def test_the_issue_inline_offers_and_accepts_only_the_issues_sections(client, editor, cast_issue, other_letters):
    own = SectionFactory(title="News", publication=cast_issue.publication)
    ArticleFactory(issue=cast_issue, status=Status.DRAFT, publish_at=None, section=own)
    url = reverse("admin:articles_issue_change", args=[cast_issue.pk])
    response = login(client, editor).get(url)
    (articles,) = [i.formset for i in response.context["inline_admin_formsets"] if i.formset.prefix == "articles"]
    assert list(articles.forms[0].fields["section"].queryset) == [own]

    # Moving the issue to another publication flags the sections its articles still use.
    data = form_data(response, publication=str(other_letters.publication_id))
    response = client.post(url, data)
    assert response.status_code == 200
    (articles,) = [i.formset for i in response.context["inline_admin_formsets"] if i.formset.prefix == "articles"]
    (error,) = articles.forms[0].errors["section"]
    assert error.startswith("“News” is a section of CAST Weekly, but this issue belongs to Other Daily.")
