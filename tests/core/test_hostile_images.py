"""Images are judged by decoding them fully, not by their header or name (hostile and odd files)."""

import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageFile

from core.images import renditions
from core.validators import validate_image_upload
from tests.factories import ArticleFactory

FORMATS_MESSAGE = "JPEG, PNG, GIF or WebP"


def upload(data: bytes, name: str = "picture.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def encoded(image: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def noisy_jpeg() -> bytes:
    return encoded(Image.effect_noise((400, 300), 60).convert("RGB"), "JPEG", quality=90)


def test_a_truncated_jpeg_is_refused():
    whole = noisy_jpeg()
    with pytest.raises(ValidationError, match="incomplete or damaged"):
        validate_image_upload(upload(whole[: len(whole) // 2], "cut.jpg"))


def test_importing_the_pdf_renderer_leaves_truncated_images_refused():
    import articles.exchange.exporters.pdf  # noqa: F401 (WeasyPrint turns LOAD_TRUNCATED_IMAGES on when imported)

    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
    whole = noisy_jpeg()
    with pytest.raises(ValidationError):
        validate_image_upload(upload(whole[: len(whole) // 2], "cut.jpg"))


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("figure.eps", encoded(Image.new("RGB", (20, 20), "red"), "EPS")),
        ("layers.psd", b"8BPS\x00\x01" + b"\x00" * 6 + b"\x00\x03\x00\x00\x00\x10\x00\x00\x00\x10\x00\x08\x00\x03"),
        ("scan.tiff", encoded(Image.new("RGB", (20, 20), "red"), "TIFF")),
        ("icon.bmp", encoded(Image.new("RGB", (20, 20), "red"), "BMP")),
    ],
)
def test_formats_other_than_the_four_named_are_refused(name, data):
    with pytest.raises(ValidationError, match=FORMATS_MESSAGE):
        validate_image_upload(upload(data, name))


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "GIF", "WEBP"])
def test_the_four_named_formats_are_accepted(fmt):
    validate_image_upload(upload(encoded(Image.new("RGB", (30, 20), "red"), fmt), f"ok.{fmt.lower()}"))


def test_an_image_too_tall_for_any_rendition_is_refused_with_its_size():
    with pytest.raises(ValidationError, match="1×20,000 pixels; each side may be at most 16,383"):
        validate_image_upload(upload(encoded(Image.new("L", (1, 20000), 128), "PNG")))


@pytest.mark.django_db
def test_a_16_bit_grey_png_keeps_its_greys(settings):
    grey = Image.new("I;16", (64, 64), 0x8000)  # mid grey in 16 bits
    data = encoded(grey, "PNG")
    validate_image_upload(upload(data))
    article = ArticleFactory(lead_image_alt="Mid grey")
    article.lead_image.save("grey16.png", ContentFile(data), save=True)

    found = renditions(article.lead_image)

    jpeg = next(item for item in found.items if item.format == "jpeg")
    with Image.open(Path(settings.MEDIA_ROOT) / jpeg.url.removeprefix(settings.MEDIA_URL)) as image:
        red, green, blue = image.convert("RGB").getpixel((32, 32))
    assert 120 <= red <= 136 and red == green == blue


@pytest.mark.django_db
def test_a_file_with_a_chinese_name_keeps_its_renditions_after_the_first_view(settings, client):
    article = ArticleFactory(lead_image_alt="A picture")
    article.lead_image.save("图片.png", ContentFile(encoded(Image.new("RGB", (900, 600), "teal"), "PNG")), save=True)

    first = renditions(article.lead_image)
    again = renditions(article.lead_image)  # read back from the manifest

    assert [item.url for item in again.items] == [item.url for item in first.items]
    for item in again.items:
        assert "%25" not in item.url
        relative = item.url.removeprefix(settings.MEDIA_URL)
        from urllib.parse import unquote

        assert (Path(settings.MEDIA_ROOT) / unquote(relative)).is_file()
