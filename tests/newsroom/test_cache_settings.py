"""Cache settings come from django-cache-url URLs; a URL it cannot use is refused naming the variable."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from newsroom.settings import cache_config


@pytest.mark.parametrize(
    ("url", "backend", "location"),
    [
        ("redis://cache.internal:6379/2", "django.core.cache.backends.redis.RedisCache", "redis://cache.internal:6379/2"),
        ("locmem://newsroom-pages", "django.core.cache.backends.locmem.LocMemCache", "newsroom-pages"),
        ("file:///var/cache/newsroom", "django.core.cache.backends.filebased.FileBasedCache", "/var/cache/newsroom"),
        ("db://newsroom_cache", "django.core.cache.backends.db.DatabaseCache", "newsroom_cache"),
    ],
)  # fmt: skip
def test_cache_urls(monkeypatch, url, backend, location):
    monkeypatch.setenv("NEWSROOM_PAGE_CACHE_URL", url)
    config = cache_config("NEWSROOM_PAGE_CACHE_URL", "locmem://")
    assert config["BACKEND"] == backend
    assert config["LOCATION"] == location


def test_the_page_cache_defaults_to_bounded_per_process_memory(monkeypatch):
    monkeypatch.delenv("NEWSROOM_PAGE_CACHE_URL", raising=False)
    config = cache_config("NEWSROOM_PAGE_CACHE_URL", "locmem://newsroom-pages?max_entries=1000")
    assert config["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert config["OPTIONS"]["MAX_ENTRIES"] == 1000


@pytest.mark.parametrize("url", ["127.0.0.1:6379", "memcache-typo://127.0.0.1:11211"])
def test_an_unusable_cache_url_is_refused_by_name(monkeypatch, url):
    monkeypatch.setenv("NEWSROOM_PAGE_CACHE_URL", url)
    with pytest.raises(ImproperlyConfigured, match="NEWSROOM_PAGE_CACHE_URL="):
        cache_config("NEWSROOM_PAGE_CACHE_URL", "locmem://")
