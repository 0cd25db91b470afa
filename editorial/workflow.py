"""The editorial workflow shared by articles, issues and events.

    draft ──submit──▶ in review ──approve──▶ approved ──schedule──▶ scheduled
      ▲                   │                     │  │                   │
      └─request changes───┘◀──request changes──┘  └──publish──▶ published ◀──publish──┘
    approved ◀──unpublish── scheduled / published;  draft / approved / published ──archive──▶ archived ──reopen──▶ draft

Who may do what is decided by permissions (held by the groups made in a data migration):

* contributor  – ``newsroom.submit_own_content``: submit drafts they created;
* editor       – ``newsroom.review_content``: submit any draft, request changes, approve;
* chief editor – ``newsroom.publish_content``: schedule, publish, unpublish, archive, reopen.

Every transition also needs the model's own change permission (an editor without
``articles.change_issue`` cannot move issues). Each transition is a service call with
keyword-only arguments inside ``transaction.atomic``: it locks the row, checks permission
(refused: ``TransitionForbidden`` → HTTP 403) and the current state (refused:
``TransitionNotAllowed`` → HTTP 409), changes status and publish time, bumps the
version, logs who/when/from/to/comment and records a revision. A refused transition
changes nothing.

Visibility is never decided here: ``PublishableQuerySet.published()`` answers "is it
public?" at query time, so a scheduled item goes live when its time passes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from editorial import registry, revisions
from editorial.models import Revision, TransitionLog
from editorial.publishing import LIVE_STATES, Status

SUBMIT_OWN = "newsroom.submit_own_content"
REVIEW = "newsroom.review_content"
PUBLISH = "newsroom.publish_content"


class WorkflowError(Exception):
    """A refused workflow request; `status_code` is what an HTTP endpoint answers."""

    status_code = 409


class TransitionNotAllowed(WorkflowError):
    """The item is not in a state this transition starts from."""


class TransitionInputError(WorkflowError):
    """The request is incomplete, e.g. scheduling without a future publish time."""

    status_code = 400


class NotReadyToPublish(TransitionNotAllowed):
    """The item's content fails the publishing checks (no byline, image without alt text...).

    `problems` are the checks' findings (objects with `message` and `url`), listed on the refusal page.
    """

    def __init__(self, message: str, problems: list):
        super().__init__(message)
        self.problems = problems


class StaleVersion(WorkflowError):
    """Someone saved the item after the version the request was based on."""


class UnknownTransition(LookupError):
    pass


class TransitionForbidden(PermissionDenied):
    """The user's role does not allow this transition (HTTP 403)."""

    status_code = 403


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset[str]
    target: str
    permission: str
    # An alternative permission that only counts for items the user created.
    own_permission: str | None = None
    past_tense: str = ""
    # Refused (400) without a comment: a request for changes has to say what to change.
    needs_comment: bool = False


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        Transition(
            "submit",
            "Submit for review",
            frozenset({Status.DRAFT}),
            Status.IN_REVIEW,
            REVIEW,
            own_permission=SUBMIT_OWN,
            past_tense="submitted for review",
        ),
        Transition(
            "request_changes",
            "Request changes",
            frozenset({Status.IN_REVIEW, Status.APPROVED}),
            Status.DRAFT,
            REVIEW,
            past_tense="sent back to draft with a request for changes",
            needs_comment=True,
        ),
        Transition("approve", "Approve", frozenset({Status.IN_REVIEW}), Status.APPROVED, REVIEW, past_tense="approved"),
        Transition(
            "schedule", "Schedule", frozenset({Status.APPROVED}), Status.SCHEDULED, PUBLISH, past_tense="scheduled"
        ),
        Transition(
            "publish",
            "Publish now",
            frozenset({Status.APPROVED, Status.SCHEDULED}),
            Status.PUBLISHED,
            PUBLISH,
            past_tense="published",
        ),
        Transition(
            "unpublish",
            "Unpublish",
            frozenset({Status.SCHEDULED, Status.PUBLISHED}),
            Status.APPROVED,
            PUBLISH,
            past_tense="unpublished (back to approved)",
        ),
        Transition(
            "archive",
            "Archive",
            frozenset({Status.DRAFT, Status.APPROVED, Status.PUBLISHED}),
            Status.ARCHIVED,
            PUBLISH,
            past_tense="archived",
        ),
        Transition(
            "reopen", "Reopen as draft", frozenset({Status.ARCHIVED}), Status.DRAFT, PUBLISH, past_tense="reopened"
        ),
    ]
}


