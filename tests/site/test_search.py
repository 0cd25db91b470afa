"""Search published articles (title, standfirst, body, byline names), ranked, filtered, paginated, shareable."""

import re

import pytest
from django.db import connection
from django.urls import reverse

from articles.models import Article
from articles.search import search_articles
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


def titles(client, **params):
    html = client.get(reverse("search"), params).content.decode()
    return re.findall(r'class="article-card__title"><a href="[^"]+">([^<]+)</a>', html)


def test_finds_words_in_title_standfirst_body_and_byline_names(client):
    ArticleFactory(title="Telescope scores achievements")
    ArticleFactory(title="Standfirst match", standfirst="A new telescope in Guizhou.")
    ArticleFactory(title="Body match", body="The telescope found pulsars.")
    named = ArticleFactory(title="Byline match", body="Nothing here.")
    BylineFactory(article=named, person=PersonFactory(name="Okimura Kazuki"))
    org_named = ArticleFactory(title="Agency byline match", body="Nothing either.")
    BylineFactory(article=org_named, person=None, organization=OrganizationFactory(name="Sputnik News Agency"))
    assert set(titles(client, q="telescope")) == {"Telescope scores achievements", "Standfirst match", "Body match"}
    assert titles(client, q="okimura") == ["Byline match"]
    assert titles(client, q="sputnik") == ["Agency byline match"]


def test_title_match_ranks_above_body_match(client):
    ArticleFactory(title="Plain title", body="Mentions quantum once.")
    ArticleFactory(title="Quantum sensing advances", body="Other words.")
    assert titles(client, q="quantum") == ["Quantum sensing advances", "Plain title"]


def test_stemming_and_case_do_not_matter(client):
    ArticleFactory(title="Engineers forum", body="Forums gathered many ENGINEERS.")
    assert titles(client, q="engineer") == ["Engineers forum"]


def test_search_index_follows_edits_and_renamed_people(client):
    article = ArticleFactory(title="Original headline", body="Nothing.")
    person = PersonFactory(name="Zhang Yuzhuo")
    BylineFactory(article=article, person=person)
    Article.objects.filter(pk=article.pk).update(title="Revised headline")  # bypasses save(): the DB keeps up
    person.name = "Wan Gang"
    person.save()
    assert titles(client, q="revised") == ["Revised headline"]
    assert titles(client, q="original") == []
    assert titles(client, q="wan gang") == ["Revised headline"]
    assert titles(client, q="yuzhuo") == []
    article.delete()
    assert titles(client, q="revised") == []


def test_hostile_query_syntax_is_treated_as_words(client):
    ArticleFactory(title="Safe words only")
    assert titles(client, q='safe* "words') == ["Safe words only"]
    assert titles(client, q="words NEAR(") == []  # FTS5 operators are plain words: "near" is not in the text
    assert client.get(reverse("search"), {"q": '"*'}).status_code == 200


def test_filters_by_publication_year_section_kind_person_and_organization(client):
    weekly, daily = PublicationFactory(slug="weekly"), PublicationFactory(slug="daily")
    voices = SectionFactory(publication=weekly, title="Voices")
    old_issue = IssueFactory(publication=weekly, date="2021-12-27", number="2021-52", slug="2021-52")
    new_issue = IssueFactory(publication=weekly, date="2022-02-01", number="2022-02", slug="2022-02")
    person, org = PersonFactory(slug="zhong-ping"), OrganizationFactory(slug="cast")
    a = ArticleFactory(issue=old_issue, title="Alpha carbon", section=voices, kind="opinion")
    b = ArticleFactory(issue=new_issue, title="Beta carbon", kind="report")
    c = ArticleFactory(issue=IssueFactory(publication=daily), title="Gamma carbon", kind="news")
    BylineFactory(article=a, person=person)
    c.about_organizations.set([org])
    BylineFactory(article=b, person=None, organization=org)
    assert titles(client, q="carbon", publication="daily") == ["Gamma carbon"]
    assert titles(client, q="carbon", year="2021") == ["Alpha carbon"]
    assert titles(client, section=voices.pk) == ["Alpha carbon"]
    assert titles(client, kind="report") == ["Beta carbon"]
    assert titles(client, person="zhong-ping") == ["Alpha carbon"]
    assert set(titles(client, organization="cast")) == {"Beta carbon", "Gamma carbon"}
    assert titles(client, q="carbon", publication="weekly", kind="opinion", year="2021") == ["Alpha carbon"]


def test_results_are_paginated_and_pages_keep_the_query(client):
    for n in range(25):
        ArticleFactory(title=f"Comet report {n}")
    html = client.get(reverse("search"), {"q": "comet", "kind": "news"}).content.decode()
    assert "25 articles" in html
    assert html.count('class="article-card"') == 20
    assert 'href="?q=comet&amp;kind=news&amp;page=2"' in html
    second = client.get(reverse("search"), {"q": "comet", "kind": "news", "page": 2}).content.decode()
    assert second.count('class="article-card"') == 5


def test_search_form_round_trips_in_the_url(client):
    html = client.get(reverse("search"), {"q": "comet tails"}).content.decode()
    assert 'value="comet tails"' in html
    assert 'method="get"' in html


