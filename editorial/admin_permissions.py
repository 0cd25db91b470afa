"""Refusals in the admin that say why, instead of Django's bare “403 Forbidden” page.

`ExplainedDeleteMixin` gives a refused delete a reason; the project's handler403
(`permission_denied` in the shell's views) shows any refusal inside the admin's own layout, still with 403.
"""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied

from editorial.publishing import Status

LIVE = {Status.PUBLISHED: "published", Status.SCHEDULED: "scheduled to be published"}


def delete_refusal(obj) -> str:
    """Why an editor may not delete `obj` (only chief editors hold the delete permissions)."""
    opts = obj._meta
    text = (
        f"You cannot delete the {opts.verbose_name} “{obj}”: deleting {opts.verbose_name_plural} is for chief "
        "editors, and your role does not include it."
    )
    live = LIVE.get(getattr(obj, "status", None))
    if live:
        text += (
            f" It is {live}: to take it off the site, ask a chief editor to unpublish it (it goes back to "
            "approved) or to archive it."
        )
    return text


class ExplainedDeleteMixin:
    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and not self.has_delete_permission(request, obj):
            raise PermissionDenied(delete_refusal(obj))
        return super().delete_view(request, object_id, extra_context)