def get_transition(name: str) -> Transition:
    """The transition called `name` ("submit", "publish"...). Raises UnknownTransition (a LookupError)."""
    try:
        return TRANSITIONS[name]
    except KeyError:
        raise UnknownTransition(f"There is no transition called “{name}”.") from None


# --- permissions ------------------------------------------------------------------------------------------------


def _model_permission(obj, action: str) -> str:
    return f"{obj._meta.app_label}.{action}_{obj._meta.model_name}"


def is_own(user, obj) -> bool:
    """Whether `user` created the Publishable `obj`."""
    return obj.created_by_id is not None and obj.created_by_id == user.pk


def has_transition_permission(user, obj, transition: Transition) -> bool:
    """Whether active `user` may take `transition` on `obj`: the model's change permission plus the transition's
    permission (or its own-items permission, for items they created). Whatever `obj`'s state."""
    if not (user.is_active and user.has_perm(_model_permission(obj, "change"))):
        return False
    if user.has_perm(transition.permission):
        return True
    return bool(transition.own_permission) and is_own(user, obj) and user.has_perm(transition.own_permission)


def can_edit(user, obj) -> bool:
    """Editors edit anything; a contributor edits only their own drafts."""
    if not user.has_perm(_model_permission(obj, "change")):
        return False
    if user.has_perm(REVIEW) or user.has_perm(PUBLISH):
        return True
    return is_own(user, obj) and obj.status == Status.DRAFT


def check_permission(user, obj, transition: Transition) -> None:
    """Raises TransitionForbidden (403) naming the step when `has_transition_permission` is false."""
    if not has_transition_permission(user, obj, transition):
        raise TransitionForbidden(
            f"You are not allowed to {transition.label.lower()} this {obj._meta.verbose_name}: "
            "your role does not include it."
        )


def check_state(obj, transition: Transition) -> None:
    """Raises TransitionNotAllowed (409), naming the states it applies to, when `obj`'s status is not one."""
    if obj.status not in transition.sources:
        allowed = ", ".join(sorted(Status(s).label.lower() for s in transition.sources))
        raise TransitionNotAllowed(
            f"Cannot {transition.label.lower()}: this {obj._meta.verbose_name} is "
            f"{Status(obj.status).label.lower()}, and “{transition.label}” only applies to items that are {allowed}."
        )


def is_public(obj) -> bool:
    """Asked of the model's own published() QuerySet, so an article also needs its issue to be public."""
    return type(obj)._default_manager.published().filter(pk=obj.pk).exists()


def can_move(user, obj, target: str) -> bool:
    """Could `user` bring `obj` from its state to `target` by hand, through transitions their role allows?

    For services that change a state in bulk (an import replacing an issue): they may only do what
    the user could have done step by step.
    """
    reached, frontier = {obj.status}, [obj.status]
    permitted = [t for t in TRANSITIONS.values() if has_transition_permission(user, obj, t)]
    while frontier:
        if target in reached:
            return True
        frontier = [t.target for t in permitted if reached.intersection(t.sources) and t.target not in reached]
        reached.update(frontier)
    return target in reached


def available_transitions(user, obj) -> list[Transition]:
    """Transitions the user may take from the item's current state (for buttons; the service re-checks)."""
    return [t for t in TRANSITIONS.values() if obj.status in t.sources and has_transition_permission(user, obj, t)]


# --- publishing checks -------------------------------------------------------------------------------------------


def publish_problems(obj) -> list:
    """The findings of the publishing check `obj`'s app registered (editorial.registry); [] when ready or none."""
    check = registry.registration(type(obj)).publish_check
    return list(check(obj)) if check is not None else []


