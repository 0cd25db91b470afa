"""Titles and names are single-line where they are entered; exports survive older data with line breaks."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from articles.exchange.exporters import export_issue
from articles.models import Issue, Publication
from tests.factories import ArticleFactory, BylineFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def issue_with_broken_title():
    article = ArticleFactory()
    BylineFactory(article=article)
    issue = article.issue
    Issue.objects.filter(pk=issue.pk).update(title="Line one\nBcc: someone@example.org")
    Publication.objects.filter(pk=issue.publication_id).update(name="Fictional\r\nGazette")
    return Issue.objects.get(pk=issue.pk)


def test_the_email_export_of_a_title_with_a_line_break_has_a_one_line_subject(issue_with_broken_title):
    data = export_issue(issue_with_broken_title, "email")[0]
    headers = data.split(b"\n\n", 1)[0].decode()
    assert "Subject: Line one Bcc: someone@example.org" in headers.replace("\n ", " ")
    assert "\nBcc:" not in headers


def test_the_zip_export_of_several_issues_with_line_breaks_answers(admin_client, issue_with_broken_title):
    other = ArticleFactory()
    BylineFactory(article=other)
    url = reverse("admin:articles_issue_changelist")
    response = admin_client.post(url, {"action": "export_issues", "_selected_action": [issue_with_broken_title.pk,
                                 other.issue.pk], "index": "0", "format": "email", "apply": "1"})  # fmt: skip
    assert response.status_code == 200
    assert len(zipfile.ZipFile(io.BytesIO(response.content)).namelist()) == 2


@pytest.mark.parametrize("text", ["Two\nlines", "Carriage\rreturn", "Unicode\u2028separator"])
def test_a_name_with_a_line_break_is_refused(text):
    person = PersonFactory.build(name=text, slug="someone")
    with pytest.raises(ValidationError, match="Write this on one line"):
        person.full_clean()


def test_the_admin_refuses_an_article_title_with_a_line_break(admin_client):
    article = ArticleFactory()
    from tests.newsroom.test_admin_pages import _formset_post_data

    url = reverse("admin:articles_article_change", args=[article.pk])
    data = _formset_post_data(admin_client.get(url))
    data["title"] = "First line\nSecond line"
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Write this on one line" in response.content.decode()
    article.refresh_from_db()
    assert "\n" not in article.title
