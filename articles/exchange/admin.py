"""Admin for issue exchange: an "Import issue file" page (upload -> preview -> confirm) and an
"Export" action with a format choice. IssueAdmin mixes IssueExchangeAdminMixin in.

The uploaded text waits for confirmation in the server-side session under a random token;
the confirm step only sends that token back, never a path or the content itself.
"""

from __future__ import annotations

import io
import secrets
import shlex
import zipfile
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin import widgets as admin_widgets
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.options import ActionLocation
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import content_disposition_header
from django.views.decorators.csrf import csrf_protect

from articles.exchange.decisions import parse_decisions, write_decisions
from articles.exchange.exporters import FORMATS, REGISTRY, ExportError, get_exporter, load_issue
from articles.exchange.importer import FUZZY_THRESHOLD, Inputs, ReplaceForbidden, import_issue
from articles.exchange.issuefile import MAX_FILE_BYTES, IssueFileError, check_size, decode, parse, parse_date
from articles.exchange.pdfadmin import PdfImportMixin, PdfUploadLimit
from articles.exchange.pdfimport import discard_upload, from_json, import_pdf
from articles.exchange.pdfreader import PDF_MAGIC
from articles.exchange.proposal import KINDS, NEXT, PREVIOUS, ROLE_LABELS, Role, looks_like_issue_file
from articles.exchange.textimport import import_proposal, propose_text
from articles.models import Article, ArticleKind, Issue, Publication, Section
from editorial.admin_forms import FullLengthTextForm
from people.models import Person

SESSION_KEY = "articles_issue_import"
REVIEW_KEY = "articles_issue_text_review"  # plain text waiting for review: token, text, decisions text, options


class IssueImportForm(FullLengthTextForm):
    file = forms.FileField(
        label="Issue file",
        help_text=f"UTF-8 Markdown issue file or plain text (at most {MAX_FILE_BYTES // (1024 * 1024)} MiB), "
        f"or a PDF newsletter (at most {settings.NEWSROOM_MAX_PDF_BYTES // (1024 * 1024)} MiB).",
        allow_empty_file=True,  # refused by decode(), with the same message as the command's
    )
    publication = forms.CharField(
        label="Publication",
        required=False,
        max_length=Publication._meta.get_field("name").max_length,
        help_text="Created if new.",
        widget=admin_widgets.AdminTextInputWidget,
    )
    number = forms.CharField(
        label="Number",
        required=False,
        max_length=Issue._meta.get_field("number").max_length,
        help_text="E.g. 2022-01.",
        widget=admin_widgets.AdminTextInputWidget,
    )
    date = forms.DateField(label="Date", required=False, widget=admin_widgets.AdminDateWidget)
    replace = forms.BooleanField(
        required=False,
        label="Replace the existing issue with this number",
        help_text="Updates its articles in place (matched by title); articles not in the file are deleted. "
        "A published or scheduled issue stays public: it and its articles keep their publish times, the "
        "changes must pass the publishing checks (else nothing is imported), new articles are published with "
        "it, and union members are sent only what changed. Any other issue becomes a draft again.",
    )
    decisions = forms.FileField(
        label="Decisions file",
        required=False,
        help_text="Plain text from a PDF only: a decisions file saved from an earlier review of the same text.",
    )

    # Laid out like the admin's other forms (admin/includes/fieldset.html).
    fieldsets = [
        (None, {"fields": ["file", "decisions"]}),
        (
            "Issue",
            {
                "fields": ["publication", "number", "date"],
                "description": "Needed when the file has no front matter; filled in, they override it.",
            },
        ),
        ("Replacing", {"fields": ["replace"]}),
    ]

    def clean_decisions(self):
        upload = self.cleaned_data.get("decisions")
        if not upload:
            return None
        try:
            text = decode(upload.read(MAX_FILE_BYTES + 1))
            parse_decisions(text)
        except IssueFileError as error:
            raise forms.ValidationError(str(error)) from None
        return text

    @classmethod
    def inputs(cls) -> Inputs:
        """The importer's messages in this form's terms (the command's name its options)."""
        label = {name: f"“{field.label}”" for name, field in cls.base_fields.items()}
        return Inputs(
            publication=label["publication"],
            number=label["number"],
            date=label["date"],
            give="fill in {names} above, or add {keys} to the file's front matter",
            replace=f"tick {label['replace']} to update it in place",
        )

    pdf: tuple[bytes, str] | None = None  # (data, file name) when the upload is a PDF
    source_name = ""  # the uploaded file's name (a decisions file downloaded from its review is named after it)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.source_name = upload.name or ""
        try:
            if upload.name.lower().endswith(".pdf") or upload.read(len(PDF_MAGIC)) == PDF_MAGIC:
                upload.seek(0)
                limit = settings.NEWSROOM_MAX_PDF_BYTES
                if upload.size > limit:
                    raise IssueFileError(f"the file is {upload.size:,} bytes; the limit for a PDF is {limit:,} bytes")
                self.pdf = (upload.read(limit + 1), upload.name)  # checked by pdfreader when stored
                return ""
            upload.seek(0)
            head = upload.read(MAX_FILE_BYTES + 1)
            check_size(upload.size, head)
            return decode(head)
        except IssueFileError as error:
            raise forms.ValidationError(str(error)) from None


