"""The search filters offer what readers can see now, read once per content version, never stale.

Each test searches once (so the choices are kept), checks the next search reads no choice, changes
what the filters offer the way editors, services or time change it, and checks the next search
offers the change.
"""

import datetime as dt
import re

import pytest
import time_machine
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.filters import QuickSelect
from articles.models import Article
from core import caching, versions
from editorial.publishing import Status
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    IssueFactory,
    OrganizationFactory,
    PersonFactory,
    PublicationFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db


def options(client, name: str, **params) -> list[str]:
    """The labels the <select> of filter `name` offers on the search page (without the empty choice)."""
    html = client.get(reverse("search"), params).content.decode()
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.findall(r'<option value="[^"]+"[^>]*>([^<]*)</option>', select)


def search_queries(client, **params) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("search"), params).status_code == 200
    return [query["sql"] for query in queries.captured_queries]


def reads_choices(sqls: list[str]) -> bool:
    return any('FROM "articles_publication"' in sql or 'FROM "people_person"' in sql for sql in sqls)


@pytest.fixture
def archive(db):
    issue = IssueFactory(publication=PublicationFactory(name="Science Weekly"), date=dt.date(2024, 3, 1))
    section = SectionFactory(publication=issue.publication, title="Voices")
    article = ArticleFactory(issue=issue, section=section, title="Comet tails")
    BylineFactory(article=article, person=PersonFactory(name="Li Wei", slug="li-wei"))
    return {"issue": issue, "section": section, "article": article}


def test_the_choices_are_read_once_then_kept_until_the_content_changes(client, archive):
    assert reads_choices(search_queries(client, q="comet"))
    assert not reads_choices(search_queries(client, q="comet"))
    assert not reads_choices(search_queries(client, q="tails", person="li-wei"))
    ArticleFactory(issue=archive["issue"], order=2, title="Other")
    assert reads_choices(search_queries(client, q="comet"))


def test_a_new_section_publication_year_and_byline_are_offered_at_once(client, archive):
    assert options(client, "section") == ["Voices"]
    issue = IssueFactory(publication=PublicationFactory(name="Daily Bulletin"), date=dt.date(2025, 1, 6))
    article = ArticleFactory(issue=issue, section=SectionFactory(publication=issue.publication, title="Briefs"))
    BylineFactory(article=article, person=PersonFactory(name="Zhang Min"), organization=None)
    BylineFactory(article=article, person=None, organization=OrganizationFactory(name="Example Fictional Society"))
    assert options(client, "section") == ["Briefs", "Voices"]
    assert options(client, "publication") == ["Daily Bulletin", "Science Weekly"]
    assert options(client, "year") == ["2025", "2024"]
    assert options(client, "person") == ["Li Wei", "Zhang Min"]
    assert options(client, "organization") == ["Example Fictional Society"]


def test_a_renamed_person_is_offered_under_the_new_name(client, archive):
    assert options(client, "person") == ["Li Wei"]
    person = archive["article"].bylines.get().person
    person.name = "Li Weiwei"
    person.save()
    assert options(client, "person") == ["Li Weiwei"]


def test_unpublishing_takes_its_section_and_people_off_the_choices(client, archive):
    assert options(client, "section") == ["Voices"] and options(client, "person") == ["Li Wei"]
    Article.objects.filter(pk=archive["article"].pk).update(status=Status.DRAFT)  # a bulk write counts too
    assert options(client, "section") == [] and options(client, "person") == []


def test_a_scheduled_issue_is_offered_when_its_time_comes_without_any_write(client, archive):
    publish_at = timezone.now() + dt.timedelta(hours=2)
    issue = IssueFactory(
        publication=PublicationFactory(name="Annual Review"), status=Status.SCHEDULED, publish_at=publish_at
    )
    ArticleFactory(issue=issue, title="Year in review")
    with time_machine.travel(publish_at - dt.timedelta(seconds=1), tick=False):
        assert options(client, "publication") == ["Science Weekly"]
        assert not reads_choices(search_queries(client))
    with time_machine.travel(publish_at, tick=False):
        assert options(client, "publication") == ["Annual Review", "Science Weekly"]


def test_an_embargoed_articles_author_is_offered_when_the_embargo_ends(client, archive):
    ends = timezone.now() + dt.timedelta(hours=2)
    article = ArticleFactory(issue=archive["issue"], order=2, title="Embargoed", embargoed_until=ends)
    BylineFactory(article=article, person=PersonFactory(name="Wang Fang"))
    with time_machine.travel(ends - dt.timedelta(seconds=1), tick=False):
        assert options(client, "person") == ["Li Wei"]
        assert options(client, "person") == ["Li Wei"]
    with time_machine.travel(ends, tick=False):
        assert options(client, "person") == ["Li Wei", "Wang Fang"]


def test_a_filter_value_no_longer_offered_is_refused(client, archive):
    assert options(client, "person", person="li-wei") == ["Li Wei"]
    Article.objects.filter(pk=archive["article"].pk).update(status=Status.DRAFT)
    html = client.get(reverse("search"), {"person": "li-wei"}).content.decode()
    assert 'id="id_person_error">Select a valid choice' in html


def test_choices_computed_while_a_publish_time_passed_are_not_kept(archive, monkeypatch):
    read = versions.current
    monkeypatch.setattr(versions, "current", lambda now: read(now=now)._replace(changes_at=now))
    computed = []
    for _ in range(2):
        assert caching.cached_for_content("test", lambda now: computed.append(now) or len(computed)) == len(computed)
    assert len(computed) == 2


def test_choices_are_kept_per_content_version(archive):
    first = caching.cached_for_content("test", lambda now: "first")
    assert caching.cached_for_content("test", lambda now: "second") == first == "first"
    ArticleFactory(issue=archive["issue"], order=2, title="A change")
    assert caching.cached_for_content("test", lambda now: "second") == "second"


@pytest.mark.parametrize("value", [None, "", "b&b", "2", 2, "missing"])
def test_quick_select_renders_what_djangos_select_renders(value):
    choices = [
        ("", "Anyone"),
        ("a", "Ann <Admin>"),
        ("b&b", 'Bed & "Breakfast"'),
        (2, "Two"),
        ("2", "Two again"),  # a second match: only the first is selected
        ("Group", [("g1", "In a group"), ("g2", "Also")]),
    ]
    attrs = {"id": "id_person", "aria-describedby": "id_person_error"}

    def normalised(html):
        return re.sub(r">\s+<", "><", str(html)).strip()

    quick = QuickSelect(choices=choices).render("person", value, attrs)
    assert normalised(quick) == normalised(forms.Select(choices=choices).render("person", value, attrs))
