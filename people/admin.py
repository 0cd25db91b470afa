from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from editorial.admin_forms import FullLengthTextAdminMixin
from people.models import Membership, Organization, OrganizationKind, Person, Position
from people.services import MergeError, can_merge, merge_organizations, merge_people, plan_merge


class MergeDuplicatesMixin:
    """An admin action that merges the selected records into one, after a confirmation page
    listing, per duplicate, how many rows of each relation move to the kept record."""

    merge_service = None  # merge_people or merge_organizations
    max_merge = 10

    def has_merge_permission(self, request) -> bool:
        # Not `permissions=["change", "delete"]`: an action's permission list is met by ANY one of them.
        return can_merge(request.user, self.model)

    @admin.action(description="Merge selected duplicates…", permissions=["merge"])
    def merge_duplicates(self, request, queryset):
        records = list(queryset.order_by("pk"))
        if not 2 <= len(records) <= self.max_merge:
            self.message_user(
                request, f"Select between 2 and {self.max_merge} records to merge.", level=messages.WARNING
            )
            return None
        by_pk = {str(record.pk): record for record in records}
        keep = by_pk.get(request.POST.get("keep")) or records[0]
        duplicates = [record for record in records if record.pk != keep.pk]
        errors = []
        # The confirm button carries the record its plan was shown for. If the editor picked another
        # record to keep without previewing, merge nothing and show the plan for the new choice.
        confirmed_keep = request.POST.get("confirm")
        if confirmed_keep and confirmed_keep != str(keep.pk):
            self.message_user(
                request,
                f"Nothing merged yet: you now keep “{keep}”. Check what moves for this choice, then confirm.",
                level=messages.WARNING,
            )
        elif confirmed_keep:
            try:
                with transaction.atomic():  # all duplicates or none
                    for duplicate in duplicates:
                        self.merge_service(keep=keep, duplicate=duplicate, user=request.user)
            except MergeError as error:
                errors.append(str(error))
            else:
                names = ", ".join(f"“{duplicate}”" for duplicate in duplicates)
                self.message_user(request, f"Merged {names} into “{keep}”.", level=messages.SUCCESS)
                opts = self.model._meta
                return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[keep.pk]))
        plans = []
        for duplicate in duplicates:
            try:
                plans.append(plan_merge(keep=keep, duplicate=duplicate))
            except MergeError as error:
                errors.append(str(error))
        context = {
            **self.admin_site.each_context(request),
            "title": f"Merge duplicate {self.model._meta.verbose_name_plural}",
            "opts": self.model._meta,
            "records": records,
            "keep": keep,
            "plans": plans,
            # Refusals for this choice of kept record: shown on the page, which then offers no confirm button.
            "errors": list(dict.fromkeys(errors)),  # the service and the plan may both refuse, same words
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "action_name": "merge_duplicates",
        }
        return TemplateResponse(request, "people/admin/merge_confirmation.html", context)


@admin.display(description="current", boolean=True)
def is_current_today(obj):
    """Derived from the dates on every request; there is no flag that could go stale."""
    return obj.is_current() if obj.pk else None


class PositionInline(FullLengthTextAdminMixin, admin.TabularInline):
    model = Position
    extra = 1
    autocomplete_fields = ["organization"]
    fields = ["title", "organization", "organization_text", "start_date", "end_date", "order", is_current_today]
    readonly_fields = [is_current_today]


@admin.register(Person)
class PersonAdmin(FullLengthTextAdminMixin, MergeDuplicatesMixin, admin.ModelAdmin):
    merge_service = staticmethod(merge_people)
    actions = ["merge_duplicates"]
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


