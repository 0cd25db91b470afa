"""Editorial services for issues and articles: preflight, atomic issue publishing, corrections, share links.

The generic workflow (states, transitions, log, revisions) lives in editorial.workflow;
publishing or scheduling an issue is replaced here by `publish_issue`, which refuses
while the preflight finds blockers and publishes the issue and its approved articles
in one transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from markdown_it import MarkdownIt

from articles.models import Article, Correction, CorrectionKind, Issue, Publication, ShareLink
from editorial import workflow
from editorial.publishing import Status

READY_STATES = (Status.APPROVED, Status.SCHEDULED, Status.PUBLISHED)


class PublishBlocked(workflow.TransitionNotAllowed):
    """Publishing was refused because the preflight found blockers."""

    def __init__(self, report: PreflightReport):
        self.report = report
        listed = "; ".join(problem.message for problem in report.blockers)
        super().__init__(f"The issue cannot be published yet: {listed}")


class CorrectionNotAllowed(workflow.TransitionNotAllowed):
    pass


@dataclass(frozen=True)
class Problem:
    message: str
    url: str = ""


@dataclass
class PreflightReport:
    blockers: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    to_publish: list[Article] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.blockers


def _admin_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def markdown_images_without_alt(source: str) -> list[str]:
    """Addresses of images in Markdown source whose alt text is empty."""
    missing = []
    for token in MarkdownIt("commonmark").parse(source or ""):
        for child in token.children or ():
            if child.type == "image" and not (child.content or "").strip():
                missing.append(child.attrGet("src") or "")
    return missing


def article_problems(article: Article) -> list[Problem]:
    """What stops one article from being published, whatever its state: the per-article blockers of
    the preflight, also run when the article itself is published or scheduled and when a revision
    of a live article is restored."""
    url, name, problems = _admin_url(article), f"“{article.title}”", []
    if not article.bylines.all() and not article.issue.publication.allows_unsigned(article.kind):
        publication = article.issue.publication
        problems.append(
            Problem(
                f"{name} has no byline, and {publication} does not publish unsigned "
                f"{article.get_kind_display().lower()} articles.",
                url,
            )
        )
    if article.lead_image and not article.lead_image_alt.strip():
        problems.append(Problem(f"The lead image of {name} has no alt text.", url))
    for src in markdown_images_without_alt(article.body):
        problems.append(Problem(f"An image in {name} ({src}) has no alt text.", url))
    return problems


def issue_image_problems(issue: Issue) -> list[Problem]:
    problems = []
    if issue.cover_image and not issue.cover_image_alt.strip():
        problems.append(Problem("The cover image has no alt text.", _admin_url(issue)))
    for src in markdown_images_without_alt(issue.colophon):
        problems.append(Problem(f"An image in the colophon ({src}) has no alt text.", _admin_url(issue)))
    return problems


def headline_problems(issue: Issue, headlines) -> list[Problem]:
    """Headlines must link to an article of this issue that is not archived."""
    problems, url = [], _admin_url(issue)
    for headline in headlines:
        if headline.article_id is None:
            problems.append(Problem(f"Headline “{headline.text}” is not linked to an article.", url))
        elif headline.article.issue_id != issue.pk:
            problems.append(Problem(f"Headline “{headline.text}” links to an article of another issue.", url))
        elif headline.article.status == Status.ARCHIVED:
            problems.append(Problem(f"Headline “{headline.text}” links to an archived article.", url))
    return problems


def issue_problems(issue: Issue) -> list[Problem]:
    """The issue's own content (not its articles' states): checked when a revision of a live issue is restored."""
    headlines = issue.headlines.select_related("article").order_by("order")
    return issue_image_problems(issue) + headline_problems(issue, headlines)


def preflight(*, issue: Issue) -> PreflightReport:
    """Everything that stops an issue from being published (blockers) or deserves a look (warnings).

    Blockers:
    * an article (not archived) that is still draft or in review;
    * an article without a byline, unless its publication publishes that kind unsigned;
    * a headline that links to no article, to an article of another issue, or to an archived one;
    * an image without alt text: issue cover, article lead image, or an image in Markdown text;
    * an empty section: a section that articles of this issue are filed under, but none of those
      articles will be published (all archived), so the issue would show a heading with nothing
      under it; and an issue with no article to publish at all.
    Warnings: unsigned articles credited to the publisher, archived articles that stay unpublished,
    sections of the publication this issue does not use, articles scheduled later than the issue,
    articles with an empty body, lead images without a credit, and an issue without headlines.
    """
    report = PreflightReport()
    block, warn = report.blockers.append, report.warnings.append
    issue.publication = Publication.objects.select_related("publisher").get(pk=issue.publication_id)
    articles = list(issue.articles.select_related("section").prefetch_related("bylines").order_by("order"))
    headlines = list(issue.headlines.select_related("article").order_by("order"))

    report.blockers += issue_image_problems(issue)

    sections: dict[int, tuple[object, bool]] = {}
    for article in articles:
        url, name = _admin_url(article), f"“{article.title}”"
        if article.section_id:
            # Only archived articles leave a section empty: a draft one is reported once, as not approved.
            seen_live = sections.get(article.section_id, (article.section, False))[1]
            sections[article.section_id] = (article.section, seen_live or article.status != Status.ARCHIVED)
        if article.status == Status.ARCHIVED:
            warn(Problem(f"{name} is archived and will not be published.", url))
            continue
        if article.status not in READY_STATES:
            block(Problem(f"{name} is {Status(article.status).label.lower()}, not approved.", url))
        else:
            report.to_publish.append(article)
        report.blockers += article_problems(article)
        if article.is_credited_to_publisher:
            publisher = issue.publication.publisher
            warn(Problem(f"{name} has no byline: it will be credited to the publisher, {publisher.name}.", url))
        if not article.body.strip():
            warn(Problem(f"{name} has an empty body.", url))
        if article.lead_image and not article.lead_image_credit.strip():
            warn(Problem(f"The lead image of {name} has no credit.", url))
        if article.status == Status.SCHEDULED and issue.publish_at and article.publish_at > issue.publish_at:
            warn(Problem(f"{name} is scheduled later than the issue.", url))

    if not any(article.status != Status.ARCHIVED for article in articles):
        block(Problem("The issue has no article to publish.", _admin_url(issue)))
    for section, has_live in sections.values():
        if not has_live:
            block(Problem(f"Section “{section.title}” would be empty: none of its articles will be published."))
    used = set(sections)
    for section in issue.publication.sections.exclude(pk__in=used):
        warn(Problem(f"Section “{section.title}” has no articles in this issue."))

    report.blockers += headline_problems(issue, headlines)
    if not headlines:
        warn(Problem("The issue has no headlines.", _admin_url(issue)))
    return report


@transaction.atomic
def publish_issue(*, issue: Issue, user, publish_at: dt.datetime | None = None, comment: str = "") -> Issue:
    """Publish (or, with a future `publish_at`, schedule) an issue and its approved articles, all or nothing.

    Refused with TransitionForbidden without the publishing role, TransitionNotAllowed when
    the issue is not approved/scheduled, and PublishBlocked while the preflight has blockers.
    """
    now = timezone.now()
    name = "schedule" if publish_at is not None and publish_at > now else "publish"
    step = workflow.get_transition(name)
    issue = workflow.lock(issue)
    workflow.check_permission(user, issue, step)
    workflow.check_state(issue, step)
    report = preflight(issue=issue)
    if report.blockers:
        raise PublishBlocked(report)
    previous_time = issue.publish_at
    issue = workflow.apply(obj=issue, transition=step, user=user, comment=comment, publish_at=publish_at)
    article_step = workflow.get_transition(name)
    ready = Q(status=Status.APPROVED)
    if name == "publish" and previous_time is not None:
        # Articles scheduled together with the issue go live with it.
        ready |= Q(status=Status.SCHEDULED, publish_at__lte=previous_time)
    articles = issue.articles.filter(ready).order_by("order").select_for_update()
    for article in articles:
        workflow.apply(
            obj=article,
            transition=article_step,
            user=user,
            comment=f"{article_step.past_tense.capitalize()} with issue {issue.number}.",
            publish_at=issue.publish_at,
        )
    return issue


def _approve(obj, *, user, comment: str) -> None:
    """Submit (if a draft) and approve (if in review) one item, as an editor does with its buttons."""
    if obj.status == Status.DRAFT:
        obj = workflow.transition(obj=obj, name="submit", user=user, comment=comment)
    if obj.status == Status.IN_REVIEW:
        workflow.transition(obj=obj, name="approve", user=user, comment=comment)


@transaction.atomic
def publish_issue_from_draft(*, issue: Issue, user, publish_at: dt.datetime | None = None, comment: str = "") -> Issue:
    """Publish an issue still in preparation by the steps an editor takes in the admin, for batch paths
    (`import_issue --publish`, the demo data, `seed_bench`): each draft or in-review article of the issue,
    then the issue, is submitted and approved (each step checked and logged), then `publish_issue` runs the
    preflight and publishes the issue and its approved articles, logged as in the admin.

    `user` needs the roles for every step (a management command passes `workflow.CONSOLE`). A past
    `publish_at` backdates (an archive issue); a future one schedules. All or nothing: a refusal —
    PublishBlocked listing the preflight's blockers, TransitionForbidden, TransitionNotAllowed (say the
    issue is already published) — rolls every step back, and the issue and its articles stay as they were.
    """
    issue = workflow.lock(issue)  # the issue before its articles, as publish_issue locks them
    for article in issue.articles.filter(status__in=(Status.DRAFT, Status.IN_REVIEW)).order_by("order"):
        _approve(article, user=user, comment=comment)
    _approve(issue, user=user, comment=comment)
    return publish_issue(issue=workflow.lock(issue), user=user, publish_at=publish_at, comment=comment)


def issue_publish_transition(*, obj, name, user, comment="", publish_at=None):
    """The generic publish/schedule buttons of an issue go through the preflight too."""
    now = timezone.now()
    if name == "schedule":
        publish_at = publish_at or obj.publish_at
        if publish_at is None or publish_at <= now:
            raise workflow.TransitionInputError("To schedule, choose a publish time in the future.")
    elif publish_at is not None and publish_at > now:
        publish_at = None  # "publish now" ignores a future time
    return publish_issue(issue=obj, user=user, publish_at=publish_at, comment=comment)


def check_correction_allowed(*, article: Article, user) -> None:
    """Who may add a correction, and to what: shared by `add_correction` and the admin inline's validation."""
    if not user.has_perm("articles.add_correction"):
        raise workflow.TransitionForbidden("You are not allowed to add corrections.")
    if not workflow.is_public(article):
        raise CorrectionNotAllowed("Corrections are for articles readers can see; edit the unpublished text instead.")


