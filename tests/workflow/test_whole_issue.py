"""Approving or sending back a whole issue: one confirmed step that takes every article through the ordinary
transitions (same permission and state checks, each logged), all or nothing."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from articles import services
from articles.models import Article
from editorial import workflow
from editorial.models import TransitionLog
from editorial.publishing import Status
from tests.factories import ArticleFactory, BylineFactory, IssueFactory
from tests.workflow.conftest import login, times_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def new_issue():
    """An imported issue: a draft with 13 draft articles, plus one in review and one archived."""
    issue = IssueFactory(status=Status.DRAFT, publish_at=None, title="Thirteen pieces")
    for order in range(1, 14):
        BylineFactory(article=ArticleFactory(issue=issue, order=order, status=Status.DRAFT, publish_at=None))
    ArticleFactory(issue=issue, order=14, status=Status.IN_REVIEW, publish_at=None, title="Reviewed already")
    ArticleFactory(issue=issue, order=15, status=Status.ARCHIVED, publish_at=None, title="Dropped")
    return issue


def log_of(obj):
    return list(
        TransitionLog.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)
        .order_by("pk")
        .values_list("transition", "from_status", "to_status", "user__username")
    )


def test_chief_approves_the_issue_and_its_articles_in_one_step_each_transition_logged(new_issue, chief):
    plan = services.transition_whole_issue(issue=new_issue, name="approve", user=chief)
    assert len(plan.moves) == 15  # 14 articles and the issue; the archived article is left alone
    states = dict(new_issue.articles.values_list("title", "status"))
    assert states.pop("Dropped") == Status.ARCHIVED
    assert set(states.values()) == {Status.APPROVED}
    new_issue.refresh_from_db()
    assert new_issue.status == Status.APPROVED
    first = new_issue.articles.get(order=1)
    assert log_of(first) == [
        ("submit", "draft", "in_review", "chief-editor"),
        ("approve", "in_review", "approved", "chief-editor"),
    ]
    assert log_of(new_issue.articles.get(order=14)) == [("approve", "in_review", "approved", "chief-editor")]
    assert log_of(new_issue)[-1] == ("approve", "in_review", "approved", "chief-editor")
    entry = TransitionLog.objects.filter(object_id=first.pk, transition="approve").get(
        content_type=ContentType.objects.get_for_model(Article)
    )
    assert entry.comment == f"Approved with the whole issue No. {new_issue.number}."
    first.refresh_from_db()
    assert first.version == 3  # each step is a new version with its revision, as a step taken by hand


def test_after_approving_the_whole_issue_the_preflight_has_no_state_blockers(new_issue, chief):
    services.transition_whole_issue(issue=new_issue, name="approve", user=chief)
    report = services.preflight(issue=new_issue)
    assert not [problem for problem in report.blockers if "not approved" in problem.message]


def test_a_role_without_a_step_changes_nothing(new_issue, contributor):
    with pytest.raises(workflow.TransitionForbidden, match="nothing was changed"):
        services.transition_whole_issue(issue=new_issue, name="approve", user=contributor)
    assert set(new_issue.articles.values_list("status", flat=True)) == {Status.DRAFT, Status.IN_REVIEW, Status.ARCHIVED}
    assert not TransitionLog.objects.exists()


def test_sending_back_needs_a_comment_and_leaves_published_articles(chief):
    issue = IssueFactory(status=Status.APPROVED, publish_at=None)
    approved = ArticleFactory(issue=issue, order=1, status=Status.APPROVED, publish_at=None)
    live = ArticleFactory(issue=issue, order=2, status=Status.PUBLISHED, publish_at=times_for(Status.PUBLISHED))
    with pytest.raises(workflow.TransitionInputError, match="write a comment"):
        services.transition_whole_issue(issue=issue, name="request_changes", user=chief)
    plan = services.transition_whole_issue(issue=issue, name="request_changes", user=chief, comment="Too long.")
    assert [move.obj.pk for move in plan.moves] == [approved.pk, issue.pk]
    assert plan.untouched == [live]
    approved.refresh_from_db()
    live.refresh_from_db()
    assert (approved.status, live.status) == (Status.DRAFT, Status.PUBLISHED)
    assert log_of(approved) == [("request_changes", "approved", "draft", "chief-editor")]


def test_a_confirmation_made_before_someone_changed_the_issue_is_refused(new_issue, chief, editor):
    plan = services.plan_whole_issue(issue=new_issue, name="approve", user=chief)
    workflow.transition(obj=new_issue.articles.get(order=1), name="submit", user=editor)
    with pytest.raises(workflow.StaleVersion):
        services.transition_whole_issue(issue=new_issue, name="approve", user=chief, expected=plan.signature)
    assert new_issue.articles.filter(status=Status.APPROVED).count() == 0


def test_nothing_to_approve_is_refused_with_a_message(chief):
    issue = IssueFactory(status=Status.APPROVED, publish_at=None)
    ArticleFactory(issue=issue, order=1, status=Status.APPROVED, publish_at=None)
    with pytest.raises(workflow.TransitionNotAllowed, match="neither the issue nor any of its articles"):
        services.transition_whole_issue(issue=issue, name="approve", user=chief)


def test_admin_confirms_then_approves_the_whole_issue(client, new_issue, chief):
    login(client, chief)
    change = client.get(reverse("admin:articles_issue_change", args=[new_issue.pk])).content.decode()
    url = reverse("admin:articles_issue_whole", args=[new_issue.pk, "approve"])
    assert f'href="{url}"' in change and "Approve the whole issue…" in change
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200 and html.count("Submit for review, then Approve") == 14  # 13 drafts + the issue
    assert "Left as they are: “Dropped” (archived)" in html
    assert not new_issue.articles.filter(status=Status.APPROVED).exists()  # looking changes nothing
    expected = page.context["plan"].signature
    response = client.post(url, {"expected": expected, "comment": ""}, follow=True)
    assert "14 articles moved, each step logged; the issue is approved." in response.content.decode()
    assert new_issue.articles.filter(status=Status.APPROVED).count() == 14


def test_admin_send_back_without_comment_is_refused_and_kept_on_the_page(client, chief):
    issue = IssueFactory(status=Status.IN_REVIEW, publish_at=None)
    ArticleFactory(issue=issue, order=1, status=Status.IN_REVIEW, publish_at=None)
    login(client, chief)
    url = reverse("admin:articles_issue_whole", args=[issue.pk, "request_changes"])
    expected = client.get(url).context["plan"].signature
    response = client.post(url, {"expected": expected, "comment": "  "})
    assert response.status_code == 400
    assert "write a comment saying what should change" in response.content.decode()
    assert issue.articles.get().status == Status.IN_REVIEW


def test_preflight_offers_the_whole_issue_approval(client, new_issue, chief):
    login(client, chief)
    html = client.get(reverse("admin:articles_issue_preflight", args=[new_issue.pk])).content.decode()
    assert reverse("admin:articles_issue_whole", args=[new_issue.pk, "approve"]) in html
