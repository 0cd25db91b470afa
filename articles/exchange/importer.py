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
from rapidfuzz import fuzz, process

from articles import services
from articles.exchange.issuefile import MAX_ARTICLES, MAX_HEADLINES, IssueDocument, IssueFileError, normalise_title
from articles.models import Article, ArticleKind, Byline, Correction, Headline, Issue, Publication, Section, ShareLink
from articles.services import PublishBlocked, publish_issue_from_draft
from core.slugs import slugify_text, unique_slug
from editorial import revisions, versioning, workflow
from editorial.publishing import LIVE_STATES, Status
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
    # A replaced issue that was published or scheduled stays so: its state ("published", "scheduled").
    live: str = ""
    dry_run: bool = False
    published: bool = False
    # Asked to publish but refused by the publishing checks or the workflow: why (the issue stays a draft),
    # and the preflight's blockers when those were the reason.
    publish_refused: str = ""
    publish_blockers: list[str] = field(default_factory=list)
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
    # With replace: titles of the existing articles the file changes (updated in place), of those it leaves
    # as they are, the new ones, the deleted ones, and what the matched articles kept that the file cannot
    # express (e.g. "standfirst").
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
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
        kept = "both kept their slugs (addresses unchanged)"
        if self.kept:
            kept += f" and {', '.join(self.kept)} where set"
        deleted = f"deleted {len(self.deleted)}" + (
            ": " + ", ".join(repr(title) for title in self.deleted) if self.deleted else ""
        )
        return (
            f"updated {len(self.updated)}, unchanged {len(self.unchanged)} ({kept}), "
            f"created {len(self.created)}, {deleted}"
        )

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
        if self.live:
            stays = "public" if self.live == Status.PUBLISHED.label.lower() else self.live
            out.append(f"Status: {self.live} (stays {stays}: the issue and its articles keep their publish times)")
        elif self.publish_refused:
            refused = "not published" if not self.dry_run else "would not be published"
            out.append(f"Status: draft ({refused}: {self.publish_refused})")
            out += [f"  blocker: {blocker}" for blocker in self.publish_blockers]
        else:
            out.append("Status: " + ("published" if self.published else "draft"))
        out += [f"Warning: {warning}" for warning in self.warnings]
        return out


class ReplaceForbidden(workflow.TransitionForbidden):
    """The user may not replace an issue that is past draft (HTTP 403)."""


class ReplaceBlocked(IssueFileError):
    """Replacing a published or scheduled issue (which stays so) would leave it failing the publishing
    checks: nothing is imported. `report` is the preflight's (articles.services.PreflightReport)."""

    def __init__(self, issue: Issue, report: services.PreflightReport):
        self.report = report
        count, label = len(report.blockers), Status(issue.status).label.lower()
        listed = " ".join(problem.message for problem in report.blockers)
        super().__init__(
            f"{issue} is {label} and stays {label} when replaced, so the replacement must pass the publishing "
            f"checks, which found {count} blocker{'' if count == 1 else 's'}: {listed} Nothing was imported."
        )


def _names(names: list[str]) -> str:
    return f" ({', '.join(names)})" if names else ""


class _DryRun(Exception):
    pass


def _unique_slug(text: str, taken: set[str], max_length: int, fallback: str) -> str:
    """A readable slug in the text's own script (core.slugs) not in `taken`, which then holds it too (rows of
    one import are not saved yet)."""
    slug = unique_slug(text, taken=taken.__contains__, max_length=max_length, fallback=fallback)
    taken.add(slug)
    return slug


