"""Admin for PDF newsletters: upload -> background reading (with its state) -> the review screen with
page images -> a draft issue that keeps its PDF; and the list of imported PDFs, downloadable by staff.

The upload is checked as it streams in (PdfUploadLimit): a file over NEWSROOM_MAX_PDF_BYTES is
never stored, and the page says so. The reading runs as a task (articles.exchange.tasks); the
status page refreshes itself until the PDF is read, then opens the review.
"""

from __future__ import annotations

import io
import secrets

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from articles.exchange.pdfimport import from_json, image_key, pictures_by_article, propose_pdf, store_upload
from articles.exchange.pdfreader import PdfReadError
from articles.exchange.proposal import ROLE_LABELS
from articles.models import ImportSource, ImportSourceState

PDF_REVIEW_SCALE = 1.5  # page images at 108 dpi: readable beside the blocks, small enough to load fast
# Outline colours per role on the page images (the review table uses the same labels).
ROLE_COLOURS = {
    "issue-title": "#6f42c1",
    "issue-subtitle": "#6f42c1",
    "headline": "#8250df",
    "section": "#bf3989",
    "title": "#cf222e",
    "subtitle": "#bc4c00",
    "byline": "#0969da",
    "body": "#57606a",
    "heading": "#9a6700",
    "list": "#1a7f37",
    "caption": "#0a7ea4",
    "colophon": "#6e7781",
    "skip": "#afb8c1",
}


