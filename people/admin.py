from django.contrib import admin

from people.models import Membership, Organization, OrganizationKind, Person, Position


class PositionInline(admin.TabularInline):
    model = Position
    extra = 1
    autocomplete_fields = ["organization"]
    fields = ["title", "organization", "organization_text", "start_date", "end_date", "order"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "name_original", "current_position", "updated_at"]
    search_fields = ["name", "sort_name", "name_original", "positions__title"]
    prepopulated_fields = {"slug": ["name"]}
    list_filter = ["positions__organization__kind"]
    date_hierarchy = "created_at"
    inlines = [PositionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("positions__organization")

    @admin.display(description="Current position")
    def current_position(self, person):
        current = [position for position in person.positions.all() if position.is_current()]
        return current[0].as_printed() if current else "—"

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return queryset, True if search_term else may_have_duplicates


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "union"
    extra = 1
    autocomplete_fields = ["member"]
    fields = ["member", "role", "joined_on", "left_on", "note"]


class UnitInline(admin.TabularInline):
    model = Organization
    fk_name = "parent"
    extra = 0
    fields = ["name", "short_name", "kind"]
    show_change_link = True
    verbose_name = "unit"
    verbose_name_plural = "units (departments, offices)"


class IsUnionFilter(admin.SimpleListFilter):
    title = "union membership"
    parameter_name = "union"

    def lookups(self, request, model_admin):
        return [(str(union.pk), union.display_name) for union in Organization.objects.unions()]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(union_memberships__union_id=self.value()).distinct()
        return queryset


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "country", "parent", "website"]
    list_filter = ["kind", "country", IsUnionFilter]
    search_fields = ["name", "short_name", "name_original"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    date_hierarchy = "created_at"
    list_select_related = ["parent"]

    def get_inlines(self, request, obj):
        if obj is not None and obj.kind == OrganizationKind.UNION:
            return [MembershipInline, UnitInline]
        return [UnitInline]


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ["person", "title", "organization_label", "start_date", "end_date"]
    list_filter = ["organization__kind", "start_date"]
    search_fields = ["person__name", "title", "organization__name", "organization_text"]
    autocomplete_fields = ["person", "organization"]
    list_select_related = ["person", "organization"]
    date_hierarchy = "start_date"


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["member", "union", "role", "joined_on", "left_on"]
    list_filter = ["union", "role", "member__country", "member__kind"]
    search_fields = ["member__name", "member__short_name", "union__name"]
    autocomplete_fields = ["union", "member"]
    list_select_related = ["union", "member"]
    date_hierarchy = "joined_on"