def _publication(name: str, language: str | None, summary: ImportSummary) -> Publication:
    publication = Publication.objects.filter(Q(name__iexact=name) | Q(slug=slugify_text(name) or None)).first()
    if publication:
        if language and language != publication.language:
            summary.warnings.append(
                f"the file says language {language!r}; {publication.name} is {publication.language!r} (kept)"
            )
        return publication
    taken = set(Publication.objects.values_list("slug", flat=True))
    publication = Publication.objects.create(
        name=name, slug=_unique_slug(name, taken, 100, "publication"), language=language or "en"
    )
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
                publication=publication, title=title, slug=_unique_slug(title, taken, 100, "section"), order=next_order
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
        prefix = (slugify_text(name) or "organization")[:40]
        taken = set(Organization.objects.filter(slug__startswith=prefix).values_list("slug", flat=True))
        existing = Organization.objects.create(name=name, slug=_unique_slug(name, taken, 200, "organization"))
        summary.organizations_created.append(name)
    organization = existing
    if organization:
        cache[key] = organization
        if organization.name not in summary.organizations_linked:
            summary.organizations_linked.append(organization.name)
        return organization
    person = Person.objects.filter(name__iexact=name).order_by("pk").first()
    if person is None:
        person = Person.objects.create(name=name, slug=_unique_slug(name, people_taken, 200, "person"))
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
    and reported as skipped.

    Imported issues and articles are drafts. With `publish` the draft is then published the one way
    there is (`articles.services.publish_issue_from_draft`: submitted, approved, preflight, published,
    each step in the workflow log), as `user` — `workflow.CONSOLE` when there is none (a management
    command). A refused publish leaves the import as a draft: `summary.publish_refused` says why and
    `summary.published` stays false. A dry run reports whether publishing would be refused.
    `inputs` names the options in messages (command options, or the admin form's fields).

    A replace updates the issue in place: each article of the file is matched to an existing
    article of the issue (by normalised title, else by slug) and gets the file's title, body,
    order, section and bylines, keeping everything else (kind, standfirst, dateline, images,
    about-links, slug, corrections, share links, history); new articles are created and the
    articles no longer in the file are deleted. Only the articles whose content the file changes are
    written (`summary.updated`; the others are `summary.unchanged`).

    Replacing an issue that is published or scheduled is an edit of live content (`summary.live`): the
    issue and its live articles keep their state and publish times, new articles are published with it
    through the workflow, and the result must pass the publishing checks — else ReplaceBlocked (an
    IssueFileError naming the blockers) and nothing is written. `publish` has nothing left to do then.
    Replacing an issue in any other state makes it and its articles drafts, as a new import.
    Raises ReplaceForbidden (nothing written) when `user` could not make those changes by hand.
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
            publish_at = _import(
                document, publication_name, number, date, replace, if_missing, summary, say, user, inputs
            )
            if dry_run:
                if publish and not summary.skipped and not summary.live:
                    _publish(summary, user, publish_at, say)
                raise _DryRun
    except _DryRun:
        pass
    if not dry_run and not summary.skipped:
        logger.info("Issue %s imported by %s", summary.issue, getattr(user, "username", None) or "(no user)")
        if publish and not summary.live:  # a live issue replaced in place is still live: nothing to publish
            # After the import's own transaction: a refused publish leaves the imported draft in place.
            _publish(summary, user, publish_at, say)
    return summary


def _publish(summary: ImportSummary, user, publish_at, say) -> None:
    """Publish the imported draft through the publishing service; a refusal is reported, not raised."""
    issue = Issue.objects.get(pk=summary.issue_pk)
    say("Publishing through the publishing checks (submit, approve, preflight, publish)")
    try:
        publish_issue_from_draft(
            issue=issue,
            user=user or workflow.CONSOLE,
            publish_at=publish_at,
            comment="Published by an issue import (import_issue --publish).",
        )
    except PublishBlocked as refusal:
        count = len(refusal.report.blockers)
        summary.publish_refused = f"the publishing checks found {count} blocker{'s' if count != 1 else ''}"
        summary.publish_blockers = [problem.message for problem in refusal.report.blockers]
        return
    except (workflow.WorkflowError, workflow.TransitionForbidden) as refusal:
        summary.publish_refused = str(refusal)
        return
    summary.published = True


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

# A byline as compared by a replace: ("person" or "organization", its id or None for one the import would
# create, the position as printed).
BylineKey = tuple[str, int | None, str]


@dataclass
class _Plan:
    """A replace: the existing article each file entry updates (None: a new article), those to delete, the
    ids of the matched articles whose content the file changes, and each matched article's bylines."""

    matches: list[Article | None]
    deleted: list[Article]
    changed: set[int] = field(default_factory=set)
    bylines: dict[int, list[BylineKey]] = field(default_factory=dict)

    @property
    def updated(self) -> list[Article]:
        """Every matched article (the file's version of it replaces it, changed or not)."""
        return [article for article in self.matches if article is not None]

    @property
    def changed_articles(self) -> list[Article]:
        return [article for article in self.updated if article.pk in self.changed]

    def counts(self) -> str:
        updated = len(self.changed)
        return (
            f"{updated} article{'' if updated == 1 else 's'} updated, {len(self.updated) - updated} unchanged, "
            f"{self.matches.count(None)} created, {len(self.deleted)} deleted"
        )


def _cleaned(model, name: str, value):
    """`value` as field `name` of `model` would store it (core.fields normalise text on the way in)."""
    model_field = model._meta.get_field(name)
    return model_field.clean_value(value) if hasattr(model_field, "clean_value") else value


def _same_text(stored: str, model, name: str, value: str) -> bool:
    """Whether the file's `value` says what `stored` says; whitespace around a text (a final line break
    the file format does not keep) is no difference in Markdown."""
    return (stored or "").strip() == (_cleaned(model, name, value) or "").strip()


def _known_author(name: str, cache: dict) -> tuple[str, int | None]:
    """Who a byline name credits, as `_author` decides, without creating anyone: (kind, id or None)."""
    key = name.casefold()
    if key not in cache:
        organization = (
            Organization.objects.filter(Q(name__iexact=name) | Q(short_name__iexact=name))
            .values_list("pk", flat=True)
            .first()
        )
        if organization is not None:
            cache[key] = ("organization", organization)
        else:
            person = Person.objects.filter(name__iexact=name).order_by("pk").values_list("pk", flat=True).first()
            cache[key] = ("person", person)
    return cache[key]


def _byline_key(author, position: str | None) -> BylineKey:
    kind = "organization" if isinstance(author, Organization) else "person"
    return kind, author.pk, _cleaned(Byline, "position_as_printed", position or "")


def _moved(matched: list[Article]) -> set[int]:
    """Ids of the articles of `matched` (in the file's order) that the file moves: the fewest whose leaving
    keeps the rest in their stored order (all but a longest increasing run of positions). An article
    whose position only shifts because others were deleted, added or moved around it has not moved."""
    positions = [(article.order, article.pk) for article in matched]
    longest = [1] * len(positions)  # longest increasing run ending at each article
    previous = [-1] * len(positions)
    for index, position in enumerate(positions):
        for before in range(index):
            if positions[before] < position and longest[before] + 1 > longest[index]:
                longest[index], previous[index] = longest[before] + 1, before
    kept, index = set(), max(range(len(positions)), key=longest.__getitem__, default=-1)
    while index != -1:
        kept.add(matched[index].pk)
        index = previous[index]
    return {article.pk for article in matched} - kept


def _differs(article: Article, entry, moved: bool, bylines: list[BylineKey], authors: dict) -> bool:
    """Whether the file's `entry` changes what `article` holds of what the file expresses: title, body,
    position among the other articles (`moved`), section, bylines, and kind or standfirst when given."""
    section = normalise_title(article.section.title) if article.section_id else None
    wanted = [
        (*_known_author(byline.name, authors), _cleaned(Byline, "position_as_printed", byline.position or ""))
        for byline in entry.bylines
    ]
    return (
        not _same_text(article.title, Article, "title", entry.title)
        or not _same_text(article.body, Article, "body", entry.body)
        or moved
        or section != (normalise_title(entry.section) if entry.section else None)
        or bool(entry.kind and entry.kind != article.kind)
        or bool(entry.standfirst and not _same_text(article.standfirst, Article, "standfirst", entry.standfirst))
        or bylines != wanted
    )


def _plan_replace(issue: Issue, document: IssueDocument) -> _Plan:
    """Match the file's articles to the issue's: by normalised title, else by slug; each article once; and
    find which matched articles the file changes (reads only).

    The slug is the one the title would get (core.slugs, any script), so a title changed only in
    punctuation, case or spacing finds its article in Chinese as in English.
    """
    existing = list(issue.articles.select_related("section").order_by("order", "pk"))
    by_title: dict[str, Article] = {}
    for article in existing:
        by_title.setdefault(normalise_title(article.title), article)
    matches = [by_title.get(normalise_title(entry.title)) for entry in document.articles]
    used = {article.pk for article in matches if article}
    by_slug = {article.slug: article for article in existing if article.pk not in used}
    for index, entry in enumerate(document.articles):
        if matches[index] is None and (article := by_slug.pop(slugify_text(entry.title, max_length=200), None)):
            matches[index] = article
            used.add(article.pk)
    plan = _Plan(matches=matches, deleted=[article for article in existing if article.pk not in used])
    plan.bylines = {article.pk: [] for article in plan.updated}
    for byline in Byline.objects.filter(article__in=list(used)).order_by("article", "order", "pk"):
        kind, pk = ("organization", byline.organization_id) if byline.organization_id else ("person", byline.person_id)
        plan.bylines[byline.article_id].append((kind, pk, byline.position_as_printed))
    authors: dict = {}
    moved = _moved(plan.updated)
    for entry, article in zip(document.articles, matches, strict=True):
        if article is not None and _differs(article, entry, article.pk in moved, plan.bylines[article.pk], authors):
            plan.changed.add(article.pk)
    return plan


def _kept(plan: _Plan) -> list[str]:
    """What the file cannot express that at least one matched article has (one query per item)."""
    rows = Article.objects.filter(pk__in=[article.pk for article in plan.updated])
    return [label for label, condition in _KEPT if plan.updated and rows.filter(condition).exists()]


def _check_replace(issue: Issue, user, summary: ImportSummary, plan: _Plan) -> None:
    """Replacing an issue past draft changes reviewed or public work: a chief editor's call.

    A user needs the permission to unpublish (the publishing role); the command runs without a
    user (staff at the console) and is warned instead.
    """
    label = Status(issue.status).label.lower()
    live = issue.status in LIVE_STATES
    if (
        issue.status != Status.DRAFT
        and user is not None
        and not workflow.has_transition_permission(user, issue, workflow.get_transition("unpublish"))
    ):
        raise ReplaceForbidden(
            f"{issue} is {label}: only a chief editor (publishing role) may replace it; nothing was imported."
        )
    if user is not None:
        _check_articles_by_hand(issue, user, plan, live=live)
    if issue.status == Status.DRAFT:
        return
    changes = (
        f"replacing it updates {len(plan.changed)} of its articles ({len(plan.updated) - len(plan.changed)} "
        f"unchanged), creates {plan.matches.count(None)} and deletes {len(plan.deleted)}"
    )
    if live:
        summary.warnings.append(
            f"{issue} is {label}: {changes}; it stays {label}, the issue and its articles keeping their publish "
            "times, and union members are sent what changed (recorded in its workflow history)"
        )
    else:
        summary.warnings.append(
            f"{issue} is {label}: {changes}; it goes back to draft (recorded in its workflow history) until it "
            "is published again"
        )
    if not summary.dry_run:
        logger.warning("Issue %s (%s) replaced by %s", issue, label, getattr(user, "username", None) or "(no user)")


def _check_articles_by_hand(issue: Issue, user, plan: _Plan, *, live: bool) -> None:
    """A replace may only do to the articles what `user` could do by hand; else ReplaceForbidden naming them.

    Replacing a draft issue makes every matched article a draft; replacing a `live` one changes only the
    articles whose content changes (a live one stays live, any other becomes a draft) and publishes the
    new ones with the issue.
    """
    titles = lambda articles: ", ".join(f"“{article.title}”" for article in articles)  # noqa: E731
    problems = []
    if plan.deleted and not user.has_perm("articles.delete_article"):
        problems.append(f"delete {titles(plan.deleted)}, but your role may not delete articles")
    if None in plan.matches and not user.has_perm("articles.add_article"):
        problems.append("create articles, but your role may not add articles")
    elif None in plan.matches and live and not workflow.can_move(user, Article(issue=issue), issue.status):
        problems.append("publish new articles with the issue, but your role may not publish")
    written = plan.changed_articles if live else plan.updated
    locked = [article for article in written if not workflow.can_edit(user, article)]
    if locked:
        problems.append(f"change {titles(locked)}, which you may not edit")
    to_draft = [article for article in written if not (live and article.status in LIVE_STATES)]
    target = Status.DRAFT.label.lower()
    for state in Status:
        moved = [
            article
            for article in to_draft
            if article.status == state
            and article.status != Status.DRAFT
            and not workflow.can_move(user, article, Status.DRAFT)
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


def _import(document, publication_name, number, date, replace, if_missing, summary, say, user, inputs):
    """Write the issue; returns the publish time a following publish should use: the time a replaced issue
    went public, else the issue date (never later than now).

    A new issue, or a replaced one that was not published or scheduled, is written as a draft. A replaced
    issue that is published or scheduled stays so (`summary.live`): the file's changes are edits of live
    content, checked by the publishing checks (ReplaceBlocked rolls everything back) and sent to union
    members as updates, withdrawals and publications of exactly what changed.
    """
    pub = _publication(publication_name, document.language, summary)
    summary.publication = pub.name
    summary.issue = f"{pub.name} No. {number}"
    issue = Issue.objects.filter(publication=pub, number=number).first()
    if issue and if_missing:
        summary.skipped, summary.issue_pk = True, issue.pk
        return None
    if issue and not replace:
        raise IssueFileError(f"{pub.name} already has issue No. {number}; {inputs.replace}")
    if issue:
        # Issue, then its articles: nothing changes under the checks below until the import commits.
        issue = services.lock_issue_and_articles(issue, for_snapshot=False)
    live = issue is not None and issue.status in LIVE_STATES
    went_public = issue.publish_at if issue and issue.publish_at and issue.publish_at <= timezone.now() else None
    republish_at = went_public or _publish_time(date)
    plan = _Plan(matches=[None] * len(document.articles), deleted=[])
    visible_before: set[int] = set()
    issue_was_public = False
    if issue:
        summary.replaced = True
        summary.live = Status(issue.status).label.lower() if live else ""
        visible_before = services.member_visible_ids(Article.objects.filter(issue=issue))
        issue_was_public = issue.is_public()
        plan = _plan_replace(issue, document)
        _check_replace(issue, user, summary, plan)
        summary.kept = _kept(plan)
        summary.deleted = [article.title for article in plan.deleted]
        say(
            f"Updating {len(plan.changed)} articles in place ({len(plan.updated) - len(plan.changed)} unchanged), "
            f"creating {plan.matches.count(None)}, deleting {len(plan.deleted)}"
        )
        revisions.ensure_baseline(issue)  # the version before the import stays restorable
        Article.objects.filter(pk__in=[article.pk for article in plan.deleted]).delete()
        # Free the positions the file gives without breaking the unique (issue, order) on the way.
        moving = [
            article.pk for order, article in enumerate(plan.matches, start=1) if article and article.order != order
        ]
        offset = max(issue.articles.aggregate(top=Max("order"))["top"] or 0, len(document.articles)) + 1
        Article.objects.filter(pk__in=moving).update(order=F("order") + offset)
        from_status = issue.status
        issue.date, issue.title, issue.colophon = date, document.title, document.colophon
        if not live:
            issue.status, issue.publish_at = Status.DRAFT, None
        issue.save()
        if from_status != Status.DRAFT:
            outcome = (
                f"it stays {summary.live}, with its publish time." if live else "it is a draft until published again."
            )
            workflow.log_transition(
                obj=issue,
                name="import_replace",
                from_status=from_status,
                to_status=issue.status,
                user=user,
                comment=f"Replaced by an issue-file import: {plan.counts()}; {outcome}",
            )
    else:
        taken = set(pub.issues.values_list("slug", flat=True))
        issue = Issue.objects.create(
            publication=pub,
            number=number,
            slug=_unique_slug(number, taken, 100, "issue"),
            created_by=user,
            date=date,
            title=document.title,
            colophon=document.colophon,
            status=Status.DRAFT,
        )
    summary.issue_pk = issue.pk

    sections = _sections(pub, document.sections, summary)
    section_counts = dict.fromkeys(document.sections, 0)
    people_taken = set(Person.objects.values_list("slug", flat=True))
    authors: dict = {}
    article_slugs: set[str] = {article.slug for article in plan.updated}
    articles, created = [], []
    total = len(document.articles)
    for order, (entry, article) in enumerate(zip(document.articles, plan.matches, strict=True), start=1):
        section = sections.get(entry.section) if entry.section else None
        credited = [
            (_author(byline.name, people_taken, authors, summary, organization=byline.organization), byline.position)
            for byline in entry.bylines
        ]
        wanted = [_byline_key(author, position) for author, position in credited]
        if article is None:
            say(f"Article {order}/{total}: {entry.title}")
            article = Article.objects.create(
                issue=issue,
                order=order,
                section=section,
                title=entry.title,
                slug=_unique_slug(entry.title, article_slugs, 200, "article"),
                kind=entry.kind or ArticleKind.NEWS,
                standfirst=entry.standfirst,
                body=entry.body,
                created_by=user,
            )
            created.append(article)
            if summary.replaced:
                summary.created.append(entry.title)
            stored: list[BylineKey] = []
            write = False  # a new article's first revision is recorded below, or by its publishing steps
        else:
            stored = plan.bylines[article.pk]
            changed = article.pk in plan.changed
            (summary.updated if changed else summary.unchanged).append(entry.title)
            # A draft replace makes every article a draft; a live one leaves an unchanged article alone.
            write = changed or (not live and article.status != Status.DRAFT)
            if write:
                say(f"Article {order}/{total}: {entry.title} ({'updated' if changed else 'back to draft'})")
                _update_article(article, entry, order, section, user, keep_state=live)
            elif article.order != order:
                _renumber(article, order, user)
        articles.append(article)
        if entry.section:
            section_counts[entry.section] += 1
        if wanted != stored:  # bylines that did not change keep their rows
            Byline.objects.filter(article=article).delete()
            for byline_order, (author, position) in enumerate(credited):
                Byline.objects.create(
                    article=article,
                    order=byline_order,
                    person=author if isinstance(author, Person) else None,
                    organization=author if isinstance(author, Organization) else None,
                    position_as_printed=position,
                )
        summary.bylines += len(credited)
        if summary.replaced and write:
            # A new version: an article form opened before the import is refused as stale. For a live
            # article this is also what sends union members the update (only if its content changed).
            versioning.save_revision(obj=article, user=user, summary="Updated by an issue-file import")
    summary.articles = len(articles)
    summary.sections = [
        (stored_title, section_counts[title], created_section)
        for (stored_title, _, created_section), title in zip(summary.sections, document.sections, strict=True)
    ]
    say(f"Linking {len(document.headlines)} headlines")
    _write_headlines(issue, document, _link_headlines(document, articles, summary))
    if summary.replaced:
        # A new version (with its headlines) makes an issue form opened before the import stale, so
        # saving it is refused instead of silently overwriting what was imported. Members hear of a live
        # issue's update only if its own content (title, date, colophon, headlines) changed.
        versioning.save_revision(obj=issue, user=user, summary="Replaced by an issue-file import")
    else:
        _record_new_issue(issue, articles, user)
    # Members get withdrawals for what stopped being visible (deleted, or back to draft); a following
    # publish announces what comes back, through the publishing service.
    services.record_issue_import(issue=issue, visible_before=visible_before, issue_was_public=issue_was_public)
    if live:
        _publish_with_live_issue(issue, created, user)
    if not document.title:
        summary.warnings.append("the file has no issue title ('# Title')")
    if document.subtitle:
        summary.warnings.append(f"the issue subtitle {document.subtitle!r} is not stored (issues have no subtitle)")
    return republish_at


def _write_headlines(issue: Issue, document: IssueDocument, links: list[Article | None]) -> None:
    """The file's headlines, linked to `links`; rows that already say the same are kept (no new version of
    a live issue's headlines, so members are not told of a change that is none)."""
    wanted = [
        (_cleaned(Headline, "text", headline.text), article.pk if article else None)
        for headline, article in zip(document.headlines, links, strict=True)
    ]
    if wanted == list(issue.headlines.order_by("order", "pk").values_list("text", "article_id")):
        return
    issue.headlines.all().delete()
    for order, (headline, article) in enumerate(zip(document.headlines, links, strict=True), start=1):
        Headline.objects.create(issue=issue, order=order, text=headline.text, article=article)


def _publish_with_live_issue(issue: Issue, new_articles: list[Article], user) -> None:
    """A published or scheduled issue edited by an import: its new articles are submitted and approved, the
    issue passes the publishing checks (`preflight`, for an issue that stays live), and the new articles are
    published (or scheduled) with it — each step as an editor takes it by hand, checked and logged.

    Raises ReplaceBlocked, naming the blockers, when the checks refuse: the caller's transaction is rolled
    back and nothing of the import is kept.
    """
    actor = user or workflow.CONSOLE
    comment = f"Added to issue No. {issue.number} by an issue-file import."
    for article in new_articles:
        for name in ("submit", "approve"):
            workflow.transition(obj=article, name=name, user=actor, comment=comment)
    report = services.preflight(issue=issue, live=True)
    if report.blockers:
        raise ReplaceBlocked(issue, report)
    later = issue.publish_at > timezone.now()
    for article in new_articles:
        workflow.transition(
            obj=article,
            name="schedule" if later else "publish",
            user=actor,
            comment=comment,
            publish_at=issue.publish_at if later else None,
        )


def _record_new_issue(issue: Issue, articles: list[Article], user) -> None:
    """The first revision of the new issue and of each new article, and the import in the issue's log,
    by the importing user at import time (an import makes drafts; publishing them is logged step by step).

    Without them the first revision would be a snapshot taken whenever an editor first opened the form,
    by nobody, and the log would say nothing of where the issue came from.
    """
    summary = "Imported from an issue file" + ("" if user is None else f" by {user}")
    for article in articles:
        revisions.record(article, user=user, summary=summary)
    revisions.record(issue, user=user, summary=summary)
    workflow.log_transition(
        obj=issue, name="import", from_status=Status.DRAFT, to_status=Status.DRAFT, user=user,
        comment=f"Imported from an issue file with {len(articles)} article{'' if len(articles) == 1 else 's'}.",
    )  # fmt: skip


def _renumber(article: Article, order: int, user) -> None:
    """Give an article the file leaves unchanged its new position number (others before it were deleted,
    added or moved): a new version, so an article form opened before cannot write the old number back,
    but no update for union members — the article itself did not change."""
    revisions.ensure_baseline(article)
    article.order = order
    article.version = versioning.locked_version(article) + 1
    Article.objects.filter(pk=article.pk).update(order=order, version=article.version)
    revisions.record(article, user=user, summary="Position renumbered by an issue-file import")


def _update_article(article: Article, entry, order: int, section, user, *, keep_state: bool) -> None:
    """What the file expresses (title, body, order, section; kind and standfirst when given); the rest is
    kept. The article becomes a draft, unless `keep_state` and it is published or scheduled: then it stays
    so with its publish time. Its bylines are the caller's."""
    revisions.ensure_baseline(article)  # the version before the import stays restorable
    from_status = article.status
    article.title, article.body, article.order, article.section = entry.title, entry.body, order, section
    if entry.kind:
        article.kind = entry.kind
    if entry.standfirst:
        article.standfirst = entry.standfirst
    if not (keep_state and article.status in LIVE_STATES):
        article.status, article.publish_at = Status.DRAFT, None
    article.save()
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
