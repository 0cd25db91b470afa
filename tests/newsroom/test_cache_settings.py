"""CACHE_URL picks Django's own cache backends; a URL it cannot use is refused with the forms it can."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from newsroom.settings import cache_from_url


@pytest.mark.parametrize(
    ("url", "backend", "location"),
    [
        ("redis://cache.internal:6379/2", "django.core.cache.backends.redis.RedisCache", "redis://cache.internal:6379/2"),
        ("rediss://user:secret@cache:6380/0", "django.core.cache.backends.redis.RedisCache", "rediss://user:secret@cache:6380/0"),
        ("locmem://", "django.core.cache.backends.locmem.LocMemCache", None),
        ("file:///var/cache/newsroom", "django.core.cache.backends.filebased.FileBasedCache", "/var/cache/newsroom"),
        ("dummy://", "django.core.cache.backends.dummy.DummyCache", None),
    ],
)  # fmt: skip
def test_cache_urls(url, backend, location):
    config = cache_from_url(url)
    assert config["BACKEND"] == backend
    assert config.get("LOCATION") == location


@pytest.mark.parametrize("url", ["memcached://127.0.0.1:11211", "file://relative/path", "redis"])
def test_an_unusable_cache_url_is_refused_by_name(url):
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL"):
        cache_from_url(url)
