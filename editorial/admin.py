from django.conf import settings
from django.contrib import admin

from editorial.models import PublicChange

# One admin for every app; it carries the publisher's name rather than Django's.
admin.site.site_header = f"{settings.NEWSROOM_SITE_NAME} editorial admin"
admin.site.site_title = f"{settings.NEWSROOM_SITE_NAME} admin"
admin.site.index_title = "Editorial desk"


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
