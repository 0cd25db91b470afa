"""Issue #13 item 10: an animated GIF lead image keeps its animation on the page, within the same limits."""

import io
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from lxml import html as lxml_html
from PIL import Image

from core.images import renditions
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def gif_bytes(width: int, height: int, frames: int = 3) -> bytes:
    pictures = [Image.new("RGB", (width, height), colour) for colour in ("red", "green", "blue")[:frames]]
    buffer = io.BytesIO()
    pictures[0].save(buffer, "GIF", save_all=True, append_images=pictures[1:], duration=[100, 200, 300], loop=0)
    return buffer.getvalue()


def _article(content: bytes):
    article = ArticleFactory(lead_image_alt="Rocket launch")
    article.lead_image.save("launch.gif", ContentFile(content), save=True)
    return article


def test_an_animated_gif_gets_animated_webp_renditions_and_the_original_as_fallback(settings):
    article = _article(gif_bytes(1000, 500))
    found = renditions(article.lead_image)
    assert found.animated
    assert [(item.width, item.format) for item in found.items] == [(480, "webp"), (800, "webp"), (1000, "webp")]
    for item in found.items:
        with Image.open(Path(settings.MEDIA_ROOT) / item.url.removeprefix(settings.MEDIA_URL)) as webp:
            assert webp.n_frames == 3 and webp.size[0] == item.width
    assert found.fallback().url == article.lead_image.url
    assert renditions(article.lead_image) == found  # read back from the manifest the same way


def test_the_page_shows_the_animation(client):
    article = _article(gif_bytes(1000, 500))
    page = lxml_html.fromstring(client.get(article.get_absolute_url()).content)
    picture = page.xpath("//figure[contains(@class, 'lead-image')]//picture")[0]
    source, img = picture.xpath(".//source")[0], picture.xpath(".//img")[0]  # libxml2 nests img in source
    assert source.get("type") == "image/webp" and "1000w" in source.get("srcset")
    assert (img.get("src"), img.get("alt"), img.get("width")) == (article.lead_image.url, "Rocket launch", "1000")
    assert not img.get("srcset")  # no still JPEG in front of the animation


def test_an_animation_too_large_to_resize_is_shown_as_uploaded(settings, client):
    settings.NEWSROOM_MAX_IMAGE_PIXELS = 1000 * 500 * 2  # one frame fits, three frames together do not
    article = _article(gif_bytes(1000, 500))
    found = renditions(article.lead_image)
    assert found.animated and found.items == ()
    page = lxml_html.fromstring(client.get(article.get_absolute_url()).content)
    img = page.xpath("//figure[contains(@class, 'lead-image')]//img")[0]
    assert img.get("src") == article.lead_image.url
    assert not page.xpath("//figure[contains(@class, 'lead-image')]//source")


def test_a_single_frame_gif_still_gets_still_renditions():
    found = renditions(_article(gif_bytes(600, 300, frames=1)).lead_image)
    assert not found.animated
    assert {item.format for item in found.items} == {"webp", "jpeg"}
