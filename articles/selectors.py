"""Reads for the public site: each page's queries planned once, starting from `.published()`.

Query plans are fixed in size: an issue of 3 or 300 articles costs the same number of
queries, because every relation is fetched by one prefetch query, never per row.
"""

import datetime as dt
from dataclasses import dataclass, field
from itertools import groupby

from django.db import connection
from django.db.models import BooleanField, Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils import timezone

from articles.models import (
    Article,
    ArticleKind,
    Byline,
    Correction,
    Headline,
    Issue,
    Publication,
    Section,
    credited_to_publisher_q,
)
from core.prepared import prepared
from editorial import slug_history
from events.backlinks import Coverage
from events.models import Event
from people.models import Organization, Person, Position


def public_bylines() -> QuerySet:
    """Bylines with their person and organization, in printed order (for a Prefetch of `bylines`)."""
    return Byline.objects.select_related("person", "organization").order_by("order", "pk")


def public_articles() -> QuerySet:
    """Published articles (now) with what a card shows (issue, publication, section, ordered bylines): two
    queries however many; unordered, the caller orders."""
    return (
        Article.objects.published()
        .select_related("issue__publication__publisher", "section")
        .prefetch_related(Prefetch("bylines", public_bylines()))
    )


@dataclass(frozen=True)
class SearchChoices:
    """What the search filters offer, as (value, label) pairs in the order shown: only what readers can see
    (a draft-only publication or section, or a person only in drafts, must not show its name)."""

    publications: list[tuple[str, str]]  # slug, name
    years: list[tuple[int, str]]  # issue years, newest first
    sections: list[tuple[int, str]]  # pk, title
    people: list[tuple[str, str]]  # slug, name
    organizations: list[tuple[str, str]]  # slug, name (short name)


def search_choices(*, at: dt.datetime) -> SearchChoices:
    """The search filters' choices as public at `at` (aware): five queries, whatever the archive's size.

    Reads tracked tables only, so the search page keeps them under the content version
    (core.caching.cached_for_content).
    """
    published = Article.objects.published(at=at)
    people = Person.objects.filter(
        Exists(published.filter(bylines__person=OuterRef("pk"))) | Exists(published.filter(about_people=OuterRef("pk")))
    ).order_by("sort_name", "name")
    organizations = Organization.objects.filter(
        Exists(published.filter(bylines__organization=OuterRef("pk")))
        | Exists(published.credited_to_publisher(OuterRef("pk")))
        | Exists(published.filter(about_organizations=OuterRef("pk")))
    ).order_by("name")
    return SearchChoices(
        publications=list(Publication.objects.published(at=at).order_by("name").values_list("slug", "name")),
        years=[(day.year, str(day.year)) for day in Issue.objects.published(at=at).dates("date", "year", order="DESC")],
        sections=[
            (section.pk, str(section))
            for section in Section.objects.filter(Exists(published.filter(section=OuterRef("pk"))))
            .order_by("publication__name", "order", "title")
            .only("title")
        ],
        people=[(person.slug, str(person)) for person in people.only("name", "slug")],
        organizations=[
            (organization.slug, str(organization)) for organization in organizations.only("name", "short_name", "slug")
        ],
    )


@dataclass
class SectionRun:
    """Consecutive articles of one section, in issue order; `section` is None before the first section."""

    section: Section | None
    articles: list = field(default_factory=list)


def section_runs(articles) -> list[SectionRun]:
    """Group articles into runs of the same section, keeping issue order.

    A section that comes back later in the issue starts a new run, as printed.
    """
    return [
        SectionRun(section=section, articles=list(run))
        for section, run in groupby(articles, key=lambda article: article.section)
    ]


def visible_headlines() -> QuerySet:
    """Headlines a reader may see, in order: unlinked ones, and those whose article is public.

    A headline pointing at an unpublished article is left out, not printed as plain text:
    its wording usually is that article's title, which must not leak before publication.
    """
    return (
        Headline.objects.filter(Q(article__isnull=True) | Q(article__in=Article.objects.published()))
        .select_related("article")
        .order_by("order", "pk")
    )


