"""The editorial dashboard on the admin index: my drafts (marked when changes were requested), my items submitted
and awaiting review, awaiting my review, scheduled next, recently published.

Model-agnostic: it lists every model whose admin uses the workflow (articles, issues,
events), at most six queries per model whatever the amount of content.
"""

from dataclasses import dataclass

from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from editorial import workflow
from editorial.publishing import Status

LIMIT = 10


@dataclass(frozen=True)
class Entry:
    obj: object
    kind: str
    url: str
    when: object
    # The request for changes that sent a draft back (a TransitionLog), while it is still a draft.
    change_request: object = None

    @property
    def status(self) -> str:
        return self.obj.get_status_display()


def _workflow_admins(site, user):
    from editorial.workflow_admin import WorkflowAdminMixin

    for model, model_admin in site._registry.items():
        if isinstance(model_admin, WorkflowAdminMixin) and user.has_perm(
            f"{model._meta.app_label}.view_{model._meta.model_name}"
        ):
            yield model, model_admin


def _entries(model, model_admin, queryset, when_field, *, with_change_requests=False):
    related = model_admin.list_select_related
    if related is True:
        queryset = queryset.select_related()
    elif related:
        queryset = queryset.select_related(*related)
    opts = model._meta
    objects = list(queryset[:LIMIT])
    requests = workflow.change_requests(model, [obj.pk for obj in objects]) if with_change_requests and objects else {}
    return [
        Entry(
            obj=obj,
            kind=str(opts.verbose_name),
            url=reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]),
            when=getattr(obj, when_field),
            change_request=requests.get(obj.pk),
        )
        for obj in objects
    ]


def dashboard(user, *, site=None, now=None) -> dict[str, list[Entry]]:
    site = site or admin.site
    now = now or timezone.now()
    can_review = user.has_perm(workflow.REVIEW)
    lists = {"my_drafts": [], "my_submitted": [], "awaiting_review": [], "scheduled": [], "published": []}
    for model, model_admin in _workflow_admins(site, user):
        objects = model._default_manager
        mine = objects.filter(status=Status.DRAFT, created_by=user).order_by("-updated_at")
        lists["my_drafts"] += _entries(model, model_admin, mine, "updated_at", with_change_requests=True)
        submitted = objects.filter(status=Status.IN_REVIEW, created_by=user).order_by("updated_at")
        lists["my_submitted"] += _entries(model, model_admin, submitted, "updated_at")
        if can_review:
            lists["awaiting_review"] += _entries(
                model, model_admin, objects.filter(status=Status.IN_REVIEW).order_by("updated_at"), "updated_at"
            )
        lists["scheduled"] += _entries(
            model, model_admin, objects.filter(status=Status.SCHEDULED, publish_at__gt=now).order_by("publish_at"),
            "publish_at",
        )  # fmt: skip
        lists["published"] += _entries(
            model, model_admin, objects.published(at=now).order_by("-publish_at"), "publish_at"
        )
    lists["my_drafts"].sort(key=lambda e: e.when, reverse=True)
    lists["my_submitted"].sort(key=lambda e: e.when)
    lists["awaiting_review"].sort(key=lambda e: e.when)
    lists["scheduled"].sort(key=lambda e: e.when)
    lists["published"].sort(key=lambda e: e.when, reverse=True)
    return {name: entries[:LIMIT] for name, entries in lists.items()} | {"can_review": can_review}
