"""Model fields shared by the apps."""

from django.db import models

from core.validators import CheckedImageFormField


class UploadedImageField(models.ImageField):
    """An ImageField whose form checks uploads with `validate_image_upload` before Pillow opens them."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": CheckedImageFormField, **kwargs})

    def deconstruct(self):
        # Behaves like a plain ImageField in the database and in migrations, so none are needed.
        name, _, args, kwargs = super().deconstruct()
        return name, "django.db.models.ImageField", args, kwargs
