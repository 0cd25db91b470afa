"""Image uploads are capped by bytes and pixels; broken files get a clear error, not a 500."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from newsroom.validators import validate_image_upload


def png(width, height):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buffer, "PNG")
    return SimpleUploadedFile("picture.png", buffer.getvalue(), content_type="image/png")


def test_small_image_is_accepted():
    validate_image_upload(png(40, 30))


def test_non_image_is_refused_with_message():
    with pytest.raises(ValidationError, match="not a valid image"):
        validate_image_upload(SimpleUploadedFile("notes.png", b"just text", content_type="image/png"))


def test_too_many_pixels_is_refused(settings):
    settings.NEWSROOM_MAX_IMAGE_PIXELS = 1000
    with pytest.raises(ValidationError, match="the limit is 1,000 pixels"):
        validate_image_upload(png(50, 50))


def test_too_many_bytes_is_refused(settings):
    settings.NEWSROOM_MAX_IMAGE_BYTES = 10
    with pytest.raises(ValidationError, match="the limit is 10"):
        validate_image_upload(png(5, 5))
