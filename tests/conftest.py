import pytest


@pytest.fixture(autouse=True)
def _isolated_media(tmp_path, settings):
    """Uploads in tests go to a temporary folder, never the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def demo(db):
    from demo.data import load_demo

    load_demo()


@pytest.fixture(autouse=True)
def _empty_page_cache():
    """Each test starts with an empty cache: pages kept by another test at another (travelled-to) time stay there."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