def issue_for_page(*, publication_slug: str, slug: str, whole: bool = False, at=None) -> QuerySet:
    """The issue page's issue with its publication (and publisher).

    `whole`: also every published article in full (section, bylines) and the headlines, as model
    instances (the whole-issue view): four queries. Without it, `issue_contents()` reads the contents
    list in three more.
    """
    issues = Issue.objects.published(at=at).filter(publication__slug=publication_slug, slug=slug)
    issues = issues.select_related("publication__publisher")
    if not whole:
        return issues
    articles = Article.objects.published().select_related("section").order_by("order")
    return issues.prefetch_related(
        Prefetch(
            "articles", articles.prefetch_related(Prefetch("bylines", public_bylines())), to_attr="public_articles"
        ),
        Prefetch("headlines", visible_headlines(), to_attr="ordered_headlines"),
    )


@prepared
def _issue_at(*, publication_slug: str, slug: str, at) -> QuerySet:
    return issue_for_page(publication_slug=publication_slug, slug=slug, at=at)


def public_issue(*, publication_slug: str, slug: str) -> Issue | None:
    """The issue page's issue (as `issue_for_page`), published now, or None: one query, planned once (core.prepared)."""
    found = _issue_at(publication_slug=publication_slug, slug=slug, at=timezone.now())
    return found[0] if found else None


def link_headlines(issue: Issue, headlines, *, articles=None) -> None:
    """Set each headline's `public_article`: its article when readers may see it and it belongs to `issue`, else None.

    `articles` are the issue's articles as loaded for the page (their instances are linked, so what the page
    set on them, like `url`, is reused); without it, the article `visible_headlines()` selected with each
    headline is used. A linked article's `issue` is set to `issue`, so its URL costs no query.
    """
    if articles is None:
        articles = [headline.article for headline in headlines if headline.article_id is not None]
    by_id = {article.pk: article for article in articles}
    for headline in headlines:
        article = by_id.get(headline.article_id)
        if article is not None and article.issue_id == issue.pk:
            article.issue = issue
            headline.public_article = article
        else:
            headline.public_article = None
        headline.url = headline.public_article.url if headline.public_article else ""


def link_issue(issue: Issue) -> None:
    """Point the prefetched articles back at their issue (and their URL) and each headline at its public article.

    Costs no query: a headline links only to a published article of this issue, found among
    the prefetched articles (`visible_headlines` already left out those whose article is not public).
    Views that swap the queryset (staff previews) may leave out `ordered_headlines`; the
    issue's headlines are then read in order from `issue.headlines`.
    """
    if not hasattr(issue, "ordered_headlines"):
        issue.ordered_headlines = sorted(issue.headlines.all(), key=lambda headline: (headline.order, headline.pk))
    # Article URLs extend the issue URL; building them here saves a reverse() per article on big issues.
    issue_url = issue.get_absolute_url()
    for article in issue.public_articles:
        article.issue = issue
        article.url = f"{issue_url}{article.slug}/"
    link_headlines(issue, issue.ordered_headlines, articles=issue.public_articles)


def latest_issue() -> Issue | None:
    """The newest published issue (publication selected) with its visible headlines, linked, as
    `home_headlines`; None before anything is published. Two queries."""
    issue = Issue.objects.published().select_related("publication").first()
    if issue is not None:
        issue.home_headlines = list(visible_headlines().filter(issue=issue))
        link_headlines(issue, issue.home_headlines)
    return issue


_BYLINE_COLUMNS = (
    "article_id", "position_as_printed", "person__name", "person__slug", "organization__name",
    "organization__slug", "organization__kind",
)  # fmt: skip


def byline_cards(bylines) -> list[tuple[int, dict]]:
    """(article id, byline) for each of `bylines` in order, each byline a plain dict: `type` ("Person" or
    "Organization"), `name`, `url` and `position_as_printed` (what includes/bylines.html and the JSON-LD show).

    `bylines`: a Byline QuerySet, or rows of `_BYLINE_COLUMNS` already read in that order."""
    if isinstance(bylines, QuerySet):
        bylines = bylines.order_by("article_id", "order", "pk").values_list(*_BYLINE_COLUMNS)
    return [
        (
            article_id,
            {"type": "Person", "name": person, "url": Person.url_for(person_slug), "position_as_printed": position}
            if person_slug is not None
            else {
                "type": "Organization",
                "name": organization,
                "url": Organization.url_for(organization_slug, kind),
                "position_as_printed": position,
            },
        )
        for article_id, position, person, person_slug, organization, organization_slug, kind in bylines
    ]