def check_ready_to_publish(obj, *, action: str) -> None:
    """Raise NotReadyToPublish listing what the item's content lacks; `action` completes "Cannot …"."""
    problems = publish_problems(obj)
    if problems:
        listed = " ".join(problem.message for problem in problems)
        raise NotReadyToPublish(f"Cannot {action}: {listed}", problems)


# --- services ---------------------------------------------------------------------------------------------------


def lock(obj, *, for_snapshot: bool = False):
    """The item's row, fresh from the database and locked until the transaction ends.

    With `for_snapshot`, also loaded with what a revision snapshot reads (`revisions.with_snapshot_relations`),
    for a step that records a revision without changing links or child rows first (a transition).
    Raises the model's DoesNotExist when the row is gone.
    """
    queryset = type(obj)._default_manager.select_for_update(of=("self",))
    if for_snapshot:
        queryset = revisions.with_snapshot_relations(queryset)
    return queryset.get(pk=obj.pk)


@transaction.atomic
def transition(*, obj, name: str, user, comment: str = "", publish_at=None):
    """Move `obj` along transition `name` on behalf of `user`; returns the item reloaded, locked and updated.

    `publish_at` (aware datetime) is the time for "schedule" (must be in the future; default the stored
    one) and an optional past time for "publish" (backdating; otherwise now). A model may replace a step
    (editorial.registry; an issue's publish runs its preflight). Publishing or scheduling also runs the
    model's publishing check. Raises, with nothing written: UnknownTransition, TransitionForbidden (403),
    TransitionNotAllowed (409; NotReadyToPublish with `problems` when the content fails the check),
    TransitionInputError (400: no future time to schedule, a request for changes without a comment).
    """
    step = get_transition(name)
    obj = lock(obj, for_snapshot=True)
    check_permission(user, obj, step)
    handler = registry.registration(type(obj)).transitions.get(name)
    if handler is not None:
        return handler(obj=obj, name=name, user=user, comment=comment, publish_at=publish_at)
    if step.target in LIVE_STATES:
        # The same per-item checks an issue's preflight runs for each of its articles.
        check_state(obj, step)
        _target_publish_at(obj, step, publish_at, timezone.now())  # a bad time (400) is reported first
        check_ready_to_publish(obj, action=f"{step.label.lower()} “{obj}”")
    return apply(obj=obj, transition=step, user=user, comment=comment, publish_at=publish_at)


def schedule_time(obj, publish_at: dt.datetime | None, *, now: dt.datetime) -> dt.datetime:
    """When scheduling makes `obj` public: `publish_at` (aware) if given, else the item's stored publish time.

    Raises TransitionInputError (HTTP 400) unless that time is after `now`.
    """
    when = publish_at or obj.publish_at
    if when is None or when <= now:
        raise TransitionInputError("To schedule, choose a publish time in the future.")
    return when


def _target_publish_at(obj, step: Transition, publish_at, now):
    if step.name == "schedule":
        return schedule_time(obj, publish_at, now=now)
    if step.name == "publish":
        # "Publish now": a past time given (backdating) or already set is kept; anything else becomes now.
        if publish_at is not None and publish_at <= now:
            return publish_at
        return obj.publish_at if obj.publish_at is not None and obj.publish_at <= now else now
    return obj.publish_at


def apply(*, obj, transition: Transition, user, comment: str = "", publish_at=None):
    """Apply a transition whose permission was already checked; `obj` must be locked (see `lock`).

    Sets status and publish time, bumps the version, logs the step and records a revision; returns `obj`.
    Raises TransitionNotAllowed (409) from a wrong state, TransitionInputError (400) as `transition` does.
    """
    check_state(obj, transition)
    if transition.needs_comment and not comment.strip():
        raise TransitionInputError(
            f"{transition.label}: write a comment saying what should change, so the author knows what to do."
        )
    now = timezone.now()
    from_status = obj.status
    obj.publish_at = _target_publish_at(obj, transition, publish_at, now)
    obj.status = transition.target
    obj.version += 1
    obj.save(update_fields=["status", "publish_at", "version", "updated_at"])
    log_transition(
        obj=obj, name=transition.name, from_status=from_status, to_status=obj.status, user=user, comment=comment, at=now
    )
    revisions.record(obj, user=user, summary=transition.label)
    return obj


