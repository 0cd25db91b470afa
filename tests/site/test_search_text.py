"""Search sees text as readers do: invisible characters ignored, Chinese words found, mixed scripts, at scale."""

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from articles.models import Article, Byline
from articles.search import index_text, query_terms, ranked_search, search_articles
from tests.factories import ArticleFactory, BylineFactory, IssueFactory, PersonFactory

pytestmark = pytest.mark.django_db

ZH_SENTENCE = "国务院发布了现代计量体系规划。"


def titles(client, **params):
    html = client.get(reverse("search"), params).content.decode()
    return re.findall(r'class="article-card__title"><a href="[^"]+">([^<]+)</a>', html)


@pytest.mark.parametrize(
    ("stored", "query"),
    [
        ("The inter\u00adnational plan", "international"),  # soft hyphen
        ("A week of cyber\u200bsecurity", "cybersecurity"),  # zero-width space
        ("Zero\u200cwidth non\u200djoiners", "zerowidth nonjoiners"),  # zero-width non-joiner and joiner
        ("The word\u2060joiner test", "wordjoiner"),  # word joiner
        ("\ufeffByte order mark first", "byte"),  # BOM
    ],
)
def test_invisible_characters_are_ignored_by_search(client, stored, query):
    ArticleFactory(title="Invisible characters", body=stored)
    assert titles(client, q=query) == ["Invisible characters"]


def test_non_breaking_spaces_count_as_spaces(client):
    ArticleFactory(title="Spaces", body="Carbon\u00a0capture and 10\u202fkm\u2007of pipes.")
    assert titles(client, q="capture") == ["Spaces"]
    assert titles(client, q='"carbon capture"') == ["Spaces"]
    assert titles(client, q="km") == ["Spaces"]


def test_invisible_characters_in_the_query_are_ignored_too(client):
    ArticleFactory(title="International plan", body="Nothing else.")
    assert titles(client, q="inter\u00adnational") == ["International plan"]


def test_stored_text_keeps_what_was_typed(db):
    article = ArticleFactory(title="Cyber\u200bsecurity", body="inter\u00adnational\u00a0plan")
    article.refresh_from_db()
    assert article.title == "Cyber\u200bsecurity" and article.body == "inter\u00adnational\u00a0plan"
    assert index_text(article.body) == "international plan"


def test_a_two_character_chinese_word_is_found_and_marked(client):
    ArticleFactory(title="Measurement plan", standfirst="", body=ZH_SENTENCE)
    ArticleFactory(title="Unrelated", body="国务院发布了规划。")
    html = client.get(reverse("search"), {"q": "计量"}).content.decode()
    assert titles(client, q="计量") == ["Measurement plan"]
    assert "国务院发布了现代<mark>计量</mark>体系规划。" in html


def test_chinese_words_of_any_length_are_phrases(client):
    ArticleFactory(title="Measurement plan", body=ZH_SENTENCE)
    assert titles(client, q="现代计量体系") == ["Measurement plan"]
    assert titles(client, q="计量规划") == []  # both pairs occur, but not together
    assert titles(client, q="规") == ["Measurement plan"]  # one character: the start of a pair
    assert titles(client, q="划") == ["Measurement plan"]  # … or the last of a run
    assert titles(client, q="计量 规划") == ["Measurement plan"]  # two words, anywhere


def test_mixed_chinese_and_english(client):
    ArticleFactory(title="Metrology 计量 in Beijing", body="The 5G网络 works.")
    ArticleFactory(title="Metrology only", body="English words.")
    assert titles(client, q="计量 metrology") == ["Metrology 计量 in Beijing"]
    assert titles(client, q="5G网络") == ["Metrology 计量 in Beijing"]
    html = client.get(reverse("search"), {"q": "网络 works"}).content.decode()
    assert "The 5G<mark>网络</mark> <mark>works</mark>." in html


def test_chinese_title_ranks_above_chinese_body(client):
    ArticleFactory(title="正文", body=ZH_SENTENCE)
    ArticleFactory(title="计量体系", body="其他内容。")
    assert titles(client, q="计量") == ["计量体系", "正文"]


def test_chinese_byline_names_are_found(client):
    article = ArticleFactory(title="Byline in Chinese script", body="Nothing.")
    BylineFactory(article=article, person=PersonFactory(name="Zhang Yuzhuo", name_original="张玉卓"))
    assert titles(client, q="玉卓") == ["Byline in Chinese script"]


def test_long_chinese_text_excerpt_is_a_window_around_the_match():
    from articles.search import search_excerpt

    body = "前面的内容。" * 40 + ZH_SENTENCE + "后面的内容。" * 40
    excerpt = search_excerpt(body, "计量")
    assert "现代<mark>计量</mark>体系" in excerpt
    assert excerpt.startswith("… ") and excerpt.endswith(" …")
    assert len(excerpt) < 120


def test_query_terms_treat_cjk_runs_as_phrases_of_pairs():
    assert [term.tokens for term in query_terms("计量体系 carbon")] == [("计量", "量体", "体系"), ("carbon",)]
    assert [term.tokens for term in query_terms('"计量 system"')] == [("计量", "量", "system")]
    assert query_terms("计")[0].prefix is True
    assert query_terms('NEAR( "* OR -x') == query_terms("NEAR OR x")  # either database's syntax is plain words


