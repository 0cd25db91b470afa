"""Staff side of the exchange: issue and revoke keys, watch deliveries (resend), decide on
manuscripts, and read each member's activity. The ModelAdmins call api.services / api.webhooks."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Max, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import ngettext

from api import services, webhooks
from api.models import (
    ApiKey,
    ExchangeAction,
    ExchangeLogEntry,
    Manuscript,
    ManuscriptImage,
    ManuscriptStatus,
    Scope,
    WebhookDelivery,
    WebhookEndpoint,
)
from articles.models import Issue, Section
from editorial import workflow
from people.models import Organization


class ApiKeyForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="A staff-integration key (no organisation) may only read, with or without embargoed articles.",
    )

    class Meta:
        model = ApiKey
        fields = ["name", "organization", "union", "scopes", "expires_at"]


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    form = ApiKeyForm
    view_on_site = False  # its address is this admin page
    list_display = ["name", "prefix", "organization", "union", "state", "expires_at", "last_used_at", "created_at"]
    list_filter = ["union", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "prefix", "organization__name", "organization__short_name"]
    autocomplete_fields = ["organization", "union"]
    readonly_fields = ["prefix", "created_at", "created_by", "revoked_at", "last_used_at", "activity"]
    actions = ["revoke"]

    def get_readonly_fields(self, request, obj=None):
        # Who a key belongs to is fixed once it exists; issue a new key instead.
        fixed = ["organization", "union"] if obj is not None else []
        return [*fixed, *(self.readonly_fields if obj is not None else [])]

    @admin.display(description="state")
    def state(self, api_key):
        return api_key.refusal() or "usable"

    @admin.display(description="activity")
    def activity(self, api_key):
        url = reverse("admin:api_exchangelogentry_changelist") + f"?api_key__id__exact={api_key.pk}"
        return format_html('<a href="{}">Exchange log of this key</a>', url)

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        try:
            api_key, full = services.issue_key(
                name=obj.name, user=request.user, organization=obj.organization, union=obj.union,
                scopes=form.cleaned_data["scopes"], expires_at=obj.expires_at,
            )  # fmt: skip
        except ValidationError as problem:
            raise PermissionDenied("; ".join(problem.messages)) from problem
        form.instance = obj = api_key
        messages.warning(request, f"Copy the key now, it is shown only this once (only its hash is stored): {full}")

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if obj is None:

            class IssueCheckedForm(form):
                def clean(self):
                    cleaned = super().clean()
                    organization, union = cleaned.get("organization"), cleaned.get("union")
                    if (organization is None) != (union is None):
                        raise ValidationError("A member key names the organisation and its union; a staff key neither.")
                    if (
                        organization is not None
                        and not organization.union_memberships.filter(
                            pk__in=union.memberships.current().values("pk")
                        ).exists()
                    ):
                        self.add_error("organization", f"{organization} is not a current member of {union}.")
                    return cleaned

            return IssueCheckedForm
        return form

    @admin.action(description="Revoke the selected keys", permissions=["change"])
    def revoke(self, request, queryset):
        for api_key in queryset:
            services.revoke_key(api_key=api_key, user=request.user)
        count = queryset.count()
        message = ngettext(
            "%(count)d key revoked; it no longer works.", "%(count)d keys revoked; they no longer work.", count
        )
        self.message_user(request, message % {"count": count}, messages.SUCCESS)


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    list_display = ["url", "organization", "active", "created_at"]
    list_filter = ["active", "organization"]
    search_fields = ["url", "organization__name"]
    autocomplete_fields = ["organization"]
    readonly_fields = ["created_at", "created_by_key"]
    fields = ["organization", "url", "active", "created_at", "created_by_key"]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "change_kind", "item_id", "endpoint", "status", "attempts", "last_status_code",
                    "last_error", "next_attempt_at"]  # fmt: skip
    list_filter = ["status", "change_kind", "endpoint__organization"]
    list_select_related = ["endpoint__organization"]
    readonly_fields = [field.name for field in WebhookDelivery._meta.fields]
    actions = ["resend"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Resend the selected deliveries", permissions=["change"])
    def resend(self, request, queryset):
        for delivery in queryset:
            webhooks.resend_delivery(delivery=delivery, user=request.user)
        count = queryset.count()
        message = ngettext("%(count)d delivery queued again.", "%(count)d deliveries queued again.", count)
        self.message_user(request, message % {"count": count}, messages.SUCCESS)


class ManuscriptImageInline(admin.TabularInline):
    model = ManuscriptImage
    extra = 0
    readonly_fields = ["image", "alt", "order"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class AcceptForm(forms.Form):
    issue = forms.ModelChoiceField(
        Issue.objects.select_related("publication"), help_text="It joins this issue as a draft."
    )
    section = forms.ModelChoiceField(Section.objects.select_related("publication"), required=False)
    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, help_text="Shown to the member."
    )


class DeclineForm(forms.Form):
    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), help_text="Shown to the member: say why.")


@admin.register(Manuscript)
class ManuscriptAdmin(admin.ModelAdmin):
    view_on_site = False  # its address is the member's API resource, which answers API keys only
    list_display = ["title", "organization", "status", "submitted_at", "article_link"]
    list_filter = ["status", "organization"]
    search_fields = ["title", "body", "organization__name"]
    inlines = [ManuscriptImageInline]
    readonly_fields = [
        "organization", "source_format", "source_text", "title", "standfirst", "body", "byline", "language",
        "status", "comment", "article_link", "submitted_at", "decided_at", "decided_by",
    ]  # fmt: skip
    fields = readonly_fields
    change_form_template = "admin/api/manuscript/change_form.html"

    def has_add_permission(self, request):
        return False

    @admin.display(description="source (as sent)")
    def source_text(self, manuscript):
        return format_html("<pre style='white-space:pre-wrap'>{}</pre>", manuscript.source)

    @admin.display(description="article")
    def article_link(self, manuscript):
        if manuscript.article_id is None:
            return "—"
        url = reverse("admin:articles_article_change", args=[manuscript.article_id])
        return format_html('<a href="{}">{}</a>', url, manuscript.article)

    def get_urls(self):
        return [
            path("<int:pk>/accept/", self.admin_site.admin_view(self.decide_view), {"accept": True},
                 name="api_manuscript_accept"),
            path("<int:pk>/decline/", self.admin_site.admin_view(self.decide_view), {"accept": False},
                 name="api_manuscript_decline"),
            *super().get_urls(),
        ]  # fmt: skip

    def decide_view(self, request, pk, accept):
        manuscript = get_object_or_404(Manuscript, pk=pk)
        if not self.has_change_permission(request, manuscript):
            raise PermissionDenied("You are not allowed to decide on manuscripts.")
        form_class = AcceptForm if accept else DeclineForm
        form = form_class(request.POST or None)
        change_url = reverse("admin:api_manuscript_change", args=[pk])
        if request.method == "POST" and form.is_valid():
            try:
                if accept:
                    article = services.accept_manuscript(
                        manuscript=manuscript, issue=form.cleaned_data["issue"], user=request.user,
                        section=form.cleaned_data["section"], comment=form.cleaned_data["comment"],
                    )  # fmt: skip
                    self.message_user(request, f"Accepted: “{article}” is now a draft in {article.issue}.")
                    return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))
                services.decline_manuscript(
                    manuscript=manuscript, user=request.user, comment=form.cleaned_data["comment"]
                )
                self.message_user(request, "Declined; the member can read your comment.")
                return HttpResponseRedirect(change_url)
            except ValidationError as problem:
                for name, errors in problem.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            except (services.ExchangeError, workflow.TransitionForbidden) as problem:
                form.add_error(None, str(problem))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "object": manuscript,
            "change_url": change_url,
            "form": form,
            "accept": accept,
            "title": ("Accept" if accept else "Decline") + f" “{manuscript.title}”",
        }
        return TemplateResponse(request, "admin/api/manuscript/decide.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        manuscript = self.get_object(request, object_id)
        extra = {"undecided": manuscript is not None and manuscript.status == ManuscriptStatus.SUBMITTED}
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), **extra})


@admin.register(ExchangeLogEntry)
class ExchangeLogEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "action", "organization", "api_key", "what", "status_code", "items"]
    list_filter = ["action", "organization", "api_key"]
    search_fields = ["what", "organization__name"]
    date_hierarchy = "at"
    list_select_related = ["organization", "api_key"]
    readonly_fields = [field.name for field in ExchangeLogEntry._meta.fields]
    change_list_template = "admin/api/exchangelogentry/change_list.html"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path("members/", self.admin_site.admin_view(self.activity_view), name="api_exchangelogentry_members"),
            *super().get_urls(),
        ]

    def activity_view(self, request):
        """Per member organisation: pulls, pushes and submissions in the last 30 days, and the last exchange."""
        if not self.has_view_permission(request):
            raise PermissionDenied("You are not allowed to read the exchange log.")
        since = timezone.now() - timezone.timedelta(days=30)
        recent = Q(exchange_log__at__gte=since)
        rows = (
            Organization.objects.filter(exchange_log__isnull=False)
            .annotate(
                pulls=Count("exchange_log", filter=recent & Q(exchange_log__action=ExchangeAction.PULL)),
                pushes=Count("exchange_log", filter=recent & Q(exchange_log__action=ExchangeAction.PUSH)),
                submissions=Count("exchange_log", filter=recent & Q(exchange_log__action=ExchangeAction.SUBMISSION)),
                last=Max("exchange_log__at"),
            )
            .order_by("name")
        )
        changelist = reverse("admin:api_exchangelogentry_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "rows": rows,
            "changelist": changelist,
            "title": "Exchange activity per member (last 30 days)",
        }
        return TemplateResponse(request, "admin/api/exchangelogentry/members.html", context)
