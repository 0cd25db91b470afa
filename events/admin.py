from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from editorial.admin_forms import FullLengthTextAdminMixin
from editorial.admin_permissions import ExplainedDeleteMixin
from editorial.workflow_admin import WorkflowAdminMixin, WorkflowChildInlineMixin
from events.forms import DuplicateEventForm, EventAdminForm, EventPersonForm, EventPersonFormSet
from events.models import Event, EventOrganization, EventPerson, EventSeries, Venue
from events.selectors import organizers
from events.services import (
    DuplicateEventError,
    duplicate_event_for_next_edition,
    latest_edition,
    next_edition_number,
    suggest_next_title,
)
from events.templatetags.event_tags import event_dates_text


class EventOrganizationInline(FullLengthTextAdminMixin, WorkflowChildInlineMixin, admin.TabularInline):
    model = EventOrganization
    extra = 1
    autocomplete_fields = ["organization"]


class EventPersonInline(FullLengthTextAdminMixin, WorkflowChildInlineMixin, admin.TabularInline):
    model = EventPerson
    form = EventPersonForm
    formset = EventPersonFormSet
    extra = 1
    autocomplete_fields = ["person"]


class TimingFilter(admin.SimpleListFilter):
    title = "timing"
    parameter_name = "timing"

    def lookups(self, request, model_admin):
        return [("upcoming", "Upcoming"), ("past", "Past")]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "upcoming":
            return queryset.filter(end__gte=now)
        if self.value() == "past":
            return queryset.filter(end__lt=now)
        return queryset


class CityFilter(admin.SimpleListFilter):
    title = "city"
    parameter_name = "city"

    def lookups(self, request, model_admin):
        cities = Venue.objects.filter(events__isnull=False).order_by("city").values_list("city", flat=True)
        return [(city, city) for city in dict.fromkeys(cities)]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(venues__city=self.value()).distinct()
        return queryset


class OrganizerFilter(admin.SimpleListFilter):
    """Organizations that host or organize some event; sponsors and participants are not organizers."""

    title = "organizer"
    parameter_name = "organizer"

    def lookups(self, request, model_admin):
        return [(str(organization.pk), organization.name) for organization in organizers()]

    def queryset(self, request, queryset):
        return queryset.organized_by(self.value()) if self.value() else queryset


@admin.register(Event)
class EventAdmin(FullLengthTextAdminMixin, ExplainedDeleteMixin, WorkflowAdminMixin, admin.ModelAdmin):
    form = EventAdminForm  # a WorkflowForm: carries the version token
    change_form_template = "admin/events/event/change_form.html"
    list_display = ["title", "when", "mode", "series_edition", "status"]
    list_filter = [
        TimingFilter,
        "mode",
        CityFilter,
        OrganizerFilter,
        "series",
        "status",
        "kind",
    ]
    search_fields = ["title", "summary", "description", "venues__city"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["series", "venues"]
    date_hierarchy = "start"
    list_select_related = ["series"]
    inlines = [EventOrganizationInline, EventPersonInline]
    actions = ["duplicate_for_next_edition"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "series", "edition", "summary", "description"]}),
        ("When", {"fields": ["time_zone", "start", "end", "all_day"]}),
        ("Where", {"fields": ["mode", "venues", "online_url"]}),
        ("Publishing", {"fields": ["status", "publish_at"]}),
    ]

    class Media:
        css = {"all": ["css/events_admin.css"]}  # venues width

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.contributed_inlines = []

    def add_inline(self, inline_class) -> None:
        """Show an inline that an app above events contributes (articles: the articles covering the event)."""
        self.contributed_inlines.append(inline_class)

    def get_inlines(self, request, obj):
        return [*super().get_inlines(request, obj), *self.contributed_inlines]

    def get_preview_url(self, obj):
        return reverse("events_preview:event", kwargs={"pk": obj.pk})

    @admin.display(description="When (local time)", ordering="start")
    def when(self, obj):
        return event_dates_text(obj)

    @admin.display(description="series (edition)", ordering="series__name")
    def series_edition(self, obj):
        # One column instead of two, so the status column fits beside the dates at 1280px.
        if obj.series_id is None:
            return "–"
        return f"{obj.series} ({obj.edition})" if obj.edition else str(obj.series)

    def get_urls(self):
        return [
            path(
                "<int:pk>/duplicate/",
                self.admin_site.admin_view(self.duplicate_view),
                name="events_event_duplicate",
            ),
            *super().get_urls(),
        ]

    @admin.action(description="Duplicate as the next edition of its series", permissions=["add"])
    def duplicate_for_next_edition(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Select exactly one event to duplicate.", messages.ERROR)
            return None
        return redirect("admin:events_event_duplicate", pk=queryset.get().pk)

    def duplicate_view(self, request, pk):
        """Ask for the new edition's dates (they cannot be copied), then open the draft copy."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        event = get_object_or_404(Event.objects.select_related("series"), pk=pk)
        if not self.has_view_or_change_permission(request, event):
            raise PermissionDenied
        if event.series_id is None:
            self.message_user(request, f"“{event}” belongs to no series, so it has no next edition.", messages.ERROR)
            return redirect("admin:events_event_changelist")
        form = DuplicateEventForm(request.POST or None, event=event, initial={"title": suggest_next_title(event)})
        if request.method == "POST" and form.is_valid():
            try:
                copy = duplicate_event_for_next_edition(
                    event=event,
                    user=request.user,
                    start=form.cleaned_data["start"],
                    end=form.cleaned_data["end"],
                    title=form.cleaned_data["title"],
                )
            except (DuplicateEventError, ValidationError) as error:
                form.add_error(None, error)
            else:
                self.log_addition(request, copy, [{"added": {}}])
                self.message_user(
                    request,
                    f"Created “{copy}” (edition {copy.edition}) as a draft with the organizers and venues of "
                    f"“{event}”. Add the speakers, description and online link, then publish it.",
                    messages.SUCCESS,
                )
                return redirect("admin:events_event_change", copy.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Duplicate “{event}” for the next edition",
            "opts": self.opts,
            "event": event,
            "next_edition": next_edition_number(event),
            "latest": latest_edition(event),
            "form": form,
            "media": self.media + form.media,
            "change_url": reverse("admin:events_event_change", args=[event.pk]),
        }
        return TemplateResponse(request, "admin/events/event/duplicate.html", context)


@admin.register(EventSeries)
class EventSeriesAdmin(FullLengthTextAdminMixin, admin.ModelAdmin):
    list_display = ["name", "frequency"]
    list_filter = ["frequency"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Venue)
class VenueAdmin(FullLengthTextAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "city", "region", "country"]
    list_filter = ["country"]
    search_fields = ["name", "city", "region"]