def test_only_the_most_recent_matches_are_ranked_beyond_the_limit(db):
    older = [ArticleFactory(title=f"Comet {n}", body="comet") for n in range(3)]
    newer = [ArticleFactory(title=f"Comet comet {n}", body="comet comet") for n in range(3)]
    search = ranked_search(Article.objects.published(), "comet", limit=4)
    assert search.truncated
    assert set(search.articles) == {*older[2:], *newer}
    assert {article.title for article in list(search.articles)[:3]} == {article.title for article in newer}
    assert search.articles.count() == 4
    assert not ranked_search(Article.objects.published(), "comet", limit=6).truncated


def test_search_page_says_when_it_ranks_only_the_most_recent_matches(client, monkeypatch):
    monkeypatch.setattr("articles.search.RESULT_LIMIT", 3)
    for n in range(5):
        ArticleFactory(title=f"Comet {n}", kind="news")
    html = client.get(reverse("search"), {"q": "comet"}).content.decode()
    assert "More than 3 articles" in html and "The 3 most recent matches are ranked here" in html
    assert set(titles(client, q="comet")) == {"Comet 2", "Comet 3", "Comet 4"}
    # Other filters count first: the window holds the 3 most recent *news* articles.
    ArticleFactory(title="Comet opinion", kind="opinion")
    assert set(titles(client, q="comet", kind="news")) == {"Comet 2", "Comet 3", "Comet 4"}
    html = client.get(reverse("search"), {"q": "comet", "kind": "opinion"}).content.decode()
    assert "1 article" in html and "most recent matches" not in html


def test_search_query_count_is_fixed_whatever_the_archive_size(client, monkeypatch, django_assert_num_queries):
    """The content version; window ids, count, page, bylines; with another filter, first the ids it leaves
    (if few); and the filter choices (publications, years, sections, people, organizations) only for the
    first search after the content changed."""
    monkeypatch.setattr("articles.search.RESULT_LIMIT", 5)
    for n in range(3):
        BylineFactory(article=ArticleFactory(title=f"Comet {n}"))
    with django_assert_num_queries(10):
        client.get(reverse("search"), {"q": "comet"})
    with django_assert_num_queries(5):
        client.get(reverse("search"), {"q": "comet"})
    for n in range(30):
        BylineFactory(article=ArticleFactory(title=f"Comet {n}"))
    with django_assert_num_queries(11):
        assert client.get(reverse("search"), {"q": "comet", "kind": "news"}).status_code == 200
    with django_assert_num_queries(6):
        assert client.get(reverse("search"), {"q": "comet", "kind": "news"}).status_code == 200
    with django_assert_num_queries(2):  # no match: no page of articles and no bylines to load
        client.get(reverse("search"), {"q": "zzyzx"})


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the SQL twin of index_text exists on PostgreSQL only")
def test_postgresql_index_text_is_the_same_as_pythons(db):
    corpus = [
        ZH_SENTENCE,
        "inter\u00adnational cyber\u200bsecurity\u00a0A\u202fB\u2007C\ufeff word\u2060joiner",
        "现代计量 system 计 a计b 5G网络 ひらがなカタカナ 한국어 𠀀𠀁 々〇",
        "Cafe\u0301 naïve",
        "",
    ]
    with connection.cursor() as cursor:
        for text in corpus:
            cursor.execute("SELECT newsroom_search_text(%s)", [text])
            assert cursor.fetchone()[0].split() == index_text(text).split(), text


def test_index_follows_bulk_written_bylines_and_renames(client):
    issue = IssueFactory()
    articles = Article.objects.bulk_create(
        ArticleFactory.build(issue=issue, order=n, slug=f"bulk-{n}", title=f"Bulk {n}") for n in range(3)
    )
    person = PersonFactory(name="Okimura Kazuki")
    Byline.objects.bulk_create(Byline(article=article, person=person) for article in articles)
    assert sorted(titles(client, q="okimura")) == ["Bulk 0", "Bulk 1", "Bulk 2"]
    Byline.objects.filter(article=articles[0]).delete()
    assert sorted(titles(client, q="okimura")) == ["Bulk 1", "Bulk 2"]
    person.name = "Wan Gang"
    person.save()
    assert titles(client, q="okimura") == []
    assert sorted(titles(client, q="wan gang")) == ["Bulk 1", "Bulk 2"]


@pytest.mark.django_db(transaction=True)
def test_migrating_an_existing_database_rebuilds_the_index(client):
    """Back to the index before this change (0004), then forward: rows written before are found."""
    ArticleFactory(title="Before the upgrade", body=ZH_SENTENCE + " inter\u00adnational")
    call_command("migrate", "articles", "0004", verbosity=0)
    call_command("migrate", verbosity=0)
    assert titles(client, q="计量") == ["Before the upgrade"]
    assert titles(client, q="international") == ["Before the upgrade"]
    assert search_articles(Article.objects.all(), "计量").get().rank > 0
