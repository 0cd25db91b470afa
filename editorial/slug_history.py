"""Old addresses keep working: a changed slug is remembered, and its old address answers 301.

Any model with a `slug` takes part; one whose slug is unique only within a parent names that
foreign key in `slug_scope` (an article's slug is unique per issue: `slug_scope = "issue"`). A
change of the parent moves the address too (an article moved to another issue), and is
remembered the same way.

Writes: `remember_change(obj=…, before=stored_address(obj))` after saving an item whose slug or
parent may have changed (the admin does it for every such item: editorial.admin_addresses).
Reads: `find(queryset, slug=…, scope=…)` gives the row at an address, current or old; pages
then redirect to `get_absolute_url()`. Nested addresses resolve level by level, so an old
publication slug still leads to every issue and article under it.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.http import Http404, HttpResponsePermanentRedirect
from django.utils import timezone

from editorial.models import OldSlug


class Address(NamedTuple):
    slug: str
    scope: int  # id of the parent the slug is unique in; 0 when unique site-wide


def scope_field(model) -> str:
    return getattr(model, "slug_scope", "")


def current_address(obj) -> Address:
    field = scope_field(type(obj))
    scope = getattr(obj, f"{field}_id") if field else 0
    return Address(obj.slug, scope or 0)


def stored_address(obj) -> Address | None:
    """The item's address as saved in the database (None for an unsaved item): read before a save."""
    if obj.pk is None:
        return None
    field = scope_field(type(obj))
    names = ["slug", f"{field}_id"] if field else ["slug"]
    row = type(obj)._default_manager.filter(pk=obj.pk).values_list(*names).first()
    if row is None:
        return None
    return Address(row[0], (row[1] or 0) if field else 0)


@transaction.atomic
def remember_change(*, obj, before: Address | None) -> bool:
    """Remember `before` as an old address of `obj` if its address changed; True when it did.

    An old address used before by another item now leads to this one (the latest move wins); an
    item that takes a slug back simply answers at it again (current addresses are looked up first).
    """
    if before is None or not before.slug or before == current_address(obj):
        return False
    OldSlug.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(type(obj)),
        scope=before.scope,
        slug=before.slug,
        defaults={"object_id": obj.pk, "created_at": timezone.now()},
    )
    return True


def find(queryset: models.QuerySet, *, slug: str, scope: int = 0) -> tuple[models.Model | None, bool]:
    """(row, moved): the row of `queryset` at `slug` within `scope`, else the one that had that address.

    `moved` is True when the row was found at an old address. `queryset` decides what may be found
    (e.g. only published items), so an old address never reveals what the current one would not.
    """
    model = queryset.model
    field = scope_field(model)
    live = {"slug": slug, f"{field}_id": scope} if field else {"slug": slug}
    obj = queryset.filter(**live).first()
    if obj is not None:
        return obj, False
    old = OldSlug.objects.filter(content_type=ContentType.objects.get_for_model(model), scope=scope, slug=slug)
    obj = queryset.filter(pk__in=old.values("object_id")).first()
    return obj, obj is not None


class OldAddressRedirectMixin(ABC):
    """A view whose page is not at the address asked for answers 301 with the item's current address,
    when the address is an old one (query string kept: `?full=1` stays)."""

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except Http404:
            address = self.moved_address() if request.method in ("GET", "HEAD") else None
            if not address:
                raise
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(f"{address}?{query}" if query else address)

    @abstractmethod
    def moved_address(self) -> str | None:
        """The current address of what `self.kwargs` asked for at an old address, or None (a real 404)."""
