"""Canonical URLs, OpenGraph and JSON-LD NewsArticle on article pages."""

import json
import re

import pytest

from tests.factories import ArticleFactory, BylineFactory, OrganizationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_article_has_canonical_and_opengraph(client):
    article = ArticleFactory(title="Carbon neutrality", standfirst="Why cooperation matters.")
    html = client.get(article.get_absolute_url() + "?utm_source=x").content.decode()
    canonical = f"http://testserver{article.get_absolute_url()}"
    assert f'<link rel="canonical" href="{canonical}">' in html
    assert f'<meta property="og:url" content="{canonical}">' in html
    assert '<meta property="og:title" content="Carbon neutrality">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:description" content="Why cooperation matters.">' in html


def test_article_json_ld_is_a_news_article_with_authors_and_issue(client):
    article = ArticleFactory(title="Carbon neutrality", standfirst="Why.")
    BylineFactory(article=article, person=PersonFactory(name="Zhong Ping"), position_as_printed="Director")
    BylineFactory(article=article, person=None, organization=OrganizationFactory(name="Clarivate"), order=1)
    data = json_ld(client.get(article.get_absolute_url()).content.decode())
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Carbon neutrality"
    assert data["url"] == f"http://testserver{article.get_absolute_url()}"
    authors = [(author["@type"], author["name"]) for author in data["author"]]
    assert authors == [("Person", "Zhong Ping"), ("Organization", "Clarivate")]
    assert data["author"][0]["jobTitle"] == "Director"
    assert data["isPartOf"]["issueNumber"] == article.issue.number
    assert data["datePublished"].startswith(str(article.publish_at.date()))


def test_json_ld_cannot_break_out_of_its_script_tag(client):
    article = ArticleFactory(title="</script><script>alert(1)</script>")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    assert json_ld(html)["headline"] == "</script><script>alert(1)</script>"


def test_issue_page_has_canonical_and_publication_issue_json_ld(client, build_issue):
    issue = build_issue(2)
    html = client.get(issue.get_absolute_url() + "?full=1").content.decode()
    assert f'<link rel="canonical" href="http://testserver{issue.get_absolute_url()}">' in html
    data = json_ld(html)
    assert data["@type"] == "PublicationIssue"
    assert len(data["hasPart"]) == 2
