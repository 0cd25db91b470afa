"""Every page family sends a Content-Security-Policy: a strict one on the public site, the admin's own."""

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Issue, ShareLink
from events.models import Event
from people.models import Person

pytestmark = pytest.mark.django_db

HEADER = "Content-Security-Policy"


def scripts_are_same_origin_or_nonced(sources: list[str]) -> bool:
    """'self', plus the response's nonce when the page used it (Django adds it only then)."""
    return sources[0] == "'self'" and all(source.startswith("'nonce-") for source in sources[1:])


def directives(response) -> dict[str, list[str]]:
    policy = response[HEADER]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


@pytest.fixture
def public_urls(demo):
    issue = Issue.objects.published().first()
    article = Article.objects.published().first()
    person = Person.objects.filter(bylines__article__in=Article.objects.published()).first()
    event = Event.objects.published().first()
    publication = issue.publication
    return [
        "/", "/search/?q=science", "/publications/", publication.get_absolute_url(), issue.get_absolute_url(),
        article.get_absolute_url(), person.get_absolute_url(), "/people/", "/organizations/", "/unions/",
        "/events/", event.get_absolute_url(), f"/publications/{publication.slug}/rss.xml", "/sitemap.xml",
        "/robots.txt", "/no-such-page/",
    ]  # fmt: skip


def test_every_public_page_family_sends_the_strict_policy(client, public_urls):
    for url in public_urls:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        policy = directives(response)
        assert policy["default-src"] == ["'self'"], url
        assert scripts_are_same_origin_or_nonced(policy["script-src"]), url
        assert policy["style-src"] == ["'self'"], url  # no inline styles on the public site
        assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"], url


def test_each_admin_response_gets_its_own_nonce(admin_client, demo):
    url = reverse("admin:articles_article_change", args=[Article.objects.first().pk])
    first, second = admin_client.get(url), admin_client.get(url)
    nonce = directives(first)["script-src"][1]
    assert nonce.startswith("'nonce-") and nonce != directives(second)["script-src"][1]
    assert f'nonce="{nonce[7:-1]}"' in first.content.decode()


def test_a_share_link_preview_sends_the_strict_policy(client, demo, django_user_model):
    article = Article.objects.first()
    link = ShareLink.objects.create(article=article, expires_at=timezone.now() + timezone.timedelta(days=1))
    response = client.get(link.get_absolute_url())
    assert response.status_code == 200
    assert directives(response)["style-src"] == ["'self'"]


def test_admin_pages_send_the_admin_policy(admin_client, demo):
    article = Article.objects.first()
    issue = Issue.objects.first()
    urls = [
        reverse("admin:index"), reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_change", args=[article.pk]),
        reverse("admin:articles_article_revisions", args=[article.pk]),
        reverse("admin:articles_issue_preflight", args=[issue.pk]), reverse("admin:articles_issue_import"),
    ]  # fmt: skip
    for url in urls:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        policy = directives(response)
        assert scripts_are_same_origin_or_nonced(policy["script-src"]), url
        assert policy["style-src"] == ["'self'", "'unsafe-inline'"], url  # Django's admin uses style attributes


def test_the_login_page_sends_the_admin_policy(client):
    assert directives(client.get(reverse("admin:login")))["style-src"] == ["'self'", "'unsafe-inline'"]
