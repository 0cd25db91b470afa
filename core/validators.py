"""Upload validation shared by every image field."""

import re
import warnings

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from PIL import Image

# What the site serves and renders; anything else Pillow happens to open (EPS, PSD, TIFF, BMP…) is refused.
ACCEPTED_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}
FORMATS_LABEL = "JPEG, PNG, GIF or WebP"
# Renditions are WebP (and JPEG); WebP holds at most 16,383 pixels a side, and renditions never upscale.
MAX_SIDE = 16383


def validate_image_upload(file) -> None:
    """Refuse oversized files, non-images, other formats, damaged files and decompression bombs.

    The image is decoded in full, so a truncated file is refused rather than shown half grey.
    Raises ValidationError with a message naming the problem. Files already in storage were
    checked when uploaded; only new uploads are read.
    """
    if getattr(file, "_committed", False):
        return
    max_bytes = settings.NEWSROOM_MAX_IMAGE_BYTES
    if file.size is not None and file.size > max_bytes:
        raise ValidationError(
            f"The image is {filesizeformat(file.size)}; the limit is {filesizeformat(max_bytes)}.",
            code="image_too_large",
        )
    max_pixels = settings.NEWSROOM_MAX_IMAGE_PIXELS
    position = file.tell() if hasattr(file, "tell") else None
    try:
        file.seek(0)
        # Pillow only warns between its limit and twice it; as an error it is refused like a bigger bomb.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(file)
        with image:
            if image.format not in ACCEPTED_FORMATS:
                raise ValidationError(
                    f"The file is a {image.format} image; upload a {FORMATS_LABEL} image instead.",
                    code="image_format",
                )
            width, height = image.size
            if width * height > max_pixels:
                raise ValidationError(
                    f"The image is {width}×{height} pixels; the limit is {max_pixels:,} pixels in all.",
                    code="image_too_many_pixels",
                )
            if max(width, height) > MAX_SIDE:
                raise ValidationError(
                    f"The image is {width:,}×{height:,} pixels; each side may be at most {MAX_SIDE:,} pixels.",
                    code="image_side_too_long",
                )
            image.verify()
        file.seek(0)
        with Image.open(file) as image:  # verify() leaves the image unusable: open again to decode every pixel
            try:
                image.load()
            except OSError as exc:
                raise ValidationError(
                    "The image is incomplete or damaged (it could not be read to the end); "
                    "export or download it again and upload the new file.",
                    code="image_damaged",
                ) from exc
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        # Pillow refuses to even open images over twice its own limit, before the size is known: the
        # editor still gets the pixel limit, with the count Pillow reports.
        found = re.search(r"\((\d+) pixels\)", str(exc))
        size = f"{int(found[1]):,} pixels" if found else "too many pixels to open safely"
        raise ValidationError(
            f"The image is {size}; the limit is {max_pixels:,} pixels in all.", code="image_too_many_pixels"
        ) from exc
    except Exception as exc:  # Pillow raises many types for broken or non-image files
        raise ValidationError(f"The file is not a valid image ({FORMATS_LABEL}).", code="not_an_image") from exc
    finally:
        if position is not None:
            file.seek(position)


# Line breaks a browser or a script may send in a one-line field: CR, LF, vertical tab, form feed, NEL,
# and Unicode's line and paragraph separators.
LINE_BREAKS = re.compile("[\r\n\v\f\x85\u2028\u2029]")


def validate_single_line(value: str) -> None:
    """Titles and names are one line: they become headings, e-mail subjects and file names."""
    if value and LINE_BREAKS.search(value):
        raise ValidationError("Write this on one line: it contains a line break.", code="line_break")


def one_line(value: str) -> str:
    """`value` with every run of white space, line breaks included, as one space (for stored data)."""
    return " ".join((value or "").split())


class CheckedImageFormField(forms.ImageField):
    """Runs `validate_image_upload` before Django's own image check.

    Django's ImageField opens the upload with Pillow first and reports any failure, a
    decompression bomb included, as “not an image or a corrupted image”; checked first, an
    oversized image gets the size or pixel limit instead.
    """

    def to_python(self, data):
        if data not in self.empty_values:
            validate_image_upload(data)
        return super().to_python(data)
