"""Sitemap of the event pages: published events only."""

from django.contrib.sitemaps import Sitemap

from events.models import Event


class EventSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6
    limit = 5000

    def items(self):
        return Event.objects.published().order_by("-start", "pk")

    def lastmod(self, event):
        return event.updated_at
