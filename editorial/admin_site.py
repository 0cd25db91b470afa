"""The one admin site of every app: the publisher's name, the editorial apps first, the full width for content.

Installed in place of ``django.contrib.admin`` (``INSTALLED_APPS`` names ``NewsroomAdminConfig``), so
``admin.site`` and every ``@admin.register`` use it.
"""

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class NewsroomAdminSite(admin.AdminSite):
    site_header = f"{settings.NEWSROOM_SITE_NAME} editorial admin"
    site_title = f"{settings.NEWSROOM_SITE_NAME} admin"
    index_title = "Editorial desk"
    # Django's navigation sidebar repeats the index's app list and took 300 px from every form and
    # changelist, pushing the articles and the status columns sideways at 1280 px. The
    # breadcrumbs lead back to the index in one click.
    enable_nav_sidebar = False

    def get_app_list(self, request, app_label=None):
        """Apps in the order of ``NEWSROOM_ADMIN_APP_ORDER`` (app labels: the editorial apps), then the rest by name."""
        order = {label: rank for rank, label in enumerate(getattr(settings, "NEWSROOM_ADMIN_APP_ORDER", ()))}
        apps = super().get_app_list(request, app_label)
        return sorted(apps, key=lambda app: (order.get(app["app_label"], len(order)), app["name"].lower()))


class NewsroomAdminConfig(AdminConfig):
    default_site = "editorial.admin_site.NewsroomAdminSite"