@transaction.atomic
def add_correction(
    *, article: Article, user, text: str, kind: str = CorrectionKind.CORRECTION, published_on: dt.date | None = None
) -> Correction:
    """A dated correction or update note on a public article (scheduled but not yet due does not count)."""
    article = workflow.lock(article)
    check_correction_allowed(article=article, user=user)
    if not text.strip():
        raise workflow.TransitionInputError("Write the correction text first.")
    return Correction.objects.create(
        article=article,
        kind=kind,
        text=text.strip(),
        published_on=published_on or timezone.localdate(),
        created_by=user,
    )


@transaction.atomic
def create_share_link(*, article: Article, user, days: int = 7, note: str = "") -> ShareLink:
    if not user.has_perm("articles.add_sharelink"):
        raise workflow.TransitionForbidden("You are not allowed to share unpublished articles.")
    if not 1 <= days <= 90:
        raise workflow.TransitionInputError("A share link lasts between 1 and 90 days.")
    return ShareLink.objects.create(
        article=article, created_by=user, expires_at=timezone.now() + dt.timedelta(days=days), note=note.strip()
    )


@transaction.atomic
def revoke_share_link(*, link: ShareLink, user) -> ShareLink:
    if not user.has_perm("articles.change_sharelink"):
        raise workflow.TransitionForbidden("You are not allowed to revoke share links.")
    link = ShareLink.objects.select_for_update().get(pk=link.pk)
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
    return link