class ExportForm(forms.Form):
    format = forms.ChoiceField(choices=[(name, REGISTRY[name].label) for name in FORMATS], initial="pdf")
    draft_preview = forms.BooleanField(
        required=False,
        label="Draft preview",
        help_text="Include unpublished articles (and unpublished issues); every format is marked DRAFT.",
    )


class TextReviewMixin(PdfImportMixin):
    """The review screen for plain text extracted from a PDF: the proposal block by block beside the
    source lines; the editor changes roles, joins, byline attachments, kinds and credits; confirming
    imports a draft issue in one transaction, cancelling writes nothing, and the decisions can be
    downloaded and uploaded again with the same text.

    Every submission is turned into a decisions file (`decisions.write_decisions` format) and read
    back by `parse_decisions`, so the screen and the command share one set of rules and messages.
    """

    def _start_review(self, request, form, text, decisions_text, options):
        try:
            decisions = parse_decisions(decisions_text) if decisions_text else None
            proposal = propose_text(text, decisions=decisions)
        except IssueFileError as error:
            form.add_error(None, str(error))
            return TemplateResponse(request, "admin/articles/issue/import_form.html", self._context(request, form=form))
        for key in ("publication", "number", "date"):
            if decisions is not None and not options[key]:
                value = getattr(decisions, key)
                options[key] = value.isoformat() if key == "date" and value else (value or None)
        token = secrets.token_urlsafe(24)
        request.session[REVIEW_KEY] = {
            "token": token,
            "text": text,
            "source_name": form.source_name,
            "decisions": write_decisions(proposal, splits=decisions.splits if decisions else frozenset()),
            "options": options,
        }
        return HttpResponseRedirect(reverse("admin:articles_issue_import_review") + f"?token={token}")

    def _pending_review(self, request):
        pending = request.session.get(REVIEW_KEY)
        token = request.POST.get("token") or request.GET.get("token") or ""
        if not pending or not secrets.compare_digest(str(pending.get("token", "")), token):
            return None
        return pending

    def _decisions_name(self, pending) -> str:
        """The decisions file's name: the reviewed file's, with `.decisions` for its extension (as the
        project keeps docs/reviews/003_….decisions beside seed 003_….txt); `import.decisions` if unknown."""
        stored = self.pdf_source_of(pending)
        name = stored.filename if stored is not None else pending.get("source_name", "")
        stem = PurePath(name.replace("\\", "/")).stem.strip()
        return f"{stem or 'import'}.decisions"

    @staticmethod
    def _decisions_from_post(post, pending) -> str:
        """The submitted review as decisions-file text (checked by parse_decisions afterwards)."""
        previous = parse_decisions(pending["decisions"])
        out = [f"split: {number}" for number in sorted(previous.splits)]
        for value in post.get("split", "").replace(",", " ").split():
            out.append(f"split: {value}")
        for number in post.getlist("block"):
            role = post.get(f"role-{number}", "")
            options = []
            if role in (Role.BODY, Role.LIST, Role.COLOPHON):
                options.append("join" if post.get(f"join-{number}") else "nojoin")
            if role == Role.BYLINE:
                options.append("organization" if post.get(f"organization-{number}") else "person")
                if post.get(f"attach-{number}"):
                    options.append(f"attach={post[f'attach-{number}']}")
            if role == Role.TITLE:
                if post.get(f"kind-{number}"):
                    options.append(f"kind={post[f'kind-{number}']}")
                if post.get(f"credit-{number}", "").strip():
                    options.append("credit=" + shlex.quote(" ".join(post[f"credit-{number}"].split())))
            for part in post.getlist(f"part-{number}"):
                out.append(f"{part} {role}")
            out.append(f"{number} {role} {' '.join(options)}")
        return "\n".join(out)

    def import_review_view(self, request):
        self._check_import_permission(request)
        pending = self._pending_review(request)
        if pending is None:
            messages.error(request, "That review has expired or was closed; upload the text again.")
            return HttpResponseRedirect(reverse("admin:articles_issue_import"))
        self._check_import_permission(request, replace=pending["options"].get("replace", False))
        action = request.POST.get("action", "") if request.method == "POST" else ""
        if action == "cancel":
            del request.session[REVIEW_KEY]
            if pending.get("source_id"):
                discard_upload(source_id=pending["source_id"])  # the uploaded PDF goes too
            messages.info(request, "Review cancelled; nothing was imported.")
            return HttpResponseRedirect(reverse("admin:articles_issue_import"))
        errors = []
        options = dict(pending["options"])
        if request.method == "POST":
            for key in ("publication", "number", "date"):
                options[key] = request.POST.get(key, "").strip() or None
            try:
                decisions_text = self._decisions_from_post(request.POST, pending)
                decisions = parse_decisions(decisions_text)
                proposal = self.propose_pending(pending, decisions)
                date = parse_date(options["date"]) if options["date"] else None
            except IssueFileError as error:
                errors.append(str(error))
            else:
                pending["decisions"] = write_decisions(
                    proposal,
                    publication=options["publication"] or "",
                    number=options["number"] or "",
                    date=date,
                    language=proposal.language,
                    splits=decisions.splits,
                )
                pending["options"] = options
                if pending.get("source_id"):  # a PDF: the alt text given to each picture
                    pending["alt"] = {
                        key.removeprefix("alt-"): value for key, value in request.POST.items() if key.startswith("alt-")
                    }
                request.session[REVIEW_KEY] = pending
                if action == "download":
                    response = HttpResponse(pending["decisions"], content_type="text/plain; charset=utf-8")
                    response["Content-Disposition"] = content_disposition_header(True, self._decisions_name(pending))
                    return response
                if action == "confirm":
                    return self._confirm_review(request, pending, proposal, decisions, options)
        decisions = parse_decisions(pending["decisions"]) if pending["decisions"] else None
        try:
            proposal = self.propose_pending(pending, decisions)
        except IssueFileError as error:
            del request.session[REVIEW_KEY]
            messages.error(request, f"Nothing was imported: {error}")
            return HttpResponseRedirect(reverse("admin:articles_issue_import"))
        try:
            summary = self.import_pending(pending, proposal, options, dry_run=True, user=request.user)
        except (IssueFileError, ReplaceForbidden) as error:
            summary = None
            errors.append(str(error))
        owners = {byline.number: article.title for article in proposal.articles() for byline in article.bylines}
        rows = [
            {
                "block": block,
                "source": [(line.number, line.text) for line in block.lines],
                "parts": block.parts[1:],
                "signs": owners.get(block.number),
            }
            for block in proposal.blocks
        ]
        context = self._context(
            request,
            **self.pdf_review_context(pending, proposal),
            title="Review the PDF import" if pending.get("source_id") else "Review the text import",
            token=pending["token"],
            rows=rows,
            roles=[(role.value, ROLE_LABELS[role]) for role in Role],
            kinds=[(kind, ArticleKind(kind).label) for kind in KINDS],
            attach_choices=[(PREVIOUS, "the article before it"), (NEXT, "the article after it")],
            options=options,
            summary=summary,
            errors=errors,
            document=proposal.document() if proposal.titles() else None,
        )
        return TemplateResponse(request, "admin/articles/issue/import_review.html", context)

    def import_pending(self, pending, proposal, options, *, dry_run: bool, user):
        """import_proposal for text; for a PDF, import_pdf with its pictures, keeping the PDF with the issue."""
        run = {
            "proposal": proposal,
            "publication": options["publication"],
            "number": options["number"],
            "date": parse_date(options["date"]) if options["date"] else None,
            "replace": options.get("replace", False),
            "dry_run": dry_run,
            "user": user,
            "inputs": IssueImportForm.inputs(),
        }
        if pending.get("source_id"):
            stored = self.pdf_source_of(pending)
            if stored is None:
                raise IssueFileError("the uploaded PDF is no longer waiting for review; upload it again")
            return import_pdf(source=from_json(stored.reading), stored=stored, alt_texts=pending.get("alt"), **run)
        return import_proposal(**run)

    def _confirm_review(self, request, pending, proposal, decisions, options):
        try:
            summary = self.import_pending(pending, proposal, options, dry_run=False, user=request.user)
        except (IssueFileError, ReplaceForbidden) as error:
            messages.error(request, f"Nothing was imported: {error}")
            return HttpResponseRedirect(reverse("admin:articles_issue_import_review") + f"?token={pending['token']}")
        del request.session[REVIEW_KEY]
        messages.success(request, " · ".join(summary.lines()[:5]))
        for warning in summary.warnings:
            messages.warning(request, warning)
        return HttpResponseRedirect(reverse("admin:articles_issue_change", args=[summary.issue_pk]))


