"""The issue page reads like the printed newsletter: masthead, headlines, section runs, colophon."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.selectors import section_runs
from editorial.publishing import Status
from tests.factories import ArticleFactory, BylineFactory, HeadlineFactory, IssueFactory, SectionFactory

pytestmark = pytest.mark.django_db


def text_positions(html, *needles):
    return [html.index(needle) for needle in needles]


def test_issue_page_shows_number_date_title_and_colophon(client, build_issue):
    issue = build_issue(3, number="2022-01", title="Science across borders")
    html = client.get(issue.get_absolute_url()).content.decode()
    assert "No. 2022-01" in html
    assert "1 February 2022" in html
    assert "<h1" in html and "Science across borders" in html
    assert "Edited in <strong>Beijing</strong>." in html  # colophon rendered from Markdown


def test_headlines_link_to_their_articles_and_come_before_the_contents(client, build_issue):
    issue = build_issue(4)
    html = client.get(issue.get_absolute_url()).content.decode()
    first = issue.articles.order_by("order").first()
    link = f'<a href="{first.get_absolute_url()}">Headline for {first.title}</a>'
    assert link in html
    headlines_at, contents_at, colophon_at = text_positions(html, 'id="headlines-title"', "issue-contents", "Colophon")
    assert headlines_at < contents_at < colophon_at


def test_headline_of_unpublished_article_is_left_out_and_unlinked_headline_stays(client, build_issue):
    issue = build_issue(2)
    hidden = ArticleFactory(issue=issue, order=50, title="Hidden piece", status=Status.DRAFT, publish_at=None)
    HeadlineFactory(issue=issue, order=60, text="Embargoed walrus finding", article=hidden)
    HeadlineFactory(issue=issue, order=61, text="Plain editorial note", article=None)
    for url in (issue.get_absolute_url(), reverse("home")):
        html = client.get(url).content.decode()
        # Its wording is usually the draft's title: printing it would leak the draft.
        assert "Embargoed walrus finding" not in html, url
        assert hidden.get_absolute_url() not in html, url
        assert "<li>Plain editorial note</li>" in html, url


def test_headline_appears_once_its_article_is_published(client, build_issue):
    issue = build_issue(2)
    article = ArticleFactory(issue=issue, order=50, title="Walrus piece", status=Status.DRAFT, publish_at=None)
    HeadlineFactory(issue=issue, order=60, text="Embargoed walrus finding", article=article)
    assert "Embargoed walrus finding" not in client.get(issue.get_absolute_url()).content.decode()
    article.status, article.publish_at = Status.PUBLISHED, issue.publish_at
    article.save()
    link = f'<a href="{article.get_absolute_url()}">Embargoed walrus finding</a>'
    assert link in client.get(issue.get_absolute_url()).content.decode()


def test_articles_are_grouped_by_consecutive_section_runs_in_issue_order(client):
    issue = IssueFactory()
    voices = SectionFactory(publication=issue.publication, title="Voices")
    news = SectionFactory(publication=issue.publication, title="S&T News")
    plan = [None, voices, voices, news, voices]
    for order, section in enumerate(plan, start=1):
        ArticleFactory(issue=issue, order=order, section=section, title=f"Piece {order}")
    html = client.get(issue.get_absolute_url()).content.decode()
    headings = re.findall(r'<h2 class="issue-section__title"[^>]*>([^<]+)</h2>', html)
    assert headings == ["Voices", "S&amp;T News", "Voices"]  # Voices comes back as a new run
    order_in_page = [html.index(f"Piece {n}<") for n in range(1, 6)]
    assert order_in_page == sorted(order_in_page)
    assert html.index("Piece 1<") < html.index("issue-section__title")  # no heading before the first section


def test_section_runs_keep_order_and_split_returning_sections(db):
    a, b = object(), object()

    class Item:
        def __init__(self, section):
            self.section = section

    items = [Item(None), Item(a), Item(a), Item(b), Item(a)]
    runs = section_runs(items)
    assert [run.section for run in runs] == [None, a, b, a]
    assert [len(run.articles) for run in runs] == [1, 2, 1, 1]


def test_issue_cards_show_kind_bylines_positions_and_standfirst(client, build_issue):
    issue = build_issue(3)
    article = issue.articles.order_by("order").last()
    article.standfirst = "A standfirst worth reading."
    article.save()
    html = client.get(issue.get_absolute_url()).content.decode()
    person_byline = article.bylines.get(person__isnull=False)
    org_byline = article.bylines.get(organization__isnull=False)
    assert f'href="{person_byline.person.get_absolute_url()}">{person_byline.person.name}</a>' in html
    assert '<span class="position">Professor</span>' in html
    assert f'href="{org_byline.organization.get_absolute_url()}">{org_byline.organization.name}</a>' in html
    assert "A standfirst worth reading." in html
    assert ">News<" in html  # kind badge


def test_full_issue_view_prints_every_article_body(client, build_issue):
    issue = build_issue(3)
    ArticleFactory(issue=issue, order=9, body="Only in the *full* text.")
    contents = client.get(issue.get_absolute_url()).content.decode()
    full = client.get(issue.get_absolute_url() + "?full=1").content.decode()
    assert "Only in the <em>full</em> text." not in contents
    assert "Only in the <em>full</em> text." in full


def test_unknown_or_unpublished_issue_is_404(client, build_issue):
    issue = build_issue(1)
    issue.status = Status.DRAFT
    issue.save()
    assert client.get(issue.get_absolute_url()).status_code == 404
    url = reverse("articles:issue_detail", kwargs={"publication": issue.publication.slug, "slug": "nope"})
    assert client.get(url).status_code == 404


def test_publication_archive_groups_published_issues_by_year(client):
    issue_2021 = IssueFactory(number="2021-52", slug="2021-52", date="2021-12-27")
    publication = issue_2021.publication
    IssueFactory(publication=publication, number="2022-01", slug="2022-01", date="2022-01-15")
    IssueFactory(publication=publication, number="2022-02", slug="2022-02", status=Status.DRAFT, publish_at=None)
    html = client.get(publication.get_absolute_url()).content.decode()
    assert html.index(">2022<") < html.index("No. 2022-01") < html.index(">2021<") < html.index("No. 2021-52")
    assert "2022-02" not in html


def test_prebuilt_article_urls_match_get_absolute_url(build_issue):
    from articles.selectors import issue_for_page, link_issue

    issue = build_issue(3)
    loaded = issue_for_page(publication_slug=issue.publication.slug, slug=issue.slug, whole=True).get()
    link_issue(loaded)
    assert [article.url for article in loaded.public_articles] == [
        article.get_absolute_url() for article in issue.articles.order_by("order")
    ]


def test_publication_description_is_rendered_markdown_wherever_it_is_shown(client):
    issue = IssueFactory(publication__description="The `CAST` newsletter, **in English**.")
    publication = issue.publication
    for url in (reverse("articles:publication_list"), publication.get_absolute_url()):
        html = client.get(url).content.decode()
        assert "The <code>CAST</code> newsletter, <strong>in English</strong>." in html, url
        assert "`" not in html, url
    feed = client.get(reverse("articles:publication_feed_rss", kwargs={"slug": publication.slug})).content.decode()
    assert "<description>The CAST newsletter, in English.</description>" in feed


def test_an_issue_title_that_only_repeats_the_publication_gives_way_to_number_and_date(client, build_issue):
    from tests.factories import PublicationFactory

    publication = PublicationFactory(name="CAST Newsletter", slug="cast-newsletter")
    issue = build_issue(2, publication=publication, number="2022-01", title="Newsletter")
    assert (issue.own_title, issue.heading, str(issue)) == (
        "",
        "No. 2022-01 · 1 February 2022",
        "CAST Newsletter No. 2022-01",
    )
    html = client.get(issue.get_absolute_url()).content.decode()
    heading = re.search(r'<h1 class="issue-masthead__title">(.*?)</h1>', html, re.S).group(1)
    assert "No. 2022-01" in heading and "1 February 2022" in heading and "Newsletter" not in heading
    assert "<title>CAST Newsletter No. 2022-01 – " in html
    home = client.get(reverse("home")).content.decode()
    home_heading = re.search(r'<h2 id="latest-issue"[^>]*>(.*?)</h2>', home, re.S).group(1)
    assert "No. 2022-01 · 1 February 2022" in home_heading and ">Newsletter<" not in home_heading


@pytest.mark.parametrize(
    ("title", "own"),
    [("", ""), ("CAST newsletter", ""), ("Newsletter!", ""), ("Newsletter of the year", "Newsletter of the year")],
)
def test_own_title_is_empty_only_when_every_word_comes_from_the_publication_name(title, own):
    from articles.models import Issue, Publication

    issue = Issue(publication=Publication(pk=1, name="CAST Newsletter"), number="1", title=title)
    assert issue.own_title == own


def test_the_contents_list_shows_each_card_as_the_article_card_shows_the_article(client, build_issue):
    """The issue page's plain cards (issue_contents) and Article instances render the same markup."""
    from django.template.loader import render_to_string

    from articles.selectors import issue_contents
    from tests.factories import UnionFactory

    issue = build_issue(4)
    BylineFactory(article=issue.articles.get(order=4), person=None, organization=UnionFactory(), order=2)
    cards = issue_contents(issue).articles
    for card in cards:
        article = Article.objects.get(pk=card["id"])
        context = {"level": 3, "show_bylines": True}
        assert render_to_string("includes/article_card.html", {**context, "article": card}) == render_to_string(
            "includes/article_card.html", {**context, "article": article}
        )


