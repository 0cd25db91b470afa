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
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from markdown_it import MarkdownIt

from articles.models import Article, Correction, CorrectionKind, Issue, Publication, ShareLink
from editorial import changes, revisions, workflow
from editorial.models import PublicChange, PublicChangeKind
from editorial.publishing import LIVE_STATES, Status

READY_STATES = (Status.APPROVED, Status.SCHEDULED, Status.PUBLISHED)


class PublishBlocked(workflow.TransitionNotAllowed):
    """Publishing was refused because the preflight found blockers."""

    def __init__(self, report: PreflightReport):
        self.report = report
        listed = "; ".join(problem.message for problem in report.blockers)
        super().__init__(f"The issue cannot be published yet: {listed}")


class CorrectionNotAllowed(workflow.TransitionNotAllowed):
    """A correction was asked for on an article readers cannot see (HTTP 409)."""


@dataclass(frozen=True)
class Problem:
    """One finding of a check: a sentence for the editor, and the admin page where it is fixed ("" if none)."""

    message: str
    url: str = ""


@dataclass
class PreflightReport:
    """What `preflight` found: blockers refuse publishing, warnings do not; `to_publish` are the articles
    publishing would make public, in issue order."""

    blockers: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    to_publish: list[Article] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.blockers


def _admin_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def markdown_images_without_alt(source: str) -> list[str]:
    """Addresses (`src`, "" when missing) of the images in Markdown `source` whose alt text is empty, in order."""
    missing = []
    for token in MarkdownIt("commonmark").parse(source or ""):
        for child in token.children or ():
            if child.type == "image" and not (child.content or "").strip():
                missing.append(child.attrGet("src") or "")
    return missing


def article_problems(article: Article) -> list[Problem]:
    """What stops one article from being published, whatever its state ([] when nothing does): no byline,
    a lead image or Markdown image without alt text. The per-article blockers of the preflight, registered
    with the engine (articles.apps) for publishing or scheduling the article itself and for restoring a
    revision of a live one. Reads `article.bylines.all()`, so a prefetch saves its query."""
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
    """The issue's cover image and the images of its colophon that have no alt text ([] when none)."""
    problems = []
    if issue.cover_image and not issue.cover_image_alt.strip():
        problems.append(Problem("The cover image has no alt text.", _admin_url(issue)))
    for src in markdown_images_without_alt(issue.colophon):
        problems.append(Problem(f"An image in the colophon ({src}) has no alt text.", _admin_url(issue)))
    return problems


def headline_problems(issue: Issue, headlines) -> list[Problem]:
    """Problems of `headlines` (Headline rows with `article` selected): each must link to an article of
    `issue` that is not archived. [] when all do."""
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
    """The issue's own content (images' alt text, headline links; not its articles' states), [] when fine:
    registered with the engine and run when a revision of a live issue is restored. Two queries."""
    headlines = issue.headlines.select_related("article").order_by("order")
    return issue_image_problems(issue) + headline_problems(issue, headlines)


