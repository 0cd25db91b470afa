"""Home, publications, error pages; landmarks, skip link, heading order and alt text without JavaScript."""

import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from editorial.publishing import Status
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


class Outline(HTMLParser):
    def __init__(self):
        super().__init__()
        self.headings, self.landmarks, self.images, self.links = [], [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag in ("header", "nav", "main", "footer") or attrs.get("role") == "search":
            self.landmarks.append(tag)
        if tag == "img":
            self.images.append(attrs)
        if tag == "a":
            self.links.append(attrs.get("href"))


def outline(html):
    parser = Outline()
    parser.feed(html)
    return parser


def assert_accessible(html):
    page = outline(html)
    assert page.headings.count(1) == 1 and page.headings[0] == 1, page.headings
    for previous, current in zip(page.headings, page.headings[1:], strict=False):
        assert current <= previous + 1, f"heading jumps from h{previous} to h{current}"
    assert {"header", "nav", "main", "footer"} <= set(page.landmarks)
    assert page.links[0] == "#main"  # skip link first
    assert 'id="main"' in html
    assert all("alt" in image for image in page.images)


def test_every_public_page_has_landmarks_skip_link_and_ordered_headings(client, build_issue, demo):
    issue = build_issue(5)
    article = issue.articles.order_by("order").last()
    article.about_people.set([article.bylines.first().person])
    for url in (
        reverse("home"),
        reverse("articles:publication_list"),
        issue.publication.get_absolute_url(),
        issue.get_absolute_url(),
        issue.get_absolute_url() + "?full=1",
        article.get_absolute_url(),
        reverse("search") + "?q=article",
        "/no-such-page/",
    ):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert_accessible(response.content.decode())


class Descriptions(HTMLParser):
    """Each aria-describedby on the page, and the text of every element that has an id."""

    def __init__(self):
        super().__init__()
        self.described_by, self.text_by_id, self.open = {}, {}, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("aria-describedby"):
            self.described_by[attrs.get("name")] = attrs["aria-describedby"]
        if attrs.get("id"):
            self.text_by_id[attrs["id"]] = ""
            self.open.append((tag, attrs["id"]))

    def handle_endtag(self, tag):
        if self.open and self.open[-1][0] == tag:
            self.open.pop()

    def handle_data(self, data):
        for _, element_id in self.open:
            self.text_by_id[element_id] += data


@pytest.mark.parametrize(
    ("url", "field", "error"),
    [
        ("/search/?year=abc", "year", "abc is not one of the available choices"),
        ("/events/?year=abc", "year", "abc is not one of the available choices"),
        ("/people/?country=ZZ", "country", "ZZ is not one of the available choices"),
    ],
)
def test_filter_error_is_the_description_of_its_field(client, url, field, error):
    page = Descriptions()
    page.feed(client.get(url).content.decode())
    described_by = page.described_by[field]
    assert described_by in page.text_by_id, f"{field} is described by {described_by!r}, which no element has"
    assert error in page.text_by_id[described_by]


def test_home_shows_latest_issue_headlines_recent_articles_and_upcoming_events(client, build_issue):
    issue = build_issue(3, title="Latest and greatest")
    EventFactory(title="Coming conference")
    EventFactory(title="Hidden conference", status=Status.DRAFT, publish_at=None)
    html = client.get(reverse("home")).content.decode()
    assert "Latest and greatest" in html
    first = issue.articles.order_by("order").first()
    assert f'<a href="{first.get_absolute_url()}">Headline for {first.title}</a>' in html
    assert "Recent articles" in html and first.title in html
    assert "Coming conference" in html and "Hidden conference" not in html


def test_friendly_404_page(client):
    response = client.get("/publications/nope/nothing/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We can’t find that page" in html
    assert 'action="/search/"' in html


def test_search_landmarks_have_distinct_names(client):
    for url in ("/no-such-page/", reverse("search"), reverse("people:person_list")):
        forms = re.findall(r'<form [^>]*role="search"[^>]*>', client.get(url).content.decode())
        names = [re.search(r'aria-label="([^"]+)"', form).group(1) for form in forms]
        assert len(forms) == 2 and len(set(names)) == 2, (url, names)


def test_friendly_500_page(settings, monkeypatch):
    from newsroom import views

    def explode(self, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.HomeView, "get_context_data", explode)
    client = Client(raise_request_exception=False)
    response = client.get(reverse("home"))
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_print_stylesheet_is_linked_for_print_media(client, build_issue):
    issue = build_issue(1)
    html = client.get(issue.get_absolute_url()).content.decode()
    assert re.search(r'<link rel="stylesheet" href="[^"]*print\.css" media="print">', html)
    article_html = client.get(issue.articles.get().get_absolute_url()).content.decode()
    assert "no-print" in article_html


def contrast(foreground: str, background: str) -> float:
    def luminance(colour):
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_text_colours_meet_wcag_aa_contrast():
    from pathlib import Path

    css = (Path(__file__).resolve().parents[2] / "static/css/site.css").read_text()
    colours = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", css))
    for text in ("ink", "muted", "accent", "accent-dark"):
        for background in ("paper", "band", "highlight"):
            ratio = contrast(colours[text], colours[background])
            assert ratio >= 4.5, f"{text} on {background}: {ratio:.2f}"


def test_focus_ring_contrasts_with_pages_and_with_dark_buttons():
    from pathlib import Path

    css = (Path(__file__).resolve().parents[2] / "static/css/site.css").read_text()
    colours = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", css))
    ring = re.search(r":focus-visible \{([^}]*)\}", css).group(1)
    assert "var(--focus)" in ring and "box-shadow: 0 0 0 2px var(--paper)" in ring
    for background in ("paper", "band", "highlight"):  # the dark outline against the page around it (WCAG 1.4.11)
        assert contrast(colours["focus"], colours[background]) >= 3, background
    for button in ("accent", "accent-dark", "ink"):  # the light inner ring against buttons and the skip link
        assert contrast(colours["paper"], colours[button]) >= 3, button
