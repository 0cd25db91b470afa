"""reverse() for the addresses pages print many times (every byline's person, every article of an issue).

An address depends only on the URLconf, the script prefix and the arguments, so each one is worked
out once per process and remembered (Django's reverse() costs tens of microseconds, on every call).
"""

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf
from django.urls import reverse as django_reverse


@lru_cache(maxsize=16384)
def _reverse(urlconf, prefix: str, viewname: str, args: tuple, kwargs: tuple) -> str:
    return django_reverse(viewname, urlconf=urlconf, args=args, kwargs=dict(kwargs))


def reverse(viewname: str, *, args=(), kwargs=None) -> str:
    """Django's reverse() (raises NoReverseMatch the same way), remembered for the same arguments."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _reverse(urlconf, get_script_prefix(), viewname, tuple(args), tuple(sorted((kwargs or {}).items())))