@pytest.mark.parametrize("context", [{"level": 3, "show_bylines": True}, {"level": 2, "show_issue": True}, {}])
def test_the_jinja2_article_card_is_the_django_one(build_issue, context):
    """The issue page (Jinja2, newsroom/jinja2.py) keeps its own copy of includes/article_card.html and
    includes/bylines.html: both engines render the same markup, for plain cards and for Articles."""
    from django.template.loader import render_to_string

    from articles.selectors import issue_contents

    issue = build_issue(3)
    for card in issue_contents(issue).articles:
        article = Article.objects.select_related("issue__publication", "section").get(pk=card["id"])
        for item in (card, article) if not context.get("show_issue") else (article,):
            item_context = {**context, "article": item}
            django = render_to_string("includes/article_card.html", item_context)
            assert render_to_string("includes/article_card.html", item_context, using="jinja2") == django


def test_a_headline_of_another_issues_article_is_plain_text(client, build_issue):
    issue, other = build_issue(2), build_issue(2)
    HeadlineFactory(issue=issue, order=9, text="See the other issue", article=other.articles.get(order=1))
    html = client.get(issue.get_absolute_url()).content.decode()
    assert "<li>See the other issue</li>" in html


def test_pages_of_both_template_engines_share_one_frame(client, build_issue):
    """base.html is rendered by Django's templates (most pages) and by Jinja2 (issue and article pages):
    the head's shared links, the header and the footer come out the same."""
    issue = build_issue(2)
    jinja2_page = client.get(issue.get_absolute_url()).content.decode()
    django_page = client.get(reverse("articles:publication_list")).content.decode()

    def frame(html):
        head = re.findall(r'<link rel="(?:icon|stylesheet)"[^>]*>', html)
        header = re.search(r'<header class="site-header">.*?</header>', html, re.S).group()
        footer = re.search(r'<footer class="site-footer">.*?</footer>', html, re.S).group()
        return head, header, footer

    assert frame(jinja2_page) == frame(django_page)
    head, _, footer = frame(jinja2_page)
    assert len(head) == 3 and all("/static/" in link for link in head)
    assert f"&copy; {timezone.localdate().year} " in footer
