"""Publishing an issue costs a fixed number of queries per article, however many bylines, links and
headlines each has: every article's revision snapshot reads relations loaded once for the whole issue."""

import pytest

from articles import services
from articles.models import Article
from editorial import revisions
from editorial.publishing import Status
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    EventFactory,
    HeadlineFactory,
    IssueFactory,
    OrganizationFactory,
    PersonFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db

# Locks, preflight, prefetches, the issue's own update, log line and revision: whatever the issue's size.
FIXED = 20
# Per article: its update, its log line and its revision.
PER_ARTICLE = 3


def approved_issue(n: int):
    issue = IssueFactory(status=Status.APPROVED, publish_at=None)
    sections = [SectionFactory(publication=issue.publication, title=title) for title in ("News", "Voices")]
    event = EventFactory()
    for position in range(1, n + 1):
        article = ArticleFactory(
            issue=issue, status=Status.APPROVED, publish_at=None, order=position, section=sections[position % 2]
        )
        BylineFactory(article=article, order=0)
        BylineFactory(article=article, order=1)
        BylineFactory(article=article, order=2, person=None, organization=OrganizationFactory())
        article.about_people.set([PersonFactory()])
        article.about_organizations.set([OrganizationFactory()])
        article.about_events.set([event])
        HeadlineFactory(issue=issue, article=article, order=position)
    return issue


@pytest.mark.parametrize("n", [3, 30])
def test_publishing_an_issue_costs_a_fixed_number_of_queries_per_article(n, chief, django_assert_max_num_queries):
    issue = approved_issue(n)
    with django_assert_max_num_queries(FIXED + PER_ARTICLE * n):
        services.publish_issue(issue=issue, user=chief)
    assert Article.objects.filter(issue=issue, status=Status.PUBLISHED).count() == n


def test_the_revisions_recorded_while_publishing_name_the_bylines_links_and_issue(chief):
    issue = approved_issue(1)
    article = issue.articles.get()
    services.publish_issue(issue=issue, user=chief)
    display = dict(revisions.revisions_for(article).get(summary="Publish now").data["display"])
    bylines = [f"{byline.person or byline.organization}" for byline in article.bylines.order_by("order")]
    assert all(name in display["Bylines"] for name in bylines)
    assert display["Issue"] == str(issue)
    assert display["About people"] == str(article.about_people.get())
