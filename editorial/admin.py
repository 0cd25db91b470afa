from django.conf import settings
from django.contrib import admin

# One admin for every app; it carries the publisher's name rather than Django's.
admin.site.site_header = f"{settings.NEWSROOM_SITE_NAME} editorial admin"
admin.site.site_title = f"{settings.NEWSROOM_SITE_NAME} admin"
admin.site.index_title = "Editorial desk"
