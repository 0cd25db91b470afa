from django.contrib import admin
from django.utils import timezone

from events.models import Event, EventOrganization, EventPerson, EventSeries, Venue
from newsroom.workflow_admin import WorkflowAdminMixin, WorkflowChildInlineMixin


class EventOrganizationInline(WorkflowChildInlineMixin, admin.TabularInline):
    model = EventOrganization
    extra = 1
    autocomplete_fields = ["organization"]


class EventPersonInline(WorkflowChildInlineMixin, admin.TabularInline):
    model = EventPerson
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


@admin.register(Event)
class EventAdmin(WorkflowAdminMixin, admin.ModelAdmin):
    list_display = ["title", "start", "mode", "series", "edition", "status"]
    list_filter = [TimingFilter, "mode", "status", "kind", "series", "venues__city", "organizations"]
    search_fields = ["title", "summary", "description", "venues__city"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["series", "venues"]
    date_hierarchy = "start"
    list_select_related = ["series"]
    inlines = [EventOrganizationInline, EventPersonInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "series", "edition", "summary", "description"]}),
        ("When", {"fields": ["start", "end", "time_zone", "all_day"]}),
        ("Where", {"fields": ["mode", "venues", "online_url"]}),
        ("Publishing", {"fields": ["status", "publish_at"]}),
    ]


@admin.register(EventSeries)
class EventSeriesAdmin(admin.ModelAdmin):
    list_display = ["name", "frequency"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["__str__", "city", "region", "country"]
    list_filter = ["country"]
    search_fields = ["name", "city", "region"]