def preflight(*, issue: Issue, live: bool = False) -> PreflightReport:
    """Everything that stops an issue from being published (blockers) or deserves a look (warnings).

    With `live`, the checks of an edit to an issue that is published or scheduled and stays so (an import
    replacing it): an article still in draft or review is not published with it, as it is not now, so it
    is a warning and its own content is not checked; everything else is checked as for publishing.

    Blockers:
    * an article (not archived) that is still draft or in review;
    * an article without a byline, unless its publication publishes that kind unsigned;
    * a headline that links to no article, to an article of another issue, or to an archived one;
    * an image without alt text: issue cover, article lead image, or an image in Markdown text;
    * an empty section: a section that articles of this issue are filed under, but none of those
      articles will be published (all archived), so the issue would show a heading with nothing
      under it; and an issue with no article to publish at all.
    Warnings: unsigned articles credited to the publisher, archived articles that stay unpublished, the
    sections of the publication this issue does not use (one note), articles scheduled later than the
    issue, articles with an empty body, lead images without a credit, and an issue without headlines.

    Writes nothing; reads in a fixed number of queries whatever the issue's size.
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
        if article.status not in READY_STATES and live:
            warn(Problem(f"{name} is {Status(article.status).label.lower()}: it stays unpublished.", url))
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
    unused = [section.title for section in issue.publication.sections.exclude(pk__in=set(sections)).order_by("order")]
    if len(unused) == 1:
        warn(Problem(f"Section “{unused[0]}” has no articles in this issue."))
    elif unused:  # one note, not one per section: a publication's issues rarely fill every section
        listed = ", ".join(f"“{title}”" for title in unused)
        warn(Problem(f"{len(unused)} sections have no articles in this issue: {listed}."))
    report.blockers += headline_problems(issue, headlines)
    if not headlines:
        warn(Problem("The issue has no headlines.", _admin_url(issue)))
    return report


def next_article_order(*, issue: Issue) -> int:
    """The position after the issue's last article (1 for an empty issue): where an article added without
    a position goes.

    Locks the issue row until the transaction ends, so two articles added to one issue at the same time
    queue and take consecutive positions instead of colliding on the unique (issue, order) constraint:
    call it inside the transaction that saves the article, before locking the article itself (issue
    before its articles, as every service locks them). Raises Issue.DoesNotExist when the issue is gone.
    """
    workflow.lock(issue)
    return (Article.objects.filter(issue=issue).aggregate(last=Max("order"))["last"] or 0) + 1


def lock_issue_and_articles(issue: Issue, *, for_snapshot: bool = True) -> Issue:
    """Lock the issue row, then its articles' rows by id, until the transaction ends; returns the fresh issue,
    loaded for a revision snapshot (`workflow.lock`) unless `for_snapshot` is false (a caller that rewrites
    the issue's headlines before its revision).

    Always in this order (issue before articles, articles by id), so two services locking overlapping
    rows queue instead of deadlocking; an article's own transitions lock only the article, after the
    issue. Checks that read the articles afterwards (the preflight) see rows nobody else can change
    before the transaction commits.
    """
    issue = workflow.lock(issue, for_snapshot=for_snapshot)
    list(Article.objects.select_for_update().filter(issue=issue).order_by("pk").values_list("pk", flat=True))
    return issue


@transaction.atomic
def publish_issue(*, issue: Issue, user, publish_at: dt.datetime | None = None, comment: str = "") -> Issue:
    """Publish (or, with a future `publish_at`, schedule) an issue and its approved articles, all or nothing.

    `user` needs the chief editor's publishing role; `publish_at` is an aware datetime (None: now; a past
    time backdates). The issue and the articles that are approved (or scheduled with the issue) get the
    issue's publish time; each gets a log line and a revision. Returns the issue, reloaded and locked.
    Refused, with nothing written, by TransitionForbidden (403) without the role, TransitionNotAllowed
    (409) when the issue is not approved or scheduled, and PublishBlocked (409, with `report`) while the
    preflight has blockers. Four queries per article (update, log line, revision, public change) plus a
    fixed number.
    """
    now = timezone.now()
    name = "schedule" if publish_at is not None and publish_at > now else "publish"
    step = workflow.get_transition(name)
    issue = lock_issue_and_articles(issue)
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
    # Locked, and loaded with what each article's revision records: a fixed number of queries per article.
    articles = revisions.with_snapshot_relations(
        issue.articles.filter(ready).order_by("order").select_for_update(of=("self",))
    )
    for article in articles:
        article.issue = issue  # its revision names the issue, whose publication the locked issue has loaded
        workflow.apply(
            obj=article,
            transition=article_step,
            user=user,
            comment=f"{article_step.past_tense.capitalize()} with issue {issue.number}.",
            publish_at=issue.publish_at,
        )
    return issue


# --- whole-issue steps: approve or send back an issue and all its articles at once ------------------------------

# For each whole-issue step: the transitions that bring an item from its state to the step's target, in order.
# Approving takes a draft through review (submit, then approve): what an editor would do by hand, step by step.
WHOLE_ISSUE_PATHS = {
    "approve": {Status.DRAFT: ("submit", "approve"), Status.IN_REVIEW: ("approve",)},
    "request_changes": {Status.IN_REVIEW: ("request_changes",), Status.APPROVED: ("request_changes",)},
}
WHOLE_ISSUE_LABELS = {"approve": "Approve the whole issue", "request_changes": "Send the whole issue back"}


@dataclass(frozen=True)
class PlannedMove:
    """One item of a whole-issue step: its transitions in order, and whether the user may take them."""

    obj: object
    steps: tuple[workflow.Transition, ...]
    allowed: bool

    @property
    def target(self) -> str:
        return self.steps[-1].target

    @property
    def target_label(self) -> str:
        return Status(self.target).label

    @property
    def kind(self) -> str:
        return str(self.obj._meta.verbose_name)


@dataclass
class WholeIssuePlan:
    """What a whole-issue step would do: `moves` (articles by position, then the issue) and the articles it leaves."""

    name: str
    label: str
    moves: list[PlannedMove] = field(default_factory=list)
    untouched: list[Article] = field(default_factory=list)

    @property
    def refused(self) -> list[PlannedMove]:
        return [move for move in self.moves if not move.allowed]

    @property
    def signature(self) -> str:
        """The items and states the plan was made from: a confirmation carries it, so a changed issue is noticed."""
        return ",".join(f"{move.obj._meta.model_name}:{move.obj.pk}:{move.obj.status}" for move in self.moves)


def plan_whole_issue(*, issue: Issue, name: str, user) -> WholeIssuePlan:
    """What `transition_whole_issue` would do now (read only); raises UnknownTransition for another `name`."""
    if name not in WHOLE_ISSUE_PATHS:
        raise workflow.UnknownTransition(f"There is no whole-issue step called “{name}”.")
    paths = WHOLE_ISSUE_PATHS[name]
    plan = WholeIssuePlan(name=name, label=WHOLE_ISSUE_LABELS[name])
    for item in [*issue.articles.order_by("order", "pk"), issue]:
        if item.status not in paths:
            if item is not issue:
                plan.untouched.append(item)
            continue
        steps = tuple(workflow.get_transition(step) for step in paths[item.status])
        allowed = all(workflow.has_transition_permission(user, item, step) for step in steps)
        plan.moves.append(PlannedMove(obj=item, steps=steps, allowed=allowed))
    return plan


@transaction.atomic
def transition_whole_issue(
    *, issue: Issue, name: str, user, comment: str = "", expected: str | None = None
) -> WholeIssuePlan:
    """Approve ("approve") or send back ("request_changes") an issue and all its articles, all or nothing.

    Each item goes through the ordinary transitions (a draft is submitted, then approved), with their
    permission and state checks, each logged with `comment` (or a note naming the issue) and recorded
    as a revision. Archived articles are left alone, and so are scheduled or published ones (sending
    them back takes unpublishing first). The issue is locked, then its articles by id, before the plan
    is made. Raises TransitionForbidden when the user's role lacks a step for any item (nothing is
    changed), TransitionInputError when sending back without a comment, TransitionNotAllowed when no
    item would move, and StaleVersion when `expected` (a plan's `signature`, as confirmed) no longer
    matches the issue. Returns the plan that was carried out.
    """
    issue = lock_issue_and_articles(issue)
    plan = plan_whole_issue(issue=issue, name=name, user=user)
    if expected is not None and expected != plan.signature:
        raise workflow.StaleVersion(
            "The issue or its articles changed since you opened the confirmation; nothing was changed. "
            "Look at the new list and confirm again."
        )
    if plan.refused:
        listed = ", ".join(f"“{move.obj}”" for move in plan.refused[:5])
        raise workflow.TransitionForbidden(
            f"{plan.label}: your role may not move {listed}{' and others' if len(plan.refused) > 5 else ''}; "
            "nothing was changed."
        )
    if not plan.moves:
        raise workflow.TransitionNotAllowed(
            f"{plan.label}: neither the issue nor any of its articles is in a state this step applies to."
        )
    if name == "request_changes" and not comment.strip():
        raise workflow.TransitionInputError(
            "Send the whole issue back: write a comment saying what should change, so the authors know what to do."
        )
    for move in plan.moves:
        note = comment.strip()
        for step in move.steps:
            workflow.transition(
                obj=move.obj,
                name=step.name,
                user=user,
                comment=note or f"{step.past_tense.capitalize()} with the whole issue No. {issue.number}.",
            )
    return plan


@transaction.atomic
def publish_issue_from_draft(*, issue: Issue, user, publish_at: dt.datetime | None = None, comment: str = "") -> Issue:
    """Publish an issue still in preparation by the steps an editor takes in the admin, for batch paths
    (`import_issue --publish`, the demo data, `seed_bench`): the whole issue is approved
    (`transition_whole_issue`: each draft article and the issue submitted and approved, each step checked
    and logged), then `publish_issue` runs the preflight and publishes the issue and its approved articles.

    `user` needs the roles for every step (a management command passes `workflow.CONSOLE`). A past
    `publish_at` backdates (an archive issue); a future one schedules. All or nothing: a refusal —
    PublishBlocked listing the preflight's blockers, TransitionForbidden, TransitionNotAllowed (say the
    issue is already published) — rolls every step back, and the issue and its articles stay as they were.
    """
    issue = lock_issue_and_articles(issue)
    if plan_whole_issue(issue=issue, name="approve", user=user).moves:
        transition_whole_issue(issue=issue, name="approve", user=user, comment=comment)
    return publish_issue(issue=issue, user=user, publish_at=publish_at, comment=comment)


def issue_publish_transition(
    *, obj: Issue, name: str, user, comment: str = "", publish_at: dt.datetime | None = None
) -> Issue:
    """The engine's "publish"/"schedule" steps for an issue (registered in articles.apps): `publish_issue`.

    "schedule" needs a future `publish_at` or stored publish time (else TransitionInputError, 400);
    "publish now" ignores a future time. Raises what `publish_issue` raises.
    """
    now = timezone.now()
    if name == "schedule":
        publish_at = workflow.schedule_time(obj, publish_at, now=now)
    elif publish_at is not None and publish_at > now:
        publish_at = None  # "publish now" ignores a future time
    return publish_issue(issue=obj, user=user, publish_at=publish_at, comment=comment)


def takes_corrections(article: Article) -> bool:
    """Someone outside the newsroom can see the article: readers, or union members who received it under
    embargo. Those members hold a copy already, so a correction must reach them before the embargo lifts."""
    return Article.objects.published_for_members().filter(pk=article.pk).exists()


def check_correction_allowed(*, article: Article, user) -> None:
    """Who may add a correction, and to what: shared by `add_correction` and the admin inline's validation.

    Raises TransitionForbidden (403) without `articles.add_correction`, CorrectionNotAllowed (409) when
    neither readers nor union members (under embargo) can see `article` now (scheduled but not yet due
    counts as unseen). One query.
    """
    if not user.has_perm("articles.add_correction"):
        raise workflow.TransitionForbidden("You are not allowed to add corrections.")
    if not takes_corrections(article):
        raise CorrectionNotAllowed(
            "Corrections are for articles readers (or union members, under embargo) can see; "
            "edit the unpublished text instead."
        )


@transaction.atomic
def add_correction(
    *, article: Article, user, text: str, kind: str = CorrectionKind.CORRECTION, published_on: dt.date | None = None
) -> Correction:
    """A dated correction or update note on a public article, or on one union members received under
    embargo; returns it. Members are sent it as a "corrected" change.

    `published_on` is the date printed with it (default: today in the site's time zone). Raises what
    `check_correction_allowed` raises, and TransitionInputError (400) for an empty text. The article's
    row is locked while checking, so it cannot be unpublished in between.
    """
    workflow.lock(article.issue)  # issue before article: whether the article is public depends on both
    article = workflow.lock(article)
    check_correction_allowed(article=article, user=user)
    if not text.strip():
        raise workflow.TransitionInputError("Write the correction text first.")
    correction = Correction.objects.create(
        article=article,
        kind=kind,
        text=text.strip(),
        published_on=published_on or timezone.localdate(),
        created_by=user,
    )
    changes.record(model=Article, ids=[article.pk], kind=PublicChangeKind.CORRECTED)
    return correction


@transaction.atomic
def create_share_link(*, article: Article, user, days: int = 7, note: str = "") -> ShareLink:
    """A link that opens unpublished `article` to anyone holding it for `days` days (1 to 90) from now.

    Raises TransitionForbidden (403) without `articles.add_sharelink`, TransitionInputError (400) for
    another number of days.
    """
    if not user.has_perm("articles.add_sharelink"):
        raise workflow.TransitionForbidden("You are not allowed to share unpublished articles.")
    if not 1 <= days <= 90:
        raise workflow.TransitionInputError("A share link lasts between 1 and 90 days.")
    limit = ShareLink._meta.get_field("note").max_length
    if len(note.strip()) > limit:
        raise workflow.TransitionInputError(
            f"The note is {len(note.strip())} characters long; at most {limit} fit. Nothing was made: shorten it."
        )
    return ShareLink.objects.create(
        article=article, created_by=user, expires_at=timezone.now() + dt.timedelta(days=days), note=note.strip()
    )


@transaction.atomic
def revoke_share_link(*, link: ShareLink, user) -> ShareLink:
    """Close `link` now (revoking it again changes nothing); returns it reloaded.

    Raises TransitionForbidden (403) without `articles.change_sharelink`.
    """
    if not user.has_perm("articles.change_sharelink"):
        raise workflow.TransitionForbidden("You are not allowed to revoke share links.")
    link = ShareLink.objects.select_for_update().get(pk=link.pk)
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
    return link


# --- what people outside the newsroom can see change (editorial.changes: the change feed, webhook pushes) -----


def member_visible_ids(articles) -> set[int]:
    """Ids of the given articles (a QuerySet) that union members can receive right now."""
    return set(articles.published_for_members().values_list("pk", flat=True))


def _live_time(article: Article, issue: Issue) -> dt.datetime:
    return max(article.publish_at, issue.publish_at)


def _publish_or_schedule(articles: list[Article], issue: Issue, *, were_live: bool = True) -> None:
    """Record articles going live with `issue` (now, or at their time), and their embargo lifts. Changes
    still pending (an earlier schedule) are replaced; `were_live=False` says there can be none (the
    articles come from a state that is not live, whose leaving forgot them), which saves a query each."""
    ids = [article.pk for article in articles]
    if were_live:
        changes.forget_pending(model=Article, ids=ids)
    changes.record(
        model=Article,
        ids=ids,
        kind=PublicChangeKind.PUBLISHED,
        effective_at={article.pk: _live_time(article, issue) for article in articles},
    )
    _embargo_lifts(articles, forget=False)


def _embargo_lifts(articles: list[Article], *, forget: bool = True) -> None:
    """An embargo ending is an update for readers that could not see the article before (the public,
    keys without the embargoed scope): it gets a change at the embargo time, replacing an earlier one
    (unless the caller has just forgotten the pending changes: `forget=False`)."""
    now = timezone.now()
    if forget:
        changes.forget_pending(model=Article, ids=[article.pk for article in articles], kind=PublicChangeKind.UPDATED)
    lifts = {article.pk: article.embargoed_until for article in articles if article.is_embargoed(at=now)}
    changes.record(model=Article, ids=list(lifts), kind=PublicChangeKind.UPDATED, effective_at=lifts)


def _withdraw(articles: list[Article], *, issue_was_visible: bool) -> None:
    """Articles taken away from members: a withdrawal for those they could see, the pending
    publication forgotten for those that were only scheduled."""
    now = timezone.now()
    changes.forget_pending(model=Article, ids=[article.pk for article in articles])
    seen = [
        article.pk
        for article in articles
        if issue_was_visible and article.status in LIVE_STATES and article.publish_at <= now
    ]
    changes.record(model=Article, ids=seen, kind=PublicChangeKind.WITHDRAWN)


def article_changed(article: Article, *, transition, from_status: str) -> None:
    """The editorial engine's after-change hook for articles (registered in ArticlesConfig.ready()):
    record what members can see change. `transition` is None for a saved or restored version.

    A transition's article comes locked with its issue (publishing an issue hands over the issue it just
    published); a saved version reads the issue afresh."""
    if transition is None and article.status not in LIVE_STATES:
        return  # not live: nobody outside has it
    issue = article.issue if transition is not None else Issue.objects.get(pk=article.issue_id)
    now = timezone.now()
    if transition is None:
        if member_visible_ids(Article.objects.filter(pk=article.pk)):
            changes.record(model=Article, ids=[article.pk], kind=PublicChangeKind.UPDATED)
        if issue.status in LIVE_STATES:
            _embargo_lifts([article])
    elif transition.target in LIVE_STATES:
        if issue.status in LIVE_STATES:
            _publish_or_schedule([article], issue, were_live=from_status in LIVE_STATES)
    elif from_status in LIVE_STATES:
        was = Article(pk=article.pk, status=from_status, publish_at=article.publish_at)
        _withdraw([was], issue_was_visible=issue.is_public(at=now))


def issue_changed(issue: Issue, *, transition, from_status: str) -> None:
    """The after-change hook for issues: the issue itself is published, updated or withdrawn (its own
    state and time decide, see editorial.changes), and publishing, scheduling or withdrawing it does the
    same to what members can see of its live articles."""
    changes.record_workflow_change(issue, transition=transition, from_status=from_status)
    if transition is None:
        return
    live = list(issue.articles.filter(status__in=LIVE_STATES).only("pk", "status", "publish_at", "embargoed_until"))
    if transition.target in LIVE_STATES:
        _publish_or_schedule(live, issue)
    elif from_status in LIVE_STATES:
        now = timezone.now()
        _withdraw(live, issue_was_visible=issue.publish_at is not None and issue.publish_at <= now)


def record_unannounced() -> list[PublicChange]:
    """Record as published every article members can see, and every public issue, that no change mentions
    yet (content written straight to the database: demo data, benchmark data, rows older than the change
    log), at the time each went live (see editorial.changes.record_backlog)."""
    articles = (
        changes.unannounced(Article, Article.objects.published_for_members())
        .select_related("issue")
        .only("pk", "publish_at", "issue__publish_at")
    )
    issues = changes.unannounced(Issue, Issue.objects.published()).only("pk", "publish_at")
    return changes.record_backlog(
        model=Article, live_since={article.pk: _live_time(article, article.issue) for article in articles}
    ) + changes.record_backlog(model=Issue, live_since={issue.pk: issue.publish_at for issue in issues})


def record_issue_import(*, issue: Issue, visible_before: set[int], issue_was_public: bool) -> None:
    """After an issue-file import changed an issue and its articles outside the transitions: members get
    what became visible as published and what stopped being visible (deleted, unpublished) as withdrawn.
    What was updated in place was recorded when its revision was saved."""
    issue = Issue.objects.get(pk=issue.pk)
    if issue.is_public() and not issue_was_public:
        changes.forget_pending(model=Issue, ids=[issue.pk])
        changes.record(
            model=Issue, ids=[issue.pk], kind=PublicChangeKind.PUBLISHED, effective_at={issue.pk: issue.publish_at}
        )
    elif issue_was_public and not issue.is_public():
        changes.record(model=Issue, ids=[issue.pk], kind=PublicChangeKind.WITHDRAWN)
    visible_now = member_visible_ids(Article.objects.filter(issue=issue))
    new = list(Article.objects.filter(pk__in=visible_now - visible_before).only("pk", "publish_at", "embargoed_until"))
    _publish_or_schedule(new, issue)
    gone = sorted(visible_before - visible_now)
    changes.forget_pending(model=Article, ids=gone)
    changes.record(model=Article, ids=gone, kind=PublicChangeKind.WITHDRAWN)


@transaction.atomic
def delete_articles(*, articles, user) -> int:
    """Delete articles (a QuerySet); members are sent a withdrawal for those they could see.
    Returns how many were deleted. Permission is the caller's (the admin's delete permission)."""
    articles = articles.select_for_update()
    gone = sorted(member_visible_ids(articles))
    ids = list(articles.values_list("pk", flat=True))
    changes.forget_pending(model=Article, ids=ids)
    count = Article.objects.filter(pk__in=ids).delete()[1].get(Article._meta.label, 0)
    changes.record(model=Article, ids=gone, kind=PublicChangeKind.WITHDRAWN)
    return count


@transaction.atomic
def delete_issues(*, issues, user) -> int:
    """Delete issues with their articles; members are sent a withdrawal for each public issue and, as
    for `delete_articles`, for each article they could see. Returns the issue count."""
    issues = issues.select_for_update()
    ids = list(issues.values_list("pk", flat=True))
    public = sorted(Issue.objects.published().filter(pk__in=ids).values_list("pk", flat=True))
    delete_articles(articles=Article.objects.filter(issue_id__in=ids), user=user)
    changes.forget_pending(model=Issue, ids=ids)
    count = Issue.objects.filter(pk__in=ids).delete()[1].get(Issue._meta.label, 0)
    changes.record(model=Issue, ids=public, kind=PublicChangeKind.WITHDRAWN)
    return count
