"""Issue #13 items 7 and 8: Markdown images with their alt text everywhere; absolute addresses in feeds and e-mail."""

import email
import email.policy
import io
import json

import feedparser
import pypdf
import pytest
from django.urls import reverse
from lxml import html as lxml_html
from PIL import Image

from articles.exchange.exporters import export_issue
from core.rendering import Addresses, markdown_to_text, render_markdown
from tests.factories import ArticleFactory, BylineFactory, IssueFactory, PublicationFactory

pytestmark = pytest.mark.django_db

BODY = (
    "See the results, and ![Chart of results](/media/charts/chart.png). "
    "Also ![Remote map](https://example.org/map.png) and [events](/events/), [top](#top), "
    "[about](about/) and [mail](mailto:desk@example.org)."
)


def test_an_image_keeps_its_alt_text_on_the_page():
    rendered = render_markdown(BODY)
    assert '<img src="/media/charts/chart.png" alt="Chart of results" loading="lazy">' in rendered
    assert '<img src="https://example.org/map.png" alt="Remote map" loading="lazy">' in rendered


@pytest.mark.parametrize(
    "source",
    [
        "![Tracker](http://example.org/pixel.gif)",
        "![Tracker](//example.org/pixel.gif)",
        "![Tracker](data:image/png;base64,iVBORw0KGgo=)",
        "![Tracker](/admin/logout/)",
        "![Tracker](/media/../admin/logout/)",
        "![Tracker](chart.png)",
    ],
)
def test_other_image_sources_show_the_alt_text_instead(source):
    assert render_markdown(source) == "<p>Tracker</p>\n"


def test_a_javascript_image_is_never_an_image():
    assert "<img" not in render_markdown("![Tracker](javascript:alert(1))")


def test_plain_text_and_captions_keep_the_alt_text():
    assert markdown_to_text("Before ![Chart of results](/media/c.png) after") == "Before Chart of results after"


def test_absolute_addresses_resolve_against_the_page():
    rendered = render_markdown(BODY, addresses=Addresses(base_url="https://news.example/publications/w/1/a/"))
    assert 'src="https://news.example/media/charts/chart.png"' in rendered
    assert 'href="https://news.example/events/"' in rendered
    assert 'href="https://news.example/publications/w/1/a/#top"' in rendered
    assert 'href="https://news.example/publications/w/1/a/about/"' in rendered
    assert 'href="mailto:desk@example.org"' in rendered


@pytest.fixture
def issue(settings):
    chart = settings.MEDIA_ROOT / "charts" / "chart.png"
    chart.parent.mkdir(parents=True)
    Image.new("RGB", (40, 20), "red").save(chart)
    Image.new("RGB", (20, 20), "blue").save(chart.parent / "logo.png")
    publication = PublicationFactory(slug="weekly")
    issue = IssueFactory(publication=publication, slug="no-1", colophon="![Logo](/media/charts/logo.png)")
    article = ArticleFactory(issue=issue, slug="story", title="Story", body=BODY)
    BylineFactory(article=article)
    return issue


def _images(markup: str) -> list[tuple[str, str]]:
    return [(img.get("src"), img.get("alt")) for img in lxml_html.fromstring(markup).iter("img")]


def test_the_article_page_and_the_whole_issue_view_show_the_image(client, issue):
    article = issue.articles.get()
    for url in (article.get_absolute_url(), issue.get_absolute_url() + "?full=1"):
        images = _images(client.get(url).content.decode())
        assert ("/media/charts/chart.png", "Chart of results") in images
        assert ("https://example.org/map.png", "Remote map") in images


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_feed_items_hold_only_absolute_link_and_image_addresses(client, issue, kind):
    response = client.get(reverse(f"articles:publication_feed_{kind}", kwargs={"slug": "weekly"}))
    entry = feedparser.parse(response.content).entries[0]
    content = entry.summary
    tree = lxml_html.fromstring(content)
    page = "http://testserver/publications/weekly/no-1/story/"
    assert [a.get("href") for a in tree.iter("a")] == [
        "http://testserver/events/",
        page + "#top",
        page + "about/",
        "mailto:desk@example.org",
    ]
    assert _images(content) == [
        ("http://testserver/media/charts/chart.png", "Chart of results"),
        ("https://example.org/map.png", "Remote map"),
    ]


def test_e_mail_holds_absolute_addresses_and_the_alt_text_in_plain_text(issue):
    data, _, _ = export_issue(issue, "email", base_url="https://news.example/")
    message = email.message_from_bytes(data, policy=email.policy.default)
    markup = message.get_body(("html",)).get_content()
    images = _images(markup)
    assert ("https://news.example/media/charts/chart.png", "Chart of results") in images
    assert ("https://news.example/media/charts/logo.png", "Logo") in images
    hrefs = [a.get("href") for a in lxml_html.fromstring(markup).iter("a")]
    assert "https://news.example/events/" in hrefs and "/events/" not in hrefs
    text = message.get_body(("plain",)).get_content()
    assert "[Chart of results]" in text and "[Remote map]" in text


def test_ninjs_and_the_standalone_page_carry_the_image_with_absolute_addresses(issue):
    data, _, _ = export_issue(issue, "ninjs", base_url="https://news.example/")
    body = json.loads(data)["associations"][0]["bodies"][0]["value"]
    assert ("https://news.example/media/charts/chart.png", "Chart of results") in _images(body)
    data, _, _ = export_issue(issue, "html", base_url="https://news.example/")
    assert ("https://news.example/media/charts/chart.png", "Chart of results") in _images(data.decode())


def test_pdf_draws_local_images_and_shows_remote_ones_as_alt_text_without_fetching(issue, monkeypatch):
    from articles.exchange.exporters import pdf

    fetched = []
    original_fetch = pdf.LocalFilesOnlyFetcher.fetch
    monkeypatch.setattr(
        pdf.LocalFilesOnlyFetcher,
        "fetch",
        lambda self, url, headers=None: fetched.append(url) or original_fetch(self, url),
    )
    data, _, _ = export_issue(issue, "pdf")
    assert sorted(url.rsplit("/", 1)[1] for url in fetched) == ["chart.png", "logo.png"]
    assert all(url.startswith("file://") for url in fetched)
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Remote map" in text  # not fetched: its words stand in for it
    images = [image for page in reader.pages for image in page.images]
    assert len(images) == 2  # the chart in the body, the logo in the colophon