def test_an_invalid_filter_is_ignored_with_its_error_and_the_valid_ones_still_apply(client):
    """An old link (to a person since merged, say) keeps working: the filters that are valid apply."""
    ArticleFactory(title="Comet news", kind="news")
    ArticleFactory(title="Comet opinion", kind="opinion")
    ArticleFactory(title="Other news", kind="news")
    for invalid in ({"person": "nobody"}, {"year": "abc"}, {"organization": "gone"}):
        params = {"q": "comet", "kind": "news", **invalid}
        html = client.get(reverse("search"), params).content.decode()
        assert titles(client, **params) == ["Comet news"], invalid
        assert 'class="field__error"' in html and "Select a valid choice" in html, invalid


def test_search_function_ranks_on_the_current_database(db):
    ArticleFactory(title="Pulsar pulsar pulsar", body="pulsar")
    ArticleFactory(title="Other", body="A pulsar.")
    ranked = list(search_articles(Article.objects.published(), "pulsar"))
    assert [article.title for article in ranked] == ["Pulsar pulsar pulsar", "Other"]
    assert ranked[0].rank > ranked[1].rank


def test_words_can_match_across_byline_and_text(client):
    by_zhong = ArticleFactory(title="Carbon neutrality needs cooperation")
    BylineFactory(article=by_zhong, person=PersonFactory(name="Zhong Ping"))
    other = ArticleFactory(title="Carbon markets")
    BylineFactory(article=other, person=PersonFactory(name="Huang Cunrui"))
    assert titles(client, q="zhong carbon") == ["Carbon neutrality needs cooperation"]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 index exists on SQLite only")
def test_sqlite_triggers_are_restored_and_index_rebuilt_when_missing(client):
    from articles.search import SQLITE_TRIGGERS, install_sqlite_index

    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER articles_article_fts_ai")
    ArticleFactory(title="Written while the trigger was missing")
    assert titles(client, q="missing") == []
    assert install_sqlite_index(connection) is True
    assert titles(client, q="missing") == ["Written while the trigger was missing"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        assert set(SQLITE_TRIGGERS) <= {row[0] for row in cursor.fetchall()}
    assert install_sqlite_index(connection) is False  # nothing missing: no rebuild


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 index exists on SQLite only")
def test_sqlite_triggers_an_older_release_defined_differently_are_replaced_and_the_index_rebuilt(client):
    from articles.search import install_sqlite_index

    with connection.cursor() as cursor:  # as before publishers were indexed: the bylines' names only
        cursor.execute("DROP TRIGGER articles_article_fts_ai")
        cursor.execute(
            "CREATE TRIGGER articles_article_fts_ai AFTER INSERT ON articles_article BEGIN "
            "INSERT INTO articles_article_fts (rowid, title, standfirst, body, names) "
            "SELECT id, title, standfirst, body, '' FROM articles_article WHERE id = new.id; END"
        )
    publisher = OrganizationFactory(name="Lantern Science Society")
    letter = PublicationFactory(publisher=publisher, unsigned_kinds=["news"])
    ArticleFactory(issue=IssueFactory(publication=letter), title="Unsigned news")
    assert titles(client, q="lantern") == []
    assert install_sqlite_index(connection) is True
    assert titles(client, q="lantern") == ["Unsigned news"]
    ArticleFactory(issue=IssueFactory(publication=letter), title="Later news")
    assert sorted(titles(client, q="lantern")) == ["Later news", "Unsigned news"]
    assert install_sqlite_index(connection) is False


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 index exists on SQLite only")
def test_later_migrations_may_rebuild_the_tables_the_index_reads(transactional_db, client):
    """SQLite rebuilds a table to alter a column; with the triggers in place that fails
    ("error in trigger …: no such table"). migrate turns them off first and back on after."""
    from articles.apps import _drop_search_triggers, _install_search_triggers
    from articles.models import Byline, Issue, Publication
    from people.models import Person

    article = ArticleFactory(title="Union conference")
    BylineFactory(article=article, person=PersonFactory(name="Xu Zhilong"))
    _drop_search_triggers(using="default")  # pre_migrate
    for model, name in (
        (Person, "name"),
        (Article, "title"),
        (Byline, "position_as_printed"),
        (Issue, "title"),
        (Publication, "name"),
    ):
        old = model._meta.get_field(name)
        wider = old.clone()
        wider.set_attributes_from_name(name)
        wider.model, wider.max_length = model, old.max_length + 1
        with connection.schema_editor() as editor:  # a table rebuild, like a later AlterField
            editor.alter_field(model, old, wider)
            editor.alter_field(model, wider, old)
    Person.objects.filter(name="Xu Zhilong").update(name="Xu Zhi Long")  # written while triggers are off
    _install_search_triggers(using="default")  # post_migrate
    assert titles(client, q="long") == ["Union conference"]
    ArticleFactory(title="After the migration")
    assert titles(client, q="after") == ["After the migration"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN index exists on PostgreSQL only")
def test_postgresql_search_matches_through_the_gin_index(db):
    from articles.search import PG_INDEX_NAME, matching_articles

    ArticleFactory(title="Pulsar timing")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # tiny test tables would otherwise be scanned
        plan = matching_articles(Article.objects.order_by(), "pulsar").explain()  # no issue join: no other path
    assert PG_INDEX_NAME in plan