@prepared
def _issue_bylines(*, issue_id: int) -> QuerySet:
    return (
        Byline.objects.filter(article__issue_id=issue_id)
        .order_by("article_id", "order", "pk")
        .values_list(*_BYLINE_COLUMNS)
    )


@prepared
def _article_bylines(*, article_id: int) -> QuerySet:
    return Byline.objects.filter(article_id=article_id).order_by("order", "pk").values_list(*_BYLINE_COLUMNS)


@prepared
def _issue_cards(*, issue_id: int, at) -> QuerySet:
    return (
        Article.objects.published(at=at)
        .filter(issue_id=issue_id)
        .order_by("order")
        .values("id", "kind", "title", "slug", "standfirst", "section_id", "section__title")
    )


@prepared
def _issue_headlines(*, issue_id: int) -> QuerySet:
    return Headline.objects.filter(issue_id=issue_id).order_by("order", "pk").values_list("text", "article_id")


@dataclass
class IssueContents:
    runs: list[SectionRun]  # of plain article cards (dicts), see issue_contents()
    headlines: list[dict]  # {"text", "url"}; url "" for a headline not linked to an article of the issue
    articles: list[dict]  # the cards in issue order


def issue_contents(issue: Issue) -> IssueContents:
    """The issue page's Headlines box and contents list as plain data, in three queries whatever the size
    (four when a headline links an article of another issue or an unpublished one).

    Each article is a dict with what includes/article_card.html shows (kind, kind_label, title, url,
    standfirst, byline_list of {name, url, position_as_printed}) and `section` ({"title"} or None).
    Dicts rather than model instances: nothing here needs a model, and Django templates read a
    dict's keys far faster than an instance's attributes, which matters 300 times on a big issue.
    """
    issue_url = issue.get_absolute_url()  # article addresses extend it: no reverse() per article
    kinds = dict(ArticleKind.choices)
    articles = {}
    for card in _issue_cards(issue_id=issue.pk, at=timezone.now()):
        card["kind_label"] = kinds.get(card["kind"], card["kind"])
        card["url"] = f"{issue_url}{card['slug']}/"
        card["section"] = {"id": card["section_id"], "title": card["section__title"]} if card["section_id"] else None
        card["byline_list"] = []
        card["excerpt"] = ""  # search results only; a missing key costs the template a slow failed lookup
        articles[card["id"]] = card
    for article_id, byline in byline_cards(_issue_bylines(issue_id=issue.pk)):
        if article_id in articles:  # bylines of unpublished articles are left out
            articles[article_id]["byline_list"].append(byline)
    headlines = _issue_headlines(issue_id=issue.pk)
    # A headline shows when it links nothing or a public article (visible_headlines); the public articles of
    # this issue are known already, so only a headline linking another issue's or an unpublished article
    # costs a look-up (one query for all of them, rarely needed).
    others = {pk for _, pk in headlines if pk is not None and pk not in articles}
    public_elsewhere = (
        set(Article.objects.published().filter(pk__in=others).values_list("pk", flat=True)) if others else set()
    )
    headlines = [(text, pk) for text, pk in headlines if pk is None or pk in articles or pk in public_elsewhere]
    cards = list(articles.values())
    runs = []
    for _, run in groupby(cards, key=lambda card: card["section_id"]):
        run = list(run)
        runs.append(SectionRun(section=run[0]["section"], articles=run))
    return IssueContents(
        runs=runs,
        headlines=[{"text": text, "url": articles[pk]["url"] if pk in articles else ""} for text, pk in headlines],
        articles=cards,
    )


