"""Issue #13 acceptance: hostile strings typed into the admin come out of every public output, which parses.

Every C0 character, DEL and C1 controls, bidi controls, zero-width characters, NBSP and soft hyphen,
emoji, CJK, right-to-left text, combining marks and a 10,000-character word go through the admin
forms of an article, an event, a person and an organization. Every public output for them answers
200 and parses with a real parser (lxml for HTML and XML, feedparser, icalendar, json, the `email`
package, pypdf), holding the text as input normalisation stored it.
"""

import datetime as dt
import email
import email.policy
import io
import json

import feedparser
import icalendar
import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import etree
from lxml import html as lxml_html

from articles.exchange.issuefile import parse_bytes
from articles.models import Article
from core.slugs import slugify_text
from core.text import clean_text
from editorial.publishing import Status
from events.models import Event
from people.models import Organization, Person
from tests.events.test_admin import form_data
from tests.factories import IssueFactory, PublicationFactory

pytestmark = pytest.mark.django_db

C0 = "".join(chr(code) for code in range(0x20))
BIDI = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
SHORT = (
    f"Hostile{C0}\x7f\x85\x9f{BIDI}{INVISIBLE} no\u00a0break 航天特刊 🚀✅👩\u200d🔬🇨🇳 预算谈判恢复 "
    "مرحبا بالعالم שלום e\u0301 Z\u0351\u0362a\u0300 \ufffe"
)
LONG_WORD = "w" * 10_000
BODY = f"{SHORT}\n\nA paragraph with the word {LONG_WORD} in it.\n\n**{SHORT}**"

# As stored: normalised, and stripped at both ends like any admin form's text.
TITLE = clean_text(SHORT, multiline=False).strip()
TEXT = clean_text(SHORT).strip()


@pytest.fixture
def admin(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin", password="pw-123456789"))
    return client


def _add(client, model, **fields):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
    response = client.post(url, form_data(client.get(url), **fields))
    assert response.status_code == 302, list(response.context["errors"])
    return model.objects.latest("pk")


@pytest.fixture
def published(admin):
    """The article, event, person and organization, made through the admin, then published."""
    slug = slugify_text(SHORT)
    person = _add(admin, Person, name=SHORT, slug=slug, bio=BODY, **{"positions-TOTAL_FORMS": "0"})
    organization = _add(
        admin, Organization, name=SHORT, slug=slug, kind="society", description=BODY,
        **{"union_memberships-TOTAL_FORMS": "0", "units-TOTAL_FORMS": "0"},
    )  # fmt: skip
    issue = IssueFactory(publication=PublicationFactory(name="Weekly", slug="weekly"), slug="no-1", colophon=BODY)
    article = _add(
        admin, Article, issue=issue.pk, order=1, kind="news", title=SHORT, slug=slug, standfirst=SHORT, body=BODY,
        dateline_place=SHORT[:120],
        **{"bylines-TOTAL_FORMS": "2", "bylines-0-person": person.pk, "bylines-0-position_as_printed": SHORT,
           "bylines-0-order": "0", "bylines-1-organization": organization.pk, "bylines-1-order": "1"},
    )  # fmt: skip
    roles = {
        "organization_roles-TOTAL_FORMS": "1",
        "organization_roles-0-organization": organization.pk,
        "organization_roles-0-role": "organizer",
        "person_roles-TOTAL_FORMS": "1",
        "person_roles-0-person": person.pk,
        "person_roles-0-role": "speaker",
    }
    event = _add(
        admin, Event, title=SHORT, slug=slug, kind="forum", time_zone="Asia/Shanghai", summary=SHORT,
        description=BODY, start_0="2030-09-01", start_1="09:30:00", end_0="2030-09-01", end_1="17:00:00",
        mode="in_person", **roles,
    )  # fmt: skip
    now = timezone.now() - dt.timedelta(minutes=1)
    for model, pk in ((Article, article.pk), (Event, event.pk)):
        model.objects.filter(pk=pk).update(status=Status.PUBLISHED, publish_at=now)
    return {"article": Article.objects.get(pk=article.pk), "event": Event.objects.get(pk=event.pk),
            "person": person, "organization": organization, "issue": issue}  # fmt: skip


def test_the_admin_stored_the_text_as_input_normalisation_makes_it(published):
    article, event = published["article"], published["event"]
    # The summary is a single-line field (CharField): its line breaks became spaces, as in a title.
    assert (article.title, article.standfirst, event.title, event.summary) == (TITLE, TEXT, TITLE, TITLE)
    assert (published["person"].name, published["organization"].name) == (TITLE, TITLE)
    assert LONG_WORD in article.body and LONG_WORD in event.description
    for kept in ("\t", "\u00a0", "\u00ad", "\u200b", "\u200d", "\u202e", "🚀", "预算", "مرحبا", "e\u0301"):
        assert kept in article.body
    assert not any(chr(code) in article.body for code in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0xFFFE))


