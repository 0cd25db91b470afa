"""Import an issue file into a structured issue: one service, one transaction.

    summary = import_issue(document=parse_bytes(data), publication="CAST Newsletter",
                           number="2022-01", date=date(2022, 2, 1), user=request.user)

Everything happens in one `transaction.atomic`; a dry run does the same work and then rolls
it back, so its summary is exactly what a real import would do. Headlines are linked to the
article with the same normalised title, else to the closest title by rapidfuzz's `ratio`
when it scores at least FUZZY_THRESHOLD.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, Max, OuterRef, Q
from django.utils import timezone
from django.utils.text import slugify
from rapidfuzz import fuzz, process

from articles.exchange.issuefile import MAX_ARTICLES, MAX_HEADLINES, IssueDocument, IssueFileError, normalise_title
from articles.models import Article, ArticleKind, Byline, Correction, Headline, Issue, Publication, Section, ShareLink
from core.slugs import unique_slug
from editorial import revisions, versioning, workflow
from editorial.publishing import Status
from people.models import Organization, Person

logger = logging.getLogger(__name__)

# rapidfuzz.fuzz.ratio (0-100) a headline needs to link to an article whose title is not
# equal after normalising. "… system to be built by 2025" vs "… system is to be built by 2025"
# scores 96.8; unrelated titles in the seeds score below 60.
FUZZY_THRESHOLD = 90.0


@dataclass(frozen=True)
class Inputs:
    """How the person importing names the inputs the file may lack: command options or admin form fields.

    The importer's messages are the same wherever they are shown; only these names differ.
    """

    publication: str = "--publication"
    number: str = "--number"
    date: str = "--date"
    give: str = "give {names}"  # how to supply missing values; {names} and {keys} are filled in
    replace: str = "use --replace to update it in place"


COMMAND_INPUTS = Inputs()


@dataclass
class HeadlineLink:
    text: str
    article: str | None  # linked article title
    how: str  # "exact", "fuzzy" or "unlinked"
    score: float = 100.0


@dataclass
class ImportSummary:
    publication: str = ""
    publication_created: bool = False
    issue: str = ""
    issue_pk: int | None = None
    replaced: bool = False
    dry_run: bool = False
    published: bool = False
    skipped: bool = False
    articles: int = 0
    sections: list[tuple[str, int, bool]] = field(default_factory=list)  # title, articles, created
    headlines: list[HeadlineLink] = field(default_factory=list)
    bylines: int = 0
    people_created: list[str] = field(default_factory=list)
    organizations_linked: list[str] = field(default_factory=list)
    organizations_created: list[str] = field(default_factory=list)
    healed: int = 0
    warnings: list[str] = field(default_factory=list)
    # With replace: titles of the existing articles updated in place, the new ones, the deleted ones,
    # and what the updated articles kept that the file cannot express (e.g. "standfirst").
    updated: list[str] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)

    @property
    def headlines_linked(self) -> int:
        return sum(1 for link in self.headlines if link.article)

    @property
    def headlines_unlinked(self) -> int:
        return len(self.headlines) - self.headlines_linked

    def replace_line(self) -> str:
        kept = "kept their slugs (addresses unchanged)"
        if self.kept:
            kept += f" and {', '.join(self.kept)} where set"
        deleted = f"deleted {len(self.deleted)}" + (
            ": " + ", ".join(repr(title) for title in self.deleted) if self.deleted else ""
        )
        return f"updated {len(self.updated)} ({kept}), created {len(self.created)}, {deleted}"

    def lines(self) -> list[str]:
        """The summary as printed by the command and shown in the admin preview."""
        verb = "Would import" if self.dry_run else ("Skipped (already imported)" if self.skipped else "Imported")
        out = [f"{verb}: {self.issue}" + (" (replacing the existing issue)" if self.replaced else "")]
        if self.skipped:
            return out
        out.append(f"Publication: {self.publication}" + (" (new)" if self.publication_created else ""))
        out.append(f"Articles: {self.articles}" + (f": {self.replace_line()}" if self.replaced else ""))
        if self.sections:
            parts = [f"{title} ({count}{', new' if created else ''})" for title, count, created in self.sections]
            out.append(f"Sections: {len(self.sections)}: " + "; ".join(parts))
        else:
            out.append("Sections: 0")
        linked, unlinked = self.headlines_linked, self.headlines_unlinked
        out.append(f"Headlines: {len(self.headlines)}: {linked} linked, {unlinked} unlinked")
        fuzzy = [link for link in self.headlines if link.how == "fuzzy"]
        out += [f"  fuzzy link ({link.score:.0f}): {link.text!r} -> {link.article!r}" for link in fuzzy]
        out.append(f"Bylines: {self.bylines}")
        out.append(f"People created: {len(self.people_created)}" + _names(self.people_created))
        if self.organizations_created:
            out.append(f"Organizations created: {len(self.organizations_created)}" + _names(self.organizations_created))
        else:
            out.append("Organizations created: 0 (bylines credit existing organizations only; other names are people)")
        if self.organizations_linked:
            out.append(f"Organizations credited: {len(self.organizations_linked)}" + _names(self.organizations_linked))
        out.append(f"Paragraphs healed: {self.healed}")
        out.append("Status: " + ("published" if self.published else "draft"))
        out += [f"Warning: {warning}" for warning in self.warnings]
        return out


class ReplaceForbidden(workflow.TransitionForbidden):
    """The user may not replace an issue that is past draft (HTTP 403)."""


def _names(names: list[str]) -> str:
    return f" ({', '.join(names)})" if names else ""


class _DryRun(Exception):
    pass


def _unique_slug(text: str, taken: set[str], max_length: int) -> str:
    """A slug not in `taken`, which then holds it too (rows of one import are not saved yet)."""
    slug = unique_slug(text, taken=taken.__contains__, max_length=max_length)
    taken.add(slug)
    return slug


def _publication(name: str, language: str | None, summary: ImportSummary) -> Publication:
    publication = Publication.objects.filter(Q(name__iexact=name) | Q(slug=slugify(name))).first()
    if publication:
        if language and language != publication.language:
            summary.warnings.append(
                f"the file says language {language!r}; {publication.name} is {publication.language!r} (kept)"
            )
        return publication
    taken = set(Publication.objects.values_list("slug", flat=True))
    publication = Publication.objects.create(name=name, slug=_unique_slug(name, taken, 100), language=language or "en")
    summary.publication_created = True
    return publication


def _sections(publication: Publication, titles: list[str], summary: ImportSummary) -> dict[str, Section]:
    existing = list(publication.sections.all())
    by_title = {normalise_title(section.title): section for section in existing}
    taken = {section.slug for section in existing}
    next_order = (publication.sections.aggregate(top=Max("order"))["top"] or 0) + 1
    result = {}
    for title in titles:
        section = by_title.get(normalise_title(title))
        if section is None:
            section = Section.objects.create(
                publication=publication, title=title, slug=_unique_slug(title, taken, 100), order=next_order
            )
            next_order += 1
            by_title[normalise_title(title)] = section
            summary.sections.append((title, 0, True))
        else:
            summary.sections.append((section.title, 0, False))
        result[title] = section
    return result


def _author(name: str, people_taken: set[str], cache: dict, summary: ImportSummary, *, organization: bool = False):
    """An existing organization (name or short name), else a person (created if new).

    With `organization` (a text import whose review marked the byline as an organization's) a
    missing organization is created instead of a person.
    """
    key = name.casefold()
    if key in cache:
        return cache[key]
    existing = Organization.objects.filter(Q(name__iexact=name) | Q(short_name__iexact=name)).first()
    if existing is None and organization:
        taken = set(
            Organization.objects.filter(slug__startswith=(slugify(name) or "item")[:40]).values_list("slug", flat=True)
        )
        existing = Organization.objects.create(name=name, slug=_unique_slug(name, taken, 200))
        summary.organizations_created.append(name)
    organization = existing
    if organization:
        cache[key] = organization
        if organization.name not in summary.organizations_linked:
            summary.organizations_linked.append(organization.name)
        return organization
    person = Person.objects.filter(name__iexact=name).order_by("pk").first()
    if person is None:
        person = Person.objects.create(name=name, slug=_unique_slug(name, people_taken, 200))
        summary.people_created.append(name)
    cache[key] = person
    return person


def _link_headlines(document: IssueDocument, articles: list[Article], summary: ImportSummary) -> list:
    by_key = {normalise_title(article.title): article for article in articles}
    keys = list(by_key)
    links = []
    for headline in document.headlines:
        key = normalise_title(headline.text)
        article, how, score = by_key.get(key), "exact", 100.0
        if article is None:
            match = process.extractOne(key, keys, scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD)
            if match:
                article, how, score = by_key[match[0]], "fuzzy", match[1]
            else:
                best = process.extractOne(key, keys, scorer=fuzz.ratio)
                how, score = "unlinked", best[1] if best else 0.0
                summary.warnings.append(
                    f"line {headline.line}: headline {headline.text!r} matches no article "
                    f"(best score {score:.0f} < {FUZZY_THRESHOLD:.0f}); kept unlinked"
                )
        summary.headlines.append(HeadlineLink(headline.text, article.title if article else None, how, score))
        links.append(article)
    return links


def _check_length(value: str | None, model, field_name: str, what: str, line: int | None) -> None:
    limit = model._meta.get_field(field_name).max_length
    if value and len(value) > limit:
        raise IssueFileError(f"{what} is {len(value):,} characters long; the limit is {limit:,}", line=line)


def check_limits(document: IssueDocument, publication: str, number: str, inputs: Inputs = COMMAND_INPUTS) -> None:
    """Refuse values the database columns cannot hold, and an unknown language, before anything is written.

    The limits are the model fields' max_length; `publication` and `number` are the values the import
    will use (from the file, or given as `inputs` name them).
    """
    fm = document.lines
    given = {
        "publication": (publication, Publication, "name", "the publication name", inputs.publication),
        "number": (number, Issue, "number", "the issue number", inputs.number),
    }
    for key, (value, model, field_name, what, option) in given.items():
        from_file = value == (getattr(document, key) or "").strip()
        what = what if from_file else f"{what} given ({option})"
        _check_length(value, model, field_name, what, fm.get(key) if from_file else None)
    if document.language is not None:
        codes = dict(settings.LANGUAGES)
        if document.language not in codes:
            raise IssueFileError(
                f"unknown language {document.language[:40]!r}: use one of {', '.join(codes)}",
                line=fm.get("language"),
            )
    _check_length(document.title, Issue, "title", "the issue title", document.title_line)
    for entries, limit, what in ((document.articles, MAX_ARTICLES, "articles"),
                                 (document.headlines, MAX_HEADLINES, "headlines")):  # fmt: skip
        if len(entries) > limit:
            raise IssueFileError(
                f"the file has {len(entries):,} {what}; an issue may have at most {limit:,} {what} "
                "(split it into several issues)",
                line=entries[limit].line,
            )
    for headline in document.headlines:
        _check_length(headline.text, Headline, "text", "the headline", headline.line)
    people = {}  # name -> is it an organization? (organizations are only matched, never created)
    for entry in document.articles:
        _check_length(entry.title, Article, "title", "the article title", entry.line)
        _check_length(entry.section, Section, "title", "the section title", entry.section_line)
        if entry.kind and entry.kind not in ArticleKind.values:
            raise IssueFileError(
                f"unknown article kind {entry.kind[:40]!r}: use one of {', '.join(ArticleKind.values)}",
                line=entry.kind_line or entry.line,
            )
        for byline in entry.bylines:
            if len(byline.name) > Person._meta.get_field("name").max_length:
                if byline.name not in people:
                    people[byline.name] = Organization.objects.filter(name__iexact=byline.name).exists()
                if not people[byline.name]:
                    _check_length(byline.name, Person, "name", "the byline name", entry.byline_line)
            position = byline.position
            _check_length(position, Byline, "position_as_printed", "the byline position", entry.byline_line)


def _publish_time(date: dt.date) -> dt.datetime:
    start_of_day = timezone.make_aware(dt.datetime.combine(date, dt.time()))
    return min(start_of_day, timezone.now())


def import_issue(
    *,
    document: IssueDocument,
    publication: str | None = None,
    number: str | None = None,
    date: dt.date | None = None,
    replace: bool = False,
    dry_run: bool = False,
    if_missing: bool = False,
    publish: bool = False,
    user=None,
    progress: Callable[[str], None] | None = None,
    inputs: Inputs = COMMAND_INPUTS,
) -> ImportSummary:
    """Create (or with `replace`, rebuild) the issue described by `document`.

    `publication`, `number` and `date` override the file's front matter. Raises
    IssueFileError (nothing written) for missing options, values too long for the database,
    or an existing issue without `replace`; with `if_missing` an existing issue is left alone
    and reported as skipped. Imported issues and articles are drafts unless `publish` is set.
    `inputs` names the options in messages (command options, or the admin form's fields).

    A replace updates the issue in place: each article of the file is matched to an existing
    article of the issue (by normalised title, else by slug) and gets the file's title, body,
    order, section and bylines, keeping everything else (kind, standfirst, dateline, images,
    about-links, slug, corrections, share links, history); new articles are created and the
    articles no longer in the file are deleted.
    """
    say = progress or (lambda message: None)
    publication_name = (publication or document.publication or "").strip()
    number = (number or document.number or "").strip()
    date = date or document.date
    given = (("publication", publication_name), ("number", number), ("date", date))
    missing = [name for name, value in given if not value]
    if missing:
        how = inputs.give.format(
            names=", ".join(getattr(inputs, name) for name in missing),
            keys=", ".join(f"'{name}:'" for name in missing),
        )
        raise IssueFileError(
            f"missing {', '.join(missing)}: the file has no front matter for {'it' if len(missing) == 1 else 'them'}; "
            + how
        )
    check_limits(document, publication_name, number, inputs)
    summary = ImportSummary(dry_run=dry_run, publication=publication_name, healed=document.healed)
    try:
        with transaction.atomic():
            _import(document, publication_name, number, date, replace, if_missing, publish, summary, say, user, inputs)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    if not dry_run and not summary.skipped:
        logger.info("Issue %s imported by %s", summary.issue, getattr(user, "username", None) or "(no user)")
    return summary


# What a replace keeps on an updated article that the file cannot express, for the summary.
_KEPT = (
    ("kind", ~Q(kind=ArticleKind.NEWS)),
    ("standfirst", ~Q(standfirst="")),
    ("dateline", ~Q(dateline_place="") | Q(dateline_date__isnull=False)),
    ("lead image", ~Q(lead_image="")),
    (
        "about links",
        Exists(Article.about_people.through.objects.filter(article=OuterRef("pk")))
        | Exists(Article.about_organizations.through.objects.filter(article=OuterRef("pk")))
        | Exists(Article.about_events.through.objects.filter(article=OuterRef("pk"))),
    ),
    ("corrections", Exists(Correction.objects.filter(article=OuterRef("pk")))),
    ("share links", Exists(ShareLink.objects.filter(article=OuterRef("pk")))),
)


@dataclass
class _Plan:
    """A replace: the existing article each file entry updates (None: a new article), and those to delete."""

    matches: list[Article | None]
    deleted: list[Article]

    @property
    def updated(self) -> list[Article]:
        return [article for article in self.matches if article is not None]


def _plan_replace(issue: Issue, document: IssueDocument) -> _Plan:
    """Match the file's articles to the issue's: by normalised title, else by slug; each article once."""
    existing = list(issue.articles.order_by("order", "pk"))
    by_title: dict[str, Article] = {}
    for article in existing:
        by_title.setdefault(normalise_title(article.title), article)
    matches = [by_title.get(normalise_title(entry.title)) for entry in document.articles]
    used = {article.pk for article in matches if article}
    by_slug = {article.slug: article for article in existing if article.pk not in used}
    for index, entry in enumerate(document.articles):
        if matches[index] is None and (article := by_slug.pop(slugify(entry.title), None)):
            matches[index] = article
            used.add(article.pk)
    return _Plan(matches=matches, deleted=[article for article in existing if article.pk not in used])


def _kept(plan: _Plan) -> list[str]:
    """What the file cannot express that at least one updated article has (one query per item)."""
    rows = Article.objects.filter(pk__in=[article.pk for article in plan.updated])
    return [label for label, condition in _KEPT if plan.updated and rows.filter(condition).exists()]


def _check_replace(issue: Issue, status: str, user, summary: ImportSummary, plan: _Plan) -> None:
    """Replacing an issue past draft changes reviewed or public work: a chief editor's call.

    A user needs the permission to unpublish (the publishing role); the command runs without a
    user (staff at the console) and is warned instead.
    """
    label = Status(issue.status).label.lower()
    if (
        issue.status != Status.DRAFT
        and user is not None
        and not workflow.has_transition_permission(user, issue, workflow.get_transition("unpublish"))
    ):
        raise ReplaceForbidden(
            f"{issue} is {label}: only a chief editor (publishing role) may replace it; nothing was imported."
        )
    if user is not None:
        _check_articles_by_hand(issue, status, user, plan)
    if issue.status == Status.DRAFT:
        return
    if status == Status.DRAFT:
        after = "it goes back to draft"
    elif issue.status == status:
        after = f"it stays {label}"
    else:
        after = f"it is {Status(status).label.lower()} again"
    summary.warnings.append(
        f"{issue} is {label}: replacing it updates {len(plan.updated)} of its articles, creates "
        f"{plan.matches.count(None)} and deletes {len(plan.deleted)}; {after} (recorded in its workflow history)"
    )
    if not summary.dry_run:
        logger.warning("Issue %s (%s) replaced by %s", issue, label, getattr(user, "username", None) or "(no user)")


def _check_articles_by_hand(issue: Issue, status: str, user, plan: _Plan) -> None:
    """A replace may only do to the articles what `user` could do by hand; else ReplaceForbidden naming them."""
    titles = lambda articles: ", ".join(f"“{article.title}”" for article in articles)  # noqa: E731
    problems = []
    if plan.deleted and not user.has_perm("articles.delete_article"):
        problems.append(f"delete {titles(plan.deleted)}, but your role may not delete articles")
    if None in plan.matches and not user.has_perm("articles.add_article"):
        problems.append("create articles, but your role may not add articles")
    locked = [article for article in plan.updated if not workflow.can_edit(user, article)]
    if locked:
        problems.append(f"change {titles(locked)}, which you may not edit")
    target = Status(status).label.lower()
    for state in Status:
        moved = [
            article
            for article in plan.updated
            if article.status == state and article.status != status and not workflow.can_move(user, article, status)
        ]
        if moved:
            problems.append(
                f"set {titles(moved)} from {state.label.lower()} to {target}, which your role cannot do by hand"
            )
    if problems:
        raise ReplaceForbidden(
            f"Replacing {issue} would {'; and '.join(problems)}. Nothing was imported: ask a chief editor, "
            "or change those articles by hand first."
        )


def _article_state(article: Article, status: str, publish_at) -> None:
    """The import's state for an updated article; a public article published again keeps its publish time."""
    if status == Status.PUBLISHED and article.is_public():
        publish_at = article.publish_at
    article.status, article.publish_at = status, publish_at


def _import(document, publication_name, number, date, replace, if_missing, publish, summary, say, user, inputs):
    pub = _publication(publication_name, document.language, summary)
    summary.publication = pub.name
    summary.issue = f"{pub.name} No. {number}"
    issue = Issue.objects.filter(publication=pub, number=number).first()
    if issue and if_missing:
        summary.skipped, summary.issue_pk = True, issue.pk
        return
    if issue and not replace:
        raise IssueFileError(f"{pub.name} already has issue No. {number}; {inputs.replace}")
    status = Status.PUBLISHED if publish else Status.DRAFT
    publish_at = _publish_time(date) if publish else None
    summary.published = publish
    fields = {"date": date, "title": document.title, "colophon": document.colophon, "status": status}
    fields["publish_at"] = publish_at
    plan = _Plan(matches=[None] * len(document.articles), deleted=[])
    if issue:
        summary.replaced = True
        plan = _plan_replace(issue, document)
        _check_replace(issue, status, user, summary, plan)
        summary.kept = _kept(plan)
        summary.deleted = [article.title for article in plan.deleted]
        say(
            f"Updating {len(plan.updated)} articles in place, creating {plan.matches.count(None)}, "
            f"deleting {len(plan.deleted)}"
        )
        issue.headlines.all().delete()
        Article.objects.filter(pk__in=[article.pk for article in plan.deleted]).delete()
        # Free positions 1..n for the file's order without breaking the unique (issue, order) on the way.
        offset = max(issue.articles.aggregate(top=Max("order"))["top"] or 0, len(document.articles)) + 1
        issue.articles.update(order=F("order") + offset)
        from_status = issue.status
        for name, value in fields.items():
            setattr(issue, name, value)
        issue.save()
        if from_status != status or from_status != Status.DRAFT:  # a replaced published issue is news too
            comment = (
                f"Replaced by an issue-file import: {len(plan.updated)} articles updated in place, "
                f"{plan.matches.count(None)} created, {len(plan.deleted)} deleted."
            )
            workflow.log_transition(
                obj=issue, name="import_replace", from_status=from_status, to_status=status, user=user, comment=comment
            )
    else:
        taken = set(pub.issues.values_list("slug", flat=True))
        issue = Issue.objects.create(
            publication=pub, number=number, slug=_unique_slug(number, taken, 100), created_by=user, **fields
        )
    summary.issue_pk = issue.pk

    sections = _sections(pub, document.sections, summary)
    section_counts = dict.fromkeys(document.sections, 0)
    people_taken = set(Person.objects.values_list("slug", flat=True))
    authors: dict = {}
    article_slugs: set[str] = {article.slug for article in plan.updated}
    articles = []
    total = len(document.articles)
    for order, (entry, article) in enumerate(zip(document.articles, plan.matches, strict=True), start=1):
        section = sections.get(entry.section) if entry.section else None
        if article is None:
            say(f"Article {order}/{total}: {entry.title}")
            article = Article.objects.create(
                issue=issue,
                order=order,
                section=section,
                title=entry.title,
                slug=_unique_slug(entry.title, article_slugs, 200),
                kind=entry.kind or ArticleKind.NEWS,
                standfirst=entry.standfirst,
                body=entry.body,
                status=status,
                publish_at=publish_at,
                created_by=user,
            )
            if summary.replaced:
                summary.created.append(entry.title)
        else:
            say(f"Article {order}/{total}: {entry.title} (updated)")
            _update_article(article, entry, order, section, status, publish_at, user)
            summary.updated.append(entry.title)
        articles.append(article)
        if entry.section:
            section_counts[entry.section] += 1
        for byline_order, byline in enumerate(entry.bylines):
            author = _author(byline.name, people_taken, authors, summary, organization=byline.organization)
            Byline.objects.create(
                article=article,
                order=byline_order,
                person=author if isinstance(author, Person) else None,
                organization=author if isinstance(author, Organization) else None,
                position_as_printed=byline.position,
            )
            summary.bylines += 1
        if summary.replaced and article.pk in {updated.pk for updated in plan.updated}:
            # A new version: an article form opened before the import is refused as stale.
            versioning.save_revision(obj=article, user=user, summary="Updated by an issue-file import")
    summary.articles = len(articles)
    summary.sections = [
        (stored_title, section_counts[title], created)
        for (stored_title, _, created), title in zip(summary.sections, document.sections, strict=True)
    ]
    say(f"Linking {len(document.headlines)} headlines")
    for order, article in enumerate(_link_headlines(document, articles, summary), start=1):
        Headline.objects.create(issue=issue, order=order, text=document.headlines[order - 1].text, article=article)
    if summary.replaced:
        # A new version (with its headlines) makes an issue form opened before the import stale, so
        # saving it is refused instead of silently overwriting what was imported.
        versioning.save_revision(obj=issue, user=user, summary="Replaced by an issue-file import")
    else:
        _record_new_issue(issue, articles, status, user)
    if not document.title:
        summary.warnings.append("the file has no issue title ('# Title')")
    if document.subtitle:
        summary.warnings.append(f"the issue subtitle {document.subtitle!r} is not stored (issues have no subtitle)")


def _record_new_issue(issue: Issue, articles: list[Article], status: str, user) -> None:
    """The first revision of the new issue and of each new article, and the import in the issue's log
    (and in each article's when the import published it), by the importing user at import time.

    Without them the first revision would be a snapshot taken whenever an editor first opened the form,
    by nobody, and the log would say nothing happened although the import published the issue.
    """
    summary = "Imported from an issue file" + ("" if user is None else f" by {user}")
    for article in articles:
        revisions.record(article, user=user, summary=summary)
        if status != Status.DRAFT:
            workflow.log_transition(
                obj=article, name="import", from_status=Status.DRAFT, to_status=status, user=user,
                comment=f"{Status(status).label} with its issue by an issue-file import.",
            )  # fmt: skip
    revisions.record(issue, user=user, summary=summary)
    workflow.log_transition(
        obj=issue, name="import", from_status=Status.DRAFT, to_status=status, user=user,
        comment=f"Imported from an issue file with {len(articles)} article{'' if len(articles) == 1 else 's'}"
        + ("" if status == Status.DRAFT else f", {Status(status).label.lower()} at once") + ".",
    )  # fmt: skip


def _update_article(article: Article, entry, order: int, section, status: str, publish_at, user) -> None:
    """What the file expresses (title, body, order, section, bylines; the state); the rest is kept."""
    revisions.ensure_baseline(article)  # the version before the import stays restorable
    from_status = article.status
    article.title, article.body, article.order, article.section = entry.title, entry.body, order, section
    if entry.kind:
        article.kind = entry.kind
    if entry.standfirst:
        article.standfirst = entry.standfirst
    _article_state(article, status, publish_at)
    article.save()
    article.bylines.all().delete()  # the file's bylines replace them (created by the caller)
    if from_status != article.status:
        workflow.log_transition(
            obj=article,
            name="import_replace",
            from_status=from_status,
            to_status=article.status,
            user=user,
            comment="Updated in place by an issue-file import of its issue.",
        )


__all__ = [
    "COMMAND_INPUTS",
    "FUZZY_THRESHOLD",
    "ImportSummary",
    "Inputs",
    "IssueFileError",
    "ReplaceForbidden",
    "check_limits",
    "import_issue",
]
