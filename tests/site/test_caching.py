"""Public pages send Cache-Control and an ETag; a conditional GET with that ETag gets 304 Not Modified."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import (
    ArticleFactory,
    EventFactory,
    MembershipFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def urls(db):
    article = ArticleFactory()
    return [
        reverse("home"),
        reverse("articles:publication_list"),
        article.issue.publication.get_absolute_url(),
        article.issue.get_absolute_url(),
        article.get_absolute_url(),
        reverse("search") + "?q=article",
    ]


def test_public_pages_send_cache_control_and_etag(client, urls):
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "public" in response["Cache-Control"] and "max-age=" in response["Cache-Control"], url
        assert response.has_header("ETag"), url


def test_conditional_get_answers_304_until_the_page_changes(client, urls):
    article_url = urls[4]
    etag = client.get(article_url)["ETag"]
    not_modified = client.get(article_url, headers={"if-none-match": etag})
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    article = ArticleFactory._meta.model.objects.get()
    article.title = "A corrected title"
    article.save()
    changed = client.get(article_url, headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_feeds_and_sitemap_support_conditional_get(client, urls):
    article = ArticleFactory._meta.model.objects.get()
    feed = reverse("articles:publication_feed_rss", kwargs={"slug": article.issue.publication.slug})
    for url in ("/sitemap.xml", feed):
        etag = client.get(url)["ETag"]
        assert client.get(url, headers={"if-none-match": etag}).status_code == 304, url


def test_a_view_that_sets_its_own_cache_policy_keeps_it(rf, db):
    """Staff previews subclass the public views and mark their responses private; that must stick."""
    from django.utils.cache import add_never_cache_headers, patch_cache_control

    from articles.views import ArticleDetailView

    article = ArticleFactory()

    class PrivateArticleView(ArticleDetailView):
        def render_to_response(self, context, **kwargs):
            response = super().render_to_response(context, **kwargs)
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
            return response

    kwargs = {"publication": article.issue.publication.slug, "issue": article.issue.slug, "slug": article.slug}
    response = PrivateArticleView.as_view()(rf.get(article.get_absolute_url()), **kwargs)
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


# Every named route a visitor can reach, with how to build its URL from `site` (below). A new public
# route must be added here, which makes it covered by the caching tests.
PUBLIC_ROUTES = {
    "home": lambda site: reverse("home"),
    "search": lambda site: reverse("search") + "?q=article",
    "robots_txt": lambda site: reverse("robots_txt"),
    "django.contrib.sitemaps.views.sitemap": lambda site: "/sitemap.xml",
    "articles:publication_list": lambda site: reverse("articles:publication_list"),
    "articles:publication_detail": lambda site: site["article"].issue.publication.get_absolute_url(),
    "articles:publication_feed_rss": lambda site: reverse(
        "articles:publication_feed_rss", kwargs={"slug": site["article"].issue.publication.slug}
    ),
    "articles:publication_feed_atom": lambda site: reverse(
        "articles:publication_feed_atom", kwargs={"slug": site["article"].issue.publication.slug}
    ),
    "articles:issue_detail": lambda site: site["article"].issue.get_absolute_url(),
    "articles:article_detail": lambda site: site["article"].get_absolute_url(),
    "events:event_list": lambda site: reverse("events:event_list"),
    "events:calendar": lambda site: reverse("events:calendar"),
    "events:event_detail": lambda site: site["event"].get_absolute_url(),
    "events:event_ics": lambda site: reverse("events:event_ics", kwargs={"slug": site["event"].slug}),
    "people:person_list": lambda site: reverse("people:person_list"),
    "people:person_detail": lambda site: site["person"].get_absolute_url(),
    "people:organization_list": lambda site: reverse("people:organization_list"),
    "people:organization_detail": lambda site: site["membership"].member.get_absolute_url(),
    "people:union_list": lambda site: reverse("people:union_list"),
    "people:union_detail": lambda site: site["membership"].union.get_absolute_url(),
    "people:member_detail": lambda site: site["membership"].get_absolute_url(),
}
# Not public pages: the admin, staff previews and share links (private, no-store), staff exports,
# and /favicon.ico (a permanent redirect to the static icon).
NOT_PUBLIC = {"admin", "articles_preview", "events_preview", "exchange", "favicon"}


def _route_names(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _route_names(
                pattern.url_patterns, f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            )
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_named_route_is_either_public_or_known_not_to_be():
    names = set(_route_names(get_resolver().url_patterns))
    unlisted = {name for name in names if name.split(":")[0] not in NOT_PUBLIC and name not in NOT_PUBLIC}
    assert unlisted == set(PUBLIC_ROUTES)


@pytest.fixture
def site(db):
    return {
        "article": ArticleFactory(),
        "event": EventFactory(),
        "person": PersonFactory(listed=True),
        "membership": MembershipFactory(),
    }


@pytest.mark.parametrize("route", sorted(PUBLIC_ROUTES))
def test_every_public_route_is_cacheable_and_answers_conditional_gets(client, site, route):
    url = PUBLIC_ROUTES[route](site)
    response = client.get(url)
    assert response.status_code == 200, url
    cache_control = response["Cache-Control"]
    assert "public" in cache_control and "max-age=" in cache_control, cache_control
    assert response.has_header("ETag")
    not_modified = client.get(url, headers={"if-none-match": response["ETag"]})
    assert not_modified.status_code == 304
    assert not_modified.content == b""


@pytest.mark.parametrize(
    ("route", "target"), [("articles_preview:article", "article"), ("articles_preview:issue", "issue"),
                          ("events_preview:event", "event")],
)  # fmt: skip
def test_staff_previews_stay_private_and_unstored(admin_client, site, route, target):
    item = site["article"].issue if target == "issue" else site[target]
    response = admin_client.get(reverse(route, kwargs={"pk": item.pk}))
    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    assert not response.has_header("ETag")
