"""Image uploads are capped by bytes and pixels; broken files get a clear error, not a 500."""

import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core.validators import validate_image_upload
from people.models import Person
from tests.helpers import png_upload


def test_small_image_is_accepted():
    validate_image_upload(png_upload(width=40, height=30))


def test_non_image_is_refused_with_message():
    with pytest.raises(ValidationError, match="not a valid image"):
        validate_image_upload(SimpleUploadedFile("notes.png", b"just text", content_type="image/png"))


def test_too_many_pixels_is_refused(settings):
    settings.NEWSROOM_MAX_IMAGE_PIXELS = 1000
    with pytest.raises(ValidationError, match="the limit is 1,000 pixels"):
        validate_image_upload(png_upload(width=50, height=50))


def test_too_many_bytes_is_refused(settings):
    settings.NEWSROOM_MAX_IMAGE_BYTES = 10
    with pytest.raises(ValidationError, match="the limit is 10"):
        validate_image_upload(png_upload(width=5, height=5))


def png_header(width, height):
    """A PNG that declares `width`×`height` pixels (Pillow reads the size from the header alone)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    data = b"\x89PNG\r\n\x1a\n" + header + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")
    return SimpleUploadedFile("huge.png", data, content_type="image/png")


def test_an_image_too_big_for_pillow_to_open_gets_the_pixel_limit(settings):
    settings.NEWSROOM_MAX_IMAGE_PIXELS = 40_000_000
    with pytest.raises(ValidationError, match=r"400,000,000 pixels; the limit is 40,000,000 pixels in all"):
        validate_image_upload(png_header(20_000, 20_000))


@pytest.mark.parametrize("side", [12_000, 20_000])
def test_the_upload_form_reports_the_pixel_limit_not_a_corrupted_image(settings, side):
    settings.NEWSROOM_MAX_IMAGE_PIXELS = 40_000_000
    field = Person._meta.get_field("photo").formfield()
    with pytest.raises(ValidationError) as refused:
        field.clean(png_header(side, side))
    (message,) = refused.value.messages
    assert message.startswith("The image is ") and message.endswith("pixels; the limit is 40,000,000 pixels in all.")
