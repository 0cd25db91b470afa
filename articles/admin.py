from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect, RelatedFieldWidgetWrapper
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.http import urlencode

from articles import services
from articles.bylines import BylineForm, BylineInlineFormSet
from articles.exchange.admin import IssueExchangeAdminMixin
from articles.exchange.pdfadmin import ImportSourceInline
from articles.models import Article, ArticleKind, Byline, Correction, Headline, Issue, Publication, Section, ShareLink
from editorial import versioning, workflow
from editorial.admin_addresses import OldAddressAdminMixin
from editorial.admin_forms import FullLengthTextAdminMixin
from editorial.admin_ordering import OrderedInlineForm, OrderedInlineFormSet
from editorial.admin_permissions import ExplainedDeleteMixin
from editorial.publishing import Status
from editorial.workflow_admin import (
    RequestUserFormsetMixin,
    WorkflowAdminMixin,
    WorkflowChildAdminMixin,
    WorkflowChildInlineMixin,
    WorkflowForm,
)
from events.admin import EventAdmin  # noqa: F401 - registered before CoverageInline is added to it
from events.models import Event


def short_publication_name(name: str) -> str:
    """“Science and Technology Daily Weekly” → “STDW”; names of one or two words are kept."""
    words = name.split()
    if len(words) < 3:
        return name
    return "".join(word[0] for word in words if word[0].isupper() or word[0].isdigit())


def compact_issue(issue):
    """A changelist cell for an issue: short publication and number, the full title as tooltip, linked.

    The full “Publication No. 2021-52: Long title” does not wrap and pushed the status columns off screen.
    """
    label = f"{short_publication_name(issue.publication.name)} {issue.number}"
    url = reverse("admin:articles_issue_change", args=[issue.pk])
    return format_html('<a href="{}" title="{}">{}</a>', url, str(issue), label)


def admin_datetime(value) -> str:
    """A date and time in the admin's one style, in the site's time zone and naming it: “2021-12-27 09:00 UTC”."""
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


def compact_time(value):
    """“2021-12-27 09:00”, the admin's style without the zone, which the column's header names:
    narrower in a changelist, and it sorts by eye."""
    if value is None:
        return "–"
    local = timezone.localtime(value)
    return format_html('<span class="date">{}</span> {}', f"{local:%Y-%m-%d}", f"{local:%H:%M}")


