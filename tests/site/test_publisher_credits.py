"""Unsigned articles credited to their publication's publisher (Article.credits) count as that organization's
articles everywhere: its page and member page ("Articles by …"), the search's organization filter, and the
search index (its names are found as a byline's are). One rule decides it: `credited_to_publisher_q`."""

import re

import pytest
from django.urls import reverse

from articles.models import Article, ArticleKind, Byline, Issue, Publication
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    IssueFactory,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    PublicationFactory,
)
from tests.site.test_page_cache import assert_cached, html_of

pytestmark = pytest.mark.django_db


def titles(client, **params) -> list[str]:
    html = client.get(reverse("search"), params).content.decode()
    return re.findall(r'class="article-card__title"><a href="[^"]+">([^<]+)</a>', html)


def articles_by(html: str) -> list[str]:
    """Titles in the page's "Articles by …" section."""
    match = re.search(r'<section[^>]*aria-labelledby="articles-by".*?</section>', html, re.S)
    return re.findall(r'class="article-card__title"><a href="[^"]+">([^<]+)</a>', match.group(0)) if match else []


@pytest.fixture
def lantern(db):
    """A fictional society whose newsletter prints its news unsigned, and one issue of it."""
    society = OrganizationFactory(name="Lantern Science Society", short_name="LSSX", slug="lantern")
    letter = PublicationFactory(name="Lantern Letter", publisher=society, unsigned_kinds=[ArticleKind.NEWS])
    return society, IssueFactory(publication=letter)


def test_the_database_and_the_article_page_agree_on_what_is_credited_to_the_publisher(lantern):
    society, issue = lantern
    unsigned = ArticleFactory(issue=issue, title="Unsigned news")
    ArticleFactory(issue=issue, kind=ArticleKind.OPINION, title="Unsigned opinion")  # not a kind printed unsigned
    BylineFactory(article=ArticleFactory(issue=issue, title="Signed news"), person=PersonFactory())
    signed_by_society = ArticleFactory(issue=issue, title="Signed by the society")
    BylineFactory(article=signed_by_society, person=None, organization=society)
    ArticleFactory(title="Unsigned elsewhere")  # a publication with no publisher and no unsigned kinds
    other = PublicationFactory(publisher=OrganizationFactory(), unsigned_kinds=[ArticleKind.NEWS])
    ArticleFactory(issue=IssueFactory(publication=other), title="Another publisher's news")

    loaded = Article.objects.select_related("issue__publication__publisher").prefetch_related("bylines")
    by_python = {article.title for article in loaded if article.is_credited_to_publisher}
    assert by_python == {"Unsigned news", "Another publisher's news"}
    assert {article.title for article in Article.objects.credited_to_publisher()} == by_python
    assert list(Article.objects.credited_to_publisher(society)) == [unsigned]
    assert {article.title for article in Article.objects.credited_to(society)} == {
        "Unsigned news",
        "Signed by the society",
    }


def test_the_organization_page_lists_the_unsigned_articles_credited_to_it(client, lantern):
    society, issue = lantern
    ArticleFactory(issue=issue, title="Society forum held")
    ArticleFactory(issue=issue, kind=ArticleKind.OPINION, title="Unsigned opinion")
    html = html_of(client, society.get_absolute_url())
    assert articles_by(html) == ["Society forum held"]
    assert "· by Lantern Science Society" in html  # the card names whom it is credited to


def test_the_member_page_lists_them_with_the_articles_it_signed(client, lantern):
    society, issue = lantern
    membership = MembershipFactory(member=society)
    ArticleFactory(issue=issue, order=1, title="Unsigned news")
    letter = ArticleFactory(issue=issue, order=2, kind=ArticleKind.EDITORIAL_LETTER, title="Letter")
    BylineFactory(article=letter, person=None, organization=society)
    assert set(articles_by(html_of(client, membership.get_absolute_url()))) == {"Unsigned news", "Letter"}


def test_the_search_offers_the_publisher_and_filters_by_it(client, lantern):
    society, issue = lantern
    ArticleFactory(issue=issue, title="Unsigned news")
    ArticleFactory(issue=issue, kind=ArticleKind.OPINION, title="Unsigned opinion")
    form = client.get(reverse("search")).content.decode()
    assert '<option value="lantern">Lantern Science Society (LSSX)</option>' in form
    assert titles(client, organization="lantern") == ["Unsigned news"]


def test_the_publishers_names_find_its_unsigned_articles(client, lantern):
    society, issue = lantern
    ArticleFactory(issue=issue, title="Forum held", body="Nothing about who wrote it.")
    ArticleFactory(issue=issue, kind=ArticleKind.OPINION, title="Opinion held", body="Nothing either.")
    assert titles(client, q="lantern society") == ["Forum held"]
    assert titles(client, q="LSSX") == ["Forum held"]


def test_the_search_index_follows_every_change_to_whom_an_article_is_credited(client, lantern):
    society, issue = lantern
    article = ArticleFactory(issue=issue, title="Forum held", body="Nothing.")
    assert titles(client, q="lantern") == ["Forum held"]

    Article.objects.filter(pk=article.pk).update(kind=ArticleKind.OPINION)  # not printed unsigned
    assert titles(client, q="lantern") == []
    Article.objects.filter(pk=article.pk).update(kind=ArticleKind.NEWS)
    assert titles(client, q="lantern") == ["Forum held"]

    byline = BylineFactory(article=article, person=PersonFactory(name="Okimura Kazuki"))
    assert (titles(client, q="lantern"), titles(client, q="okimura")) == ([], ["Forum held"])
    byline.delete()
    assert titles(client, q="lantern") == ["Forum held"]

    Publication.objects.filter(pk=issue.publication_id).update(unsigned_kinds=[ArticleKind.REPORT])
    assert titles(client, q="lantern") == []
    Publication.objects.filter(pk=issue.publication_id).update(unsigned_kinds=[ArticleKind.NEWS])
    assert titles(client, q="lantern") == ["Forum held"]

    academy = OrganizationFactory(name="Harbour Academy")
    Publication.objects.filter(pk=issue.publication_id).update(publisher=academy)
    assert (titles(client, q="lantern"), titles(client, q="harbour")) == ([], ["Forum held"])
    academy.name = "Quayside Academy"
    academy.save()
    assert (titles(client, q="harbour"), titles(client, q="quayside")) == ([], ["Forum held"])

    Issue.objects.filter(pk=issue.pk).update(publication=PublicationFactory())  # no publisher there
    assert titles(client, q="quayside") == []
    Article.objects.filter(pk=article.pk).update(issue=IssueFactory(publication=PublicationFactory(
        publisher=society, unsigned_kinds=[ArticleKind.NEWS])))  # fmt: skip
    assert titles(client, q="lantern") == ["Forum held"]
    assert Byline.objects.count() == 0


def test_a_new_unsigned_kind_or_publisher_shows_on_the_cached_organization_page(client, lantern):
    society, issue = lantern
    ArticleFactory(issue=issue, kind=ArticleKind.REPORT, title="Unsigned report")
    url = society.get_absolute_url()
    assert articles_by(assert_cached(client, url)) == []
    publication = issue.publication
    publication.unsigned_kinds = [ArticleKind.NEWS, ArticleKind.REPORT]
    publication.save()
    assert articles_by(assert_cached(client, url)) == ["Unsigned report"]
    publication.publisher = OrganizationFactory()
    publication.save()
    assert articles_by(html_of(client, url)) == []
