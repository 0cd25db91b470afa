"""Writes of the union content exchange: keys, webhooks, manuscripts, deliveries, the exchange log.

Every function takes keyword-only arguments and runs in one transaction; refusals raise
`ExchangeError` (or Django's ValidationError for field problems) with a message that names what
is wrong.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.text import slugify

from api import keys
from api.models import (
    ApiKey,
    ExchangeLogEntry,
    Manuscript,
    ManuscriptImage,
    ManuscriptStatus,
    WebhookEndpoint,
)
from articles.models import Article, Byline, Issue, Section
from editorial import workflow
from people.models import Membership, Organization, Person


class ExchangeError(Exception):
    """A refused exchange request; the message says why."""


# --- keys -----------------------------------------------------------------------------------------------------


@transaction.atomic
def issue_key(
    *, name: str, user, organization: Organization | None = None, union: Organization | None = None,
    scopes: list[str] | None = None, expires_at=None,
) -> tuple[ApiKey, str]:  # fmt: skip
    """Create a key; returns (the stored key, the full key to show once — it cannot be recovered).

    A member key needs an organisation that is a current member of `union`; a staff-integration
    key has neither. Raises ValidationError naming the field at fault.
    """
    if not user.has_perm("api.add_apikey"):
        raise workflow.TransitionForbidden("You are not allowed to issue API keys.")
    if (organization is None) != (union is None):
        raise ValidationError({"union": "A member key names the organisation and its union; a staff key neither."})
    if organization is not None and not (
        Membership.objects.current().filter(union=union, member=organization).exists()
    ):
        raise ValidationError({"organization": f"{organization} is not a current member of {union}."})
    full, prefix, hashed = keys.new_key()
    api_key = ApiKey(
        name=name.strip(), organization=organization, union=union, prefix=prefix, hashed_secret=hashed,
        created_by=user, expires_at=expires_at,
    )  # fmt: skip
    if scopes is not None:
        api_key.scopes = [str(scope) for scope in scopes]
    elif organization is None:
        api_key.scopes = ["read"]
    api_key.full_clean()
    api_key.save()
    return api_key, full


@transaction.atomic
def revoke_key(*, api_key: ApiKey, user) -> ApiKey:
    if not user.has_perm("api.change_apikey"):
        raise workflow.TransitionForbidden("You are not allowed to revoke API keys.")
    api_key = ApiKey.objects.select_for_update().get(pk=api_key.pk)
    if api_key.revoked_at is None:
        api_key.revoked_at = timezone.now()
        api_key.save(update_fields=["revoked_at"])
    return api_key


def authenticate_key(raw: str) -> ApiKey | None:
    """The key row for a presented key whose secret matches (usable or not: see ApiKey.refusal)."""
    parts = keys.split_key(raw.strip())
    if parts is None:
        return None
    prefix, secret = parts
    api_key = ApiKey.objects.select_related("organization", "union").filter(prefix=prefix).first()
    if api_key is None or not keys.secret_matches(secret, api_key.hashed_secret):
        return None
    return api_key


def touch_key(*, api_key: ApiKey, at=None) -> None:
    """Record the key's last use; written at most once a minute per key to keep reads cheap."""
    at = at or timezone.now()
    if api_key.last_used_at is None or (at - api_key.last_used_at).total_seconds() >= 60:
        ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=at)
        api_key.last_used_at = at


def log_exchange(
    *, action: str, what: str, api_key: ApiKey | None = None, organization: Organization | None = None,
    status_code: int | None = None, items: int = 0,
) -> ExchangeLogEntry:  # fmt: skip
    return ExchangeLogEntry.objects.create(
        action=action,
        what=what[:500],
        api_key=api_key,
        organization=organization or (api_key.organization if api_key else None),
        status_code=status_code,
        items=items,
    )


# --- webhooks -------------------------------------------------------------------------------------------------


@transaction.atomic
def register_webhook(*, api_key: ApiKey, url: str) -> WebhookEndpoint:
    """A new endpoint for the key's organisation, with a fresh signing secret (returned once, in the answer)."""
    if not api_key.is_member_key:
        raise ExchangeError("Webhooks belong to a member organisation; this key has none.")
    endpoint = WebhookEndpoint(
        organization=api_key.organization, url=url, secret=keys.new_webhook_secret(), created_by_key=api_key
    )
    endpoint.full_clean()
    endpoint.save()
    return endpoint


# --- manuscripts ----------------------------------------------------------------------------------------------