class PdfUploadLimit(FileUploadHandler):
    """Skips (never stores) an upload whose request is larger than the PDF limit, and marks the request."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.too_large = content_length > settings.NEWSROOM_MAX_PDF_BYTES + 1024 * 1024  # room for the form fields
        if self.too_large:
            self.request.upload_too_large = content_length

    def new_file(self, *args, **kwargs):
        if getattr(self, "too_large", False):
            raise SkipFile

    def receive_data_chunk(self, raw_data, start):
        return raw_data

    def file_complete(self, file_size):
        return None


class PdfImportMixin:
    """Mixed into IssueExchangeAdminMixin: the PDF steps of the import page and of the review screen."""

    def pdf_urls(self):
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view
        return [
            path("import/pdf/<int:pk>/", view(self.pdf_status_view), name="{}_{}_import_pdf".format(*info)),
            path(
                "import/pdf/<int:pk>/download/",
                view(lambda request, pk: download_view(self, request, pk)),
                name="{}_{}_import_pdf_download".format(*info),
            ),
            path(
                "import/pdf/<int:pk>/page/<int:number>.png",
                view(self.pdf_page_view, cacheable=True),
                name="{}_{}_import_pdf_page".format(*info),
            ),
        ]

    @staticmethod
    def too_large_message(request) -> str | None:
        size = getattr(request, "upload_too_large", None)
        if size is None:
            return None
        limit = settings.NEWSROOM_MAX_PDF_BYTES
        return f"The upload is {size:,} bytes; the limit for a PDF is {limit:,} bytes ({limit // (1024 * 1024)} MiB)."

    def start_pdf_import(self, request, form, data: bytes, filename: str, options: dict):
        """Keep the upload and queue its reading; the status page follows it."""
        try:
            source = store_upload(data=data, filename=filename, options=options, user=request.user)
        except PdfReadError as error:
            form.add_error("file", str(error))
            return TemplateResponse(request, "admin/articles/issue/import_form.html", self._context(request, form=form))
        return HttpResponseRedirect(reverse("admin:articles_issue_import_pdf", args=[source.pk]))

    def _own_source(self, request, pk) -> ImportSource:
        self._check_import_permission(request)
        source = get_object_or_404(ImportSource, pk=pk)
        if source.uploaded_by_id != request.user.pk and not request.user.is_superuser:
            raise PermissionDenied
        return source

    def pdf_status_view(self, request, pk):
        """Where the reading is; once the PDF is read, the review opens."""
        source = self._own_source(request, pk)
        if source.state == ImportSourceState.READY:
            token = secrets.token_urlsafe(24)
            from articles.exchange.admin import REVIEW_KEY  # the text review's session slot, shared

            request.session[REVIEW_KEY] = {
                "token": token,
                "text": "",
                "source_id": source.pk,
                "decisions": "",
                "options": {"publication": None, "number": None, "date": None, "replace": False, **source.options},
                "alt": {},
            }
            return HttpResponseRedirect(reverse("admin:articles_issue_import_review") + f"?token={token}")
        context = self._context(request, source=source, title=f"Reading {source.filename}")
        return TemplateResponse(request, "admin/articles/issue/import_pdf_status.html", context)

    def pdf_page_view(self, request, pk, number):
        """Page `number` of the uploaded PDF as a PNG (pypdfium2)."""
        import pypdfium2 as pdfium

        source = self._own_source(request, pk)
        if not 1 <= number <= source.pages:
            raise Http404("No such page")
        with source.file.open("rb") as handle:
            document = pdfium.PdfDocument(handle.read())
        try:
            bitmap = document[number - 1].render(scale=PDF_REVIEW_SCALE)
            out = io.BytesIO()
            bitmap.to_pil().save(out, format="PNG", optimize=False)
        finally:
            document.close()
        response = HttpResponse(out.getvalue(), content_type="image/png")
        response["Cache-Control"] = "private, max-age=3600"
        return response

    # ------------------------------------------------------------ the review screen's PDF parts

    @staticmethod
    def pdf_source_of(pending) -> ImportSource | None:
        source_id = pending.get("source_id")
        return ImportSource.objects.filter(pk=source_id, state=ImportSourceState.READY).first() if source_id else None

    def propose_pending(self, pending, decisions):
        """The proposal under review: plain text, or an uploaded PDF's stored reading."""
        if pending.get("source_id"):
            stored = self.pdf_source_of(pending)
            if stored is None:
                raise PdfReadError("the uploaded PDF is no longer waiting for review; upload it again")
            language = (decisions.language if decisions else "") or "en"
            return propose_pdf(from_json(stored.reading), language=language, decisions=decisions)
        from articles.exchange.textimport import propose_text

        return propose_text(pending["text"], decisions=decisions)

    def pdf_review_context(self, pending, proposal) -> dict:
        """Page images with every block outlined and labelled by role, and the pictures to give alt text."""
        stored = self.pdf_source_of(pending)
        if stored is None:
            return {}
        source = from_json(stored.reading)
        block_of_line = {}
        for block in proposal.blocks:
            for line in block.lines:
                block_of_line[line.number] = block
        pages = [
            {
                "number": page.number,
                "url": reverse("admin:articles_issue_import_pdf_page", args=[stored.pk, page.number]),
                "ratio": round(100 * page.height / page.width, 3),
                "boxes": [],
            }
            for page in source.reading.pages
        ]
        for line_number, pdf_block in source.blocks_by_line.items():
            block = block_of_line.get(line_number)
            if block is None:
                continue
            for page_number, (x0, top, x1, bottom) in pdf_block.parts:
                page = source.reading.pages[page_number - 1]
                pages[page_number - 1]["boxes"].append(
                    {
                        "block": block.number,
                        "role": block.role.value,
                        "label": ROLE_LABELS[block.role],
                        "colour": ROLE_COLOURS.get(block.role.value, "#57606a"),
                        "left": round(100 * (x0 - 1) / page.width, 2),
                        "top": round(100 * (top - 1) / page.height, 2),
                        "width": round(100 * (x1 - x0 + 2) / page.width, 2),
                        "height": round(100 * (bottom - top + 2) / page.height, 2),
                    }
                )
        titles = {article.title.number: article.title.text(proposal.language) for article in proposal.articles()}
        alt = pending.get("alt", {})
        pictures = [
            {
                "key": image_key(image),
                "page": image.page,
                "article": titles.get(line, ""),
                "caption": caption,
                "credit": credit,
                "alt": alt.get(image_key(image), ""),
                "left": round(100 * image.bbox[0] / source.reading.pages[image.page - 1].width, 2),
                "top": round(100 * image.bbox[1] / source.reading.pages[image.page - 1].height, 2),
                "width": round(100 * (image.bbox[2] - image.bbox[0]) / source.reading.pages[image.page - 1].width, 2),
                "height": round(100 * (image.bbox[3] - image.bbox[1]) / source.reading.pages[image.page - 1].height, 2),
            }
            for line, (image, caption, credit) in pictures_by_article(source, proposal).items()
        ]
        for picture in pictures:
            pages[picture["page"] - 1].setdefault("pictures", []).append(picture)
        return {"pages": pages, "pictures": pictures, "pdf": stored, "reading_warnings": source.reading.warnings}


class ImportSourceInline(admin.TabularInline):
    """The PDFs an issue was imported from, on the issue's page: read-only, each downloadable by staff."""

    model = ImportSource
    fk_name = "issue"
    extra = 0
    can_delete = False
    fields = ["download", "state", "pages", "size_column", "sha256", "uploaded_by", "created_at"]
    readonly_fields = fields
    verbose_name = "original PDF"
    verbose_name_plural = "imported from"

    def has_add_permission(self, request, obj=None):
        return False  # PDFs arrive through Issues › Import issue file

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="size")
    def size_column(self, source):
        return f"{source.size / (1024 * 1024):.1f} MiB"

    @admin.display(description="file")
    def download(self, source):
        return format_html('<a href="{}">Download {}</a>', source.get_absolute_url(), source.filename)


def download_view(model_admin, request, pk):
    """The original PDF as an attachment, for staff who may view issues."""
    if not request.user.is_staff or not model_admin.has_view_permission(request):
        raise PermissionDenied
    source = get_object_or_404(ImportSource, pk=pk)
    if not source.file.storage.exists(source.file.name):
        messages.error(request, f"The file of {source.filename} is missing from storage.")
        return HttpResponseRedirect(reverse("admin:articles_issue_changelist"))
    return FileResponse(source.file.open("rb"), as_attachment=True, filename=source.filename)
