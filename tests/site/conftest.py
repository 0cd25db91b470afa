import datetime as dt

import pytest
from django.utils import timezone

from editorial.publishing import Status
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    HeadlineFactory,
    IssueFactory,
    OrganizationFactory,
    PersonFactory,
    PublicationFactory,
    SectionFactory,
)


@pytest.fixture
def build_issue(db):
    """An issue of `n` published articles: the first two without a section, then runs of sections,
    each article with a person byline (and every third an organization byline too), plus headlines."""

    def build(n=3, **issue_kwargs):
        publication = issue_kwargs.pop("publication", None) or PublicationFactory()
        issue = IssueFactory(publication=publication, colophon="Edited in **Beijing**.", **issue_kwargs)
        sections = [SectionFactory(publication=publication, title=title) for title in ("Voices", "S&T News")]
        organization = OrganizationFactory()
        articles = []
        for position in range(1, n + 1):
            section = None if position <= 2 else sections[(position // 3) % 2]
            article = ArticleFactory(issue=issue, order=position, section=section)
            BylineFactory(article=article, person=PersonFactory(), position_as_printed="Professor")
            if position % 3 == 0:
                BylineFactory(article=article, person=None, organization=organization, position_as_printed="", order=1)
            articles.append(article)
        for order, article in enumerate(articles[:5], start=1):
            HeadlineFactory(issue=issue, order=order, text=f"Headline for {article.title}", article=article)
        return issue

    return build


@pytest.fixture
def draft_article(db):
    """A draft article in a published issue, with searchable words found nowhere else."""
    issue = IssueFactory()
    ArticleFactory(issue=issue, order=1, title="Published neighbour")
    return ArticleFactory(
        issue=issue,
        order=2,
        title="Secret zeppelin breakthrough",
        slug="secret-zeppelin",
        body="Zeppelin quasar embargoed text.",
        status=Status.DRAFT,
        publish_at=None,
    )


@pytest.fixture
def future_article(db):
    issue = IssueFactory()
    return ArticleFactory(
        issue=issue,
        title="Scheduled walrus story",
        slug="scheduled-walrus",
        status=Status.SCHEDULED,
        publish_at=timezone.now() + dt.timedelta(days=2),
    )
