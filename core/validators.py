"""Upload validation shared by every image field."""

import re
import warnings

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from PIL import Image


def validate_image_upload(file) -> None:
    """Refuse oversized files, non-images and decompression bombs with a clear message.

    Files already in storage were checked when uploaded; only new uploads are read.
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
            width, height = image.size
            if width * height > max_pixels:
                raise ValidationError(
                    f"The image is {width}×{height} pixels; the limit is {max_pixels:,} pixels in all.",
                    code="image_too_many_pixels",
                )
            image.verify()
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
        raise ValidationError("The file is not a valid image (JPEG, PNG, GIF or WebP).", code="not_an_image") from exc
    finally:
        if position is not None:
            file.seek(position)


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