def article_for_page(*, publication_slug: str, issue_slug: str, at=None) -> QuerySet:
    """The article page's queryset (DetailView picks the slug): the article with its issue, publication,
    publisher and section, and whether it has events, people, organizations or corrections to show
    (`article_relations()` then reads only those; `neighbours()` adds one query)."""
    return (
        Article.objects.published(at=at)
        .filter(issue__slug=issue_slug, issue__publication__slug=publication_slug)
        .select_related("issue__publication__publisher", "section")
        .annotate(
            has_events=_has_rows(Article.about_events.through, "article"),
            has_people=_has_rows(Article.about_people.through, "article"),
            has_organizations=_has_rows(Article.about_organizations.through, "article"),
            has_corrections=_has_rows(Correction, "article"),
        )
    )


def _has_rows(model, field: str) -> RawSQL:
    """Whether `model` has rows whose `field` points at the article, as an EXISTS in plain SQL: an ORM
    Exists() costs about as much to build as the query it would save; this costs nothing."""
    quote = connection.ops.quote_name
    column, article = model._meta.get_field(field).column, Article._meta
    outer = f"{quote(article.db_table)}.{quote(article.pk.column)}"
    sql = f"EXISTS (SELECT 1 FROM {quote(model._meta.db_table)} WHERE {quote(column)} = {outer})"
    return RawSQL(sql, [], output_field=BooleanField())


@prepared
def _article_at(*, publication_slug: str, issue_slug: str, slug: str, at) -> QuerySet:
    return article_for_page(publication_slug=publication_slug, issue_slug=issue_slug, at=at).filter(slug=slug)


def public_article(*, publication_slug: str, issue_slug: str, slug: str) -> Article | None:
    """The article page's article (as `article_for_page`), published now, or None: one query, planned once."""
    found = _article_at(publication_slug=publication_slug, issue_slug=issue_slug, slug=slug, at=timezone.now())
    return found[0] if found else None


def public_events() -> QuerySet:
    """Published events, earliest start first (for a Prefetch of an article's `about_events`)."""
    return Event.objects.published().order_by("start")


@dataclass
class ArticleRelations:
    """What the article page shows besides the article itself, each a list."""

    bylines: list  # plain dicts (byline_cards)
    events: list  # published events only
    people: list
    organizations: list
    corrections: list


def publisher_credit(article: Article) -> list[dict]:
    """For an unsigned article of a kind its publication publishes unsigned (Article.credits): the publisher
    as its one byline, in `byline_cards`' shape; else []. Needs `issue__publication__publisher` loaded."""
    publication = article.issue.publication
    if not publication.allows_unsigned(article.kind):
        return []
    publisher = publication.publisher
    url = Organization.url_for(publisher.slug, publisher.kind)
    return [{"type": "Organization", "name": publisher.name, "url": url, "position_as_printed": ""}]


def article_relations(article: Article) -> ArticleRelations:
    """One query per relation the article has rows in: most articles have no corrections, events, people
    or organizations linked, and `article_for_page` said so already (`has_…`). An article loaded
    without those flags (a staff preview's own queryset) gets every relation read."""

    def rows(flag: str, query) -> list:
        # Built only when needed: building a QuerySet's filters costs about as much as running it.
        return list(query()) if getattr(article, flag, True) else []

    return ArticleRelations(
        bylines=[byline for _, byline in byline_cards(_article_bylines(article_id=article.pk))]
        or publisher_credit(article),
        events=rows("has_events", lambda: public_events().filter(coverage=article)),
        people=rows("has_people", article.about_people.all),
        organizations=rows("has_organizations", article.about_organizations.all),
        corrections=rows("has_corrections", article.corrections.all),
    )


@prepared
def _siblings(*, issue_id: int, at) -> QuerySet:
    return (
        Article.objects.published(at=at)
        .filter(issue_id=issue_id)
        .order_by("order")
        .values_list("order", "slug", "title")
    )


@dataclass
class Neighbour:
    title: str
    url: str


def neighbours(article: Article) -> tuple[Neighbour | None, Neighbour | None]:
    """(previous, next) published articles in the article's issue, in one query of the issue's published
    (order, slug, title): a plain indexed read, far cheaper to build than correlated subqueries."""
    before, after = None, None
    for order, slug, title in _siblings(issue_id=article.issue_id, at=timezone.now()):
        if order < article.order:
            before = (slug, title)
        elif order > article.order:
            after = (slug, title)
            break
    # Article addresses extend their issue's address (as link_issue builds them).
    issue_url = article.issue.get_absolute_url()

    def link(found):
        return Neighbour(title=found[1], url=f"{issue_url}{found[0]}/") if found else None

    return link(before), link(after)


