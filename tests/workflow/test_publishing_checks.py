"""The per-article publishing checks of the preflight (byline, alt text) also guard publishing or scheduling a
single article and restoring a revision of a live item; restoring is a confirm step."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from editorial import revisions, versioning, workflow
from editorial.publishing import Status
from tests.factories import ArticleFactory, BylineFactory, IssueFactory

pytestmark = pytest.mark.django_db


def _approved(*, byline=True, **kwargs):
    article = ArticleFactory(status=Status.APPROVED, publish_at=None, **kwargs)
    if byline:
        BylineFactory(article=article)
    return article


def _transition(client, article, name, **data):
    return client.post(reverse("admin:articles_article_transition", args=[article.pk, name]), data)


@pytest.mark.parametrize("name", ["publish", "schedule"])
def test_publishing_an_article_without_byline_is_refused_with_the_reason(client, chief, name):
    article = _approved(byline=False, title="Anonymous")
    client.force_login(chief)
    future = (timezone.localtime() + dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")

    response = _transition(client, article, name, publish_at=future)

    assert response.status_code == 409
    assert "“Anonymous” has no byline." in response.content.decode()
    article.refresh_from_db()
    assert (article.status, article.version) == (Status.APPROVED, 1)


def test_publishing_an_article_whose_image_lacks_alt_text_is_refused(chief):
    article = _approved(title="Pictures", body="See ![](https://example.org/a.png)")
    with pytest.raises(workflow.NotReadyToPublish, match=r"An image in “Pictures” .* has no alt text"):
        workflow.transition(obj=article, name="publish", user=chief)
    article.refresh_from_db()
    assert article.status == Status.APPROVED


def test_publishing_an_article_in_a_hidden_issue_says_readers_cannot_see_it(client, chief):
    article = _approved(issue=IssueFactory(status=Status.DRAFT, publish_at=None, number="7"), title="Early bird")
    client.force_login(chief)

    response = _transition(client, article, "publish")
    html = client.get(response.url).content.decode()

    assert "“Early bird” was published, but readers cannot see it" in html
    assert "The article becomes public when the issue is published." in html


def test_publishing_an_article_in_a_public_issue_just_says_published(client, chief):
    article = _approved(title="On time")
    client.force_login(chief)
    html = client.get(_transition(client, article, "publish").url).content.decode()
    assert "“On time” was published." in html and "cannot see" not in html


# --- restore ---------------------------------------------------------------------------------------------------


@pytest.fixture
def public_article(editor):
    """A published article whose version 1 had no byline and an image without alt text."""
    article = ArticleFactory(title="Draft title", body="![](https://example.org/a.png)")
    revisions.record(article, user=editor, summary="First draft")
    article.title, article.body = "Good title", "Clean text."
    article.save()
    BylineFactory(article=article)
    versioning.save_revision(obj=article, user=editor, summary="Fixed")
    assert workflow.is_public(article)
    return article


def _restore_url(article, version):
    revision = revisions.revisions_for(article).get(version=version)
    return reverse("admin:articles_article_restore", args=[article.pk, revision.pk])


def test_restore_is_a_confirm_step_showing_the_diff_and_that_readers_see_it(client, editor, public_article):
    client.force_login(editor)

    response = client.get(_restore_url(public_article, 1))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Readers will see the restored version immediately." in html
    assert "<del>Good</del><ins>Draft</ins> title" in html
    assert "Status" not in [change.label for change in response.context["changes"]]
    public_article.refresh_from_db()
    assert (public_article.title, public_article.version) == ("Good title", 2)  # GET changed nothing


def test_restoring_a_version_that_fails_the_checks_on_a_public_article_is_refused(client, editor, public_article):
    client.force_login(editor)

    response = client.post(_restore_url(public_article, 1))

    html = response.content.decode()
    assert response.status_code == 409
    assert "has no byline." in html and "has no alt text." in html
    public_article.refresh_from_db()
    assert (public_article.title, public_article.version) == ("Good title", 2)
    assert public_article.bylines.count() == 1
    assert revisions.revisions_for(public_article).count() == 2


def test_restoring_a_failing_version_of_a_draft_is_allowed(client, editor, public_article):
    type(public_article).objects.filter(pk=public_article.pk).update(status=Status.DRAFT, publish_at=None)
    client.force_login(editor)
    html = client.get(_restore_url(public_article, 1)).content.decode()
    assert "Readers will see" not in html
    assert client.post(_restore_url(public_article, 1)).status_code == 302
    public_article.refresh_from_db()
    assert public_article.title == "Draft title"


def test_revisions_page_links_to_the_confirm_step(client, editor, public_article):
    client.force_login(editor)
    html = client.get(reverse("admin:articles_article_revisions", args=[public_article.pk])).content.decode()
    assert f'href="{_restore_url(public_article, 1)}"' in html
