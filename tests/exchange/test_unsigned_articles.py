"""Unsigned articles (#15 item 3): a publication says which kinds it prints unsigned; those are a preflight
warning and are credited to the publisher wherever an author is expected. Seed 000 (sixteen unsigned news
items of the CAST Newsletter) goes out through the admin's own publish action."""

import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from articles import services
from articles.exchange.exporters.base import load_issue
from articles.exchange.exporters.ninjs import article_object
from articles.models import Article, ArticleKind, Issue, Publication
from editorial import workflow
from editorial.publishing import Status
from tests.factories import ArticleFactory, BylineFactory, IssueFactory, OrganizationFactory, PublicationFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"
CAST = "China Association for Science and Technology"


def _user(django_user_model, role):
    user = django_user_model.objects.create_user(role.replace(" ", "-"), password="pw-123456789", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


def _post(client, obj, name):
    url = reverse(f"admin:articles_{obj._meta.model_name}_transition", args=[obj.pk, name])
    response = client.post(url, {"comment": ""})
    assert response.status_code == 302, response.content.decode()[:2000]


def _json_ld(html: str) -> dict:
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))


# ---------------------------------------------------------------- the rule


@pytest.fixture
def newsletter():
    publisher = OrganizationFactory(name="Lantern Science Society", short_name="LSS")
    return PublicationFactory(name="Lantern Letter", publisher=publisher, unsigned_kinds=[ArticleKind.NEWS])


def _approved(issue, kind=ArticleKind.NEWS, title="Unsigned"):
    return ArticleFactory(issue=issue, kind=kind, title=title, status=Status.APPROVED, publish_at=None)


def test_an_unsigned_article_of_an_allowed_kind_is_a_warning_crediting_the_publisher(newsletter):
    issue = IssueFactory(publication=newsletter, status=Status.APPROVED, publish_at=None)
    _approved(issue)
    report = services.preflight(issue=issue)
    assert report.blockers == []
    assert [problem.message for problem in report.warnings][:1] == [
        "“Unsigned” has no byline: it will be credited to the publisher, Lantern Science Society."
    ]


def test_other_kinds_and_other_publications_still_need_a_byline(newsletter):
    issue = IssueFactory(publication=newsletter, status=Status.APPROVED, publish_at=None)
    _approved(issue, kind=ArticleKind.OPINION, title="Unsigned view")
    elsewhere = IssueFactory(status=Status.APPROVED, publish_at=None)
    _approved(elsewhere)
    assert [p.message for p in services.preflight(issue=issue).blockers] == [
        "“Unsigned view” has no byline, and Lantern Letter does not publish unsigned opinion articles."
    ]
    assert [p.message for p in services.preflight(issue=elsewhere).blockers] == [
        f"“Unsigned” has no byline, and {elsewhere.publication} does not publish unsigned news articles."
    ]


def test_an_article_published_on_its_own_passes_the_same_check(newsletter, django_user_model):
    issue = IssueFactory(publication=newsletter, status=Status.PUBLISHED)
    article = _approved(issue)
    workflow.transition(obj=article, name="publish", user=_user(django_user_model, "Chief editor"))
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_credits_are_the_bylines_or_the_publisher(newsletter):
    issue = IssueFactory(publication=newsletter)
    unsigned, signed = _approved(issue), _approved(issue, title="Signed")
    byline = BylineFactory(article=signed)
    opinion = _approved(issue, kind=ArticleKind.OPINION, title="View")
    assert [(credit.organization, credit.pk) for credit in unsigned.credits] == [(newsletter.publisher, None)]
    assert signed.credits == [byline]
    assert opinion.credits == []


def test_unsigned_kinds_need_a_publisher_and_known_kinds():
    with pytest.raises(IntegrityError), transaction.atomic():
        Publication.objects.create(name="No publisher", slug="no-publisher", unsigned_kinds=["news"])
    with pytest.raises(ValidationError) as error:
        Publication(name="Typo", slug="typo", unsigned_kinds=["gossip"]).full_clean()
    assert error.value.message_dict["unsigned_kinds"] == [
        "Unknown article kind 'gossip': use news, report, opinion, member_statement, editorial_letter, feature."
    ]


