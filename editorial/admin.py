"""Admin of the engine's own records (the site itself is editorial.admin_site)."""

from django.contrib import admin

from editorial.models import PublicChange


@admin.register(PublicChange)
class PublicChangeAdmin(admin.ModelAdmin):
    """What people outside the newsroom (union members' systems) were told changed, and when: written by
    the content apps' services, read-only here."""

    list_display = ["effective_at", "kind", "content_type", "object_id", "created_at"]
    list_filter = ["kind", "content_type"]
    list_select_related = ["content_type"]
    search_fields = ["object_id"]
    date_hierarchy = "effective_at"
    readonly_fields = ["content_type", "object_id", "kind", "effective_at", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