@transaction.atomic
def submit_manuscript(
    *, api_key: ApiKey, source_format: str, source: str, title: str, body: str, standfirst: str = "",
    byline: list[dict] | None = None, language: str = "", images: list[tuple[object, str]] = (),
) -> Manuscript:  # fmt: skip
    """A member's story for the editors' inbox; `images` are (uploaded file, alt text) pairs."""
    if not api_key.is_member_key:
        raise ExchangeError("Manuscripts come from a member organisation; this key has none.")
    manuscript = Manuscript(
        organization=api_key.organization, submitted_with=api_key, source_format=source_format, source=source,
        title=title.strip(), standfirst=standfirst.strip(), body=body.strip(), byline=byline or [],
        language=language,
    )  # fmt: skip
    manuscript.full_clean()
    manuscript.save()
    for order, (upload, alt) in enumerate(images):
        image = ManuscriptImage(manuscript=manuscript, image=upload, alt=alt.strip(), order=order)
        try:
            image.full_clean()
        except ValidationError as problem:  # named as the member sent it: the n-th of `images`
            raise ValidationError({"images": [f"Image {order + 1}: {m}" for m in problem.messages]}) from problem
        image.save()
    return manuscript


def _unique_slug(title: str, issue: Issue) -> str:
    base = slugify(title)[:190] or "article"
    taken = set(issue.articles.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def _byline_author(name: str):
    organization = Organization.objects.filter(Q(name__iexact=name) | Q(short_name__iexact=name)).first()
    if organization is not None:
        return organization
    person = Person.objects.filter(name__iexact=name).order_by("pk").first()
    if person is None:
        base = slugify(name)[:190] or "person"
        slug, number = base, 2
        while Person.objects.filter(slug=slug).exists():
            slug, number = f"{base}-{number}", number + 1
        person = Person.objects.create(name=name, slug=slug)
    return person


def _lock_undecided(manuscript: Manuscript) -> Manuscript:
    manuscript = Manuscript.objects.select_for_update().get(pk=manuscript.pk)
    if manuscript.status != ManuscriptStatus.SUBMITTED:
        raise ExchangeError(f"This manuscript was already {manuscript.get_status_display().lower()}.")
    return manuscript


@transaction.atomic
def accept_manuscript(
    *, manuscript: Manuscript, issue: Issue, user, section: Section | None = None, comment: str = ""
) -> Article:
    """Make the manuscript a draft article at the end of `issue`, contributed by the member, with the
    proposed byline (organisations and people matched by name; new names become people) and its first
    image as the lead image. The article then goes through the editorial workflow like any other."""
    if not (user.has_perm("articles.add_article") and user.has_perm("api.change_manuscript")):
        raise workflow.TransitionForbidden("You are not allowed to accept manuscripts into issues.")
    manuscript = _lock_undecided(manuscript)
    issue = Issue.objects.select_for_update().get(pk=issue.pk)
    if section is not None and section.publication_id != issue.publication_id:
        raise ValidationError({"section": f"“{section}” is not a section of {issue.publication}."})
    order = (issue.articles.aggregate(top=Max("order"))["top"] or 0) + 1
    article = Article(
        issue=issue, order=order, section=section, title=manuscript.title, slug=_unique_slug(manuscript.title, issue),
        standfirst=manuscript.standfirst, body=manuscript.body, contributed_by=manuscript.organization,
        created_by=user,
    )  # fmt: skip
    lead = manuscript.images.order_by("order", "pk").first()
    if lead is not None:
        article.lead_image, article.lead_image_alt = lead.image.name, lead.alt
        article.lead_image_credit = manuscript.organization.name
    article.full_clean()
    article.save()
    for order, entry in enumerate(manuscript.byline):
        author = _byline_author(entry["name"])
        Byline.objects.create(
            article=article, order=order, position_as_printed=entry.get("position", ""),
            person=author if isinstance(author, Person) else None,
            organization=author if isinstance(author, Organization) else None,
        )  # fmt: skip
    if not manuscript.byline:
        Byline.objects.create(article=article, order=0, organization=manuscript.organization)
    workflow.log_transition(
        obj=article, name="manuscript_accepted", from_status=article.status, to_status=article.status, user=user,
        comment=f"Manuscript from {manuscript.organization.name} accepted into {issue}. {comment}".strip(),
    )  # fmt: skip
    manuscript.status, manuscript.article, manuscript.comment = ManuscriptStatus.ACCEPTED, article, comment.strip()
    manuscript.decided_at, manuscript.decided_by = timezone.now(), user
    manuscript.save(update_fields=["status", "article", "comment", "decided_at", "decided_by"])
    return article


@transaction.atomic
def decline_manuscript(*, manuscript: Manuscript, user, comment: str) -> Manuscript:
    """Decline with a comment the member reads through the API."""
    if not user.has_perm("api.change_manuscript"):
        raise workflow.TransitionForbidden("You are not allowed to decline manuscripts.")
    if not comment.strip():
        raise ValidationError({"comment": "Say why the manuscript is declined: the member reads this comment."})
    manuscript = _lock_undecided(manuscript)
    manuscript.status, manuscript.comment = ManuscriptStatus.DECLINED, comment.strip()
    manuscript.decided_at, manuscript.decided_by = timezone.now(), user
    manuscript.save(update_fields=["status", "comment", "decided_at", "decided_by"])
    return manuscript
