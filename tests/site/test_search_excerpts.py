"""Search results show a few lines of each article around the words searched for, safely marked."""

import pytest
from django.urls import reverse

from articles.search import search_excerpt
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

LONG_BODY = " ".join(["Filler words about metrology and plans."] * 12) + (
    "\n\nOn March 31, 2021, the observatory opened to astronomers abroad "
    "and received hours of *FAST telescope* requests. "
    + " ".join(["More words about the observatory follow here."] * 12)
)


def test_excerpt_is_the_text_around_the_first_match_with_matches_marked():
    excerpt = search_excerpt(LONG_BODY, "telescopes")
    assert "FAST <mark>telescope</mark> requests" in excerpt  # rendered text, not Markdown syntax
    assert "*" not in excerpt
    assert excerpt.startswith("… ") and excerpt.endswith(" …")
    assert len(excerpt.split()) < 45


def test_excerpt_without_a_match_in_the_body_is_the_opening():
    excerpt = search_excerpt("Short body about pulsars.", "okimura")
    assert excerpt == "Short body about pulsars."


def test_excerpt_escapes_the_body_and_adds_only_mark():
    body = "Payload <img src=x onerror=alert(1)> & <script>alert(2)</script> near the telescope."
    excerpt = search_excerpt(body, "telescope amp script")
    assert "<img" not in excerpt and "<script" not in excerpt
    assert "&amp;" in excerpt and "&lt;" in excerpt
    assert excerpt.replace("<mark>", "").replace("</mark>", "").count("<") == 0


def test_search_results_show_excerpts_and_standfirsts(client):
    ArticleFactory(title="Radio astronomy news", standfirst="", body=LONG_BODY)
    ArticleFactory(title="With a standfirst", standfirst="A dish in Guizhou.", body="The telescope is big.")
    html = client.get(reverse("search"), {"q": "telescope"}).content.decode()
    assert '<p class="article-card__excerpt">… ' in html
    assert "<mark>telescope</mark> requests" in html
    assert "A dish in Guizhou." in html and "The <mark>telescope</mark> is big." in html

    # Without search words, only an article lacking a standfirst gets its opening words.
    html = client.get(reverse("search")).content.decode()
    assert "Filler words about metrology" in html
    assert "The telescope is big." not in html
