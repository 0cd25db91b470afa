"""Renditions: WebP and JPEG at srcset widths, made once, cached on disk; broken files never crash a page."""

import io
import os
import re
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from core.images import renditions
from tests.factories import ArticleFactory, IssueFactory

pytestmark = pytest.mark.django_db


def jpeg_bytes(width, height):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (40, 90, 140)).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture
def article_with_image(db):
    article = ArticleFactory(lead_image_alt="Delegates in the hall", lead_image_caption="The *opening* session.")
    article.lead_image_credit = "Photo: SET Daily"
    article.lead_image.save("hall.jpg", ContentFile(jpeg_bytes(1000, 500)), save=True)
    return article


def test_renditions_cover_srcset_widths_without_upscaling(article_with_image, settings):
    found = renditions(article_with_image.lead_image)
    assert sorted({item.width for item in found.items}) == [480, 800, 1000]
    assert {item.format for item in found.items} == {"webp", "jpeg"}
    for item in found.items:
        path = Path(settings.MEDIA_ROOT) / item.url.removeprefix(settings.MEDIA_URL)
        with Image.open(path) as image:
            assert image.format == item.format.upper()
            assert image.size == (item.width, item.height)
    assert found.srcset("webp").count("w,") == 2


def test_renditions_are_generated_once(article_with_image, settings, monkeypatch):
    first = renditions(article_with_image.lead_image)
    saved = []
    monkeypatch.setattr(Image.Image, "save", lambda *args, **kwargs: saved.append(args))
    second = renditions(article_with_image.lead_image)
    assert saved == []
    assert second == first


def test_article_page_renders_picture_with_alt_caption_and_credit(client, article_with_image):
    html = client.get(article_with_image.get_absolute_url()).content.decode()
    assert '<source type="image/webp" srcset="' in html
    assert 'alt="Delegates in the hall"' in html
    assert "The <em>opening</em> session." in html
    assert "Photo: SET Daily" in html
    assert 'width="800" height="400"' in html


def test_whole_issue_view_shows_each_lead_image_with_caption_and_credit(client, article_with_image):
    html = client.get(article_with_image.issue.get_absolute_url() + "?full=1").content.decode()
    assert '<source type="image/webp" srcset="' in html
    assert 'alt="Delegates in the hall"' in html and 'loading="lazy"' in html
    assert "The <em>opening</em> session." in html
    assert "Photo: SET Daily" in html


def test_issue_cover_is_requested_at_the_small_size_it_is_shown(client):
    issue = IssueFactory(cover_image_alt="Front page")
    issue.cover_image.save("cover.jpg", ContentFile(jpeg_bytes(1200, 1700)), save=True)
    html = client.get(issue.get_absolute_url()).content.decode()
    img = re.search(r'<img [^>]*alt="Front page"[^>]*>', html).group(0)
    # The cover column is 15rem wide at most (site.css .issue-lead--cover), never the page width.
    assert re.search(r'sizes="([^"]*)"', img).group(1) == "(min-width: 48rem) 15rem, 12rem"


def test_missing_cover_file_leaves_no_empty_figure(client):
    issue = IssueFactory(cover_image="issues/gone.jpg", cover_image_alt="Gone")
    response = client.get(issue.get_absolute_url())
    assert response.status_code == 200
    assert "issue-cover" not in response.content.decode()


@pytest.mark.parametrize("content", [b"not an image at all", jpeg_bytes(50, 50)[:200]])
def test_broken_stored_file_renders_the_page_without_the_picture(client, content):
    article = ArticleFactory(lead_image_alt="Broken")
    article.lead_image.save("broken.jpg", ContentFile(content), save=True)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "<picture>" not in response.content.decode()


def test_missing_stored_file_renders_the_page_without_the_picture(client):
    article = ArticleFactory(lead_image="articles/gone.jpg", lead_image_alt="Gone")
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "<picture>" not in response.content.decode()


def test_oversized_stored_image_is_not_decoded(settings, article_with_image):
    settings.NEWSROOM_MAX_IMAGE_PIXELS = 100
    stat = os.stat(article_with_image.lead_image.path)
    # A new modification time: cached renditions of the old file no longer apply.
    os.utime(article_with_image.lead_image.path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10_000_000))
    assert renditions(article_with_image.lead_image) is None


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_decompression_bomb_upload_is_a_form_error_not_a_crash(settings):
    from django import forms
    from django.core.files.uploadedfile import SimpleUploadedFile

    from articles.models import Article

    class LeadImageForm(forms.ModelForm):
        class Meta:
            model = Article
            fields = ["lead_image", "lead_image_alt"]

    buffer = io.BytesIO()
    Image.new("1", (12_000, 12_000)).save(buffer, "PNG")  # 144 megapixels in a few hundred kilobytes
    upload = SimpleUploadedFile("bomb.png", buffer.getvalue(), content_type="image/png")
    form = LeadImageForm(data={"lead_image_alt": "A bomb"}, files={"lead_image": upload})
    assert not form.is_valid()
    assert "the limit is 40,000,000 pixels" in form.errors["lead_image"][0]
