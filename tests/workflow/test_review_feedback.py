"""A request for changes has to say what to change, and the author sees it: on the change page and the dashboard."""

import pytest
from django.urls import reverse

from editorial import workflow
from editorial.publishing import Status
from tests.factories import ArticleFactory, BylineFactory

pytestmark = pytest.mark.django_db


def _request_changes(client, article, comment):
    url = reverse("admin:articles_article_transition", args=[article.pk, "request_changes"])
    return client.post(url, {"comment": comment})


@pytest.fixture
def submitted(contributor):
    article = ArticleFactory(status=Status.IN_REVIEW, publish_at=None, created_by=contributor, title="Lab story")
    BylineFactory(article=article)
    return article


@pytest.mark.parametrize("comment", ["", "   "])
def test_request_changes_without_a_comment_is_a_bad_request(client, editor, submitted, comment):
    client.force_login(editor)
    response = _request_changes(client, submitted, comment)
    assert response.status_code == 400
    assert "write a comment saying what should change" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == Status.IN_REVIEW


def test_the_service_refuses_it_too(editor, submitted):
    with pytest.raises(workflow.TransitionInputError):
        workflow.transition(obj=submitted, name="request_changes", user=editor)


def test_the_author_sees_the_request_at_the_top_of_the_change_page(client, editor, contributor, submitted):
    client.force_login(editor)
    _request_changes(client, submitted, "Which lab? Name the source.")
    client.force_login(contributor)

    html = client.get(reverse("admin:articles_article_change", args=[submitted.pk])).content.decode()

    callout = html[html.index('class="workflow-callout workflow-change-request"') :]
    assert callout.index("Which lab? Name the source.") < callout.index('id="workflow-title"')
    assert "Changes requested by editor" in callout


def test_the_request_is_no_longer_shown_once_resubmitted(client, editor, contributor, submitted):
    client.force_login(editor)
    _request_changes(client, submitted, "Which lab?")
    workflow.transition(obj=submitted, name="submit", user=contributor)
    client.force_login(contributor)
    html = client.get(reverse("admin:articles_article_change", args=[submitted.pk])).content.decode()
    assert "workflow-change-request" not in html


def _dashboard_section(html, element_id):
    start = html.index(f'id="{element_id}"')
    return html[start : html.index("</div>", start)]


def test_dashboard_marks_drafts_with_changes_requested_and_lists_my_submitted_items(
    client, editor, contributor, submitted
):
    client.force_login(editor)
    _request_changes(client, submitted, "Which lab? Name the source and add a quote from the second author please.")
    ArticleFactory(status=Status.IN_REVIEW, publish_at=None, created_by=contributor, title="Waiting story")
    ArticleFactory(status=Status.DRAFT, publish_at=None, created_by=contributor, title="Fresh draft")
    client.force_login(contributor)

    html = client.get(reverse("admin:index")).content.decode()

    drafts = _dashboard_section(html, "dash-drafts")
    lab = drafts[drafts.index("Lab story") : drafts.index("</li>", drafts.index("Lab story"))]
    assert "changes requested" in lab and "Which lab? Name the source" in lab and "please" not in lab
    fresh = drafts[drafts.index("Fresh draft") :]
    assert "changes requested" not in fresh[: fresh.index("</li>")]
    submitted_list = _dashboard_section(html, "dash-submitted")
    assert "Submitted, awaiting review" in submitted_list and "Waiting story" in submitted_list
    assert "Lab story" not in submitted_list
