from django.conf import settings

from core.urls import reverse

# The site-wide links of base.html (header navigation, search form, footer).
SITE_LINKS = {
    "home": "home",
    "publications": "articles:publication_list",
    "events": "events:event_list",
    "people": "people:person_list",
    "organizations": "people:organization_list",
    "unions": "people:union_list",
    "search": "search",
    "sitemap": "django.contrib.sitemaps.views.sitemap",
}


def site(request):
    """`site_name`, and `site_links`: the addresses base.html links to on every page (worked out once)."""
    return {
        "site_name": settings.NEWSROOM_SITE_NAME,
        "site_links": {key: reverse(name) for key, name in SITE_LINKS.items()},
    }
