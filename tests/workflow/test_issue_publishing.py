"""Publishing an issue: preflight blockers and warnings, refusal while blocked, all-or-nothing publish."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Article
from editorial import workflow
from editorial.models import Revision, TransitionLog
from editorial.publishing import Status
from tests.factories import ArticleFactory, BylineFactory, HeadlineFactory, IssueFactory, SectionFactory

pytestmark = pytest.mark.django_db


def _article(issue, status=Status.APPROVED, byline=True, **kwargs):
    article = ArticleFactory(issue=issue, status=status, publish_at=times(status), **kwargs)
    if byline:
        BylineFactory(article=article)
    return article


def times(status):
    return timezone.now() - dt.timedelta(days=1) if status == Status.PUBLISHED else None


@pytest.fixture
def issue():
    return IssueFactory(status=Status.APPROVED, publish_at=None)


def messages(problems):
    return [problem.message for problem in problems]


def test_clean_issue_has_no_blockers(issue):
    _article(issue, title="Fine")
    report = services.preflight(issue=issue)
    assert report.ok and messages(report.blockers) == []
    assert [a.title for a in report.to_publish] == ["Fine"]


@pytest.mark.parametrize(
    ("setup", "blocker"),
    [
        (lambda i: _article(i, Status.DRAFT, title="Rough"), "“Rough” is draft, not approved."),
        (lambda i: _article(i, Status.IN_REVIEW, title="Pending"), "“Pending” is in review, not approved."),
        (lambda i: _article(i, byline=False, title="Anonymous"), "“Anonymous” has no byline."),
        (
            lambda i: _article(i, title="Pictures", body="Look: ![](https://example.org/a.png)"),
            "An image in “Pictures” (https://example.org/a.png) has no alt text.",
        ),
        (
            lambda i: HeadlineFactory(issue=i, text="Loose", article=None),
            "Headline “Loose” is not linked to an article.",
        ),
        (
            lambda i: HeadlineFactory(issue=i, text="Elsewhere", article=ArticleFactory()),
            "Headline “Elsewhere” links to an article of another issue.",
        ),
        (
            lambda i: HeadlineFactory(issue=i, text="Gone", article=_article(i, Status.ARCHIVED)),
            "Headline “Gone” links to an archived article.",
        ),
        (
            lambda i: _article(i, Status.ARCHIVED, section=SectionFactory(publication=i.publication, title="Space")),
            "Section “Space” would be empty: none of its articles will be published.",
        ),
    ],
)
def test_preflight_blockers(issue, setup, blocker):
    _article(issue, title="Fine")
    setup(issue)
    assert blocker in messages(services.preflight(issue=issue).blockers)


def test_issue_without_articles_is_blocked(issue):
    assert "The issue has no article to publish." in messages(services.preflight(issue=issue).blockers)


def test_preflight_warnings(issue):
    _article(issue, title="Fine", body="")
    _article(issue, Status.ARCHIVED, title="Old news")
    SectionFactory(publication=issue.publication, title="Opinion")
    report = services.preflight(issue=issue)
    assert report.ok
    assert messages(report.warnings) == [
        "“Fine” has an empty body.",
        "“Old news” is archived and will not be published.",
        "Section “Opinion” has no articles in this issue.",
        "The issue has no headlines.",
    ]


def test_unused_sections_are_one_grouped_note(issue):
    _article(issue, title="Fine")
    for order, title in enumerate(("Letters", "Reports", "Voices"), start=1):
        SectionFactory(publication=issue.publication, title=title, order=order)
    notes = [message for message in messages(services.preflight(issue=issue).warnings) if "sections" in message]
    assert notes == ["3 sections have no articles in this issue: “Letters”, “Reports”, “Voices”."]


def test_preflight_page_lists_blockers_and_hides_publish_button(client, chief, issue):
    _article(issue, Status.DRAFT, title="Rough")
    client.force_login(chief)
    html = client.get(reverse("admin:articles_issue_preflight", args=[issue.pk])).content.decode()
    assert "Blockers (1)" in html and "“Rough” is draft, not approved." in html
    assert "Publish issue and its articles now" not in html


def test_preflight_page_offers_publishing_when_clear(client, chief, issue):
    _article(issue)
    client.force_login(chief)
    html = client.get(reverse("admin:articles_issue_preflight", args=[issue.pk])).content.decode()
    assert "Blockers (0)" in html and "Publish issue and its articles now" in html


def test_publish_is_refused_with_409_while_blockers_remain(client, chief, issue):
    fine, rough = _article(issue, title="Fine"), _article(issue, Status.DRAFT, title="Rough")
    client.force_login(chief)
    response = client.post(reverse("admin:articles_issue_transition", args=[issue.pk, "publish"]))
    assert response.status_code == 409
    assert "“Rough” is draft, not approved." in response.content.decode()
    issue.refresh_from_db(), fine.refresh_from_db(), rough.refresh_from_db()
    assert (issue.status, fine.status, rough.status) == (Status.APPROVED, Status.APPROVED, Status.DRAFT)


def test_publishing_publishes_issue_and_approved_articles_together(chief, issue):
    first, second = _article(issue), _article(issue)
    archived = _article(issue, Status.ARCHIVED)
    services.publish_issue(issue=issue, user=chief)
    issue.refresh_from_db()
    assert issue.is_public()
    assert set(Article.objects.published()) == {first, second}
    archived.refresh_from_db()
    assert archived.status == Status.ARCHIVED
    assert TransitionLog.objects.filter(to_status=Status.PUBLISHED).count() == 3


def test_scheduling_an_issue_schedules_its_articles(chief, issue):
    article = _article(issue)
    when = timezone.now() + dt.timedelta(hours=5)
    services.publish_issue(issue=issue, user=chief, publish_at=when)
    issue.refresh_from_db(), article.refresh_from_db()
    assert (issue.status, article.status) == (Status.SCHEDULED, Status.SCHEDULED)
    assert issue.publish_at == article.publish_at == when
    # publishing the scheduled issue early takes its scheduled articles along
    workflow.transition(obj=issue, name="publish", user=chief)
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED and article.publish_at <= timezone.now()


def test_a_failure_midway_leaves_nothing_half_published(chief, issue, monkeypatch):
    articles = [_article(issue) for _ in range(3)]
    real_apply, calls = workflow.apply, []

    def failing_apply(**kwargs):
        calls.append(kwargs["obj"])
        if len(calls) == 3:  # the issue, the first article, then boom on the second article
            raise RuntimeError("disk full")
        return real_apply(**kwargs)

    monkeypatch.setattr(services.workflow, "apply", failing_apply)
    with pytest.raises(RuntimeError, match="disk full"):
        services.publish_issue(issue=issue, user=chief)

    issue.refresh_from_db()
    assert (issue.status, issue.version) == (Status.APPROVED, 1)
    assert [Article.objects.get(pk=a.pk).status for a in articles] == [Status.APPROVED] * 3
    assert not TransitionLog.objects.exists()
    assert not Revision.objects.exists()
    assert not Article.objects.published().exists()


def test_editor_cannot_publish_an_issue(editor, issue):
    _article(issue)
    with pytest.raises(workflow.TransitionForbidden):
        services.publish_issue(issue=issue, user=editor)


def test_issue_must_be_approved_first(chief):
    issue = IssueFactory(status=Status.IN_REVIEW, publish_at=None)
    _article(issue)
    with pytest.raises(workflow.TransitionNotAllowed):
        services.publish_issue(issue=issue, user=chief)
    assert not TransitionLog.objects.filter(content_type=ContentType.objects.get_for_model(issue)).exists()


def test_a_draft_article_is_reported_once_not_also_as_an_empty_section(issue):
    _article(issue, title="Fine")
    _article(issue, Status.DRAFT, title="Rough", section=SectionFactory(publication=issue.publication, title="Space"))
    blockers = messages(services.preflight(issue=issue).blockers)
    assert blockers == ["“Rough” is draft, not approved."]