def _page(client, url) -> lxml_html.HtmlElement:
    response = client.get(url)
    assert response.status_code == 200, url
    return lxml_html.fromstring(response.content)


def _json_ld(page) -> dict:
    (script,) = page.xpath("//script[@type='application/ld+json']")
    return json.loads(script.text)


def test_every_html_page_answers_and_parses(client, published):
    article, event = published["article"], published["event"]
    page = _page(client, article.get_absolute_url())
    assert page.xpath("string(//h1)").strip() == TITLE
    assert LONG_WORD in page.text_content()
    assert _json_ld(page)["headline"] == TITLE[:110]
    issue_page = _page(client, published["issue"].get_absolute_url())
    assert _json_ld(issue_page)["hasPart"][0]["headline"] == TITLE[:110]
    assert LONG_WORD in _page(client, published["issue"].get_absolute_url() + "?full=1").text_content()
    assert _json_ld(_page(client, event.get_absolute_url()))["name"] == TITLE
    for obj in (published["person"], published["organization"]):
        assert TITLE in _page(client, obj.get_absolute_url()).xpath("string(//h1)")
    for url in ("/", "/publications/", "/publications/weekly/", "/events/", "/people/", "/organizations/"):
        _page(client, url)
    results = _page(client, reverse("search") + "?q=预算谈判恢复")
    assert article.get_absolute_url() in results.xpath("//a/@href")


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_feeds_answer_and_parse(client, published, kind):
    response = client.get(reverse(f"articles:publication_feed_{kind}", kwargs={"slug": "weekly"}))
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    entry = feed.entries[0]
    assert entry.title == TITLE
    assert LONG_WORD in entry.summary
    assert entry.link == "http://testserver" + published["article"].get_absolute_url()
    etree.fromstring(response.content)  # well-formed XML for a strict parser too


def test_the_sitemap_answers_and_lists_every_address(client, published):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    locations = etree.fromstring(response.content).xpath("//*[local-name()='loc']/text()")
    for key in ("article", "event", "person", "organization"):
        assert "http://testserver" + published[key].get_absolute_url() in locations


def test_calendars_answer_and_parse(client, published):
    event = published["event"]
    for url in (reverse("events:event_ics", kwargs={"slug": event.slug}), reverse("events:calendar")):
        response = client.get(url)
        assert response.status_code == 200
        vevent = icalendar.Calendar.from_ical(response.content).walk("VEVENT")[0]
        assert str(vevent["SUMMARY"]) == TITLE
        assert LONG_WORD in str(vevent["DESCRIPTION"])


def test_exports_answer_and_parse(client, admin, published):
    issue = published["issue"]

    def download(fmt):
        response = admin.get(reverse("exchange:export", kwargs={"pk": issue.pk, "format": fmt}))
        assert response.status_code == 200, fmt
        return response.content

    package = json.loads(download("ninjs"))
    article = package["associations"][0]
    assert article["title"] == TITLE and article["descriptions"][0]["value"] == TEXT
    assert LONG_WORD in article["bodies"][0]["value"]
    message = email.message_from_bytes(download("email"), policy=email.policy.default)
    assert str(message["Subject"]) == f"Newsletter – Weekly No. {issue.number}"
    assert LONG_WORD in message.get_body(("plain",)).get_content()  # wrapped at 72, a word is never broken
    html_part = lxml_html.fromstring(message.get_body(("html",)).get_content()).text_content()
    assert TITLE in html_part and LONG_WORD in html_part
    standalone = lxml_html.fromstring(download("html"))
    assert LONG_WORD in standalone.text_content()
    document = parse_bytes(download("markdown"))
    assert document.articles[0].title == " ".join(TITLE.split())  # a Markdown heading's spacing is not kept
    reader = pypdf.PdfReader(io.BytesIO(download("pdf")))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "航天特刊" in text and "预算谈判恢复" in text and "🚀" in text
