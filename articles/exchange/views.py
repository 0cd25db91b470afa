"""Staff-only download of an issue export: /exports/<issue id>/<format>/ (?draft=1 for a draft preview)."""

from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.utils.http import content_disposition_header
from django.views import View

from articles.exchange.exporters import REGISTRY, ExportError, load_issue
from articles.models import Issue


@method_decorator(staff_member_required, name="dispatch")
class ExportDownloadView(View):
    def get(self, request, pk: int, format: str):
        if not request.user.has_perm("articles.view_issue"):
            raise PermissionDenied
        exporter = REGISTRY.get(format)
        if exporter is None:
            raise Http404(f"No export format {format!r}.")
        issue = get_object_or_404(Issue, pk=pk)
        draft_preview = request.GET.get("draft") in ("1", "true", "yes")
        try:
            export = load_issue(
                issue,
                draft_preview=draft_preview,
                base_url=request.build_absolute_uri("/"),
                ask_for_draft="add ?draft=1 to the address",
            )
        except ExportError as error:
            return HttpResponse(f"{error}\n", status=409, content_type="text/plain; charset=utf-8")
        response = HttpResponse(exporter.render(export), content_type=exporter.content_type)
        response["Content-Disposition"] = content_disposition_header(True, exporter.filename(export))
        response["Cache-Control"] = "private, no-store"
        return response