def test_the_publication_form_offers_the_kinds_as_checkboxes(client, admin_user):
    publisher = OrganizationFactory(name="Lantern Science Society")
    client.force_login(admin_user)
    url = reverse("admin:articles_publication_add")
    html = client.get(url).content.decode()
    assert 'type="checkbox" name="unsigned_kinds" value="news"' in html
    data = {
        "name": "Letter",
        "slug": "letter",
        "language": "en",
        "unsigned_kinds": ["news", "report"],
        "sections-TOTAL_FORMS": "0",
        "sections-INITIAL_FORMS": "0",
    }
    refused = client.post(url, data)
    assert "Unsigned articles are credited to the publisher: choose the publisher." in refused.content.decode()
    assert client.post(url, {**data, "publisher": publisher.pk}).status_code == 302
    assert Publication.objects.get(slug="letter").unsigned_kinds == ["news", "report"]


# ---------------------------------------------------------------- seed 000 through the admin


@pytest.fixture
def seed_000_draft(import_seed, cast_newsletter):
    summary = import_seed()
    return Issue.objects.get(pk=summary.issue_pk)


@pytest.fixture
def seed_000_published(client, django_user_model, seed_000_draft):
    """An editor submits and approves every item with the admin's buttons; the chief editor reads the
    preflight and publishes with the preflight page's button."""
    issue = seed_000_draft
    client.force_login(_user(django_user_model, "Editor"))
    for item in [*issue.articles.order_by("order"), issue]:
        _post(client, item, "submit")
        _post(client, item, "approve")
    client.force_login(_user(django_user_model, "Chief editor"))
    preflight = client.get(reverse("admin:articles_issue_preflight", args=[issue.pk]))
    issue.preflight_html = preflight.content.decode()
    _post(client, issue, "publish")
    client.logout()
    return issue


def test_seed_000_publishes_through_the_admin_with_its_unsigned_items_as_warnings(seed_000_published):
    issue, html = seed_000_published, seed_000_published.preflight_html
    assert "<h2>Blockers (0)</h2>" in html and "None: the issue can be published." in html
    warnings = re.findall(r"has no byline: it will be credited to the publisher, ([^.<]+)\.", html)
    assert warnings == [CAST] * 16
    assert "Publish issue and its articles now" in html
    issue.refresh_from_db()
    assert issue.is_public()
    assert Article.objects.published().filter(issue=issue).count() == 16
    assert issue.workflow_log.filter(transition="publish").get().user.username == "Chief-editor"


def test_feeds_name_cast_as_the_author_of_every_unsigned_item(client, seed_000_published):
    rss = ET.fromstring(
        client.get(reverse("articles:publication_feed_rss", kwargs={"slug": "cast-newsletter"})).content
    )
    items = rss.find("channel").findall("item")
    assert len(items) == 16
    assert [[creator.text for creator in item.findall(f"{DC}creator")] for item in items] == [[CAST]] * 16
    assert all(item.find("author") is None for item in items)  # RSS <author> must be an e-mail address

    atom = ET.fromstring(
        client.get(reverse("articles:publication_feed_atom", kwargs={"slug": "cast-newsletter"})).content
    )
    assert [author.findtext(f"{ATOM}name") for author in atom.findall(f"{ATOM}author")] == [CAST]  # the feed's
    entries = atom.findall(f"{ATOM}entry")
    assert [[a.findtext(f"{ATOM}name") for a in entry.findall(f"{ATOM}author")] for entry in entries] == [[CAST]] * 16


def test_article_pages_and_json_ld_name_cast_as_the_author(client, seed_000_published):
    for article in seed_000_published.articles.all():
        html = client.get(article.get_absolute_url()).content.decode()
        assert '<p class="bylines"><span class="byline"><a class="byline__name" href="/organizations/' in html
        assert f">{CAST}</a></span></p>" in html
        author = _json_ld(html)["author"]
        assert [(a["@type"], a["name"]) for a in author] == [("Organization", CAST)], article.title
        assert author[0]["url"].startswith("http://testserver/organizations/")


def test_ninjs_names_cast_as_the_author(seed_000_published):
    export = load_issue(seed_000_published)
    for item in export.articles:
        obj = article_object(export, item)
        assert obj["by"] == f"By {CAST}"
        assert [(o["name"], o["rel"]) for o in obj["organisations"]] == [(CAST, "author")]
        assert "people" not in obj


def test_issue_pages_keep_the_bylines_as_printed(client, seed_000_published):
    """The masthead names the publisher once; the contents list does not repeat it under each item."""
    html = client.get(seed_000_published.get_absolute_url()).content.decode()
    assert 'class="bylines"' not in html
