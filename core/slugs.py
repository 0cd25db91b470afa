"""Slugs in any script: readable and distinct whatever the language of the title or name.

`预算谈判恢复` gets the slug `预算谈判恢复`, `Привет мир` gets `привет-мир`, `हिन्दी समाचार` gets
`हिन्दी-समाचार`. Addresses keep the script they were written in (browsers show them so; on
the wire they are percent-encoded UTF-8), as Wagtail does by default (WAGTAIL_ALLOW_UNICODE_SLUGS).
Transliteration was not chosen: it has to guess the language (Unidecode reads Japanese kanji as
Mandarin, and Cyrillic is romanised differently per language) and gives readers of the
language a spelling they would not use themselves.

A slug is made of letters, combining marks and digits of any script, "-" and "_"; it is stored
in NFC. Django's own unicode slugs lose combining marks (`हनद-समचर`), hence this module; for
Latin text the result is exactly Django's `slugify`.
"""

import re
import unicodedata
from collections.abc import Callable

from django.core.exceptions import ValidationError

from core.text import clean_text

_SEPARATORS = re.compile(r"[-\s]+")

ADDRESS_HELP = "Used in the address, in any script. Changing it later keeps the old address working: it redirects here."


def _slug_character(char: str) -> bool:
    return char in "-_" or unicodedata.category(char)[0] in "LMN"


def normalise_slug(value):
    """A stored or requested slug in NFC (the form browsers send); non-strings unchanged."""
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


def is_slug(value: str) -> bool:
    return bool(value) and all(_slug_character(char) for char in value)


def validate_slug(value: str) -> None:
    if not is_slug(value):
        raise ValidationError(
            "Enter a slug of letters (any script), digits, hyphens or underscores, without spaces or punctuation.",
            code="invalid",
        )


def slugify_text(text: str, *, max_length: int = 200) -> str:
    """The slug for a title or name, at most `max_length` characters; "" if it has no letter or digit.

    Like Django's slugify: NFKC, lower case, punctuation and symbols (emoji too) dropped, runs of
    spaces and hyphens one hyphen. Invisible characters (soft hyphens, zero-width spaces and joiners,
    bidi controls, BOMs) are dropped without a hyphen, so `inter\\u00adnational` is `international`.
    """
    value = unicodedata.normalize("NFKC", clean_text(text, multiline=False)).lower()
    kept = "".join(char if _slug_character(char) else " " if char.isspace() else "" for char in value)
    return _cut(normalise_slug(_SEPARATORS.sub("-", kept).strip("-_")), max_length)


def _cut(slug: str, length: int) -> str:
    """`slug` in at most `length` characters, never parting a letter from its marks."""
    if len(slug) <= length:
        return slug
    while length > 0 and unicodedata.category(slug[length])[0] == "M":
        length -= 1
    return slug[:length].rstrip("-_")


def unique_slug(text: str, *, taken: Callable[[str], bool], max_length: int, fallback: str = "item") -> str:
    """The slug of `text` in its own script (`slugify_text`; `fallback` when it has no letters or digits), at
    most `max_length` characters, with "-2", "-3"... appended until `taken(slug)` is false.

    `taken` answers whether a slug is in use: a set's `__contains__`, or a database lookup (then call it
    inside the transaction that saves the row, and let the unique constraint refuse a concurrent winner).
    """
    base = slugify_text(text, max_length=max_length) or fallback
    slug, counter = base, 2
    while taken(slug):
        suffix = f"-{counter}"
        slug = _cut(base, max_length - len(suffix)) + suffix
        counter += 1
    return slug


class SlugConverter:
    """URL converter `<uslug:…>`: a slug in any script (registered in CoreConfig.ready()).

    Django's `<slug:…>` matches ASCII only. The path arrives decoded; it is matched in NFC.
    """

    regex = r"[^/]+"

    def to_python(self, value: str) -> str:
        value = normalise_slug(value)
        if not is_slug(value):
            raise ValueError(value)  # not this pattern: the resolver tries the next one
        return value

    def to_url(self, value: str) -> str:
        return value