class IssueExchangeAdminMixin(TextReviewMixin):
    """Adds the import page and the export action to an Issue ModelAdmin."""

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path("import/", self.admin_site.admin_view(self.import_entry_view), name="{}_{}_import".format(*info)),
            *self.pdf_urls(),
            path(
                "import/confirm/",
                self.admin_site.admin_view(self.import_confirm_view),
                name="{}_{}_import_confirm".format(*info),
            ),
            path(
                "import/review/",
                self.admin_site.admin_view(self.import_review_view),
                name="{}_{}_import_review".format(*info),
            ),
        ] + super().get_urls()

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location=action_location)
        if request.user.is_staff and self.has_view_permission(request):
            action = self.get_action("export_issues", action_location)
            if action:
                actions[action.name] = action
        return actions

    # ------------------------------------------------------------ import

    def _check_import_permission(self, request, *, replace=False):
        if not self.has_add_permission(request) or (replace and not self.has_change_permission(request)):
            raise PermissionDenied

    def _context(self, request, **extra):
        form = extra.get("form")
        if isinstance(form, IssueImportForm):
            extra["adminform"] = helpers.AdminForm(form, form.fieldsets, {}, model_admin=self)
            extra["media"] = self.media + form.media
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Import issue file",
            "max_mib": MAX_FILE_BYTES // (1024 * 1024),
            "fuzzy_threshold": FUZZY_THRESHOLD,
            "languages": [code for code, _ in settings.LANGUAGES],
            "limits": {
                "number": Issue._meta.get_field("number").max_length,
                "publication": Publication._meta.get_field("name").max_length,
                "title": Article._meta.get_field("title").max_length,
                "section": Section._meta.get_field("title").max_length,
                "person": Person._meta.get_field("name").max_length,
            },
            **extra,
        }

    def import_entry_view(self, request):
        """The upload page, with the PDF size limit applied while the upload streams in (before CSRF reads it)."""
        request.upload_handlers.insert(0, PdfUploadLimit(request))
        return csrf_protect(self.import_view)(request)

    import_entry_view.csrf_exempt = True  # checked by csrf_protect above, once the upload handlers are set

    def import_view(self, request):
        self._check_import_permission(request)
        if request.method == "POST":
            request.POST  # noqa: B018 - parses the upload now: PdfUploadLimit marks one that is too large
        if too_large := self.too_large_message(request):
            form = IssueImportForm(initial={key: request.POST.get(key, "") for key in ("publication", "number")})
            context = self._context(request, form=form, upload_error=too_large)
            return TemplateResponse(request, "admin/articles/issue/import_form.html", context, status=413)
        form = IssueImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid() and form.pdf is not None:
            data = form.cleaned_data
            self._check_import_permission(request, replace=data["replace"])
            options = {
                "publication": data["publication"] or None,
                "number": data["number"] or None,
                "date": data["date"].isoformat() if data["date"] else None,
                "replace": data["replace"],
            }
            return self.start_pdf_import(request, form, form.pdf[0], form.pdf[1], options)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            self._check_import_permission(request, replace=data["replace"])
            options = {
                "publication": data["publication"] or None,
                "number": data["number"] or None,
                "date": data["date"].isoformat() if data["date"] else None,
                "replace": data["replace"],
            }
            if data["decisions"] or not looks_like_issue_file(data["file"]):
                return self._start_review(request, form, data["file"], data["decisions"] or "", options)
            try:
                summary = self._run_import(data["file"], options, dry_run=True, user=request.user)
            except ReplaceForbidden as error:
                form.add_error("replace", str(error))
                context = self._context(request, form=form)
                return TemplateResponse(request, "admin/articles/issue/import_form.html", context, status=403)
            except IssueFileError as error:
                form.add_error(None, str(error))
            else:
                token = secrets.token_urlsafe(24)
                request.session[SESSION_KEY] = {"token": token, "text": data["file"], "options": options}
                context = self._context(request, summary=summary, token=token, title="Import issue file: preview")
                return TemplateResponse(request, "admin/articles/issue/import_preview.html", context)
        return TemplateResponse(request, "admin/articles/issue/import_form.html", self._context(request, form=form))

    def import_confirm_view(self, request):
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:articles_issue_import"))
        pending = request.session.get(SESSION_KEY)
        token = request.POST.get("token", "")
        if not pending or not secrets.compare_digest(str(pending.get("token", "")), token):
            messages.error(request, "That import preview has expired; upload the file again.")
            return HttpResponseRedirect(reverse("admin:articles_issue_import"))
        self._check_import_permission(request, replace=pending["options"]["replace"])
        del request.session[SESSION_KEY]
        try:
            summary = self._run_import(pending["text"], pending["options"], dry_run=False, user=request.user)
        except (IssueFileError, ReplaceForbidden) as error:
            messages.error(request, f"Nothing was imported: {error}")
            return HttpResponseRedirect(reverse("admin:articles_issue_import"))
        messages.success(request, " · ".join(summary.lines()[:5]))
        for warning in summary.warnings:
            messages.warning(request, warning)
        return HttpResponseRedirect(reverse("admin:articles_issue_change", args=[summary.issue_pk]))

    @staticmethod
    def _run_import(text, options, *, dry_run, user):
        return import_issue(
            document=parse(text),
            publication=options["publication"],
            number=options["number"],
            date=parse_date(options["date"]) if options["date"] else None,
            replace=options["replace"],
            dry_run=dry_run,
            user=user,
            inputs=IssueImportForm.inputs(),
        )

    # ------------------------------------------------------------ export

    @admin.action(description="Export selected issues…")
    def export_issues(self, request, queryset):
        if not request.user.is_staff:
            raise PermissionDenied
        form = ExportForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            context = self._context(
                request, form=form, issues=queryset, title="Export issues", action_checkbox_name=ACTION_CHECKBOX_NAME
            )
            return TemplateResponse(request, "admin/articles/issue/export_form.html", context)
        exporter = get_exporter(form.cleaned_data["format"])
        files = []
        try:
            for issue in queryset.order_by("pk"):
                export = load_issue(
                    issue,
                    draft_preview=form.cleaned_data["draft_preview"],
                    base_url=request.build_absolute_uri("/"),
                    ask_for_draft=f"tick “{ExportForm.base_fields['draft_preview'].label}”",
                )
                files.append((exporter.filename(export), exporter.render(export)))
        except ExportError as error:
            self.message_user(request, str(error), messages.ERROR)
            return None
        if len(files) == 1:
            name, data = files[0]
            content_type = exporter.content_type
        else:
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                for name, data in files:
                    archive.writestr(name, data)
            name, data, content_type = f"issues-{exporter.name}.zip", buffer.getvalue(), "application/zip"
        response = HttpResponse(data, content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(True, name)  # slugs may be in any script
        return response