class SectionInline(FullLengthTextAdminMixin, admin.TabularInline):
    model = Section
    extra = 1
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Publication)
class PublicationAdmin(OldAddressAdminMixin, FullLengthTextAdminMixin, admin.ModelAdmin):
    list_display = ["name", "language", "publisher"]
    list_filter = ["language"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["publisher"]
    inlines = [SectionInline]
    fields = [
        "name", "slug", "language", "publisher", "unsigned_kinds", "description", "default_colophon", "website",
        "usage_terms",
    ]  # fmt: skip

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "unsigned_kinds":
            # A list of kinds stored as JSON, ticked rather than typed.
            return forms.MultipleChoiceField(
                label="Unsigned articles allowed",
                choices=ArticleKind.choices,
                widget=forms.CheckboxSelectMultiple,
                required=False,
                help_text=db_field.help_text + " Without a publisher none may be.",
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(Section)
class SectionAdmin(FullLengthTextAdminMixin, admin.ModelAdmin):
    list_display = ["title", "publication", "order"]
    list_filter = ["publication"]
    search_fields = ["title"]
    autocomplete_fields = ["publication"]
    prepopulated_fields = {"slug": ["title"]}

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # The article form's section autocomplete asks with ?publication=<its issue's publication>.
        publication = request.GET.get("publication", "")
        if request.GET.get("field_name") == "section" and publication.isdigit():
            queryset = queryset.filter(publication_id=publication)
        return queryset, may_have_duplicates


class PublicationSectionSelect(AutocompleteSelect):
    """The section autocomplete, searching only the sections of one publication."""

    def __init__(self, *args, publication_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.publication_id = publication_id

    def get_url(self):
        return f"{super().get_url()}?{urlencode({'publication': self.publication_id})}"


class ReorderableInlineMixin:
    """Saved rows reordered with ↑/↓ buttons or by dragging (static/js/inline-reorder.js rewrites their order
    numbers; the formset's usual checks apply on save)."""

    classes = ["reorderable"]

    class Media:
        css = {"all": ["css/articles_admin.css"]}
        js = ["js/inline-reorder.js"]


class HeadlineInline(FullLengthTextAdminMixin, ReorderableInlineMixin, WorkflowChildInlineMixin, admin.TabularInline):
    model = Headline
    form = OrderedInlineForm
    formset = OrderedInlineFormSet
    extra = 1
    fields = ["order", "text", "article"]
    autocomplete_fields = ["article"]


class ArticleInline(FullLengthTextAdminMixin, ReorderableInlineMixin, admin.TabularInline):
    model = Article
    form = OrderedInlineForm
    formset = OrderedInlineFormSet
    extra = 0
    # The slug is required here: left out, new rows were saved with slug "" and a second one broke
    # the unique (issue, slug) constraint with a 500 instead of a form error.
    fields = ["order", "title", "slug", "kind", "section", "status"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["status"]  # changed only by workflow transitions
    show_change_link = True
    # Saved rows show the full title as the link to the article; see the template.
    template = "admin/articles/issue/articles_inline.html"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("section", "issue")

    def view_on_site(self, article):
        """A row links to the public page only when readers can see it (the article and its issue are live)."""
        return article.get_absolute_url() if article.is_public() and article.issue.is_public() else None

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if obj is not None and "section" in formset.form.base_fields:
            # Offer this issue's publication's sections. The ones its articles already use stay valid
            # choices, so a mismatch (e.g. after changing the issue's publication) gets the model's
            # clear message rather than “Select a valid choice”.
            field = formset.form.base_fields["section"]
            field.queryset = field.queryset.filter(
                Q(publication_id=obj.publication_id) | Q(articles__issue=obj)
            ).distinct()
        if "section" in formset.form.base_fields and isinstance(
            formset.form.base_fields["section"].widget, RelatedFieldWidgetWrapper
        ):
            # A plain select: the add/change/view icons beside it in every row pushed Delete off the screen.
            section = formset.form.base_fields["section"]
            section.widget = section.widget.widget
        return formset


@admin.register(Issue)
class IssueAdmin(
    OldAddressAdminMixin,
    FullLengthTextAdminMixin,
    ExplainedDeleteMixin,
    WorkflowAdminMixin,
    IssueExchangeAdminMixin,
    admin.ModelAdmin,
):
    # The title alone: publication and number have their own columns (__str__ repeated both, unwrapped).
    list_display = ["title_column", "publication", "number", "date", "status", "publish_time"]
    list_filter = ["publication", "status", "date"]
    search_fields = ["title", "number", "publication__name"]
    prepopulated_fields = {"slug": ["number"]}
    autocomplete_fields = ["publication"]
    date_hierarchy = "date"
    list_select_related = ["publication"]
    inlines = [HeadlineInline, ArticleInline, ImportSourceInline]
    # Above this many rows an inline is summarised with a link to its (paginated) list: an issue at the
    # import limits (300 articles, 300 headlines) would otherwise be a page of several megabytes.
    max_inline_rows = 60
    readonly_fields = ["contents"]
    fieldsets = [
        (None, {"fields": ["publication", "number", "slug", "date", "title"]}),
        ("Cover & colophon", {"fields": ["cover_image", "cover_image_alt", "colophon"]}),
        ("Contents", {"fields": ["contents"]}),
        ("Publishing", {"fields": ["status", "publish_at"]}),
    ]

    class Media:
        css = {"all": ["css/articles_admin.css"]}

    def _row_counts(self, obj) -> dict:
        if obj is None or obj.pk is None:
            return {HeadlineInline: 0, ArticleInline: 0, ImportSourceInline: 0}
        if getattr(obj, "_row_counts", None) is None:
            obj._row_counts = {
                HeadlineInline: obj.headlines.count(),
                ArticleInline: obj.articles.count(),
                ImportSourceInline: obj.sources.count(),
            }
        return obj._row_counts

    def get_inlines(self, request, obj):
        counts = self._row_counts(obj)
        inlines = [inline for inline in super().get_inlines(request, obj) if counts[inline] <= self.max_inline_rows]
        # The original PDFs show only on an issue imported from one.
        return [inline for inline in inlines if inline is not ImportSourceInline or counts[inline]]

    @admin.display(description="in this issue")
    def contents(self, obj):
        counts = self._row_counts(obj)
        parts = []
        for inline, noun, url_name, lookup in (
            (ArticleInline, "article", "admin:articles_article_changelist", "issue__id__exact"),
            (HeadlineInline, "headline", "admin:articles_headline_changelist", "issue__id__exact"),
        ):
            count = counts[inline]
            label = f"{count:,} {noun}{'' if count == 1 else 's'}"
            if count > self.max_inline_rows:
                url = f"{reverse(url_name)}?{urlencode({lookup: obj.pk})}"
                parts.append(format_html('{} (<a href="{}">edit them in their list</a>)', label, url))
            else:
                parts.append(format_html("{} (edit them below)", label) if obj and obj.pk else label)
        note = (
            f" More than {self.max_inline_rows} rows are not shown on this page."
            if any(count > self.max_inline_rows for count in counts.values())
            else ""
        )
        return format_html("{}; {}.{}", parts[0], parts[1], note)

    def delete_model(self, request, obj):
        services.delete_issues(issues=Issue.objects.filter(pk=obj.pk), user=request.user)

    def delete_queryset(self, request, queryset):
        services.delete_issues(issues=queryset, user=request.user)

    @admin.display(description="issue", ordering="title")
    def title_column(self, issue):
        return issue.own_title or f"No. {issue.number}"

    @admin.display(description=f"publish at ({settings.TIME_ZONE})", ordering="publish_at")
    def publish_time(self, issue):
        return compact_time(issue.publish_at)

    # --- editorial workflow: preflight before publishing, preview ---

    def get_preview_url(self, obj):
        return reverse("articles_preview:issue", kwargs={"pk": obj.pk})

    def get_workflow_urls(self):
        return [
            path(
                "<path:object_id>/preflight/",
                self.admin_site.admin_view(self.preflight_view),
                name="articles_issue_preflight",
            ),
            path(
                "<path:object_id>/whole-issue/<str:name>/",
                self.admin_site.admin_view(self.whole_issue_view),
                name="articles_issue_whole",
            ),
        ]

    def whole_issue_steps(self, request, issue) -> list[dict]:
        """The whole-issue steps (approve, send back) that would move something and the user may take."""
        steps = []
        for name in services.WHOLE_ISSUE_PATHS:
            plan = services.plan_whole_issue(issue=issue, name=name, user=request.user)
            if plan.moves and not plan.refused:
                url = reverse("admin:articles_issue_whole", args=[issue.pk, name])
                steps.append({"name": name, "label": plan.label, "url": url, "count": len(plan.moves)})
        return steps

    def whole_issue_view(self, request, object_id, name):
        """GET: what approving or sending back the whole issue would do; POST: do it, all or nothing."""
        if request.method not in ("GET", "POST"):
            return HttpResponseNotAllowed(["GET", "POST"])
        issue = self.get_workflow_object(request, object_id)
        if name not in services.WHOLE_ISSUE_PATHS:
            raise Http404(f"There is no whole-issue step called “{name}”.")
        error = None
        if request.method == "POST":
            try:
                plan = services.transition_whole_issue(
                    issue=issue,
                    name=name,
                    user=request.user,
                    comment=request.POST.get("comment", ""),
                    expected=request.POST.get("expected", ""),
                )
            except PermissionDenied as refusal:
                error, status = refusal, 403
            except workflow.WorkflowError as refusal:
                error, status = refusal, refusal.status_code
            else:
                issue.refresh_from_db()
                articles = sum(1 for move in plan.moves if isinstance(move.obj, Article))
                messages.success(
                    request,
                    f"{plan.label}: {articles} article{'' if articles == 1 else 's'} moved, each step logged; "
                    f"the issue is {issue.get_status_display().lower()}.",
                )
                return HttpResponseRedirect(reverse("admin:articles_issue_change", args=[issue.pk]))
            issue.refresh_from_db()
        plan = services.plan_whole_issue(issue=issue, name=name, user=request.user)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "object": issue,
            "title": f"{plan.label}: {issue}?",
            "plan": plan,
            "error": str(error.args[0] if getattr(error, "args", None) else error) if error else "",
            "comment": request.POST.get("comment", ""),
            "needs_comment": name == "request_changes",
            "change_url": reverse("admin:articles_issue_change", args=[issue.pk]),
        }
        response = TemplateResponse(request, "admin/articles/issue/whole_issue_confirm.html", context)
        if error is not None:
            response.status_code = status
        return response

    def workflow_context(self, request, obj):
        context = super().workflow_context(request, obj)
        publish = workflow.TRANSITIONS["publish"]
        can_publish = workflow.has_transition_permission(request.user, obj, publish) and obj.status in publish.sources
        if obj.status not in (Status.PUBLISHED, Status.ARCHIVED):  # nothing left to check before publishing
            context["preflight_url"] = reverse("admin:articles_issue_preflight", args=[obj.pk])
        context["can_publish"] = can_publish
        # Publishing an issue goes through its preflight page; those who cannot publish may still read it.
        context["forward"] = [s for s in context["forward"] if s["transition"].name not in ("publish", "schedule")]
        context["preflight_label"] = "Preflight and publish…" if can_publish else "Preflight"
        context["whole_issue"] = self.whole_issue_steps(request, obj)
        context["extra_includes"] = ["admin/articles/includes/whole_issue_steps.html"]
        context["preflight_help"] = (
            "Preflight lists what blocks publishing; publishing the issue also publishes its approved articles, "
            "all at once."
        )
        return context

    def preflight_view(self, request, object_id):
        issue = self.get_workflow_object(request, object_id)
        step = workflow.TRANSITIONS["publish"]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "object": issue,
            "title": f"Preflight: {issue}",
            "report": services.preflight(issue=issue),
            "can_publish": workflow.has_transition_permission(request.user, issue, step),
            "state_ok": issue.status in step.sources,
            # The steps that lead towards publishing (submit, approve...), offered when the issue is not ready yet.
            "steps": [
                {"transition": t, "url": reverse("admin:articles_issue_transition", args=[issue.pk, t.name])}
                for t in workflow.available_transitions(request.user, issue)
                if t.name in ("submit", "approve", "reopen")
            ],
            "whole_issue": self.whole_issue_steps(request, issue),
            "publish_url": reverse("admin:articles_issue_transition", args=[issue.pk, "publish"]),
            "schedule_url": reverse("admin:articles_issue_transition", args=[issue.pk, "schedule"]),
            "change_url": reverse("admin:articles_issue_change", args=[issue.pk]),
            "publish_at_value": timezone.localtime(issue.publish_at).strftime("%Y-%m-%dT%H:%M")
            if issue.publish_at
            else "",
        }
        return TemplateResponse(request, "admin/articles/issue_preflight.html", context)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Article:
            # Articles edited in the issue's inline get a new version too, so an open article form goes stale.
            for article in formset.new_objects + [obj for obj, _ in formset.changed_objects]:
                if article.created_by_id is None and article in formset.new_objects:
                    Article.objects.filter(pk=article.pk).update(created_by=request.user)
                versioning.save_revision(
                    obj=article, user=request.user, summary=f"Saved in issue {form.instance.number}"
                )


class BylineInline(FullLengthTextAdminMixin, WorkflowChildInlineMixin, admin.TabularInline):
    model = Byline
    form = BylineForm
    formset = BylineInlineFormSet
    extra = 1
    fields = ["order", "person", "organization", "position_as_printed"]
    autocomplete_fields = ["person", "organization"]

    class Media:
        css = {"all": ["css/articles_admin.css"]}


class CorrectionFormSet(BaseInlineFormSet):
    """New notes are checked by the service's own rules before anything is saved, so a refusal is a form error."""

    user = None  # set per request (RequestUserFormsetMixin)

    def clean(self):
        super().clean()
        adds = any(
            form.instance.pk is None and form.has_changed() and not self._should_delete_form(form)
            for form in self.forms
        )
        if adds:
            try:
                services.check_correction_allowed(article=self.instance, user=self.user)
            except (workflow.WorkflowError, PermissionDenied) as refusal:
                raise ValidationError(str(refusal)) from refusal


class CorrectionInline(FullLengthTextAdminMixin, RequestUserFormsetMixin, admin.StackedInline):
    """Dated correction/update notes; only offered on articles readers or union members can see
    (see services.add_correction)."""

    model = Correction
    formset = CorrectionFormSet
    extra = 0
    fields = ["kind", "published_on", "text"]


class ShareLinkInline(FullLengthTextAdminMixin, admin.TabularInline):
    """Share links are made and revoked with the buttons above; here they are listed."""

    model = ShareLink
    extra = 0
    can_delete = False
    fields = ["shared_url", "note", "created_by", "created_at", "expires_at", "state"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="address")
    def shared_url(self, link):
        return format_html('<a href="{0}">{0}</a>', link.get_absolute_url())

    @admin.display(description="state")
    def state(self, link):
        if link.revoked_at:
            return f"revoked {admin_datetime(link.revoked_at)}"
        if not link.is_active():
            return "expired"
        return format_html(
            '<button type="submit" class="button" form="sharelink-revoke" formaction="{}">Revoke</button>',
            reverse("admin:articles_article_revoke_share", args=[link.article_id, link.pk]),
        )


class ArticleForm(WorkflowForm):
    """The article's admin form: a position left empty is the next one after the issue's last article."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "order" in self.fields:
            order = self.fields["order"]
            order.required = False
            order.help_text = "Position in the issue. Leave it empty to add the article after the issue’s last article."

    def clean(self):
        issue = self.cleaned_data.get("issue")
        if "order" in self.fields and self.cleaned_data.get("order") is None and issue is not None:
            # Before super().clean() checks (and locks) the article: the service locks the issue first.
            self.cleaned_data["order"] = services.next_article_order(issue=issue)
        return super().clean()


@admin.register(Article)
class ArticleAdmin(
    OldAddressAdminMixin, FullLengthTextAdminMixin, ExplainedDeleteMixin, WorkflowAdminMixin, admin.ModelAdmin
):
    form = ArticleForm
    list_display = ["title", "issue_column", "section", "kind", "status", "publish_time"]
    list_filter = ["kind", "status", "issue__publication", "section", "issue"]
    search_fields = ["title", "standfirst", "body", "bylines__person__name", "bylines__organization__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["issue", "section", "about_people", "about_organizations", "about_events", "contributed_by"]
    date_hierarchy = "publish_at"
    list_select_related = ["issue__publication", "section"]
    inlines = [BylineInline, CorrectionInline, ShareLinkInline]
    fieldsets = [
        (None, {"fields": ["issue", "order", "section", "kind", "title", "slug", "standfirst", "body"]}),
        ("Dateline", {"fields": ["dateline_place", "dateline_date"]}),
        ("Lead image", {"fields": ["lead_image", "lead_image_alt", "lead_image_caption", "lead_image_credit"]}),
        ("About", {"fields": ["about_people", "about_organizations", "about_events"]}),
        ("Publishing", {"fields": ["status", "publish_at", "embargoed_until", "usage_terms"]}),
        ("Source", {"fields": ["contributed_by"]}),
    ]

    class Media:
        css = {"all": ["css/articles_admin.css"]}

    def delete_model(self, request, obj):
        # Members who received the article are sent a withdrawal (see services.delete_articles).
        services.delete_articles(articles=Article.objects.filter(pk=obj.pk), user=request.user)

    def delete_queryset(self, request, queryset):
        services.delete_articles(articles=queryset, user=request.user)

    @admin.display(description="issue · order", ordering="issue__date")
    def issue_column(self, article):
        return format_html("{} · {}", compact_issue(article.issue), article.order)

    @admin.display(description=f"publish at ({settings.TIME_ZONE})", ordering="publish_at")
    def publish_time(self, article):
        return compact_time(article.publish_at)

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return queryset, True if search_term else may_have_duplicates

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        wrapper = form.base_fields.get("section") and form.base_fields["section"].widget
        if obj is not None and isinstance(getattr(wrapper, "widget", None), AutocompleteSelect):
            # Offer the sections of the article's publication (the model checks the pair on save).
            old = wrapper.widget
            wrapper.widget = PublicationSectionSelect(
                old.field, self.admin_site, attrs=old.attrs, choices=old.choices, using=old.db,
                publication_id=obj.issue.publication_id,
            )  # fmt: skip
        return form

    # --- editorial workflow: corrections, preview, share links ---

    def get_inline_instances(self, request, obj=None):
        inlines = super().get_inline_instances(request, obj)
        correctable = obj is not None and services.takes_corrections(obj)
        return [
            inline
            for inline in inlines
            if not (isinstance(inline, CorrectionInline) and not correctable)
            and not (isinstance(inline, ShareLinkInline) and obj is None)
        ]

    def save_formset(self, request, form, formset, change):
        if formset.model is not Correction:
            return super().save_formset(request, form, formset, change)
        # New notes are added by the service, the one way a correction comes into being (same rules
        # everywhere); edits and deletions of existing notes are plain saves.
        for correction in formset.save(commit=False):
            if correction.pk is None:
                services.add_correction(
                    article=form.instance,
                    user=request.user,
                    text=correction.text,
                    kind=correction.kind,
                    published_on=correction.published_on,
                )
            else:
                correction.save()
        for correction in formset.deleted_objects:
            correction.delete()
        return None

    def get_preview_url(self, obj):
        return reverse("articles_preview:article", kwargs={"pk": obj.pk})

    def not_public_reason(self, obj):
        issue = obj.issue
        if workflow.is_public(issue):
            return ""
        return (
            f"its issue “{issue}” is {issue.get_status_display().lower()}. "
            "The article becomes public when the issue is published."
        )

    def workflow_context(self, request, obj):
        context = super().workflow_context(request, obj)
        context["extra_includes"] = ["admin/articles/includes/share_links.html"]
        context["can_share"] = request.user.has_perm("articles.add_sharelink")
        context["share_url"] = reverse("admin:articles_article_share", args=[obj.pk])
        return context

    def get_workflow_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/share/", view(self.share_view), name="articles_article_share"),
            path(
                "<path:object_id>/share/<int:link_id>/revoke/",
                view(self.revoke_share_view),
                name="articles_article_revoke_share",
            ),
        ]

    def share_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self.get_workflow_object(request, object_id)
        try:
            days = int(request.POST.get("days", "7"))
        except ValueError:
            days = 0
        try:
            link = services.create_share_link(
                article=article, user=request.user, days=days, note=request.POST.get("note", "")
            )
        except PermissionDenied as error:
            return self.refused(request, article, error, 403)
        except workflow.WorkflowError as error:
            return self.refused(request, article, error, error.status_code)
        address = request.build_absolute_uri(link.get_absolute_url())
        messages.success(request, f"Share link made, valid until {admin_datetime(link.expires_at)}: {address}")
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))

    def revoke_share_view(self, request, object_id, link_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self.get_workflow_object(request, object_id)
        link = get_object_or_404(ShareLink, pk=link_id, article=article)
        try:
            services.revoke_share_link(link=link, user=request.user)
        except PermissionDenied as error:
            return self.refused(request, article, error, 403)
        messages.success(request, "The share link was revoked; it no longer opens the article.")
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))


class CreditedToFilter(admin.SimpleListFilter):
    title = "credited to"
    parameter_name = "credited_to"

    def lookups(self, request, model_admin):
        return [("person", "A person"), ("organization", "An organization")]

    def queryset(self, request, queryset):
        if self.value() == "person":
            return queryset.filter(person__isnull=False)
        if self.value() == "organization":
            return queryset.filter(organization__isnull=False)
        return queryset


@admin.register(Byline)
class BylineAdmin(FullLengthTextAdminMixin, WorkflowChildAdminMixin, admin.ModelAdmin):
    workflow_parent = "article"
    form = BylineForm
    list_display = ["__str__", "article"]
    list_filter = ["article__issue__publication", CreditedToFilter]
    search_fields = ["person__name", "organization__name", "position_as_printed", "article__title"]
    autocomplete_fields = ["article", "person", "organization"]
    date_hierarchy = "article__issue__date"
    list_select_related = ["article", "person", "organization"]


@admin.register(Headline)
class HeadlineAdmin(FullLengthTextAdminMixin, WorkflowChildAdminMixin, admin.ModelAdmin):
    workflow_parent = "issue"
    list_display = ["text", "issue_column", "order", "article"]
    list_filter = ["issue__publication", "issue"]
    search_fields = ["text", "issue__title", "issue__number"]
    autocomplete_fields = ["issue", "article"]
    date_hierarchy = "issue__date"
    list_select_related = ["issue__publication", "article"]

    @admin.display(description="issue", ordering="issue__date")
    def issue_column(self, headline):
        return compact_issue(headline.issue)


# --- the event page's coverage inline -------------------------------------------------------------------------


def articles_touched(formset) -> set[int]:
    """Ids of the articles whose coverage links a coverage formset adds, moves or removes."""
    touched = set()
    for form in formset.forms:
        cleaned_data = getattr(form, "cleaned_data", {})
        if cleaned_data.get("DELETE") or form.has_changed():
            touched.add(form.initial.get("article"))
            article = cleaned_data.get("article")
            touched.add(article.pk if article else None)
    return touched - {None}


class CoverageFormSet(BaseInlineFormSet):
    """A coverage link is part of the article, so changing it needs the right to edit that article."""

    user = None  # set per request (RequestUserFormsetMixin)

    def clean(self):
        super().clean()
        touched = Article.objects.filter(pk__in=articles_touched(self))
        refused = [article for article in touched if not workflow.can_edit(self.user, article)]
        if refused:
            names = ", ".join(f"“{article}”" for article in refused)
            raise ValidationError(f"You may not edit {names}, so you cannot change which events it covers.")

    def save(self, commit=True):
        touched = articles_touched(self)
        saved = super().save(commit=commit)
        # Coverage is Article.about_events: version each article changed here (as IssueAdmin does for its
        # articles), so an article form opened earlier is refused as stale instead of erasing the link.
        for article in Article.objects.filter(pk__in=touched):
            versioning.save_revision(obj=article, user=self.user, summary=f"Coverage of “{self.instance}” changed")
        return saved


class CoverageInline(FullLengthTextAdminMixin, RequestUserFormsetMixin, admin.TabularInline):
    """The articles that cover the event (Article.about_events), edited on the event's admin page, which
    shows it because this app adds it there (events itself knows nothing of articles)."""

    model = Article.about_events.through
    formset = CoverageFormSet
    extra = 1
    autocomplete_fields = ["article"]
    verbose_name = "covering article"
    verbose_name_plural = "articles covering this event"
    classes = ["coverage-inline"]

    class Media:
        # The auto-created link row has no readable name ("Article_about_events object (1)"); the
        # article select already says which article it is, so the label is hidden.
        css = {"all": ["css/articles_admin.css"]}


# The event page shows the articles covering it; EventAdmin is registered (imported above) before this.
admin.site.get_model_admin(Event).add_inline(CoverageInline)
