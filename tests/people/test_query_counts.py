"""Query counts of the people pages do not grow with the number of members, people, articles or events."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import ArticleKind
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    EventFactory,
    EventOrganizationFactory,
    EventPersonFactory,
    IssueFactory,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    PositionFactory,
    PublicationFactory,
    UnionFactory,
)

pytestmark = pytest.mark.django_db

SMALL, LARGE = 2, 25


def build_union(n):
    """A union with n members; each member has a representative, a statement, an article about it,
    an event role and a unit; the union has n officers and n articles about it; the first member
    sent in n stories and publishes a newsletter of n unsigned news items, credited to it."""
    union = UnionFactory()
    issue = IssueFactory()
    first = None
    for i in range(n):
        member = OrganizationFactory(country=["CN", "RU", "JP", "US", "GB"][i % 5])
        if first is None:
            first = member
            newsletter = PublicationFactory(publisher=first, unsigned_kinds=[ArticleKind.NEWS])
            ArticleFactory.create_batch(n, issue=IssueFactory(publication=newsletter))
        BylineFactory(article=ArticleFactory(issue=issue, contributed_by=first))
        MembershipFactory(union=union, member=member)
        PositionFactory(organization=union, title=f"Vice Chairman {i}")
        person = PositionFactory(organization=member).person
        BylineFactory(person=person, article=ArticleFactory(issue=issue))
        BylineFactory(person=None, organization=member, article=ArticleFactory(issue=issue))
        ArticleFactory(issue=issue).about_organizations.add(member, union)
        EventOrganizationFactory(organization=member, event=EventFactory())
        EventOrganizationFactory(organization=union, event=EventFactory())
        OrganizationFactory(parent=member)
    return union


def build_organization(n):
    organization = OrganizationFactory()
    issue = IssueFactory()
    newsletter = PublicationFactory(publisher=organization, unsigned_kinds=[ArticleKind.NEWS])
    ArticleFactory.create_batch(n, issue=IssueFactory(publication=newsletter))  # unsigned, credited to it
    for _ in range(n):
        person = PositionFactory(organization=organization).person
        PositionFactory(organization=organization, end_date=dt.date(2019, 1, 1))
        BylineFactory(person=person, article=ArticleFactory(issue=issue))
        BylineFactory(person=None, organization=organization, article=ArticleFactory(issue=IssueFactory()))
        ArticleFactory(issue=issue).about_organizations.add(organization)
        EventOrganizationFactory(organization=organization, event=EventFactory(), role="host")
        EventOrganizationFactory(organization=organization, event=EventFactory(), role="co_organizer")
        MembershipFactory(member=organization)
        OrganizationFactory(parent=organization)
    return organization


def build_person(n):
    person = PersonFactory(name_original="张玉卓")
    for i in range(n):
        PositionFactory(person=person, start_date=dt.date(2000 + i, 1, 1), end_date=dt.date(2000 + i, 12, 31))
        BylineFactory(person=person, article=ArticleFactory(issue=IssueFactory()))
        ArticleFactory().about_people.add(person)
        EventPersonFactory(person=person, event=EventFactory())
    PositionFactory(person=person, title="Chairman")
    return person


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries), response.content.decode()


@pytest.mark.parametrize(
    ("build", "url_of", "max_queries"),
    [
        (build_union, lambda union: union.get_absolute_url(), 12),
        (build_union, lambda union: union.get_absolute_url() + "?group=kind", 12),
        (build_organization, lambda org: org.get_absolute_url(), 13),
        (build_person, lambda person: person.get_absolute_url(), 10),
        (build_union, lambda union: union.memberships.order_by("pk").first().get_absolute_url(), 10),
    ],
    ids=["union", "union-by-kind", "organization", "person", "member"],
)
# Measured: union 10, organization 11, person 8, member 8 queries, the same for 2, 25 and 100 rows;
# the bounds leave room for the site shell (base.html) to grow.
def test_page_query_count_is_constant(client, django_assert_max_num_queries, build, url_of, max_queries):
    small_url, large_url = url_of(build(SMALL)), url_of(build(LARGE))
    small_count, _ = count_queries(client, small_url)
    large_count, large_html = count_queries(client, large_url)
    assert small_count == large_count
    with django_assert_max_num_queries(max_queries):
        client.get(large_url)


def test_the_large_union_page_really_shows_every_member_and_article(client):
    union = build_union(LARGE)
    _count, html = count_queries(client, union.get_absolute_url())
    assert html.count('class="member-card"') == LARGE
    assert html.count('class="article-card"') == LARGE
    assert html.count('class="officer-title"') == LARGE


@pytest.mark.parametrize(
    "path", ["/people/", "/organizations/", "/people/?organization={union}", "/organizations/?q=Org"]
)
def test_directory_query_count_is_constant(client, path):
    counts = []
    for n in (SMALL, LARGE):
        union = build_union(n)
        counts.append(count_queries(client, path.format(union=union.slug))[0])
    assert counts[0] == counts[1]
    assert counts[1] <= 8


def test_the_large_organization_and_member_pages_really_show_every_article_credited_to_them(client):
    organization = build_organization(LARGE)
    _count, html = count_queries(client, organization.get_absolute_url())
    by = html[html.index('id="articles-by"') : html.index("</section>", html.index('id="articles-by"'))]
    assert by.count('class="article-card"') == 3 * LARGE  # bylined by it, by its people, credited as publisher
    union = build_union(LARGE)
    _count, html = count_queries(client, union.memberships.order_by("pk").first().get_absolute_url())
    by = html[html.index('id="articles-by"') : html.index("</section>", html.index('id="articles-by"'))]
    assert by.count('class="article-card"') == LARGE + 2  # its newsletter's news, its byline, its person's


def test_the_large_member_page_really_shows_every_contributed_story(client):
    union = build_union(LARGE)
    _count, html = count_queries(client, union.memberships.order_by("pk").first().get_absolute_url())
    contributed = html[
        html.index('id="contributed-heading"') : html.index("</section>", html.index('id="contributed-heading"'))
    ]
    assert contributed.count('class="article-card"') == LARGE
