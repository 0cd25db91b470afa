"""Unique slugs: one loop for every app that names rows after their titles."""

from collections.abc import Callable

from django.utils.text import slugify


def unique_slug(text: str, *, taken: Callable[[str], bool], max_length: int, fallback: str = "item") -> str:
    """The slug of `text` (`fallback` when it has no letters or digits), at most `max_length` characters, with
    "-2", "-3"... appended until `taken(slug)` is false.

    `taken` answers whether a slug is in use: a set's `__contains__`, or a database lookup (then call it
    inside the transaction that saves the row, and let the unique constraint refuse a concurrent winner).
    """
    base = slugify(text)[:max_length].strip("-") or fallback
    slug, counter = base, 2
    while taken(slug):
        suffix = f"-{counter}"
        slug = base[: max_length - len(suffix)].rstrip("-") + suffix
        counter += 1
    return slug