def log_transition(
    *, obj, name: str, from_status: str, to_status: str, user, comment: str = "", at: dt.datetime | None = None
) -> TransitionLog:
    """Record a line of the item's workflow history: a state change, or a comment (`name` "comment").

    `apply` and `add_comment` log through this; so does any service that changes a state outside
    the transitions (an import replacing an issue), so that no change of state goes unrecorded.
    `at` (aware, default now) is when it happened; the comment is stored stripped.
    """
    return TransitionLog.objects.create(
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=obj.pk,
        transition=name,
        from_status=from_status,
        to_status=to_status,
        user=user,
        comment=comment.strip(),
        created_at=at or timezone.now(),
    )


@transaction.atomic
def add_comment(*, obj, user, text: str) -> TransitionLog:
    """A review comment in the item's log that does not change the state; returns the log line.

    Raises TransitionForbidden (403) unless `user` may view or change the model, TransitionInputError (400)
    for an empty text.
    """
    if not user.has_perm(_model_permission(obj, "view")) and not user.has_perm(_model_permission(obj, "change")):
        raise TransitionForbidden(f"You are not allowed to comment on this {obj._meta.verbose_name}.")
    if not text.strip():
        raise TransitionInputError("Write a comment first.")
    return log_transition(
        obj=obj, name=TransitionLog.COMMENT, from_status=obj.status, to_status=obj.status, user=user, comment=text
    )


def log_for(obj):
    """The item's workflow log (TransitionLog with `user` selected), newest first: a lazy queryset."""
    return TransitionLog.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk
    ).select_related("user")


def change_requests(model, ids) -> dict[int, TransitionLog]:
    """For drafts of `model` among `ids`: the request for changes that sent each back, if that was the last step.

    One query; an item whose latest state change is not "request changes" is left out.
    """
    entries = (
        TransitionLog.objects.filter(content_type=ContentType.objects.get_for_model(model), object_id__in=list(ids))
        .exclude(transition=TransitionLog.COMMENT)
        .select_related("user")
        .order_by("object_id", "-created_at", "-pk")
    )
    latest: dict[int, TransitionLog] = {}
    for entry in entries:
        latest.setdefault(entry.object_id, entry)
    return {pk: entry for pk, entry in latest.items() if entry.transition == "request_changes"}


def change_request(obj) -> TransitionLog | None:
    """The review comment to show on a draft that was sent back with a request for changes (None otherwise)."""
    if obj.status != Status.DRAFT:
        return None
    return change_requests(type(obj), [obj.pk]).get(obj.pk)


@transaction.atomic
def restore_revision(*, obj, revision: Revision, user) -> tuple[object, list[str]]:
    """Restore a revision's content; the result is recorded as a new revision. Returns (item, warnings).

    A scheduled or published item must still pass the publishing checks afterwards (the ones an
    issue's preflight runs for each article): otherwise the restore is refused (NotReadyToPublish)
    and rolled back, so readers never see content that could not have been published.
    """
    obj = lock(obj)
    if not can_edit(user, obj):
        raise TransitionForbidden(f"You are not allowed to edit this {obj._meta.verbose_name}.")
    obj.version += 1
    try:
        warnings = revisions.restore(obj, revision)
    except revisions.RestoreFailed as problem:
        raise TransitionNotAllowed(f"Version {revision.version} cannot be restored: {problem}") from problem
    if obj.status in LIVE_STATES:
        check_ready_to_publish(
            obj,
            action=f"restore version {revision.version}, because this {obj._meta.verbose_name} is "
            f"{Status(obj.status).label.lower()} and the restored version would not pass the publishing checks",
        )
    revisions.record(obj, user=user, summary=f"Restored version {revision.version}")
    return obj, warnings
