from django.conf import settings
from django.templatetags.static import static
from django.utils import timezone

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
# The static files base.html links to on every page.
SITE_STATIC = {"favicon": "favicon.svg", "site_css": "css/site.css", "print_css": "css/print.css"}


def site(request):
    """What base.html shows on every page, worked out once: `site_name`; `site_links`, the addresses it
    links to; `site_static`, its static files' URLs; `site_year`, this year (the footer's copyright).

    base.html is rendered by both template engines (Django's and Jinja2), so it takes these as values
    rather than through an engine's own tags.
    """
    return {
        "site_name": settings.NEWSROOM_SITE_NAME,
        "site_links": {key: reverse(name) for key, name in SITE_LINKS.items()},
        "site_static": {key: static(path) for key, path in SITE_STATIC.items()},
        "site_year": timezone.localdate().year,
    }
