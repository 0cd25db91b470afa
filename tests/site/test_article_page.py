"""The article page: everything a reader needs, sanitized, with neighbours in the issue."""

import datetime as dt

import pytest

from editorial.publishing import Status
from events.models import Event
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    EventFactory,
    IssueFactory,
    OrganizationFactory,
    PersonFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db


def page(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_article_shows_title_kind_standfirst_dateline_and_section(client):
    section = SectionFactory(title="Voices")
    article = ArticleFactory(
        issue=IssueFactory(publication=section.publication),
        section=section,
        kind="opinion",
        title="Climate policy is health policy",
        standfirst="Health belongs in every climate decision.",
        dateline_place="Beijing",
        dateline_date=dt.date(2021, 12, 27),
    )
    html = page(client, article)
    assert "<h1" in html and "Climate policy is health policy" in html
    assert ">Opinion<" in html and ">Voices<" in html
    assert "Health belongs in every climate decision." in html
    assert ">Beijing</span>" in html and "27 December 2021" in html


def test_bylines_link_people_with_position_as_printed_and_organizations(client):
    article = ArticleFactory()
    person = PersonFactory(name="Zhong Ping")
    organization = OrganizationFactory(name="Sputnik News Agency and Radio")
    BylineFactory(article=article, person=person, position_as_printed="Director, Global Office", order=0)
    BylineFactory(article=article, person=None, organization=organization, position_as_printed="", order=1)
    html = page(client, article)
    assert f'<a class="byline__name" href="{person.get_absolute_url()}">Zhong Ping</a>' in html
    assert '<span class="position">Director, Global Office</span>' in html
    assert f'href="{organization.get_absolute_url()}">Sputnik News Agency and Radio</a>' in html


def test_body_is_markdown_rendered_and_sanitized(client):
    article = ArticleFactory(
        body="Some **bold** text.\n\n<script>alert(1)</script>\n\n[click](javascript:alert(2))\n\n"
        '<img src=x onerror="alert(3)">'
    )
    html = page(client, article)
    body = html[html.index("article__body") :]
    assert "<strong>bold</strong>" in body
    assert "<script>alert" not in body
    assert 'href="javascript' not in body
    assert "<img" not in body  # raw HTML is shown as text, never as an element with an event handler


def test_previous_and_next_follow_issue_order_and_skip_unpublished(client):
    issue = IssueFactory()
    first = ArticleFactory(issue=issue, order=1, title="First piece")
    ArticleFactory(issue=issue, order=2, title="Draft piece", status=Status.DRAFT, publish_at=None)
    middle = ArticleFactory(issue=issue, order=3, title="Middle piece")
    last = ArticleFactory(issue=issue, order=4, title="Last piece")
    html = page(client, middle)
    assert f'rel="prev" href="{first.get_absolute_url()}"' in html
    assert f'rel="next" href="{last.get_absolute_url()}"' in html
    assert "Draft piece" not in html
    first_html = page(client, first)
    assert 'rel="prev"' not in first_html
    assert f'rel="next" href="{middle.get_absolute_url()}"' in first_html


def test_links_to_the_events_people_and_organizations_it_is_about(client):
    article = ArticleFactory()
    person, organization = PersonFactory(name="Xu Zhilong"), OrganizationFactory(name="IUSTC Union")
    event = EventFactory(title="Annual conference")
    hidden_event = EventFactory(title="Unannounced summit", status=Status.DRAFT, publish_at=None)
    article.about_people.set([person])
    article.about_organizations.set([organization])
    article.about_events.set([event, hidden_event])
    html = page(client, article)
    assert f'href="{person.get_absolute_url()}">Xu Zhilong</a>' in html
    assert f'href="{organization.get_absolute_url()}">IUSTC Union</a>' in html
    assert f'href="{event.get_absolute_url()}">Annual conference</a>' in html
    assert "Unannounced summit" not in html
    assert Event.objects.count() == 2


def test_article_in_unpublished_issue_is_404(client):
    article = ArticleFactory(issue=IssueFactory(status=Status.DRAFT, publish_at=None))
    assert client.get(article.get_absolute_url()).status_code == 404


def test_views_that_swap_the_queryset_still_get_neighbours_and_events(rf):
    """Staff previews reuse the public views with their own querysets (no annotations or to_attr prefetches)."""
    from articles.models import Article, Issue
    from articles.views import ArticleDetailView, IssueDetailView

    issue = IssueFactory()
    first = ArticleFactory(issue=issue, order=1, title="First piece")
    draft = ArticleFactory(issue=issue, order=2, title="Draft piece", status=Status.DRAFT, publish_at=None)
    event = EventFactory(title="Annual conference")
    draft.about_events.set([event])

    class DraftArticleView(ArticleDetailView):
        def get_queryset(self):
            return Article.objects.select_related("issue__publication", "section")

    kwargs = {"publication": issue.publication.slug, "issue": issue.slug, "slug": draft.slug}
    html = DraftArticleView.as_view()(rf.get("/"), **kwargs).render().content.decode()
    assert f'rel="prev" href="{first.get_absolute_url()}"' in html
    assert "Annual conference" in html

    class DraftIssueView(IssueDetailView):
        def get_queryset(self):
            from django.db.models import Prefetch

            return Issue.objects.select_related("publication").prefetch_related(
                Prefetch("articles", Article.objects.all(), to_attr="public_articles"), "headlines__article"
            )

    from tests.factories import HeadlineFactory

    HeadlineFactory(issue=issue, order=1, text="The draft headline", article=draft)
    html = DraftIssueView.as_view()(rf.get("/"), publication=issue.publication.slug, slug=issue.slug)
    html = html.render().content.decode()
    assert f'<a href="{draft.get_absolute_url()}">The draft headline</a>' in html