def find_at_address(*, publication: str, issue: str = "", article: str = ""):
    """(item, moved): the public publication, issue or article at this address, current or old.

    Each level is looked up at its current slug, else at one it had (editorial.slug_history), so an
    old publication or issue slug still leads to everything under it. `moved` is True when any
    level was found at an old slug: the page then redirects to `item.get_absolute_url()`.
    """
    item, moved = slug_history.find(Publication.objects.published(), slug=publication)
    for model, slug in ((Issue, issue), (Article, article)):
        if item is None or not slug:
            break
        parent = item
        item, level_moved = slug_history.find(model.objects.published(), slug=slug, scope=parent.pk)
        moved = moved or level_moved
    return item, moved


# --- back-links: filled into people.backlinks and events.backlinks by ArticlesConfig.ready() ------------------


def _cards_newest_first() -> QuerySet:
    return public_articles().order_by("-issue__date", "-publish_at", "issue_id", "order")


def people_in_public_articles() -> Q:
    """People a published article names, in a byline or as what it is about (a Q over Person)."""
    published = Article.objects.published()
    return Q(Exists(Byline.objects.filter(person=OuterRef("pk"), article__in=published))) | Q(
        Exists(Article.about_people.through.objects.filter(person=OuterRef("pk"), article__in=published))
    )


def articles_by_person(person: Person) -> QuerySet:
    """Published articles the person wrote (a byline names them), newest issue first; a lazy queryset
    (two queries when evaluated). Filled into people.backlinks."""
    return _cards_newest_first().filter(pk__in=Byline.objects.filter(person=person).values("article_id"))


def articles_about_person(person: Person) -> QuerySet:
    """Mention backlinks: published articles marked as being about the person, newest first."""
    return _cards_newest_first().filter(about_people=person)


def articles_by_organization(organization: Organization) -> QuerySet:
    """Published articles bylined by the organization, or by someone who held a position there on the
    article's date (dateline date, else issue date): a member's statement signed by its director counts;
    and unsigned articles credited to it as their publication's publisher (Article.credits)."""
    article_date = Coalesce("article__dateline_date", "article__issue__date")
    held_position_then = Position.objects.filter(
        person_id=OuterRef("person_id"),
        organization=organization,
    ).filter(
        (Q(start_date__isnull=True) | Q(start_date__lte=OuterRef("article_date")))
        & (Q(end_date__isnull=True) | Q(end_date__gte=OuterRef("article_date")))
    )
    bylines = (
        Byline.objects.annotate(article_date=article_date)
        .filter(Q(organization=organization) | Q(person__isnull=False) & Exists(held_position_then))
        .values("article_id")
    )
    return _cards_newest_first().filter(Q(pk__in=bylines) | credited_to_publisher_q(organization))


def articles_contributed_by(organization: Organization) -> QuerySet:
    """Published articles the organization sent in (a union member's manuscript accepted by the editors),
    newest first."""
    return _cards_newest_first().filter(contributed_by=organization)


def articles_about_organization(organization: Organization) -> QuerySet:
    """Mention backlinks: published articles marked as being about the organization, newest first."""
    return _cards_newest_first().filter(about_organizations=organization)


def split_statements(articles) -> tuple[list, list]:
    """(member statements, other articles) from one evaluated list, keeping the order."""
    statements, others = [], []
    for article in articles:
        (statements if article.kind == ArticleKind.MEMBER_STATEMENT else others).append(article)
    return statements, others


def coverage_of_event(event: Event, *, at=None) -> Coverage:
    """Published articles about the event at `at` (aware datetime, default now), newest issue first, and the
    distinct issues that carried them, in the same order. Filled into events.backlinks; one query."""
    articles = list(
        Article.objects.published(at=at)
        .filter(about_events=event)
        .select_related("issue__publication", "section")
        .order_by("-issue__date", "issue__number", "order")
    )
    issues = list({article.issue_id: article.issue for article in articles}.values())
    return Coverage(articles=articles, issues=issues)