class MembershipFormSet(forms.BaseInlineFormSet):
    """Two undated memberships of one member in one union typed in the same submit: each row passes
    its own check (the other is not saved yet), so the formset compares them, or the database would
    answer with an error page."""

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if not form.is_valid() or self._should_delete_form(form) or form.cleaned_data.get("joined_on"):
                continue
            key = (form.instance.union_id, form.instance.member_id)
            if None in key:
                continue  # an empty extra row
            if key in seen:
                constraint = next(
                    c for c in Membership._meta.constraints if c.name == "membership_unique_without_join_date"
                )
                raise forms.ValidationError(constraint.violation_error_message)
            seen.add(key)


class MembershipInline(FullLengthTextAdminMixin, admin.TabularInline):
    model = Membership
    formset = MembershipFormSet
    fk_name = "union"
    extra = 1
    autocomplete_fields = ["member"]
    fields = ["member", "role", "joined_on", "left_on", "note", is_current_today]
    readonly_fields = [is_current_today]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member")


class UnionMembershipInline(FullLengthTextAdminMixin, admin.TabularInline):
    """On a member organization: the unions it belongs to."""

    model = Membership
    formset = MembershipFormSet
    fk_name = "member"
    extra = 0
    autocomplete_fields = ["union"]
    fields = ["union", "role", "joined_on", "left_on", "note", is_current_today]
    readonly_fields = [is_current_today]
    verbose_name = "union membership"
    verbose_name_plural = "union memberships"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("union")


class UnitInline(FullLengthTextAdminMixin, admin.TabularInline):
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


class OrganizationAdminForm(forms.ModelForm):
    """The admin builds the Meta (model, fields) from OrganizationAdmin; this adds the kind rule."""

    def clean_kind(self):
        kind = self.cleaned_data["kind"]
        # Member rows of a union that is no longer a union would drop off every public page while they
        # still exist; a cross-row rule the database cannot check, so the form does.
        if self.instance.pk and "kind" in self.changed_data and kind != OrganizationKind.UNION:
            members = self.instance.memberships.count()
            if members:
                raise forms.ValidationError(
                    f"This union still has {members} member{'s' if members != 1 else ''}. Remove "
                    f"{'them' if members != 1 else 'it'} from its member list and save before changing its kind."
                )
        return kind


@admin.register(Organization)
class OrganizationAdmin(FullLengthTextAdminMixin, MergeDuplicatesMixin, admin.ModelAdmin):
    form = OrganizationAdminForm
    merge_service = staticmethod(merge_organizations)
    actions = ["merge_duplicates"]
    list_display = ["name", "short_name", "kind", "country", "parent", "website"]
    list_filter = ["kind", "country", IsUnionFilter]
    search_fields = ["name", "short_name", "name_original"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    date_hierarchy = "created_at"
    list_select_related = ["parent"]

    class Media:
        css = {"all": ["css/people_admin.css"]}

    def get_inlines(self, request, obj):
        if obj is not None and obj.kind == OrganizationKind.UNION:
            return [MembershipInline, UnitInline]
        return [UnionMembershipInline, UnitInline]


@admin.register(Position)
class PositionAdmin(FullLengthTextAdminMixin, admin.ModelAdmin):
    list_display = ["person", "title", "organization_label", "start_date", "end_date", is_current_today]
    list_filter = ["organization__kind", "start_date"]
    search_fields = ["person__name", "title", "organization__name", "organization_text"]
    autocomplete_fields = ["person", "organization"]
    list_select_related = ["person", "organization"]
    date_hierarchy = "start_date"

    class Media:
        css = {"all": ["css/people_admin.css"]}


@admin.register(Membership)
class MembershipAdmin(FullLengthTextAdminMixin, admin.ModelAdmin):
    list_display = ["member", "union", "role", "joined_on", "left_on", is_current_today]
    list_filter = ["union", "role", "member__country", "member__kind"]
    search_fields = ["member__name", "member__short_name", "union__name"]
    autocomplete_fields = ["union", "member"]
    list_select_related = ["union", "member"]
    date_hierarchy = "joined_on"

    class Media:
        css = {"all": ["css/people_admin.css"]}
