import datetime as dt

import pytest

from tests.browser import browser  # noqa: F401 (fixtures for every test module)
from tests.servers import redis_url  # noqa: F401


@pytest.fixture(autouse=True)
def _isolated_media(tmp_path, settings):
    """Uploads in tests go to a temporary folder, never the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.NEWSROOM_PRIVATE_ROOT = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def load_demo_with_seeds():
    """The demo as `make run` loads it: both seeds imported. The seeds are the product's acceptance
    test, so their absence fails the test (set NEWSROOM_SEEDS_DIR when running from a worktree)."""
    import io

    from demo.data import load_demo, seeds_dir_from_environment

    seeds_dir = seeds_dir_from_environment()
    if not seeds_dir.is_dir():
        pytest.fail(f"The seeds folder {seeds_dir} is missing: set NEWSROOM_SEEDS_DIR (e.g. /work/shared/seeds).")
    out = io.StringIO()
    counts = load_demo(seeds_dir=seeds_dir, stdout=out)
    assert counts["seed issues"] == 2, out.getvalue()
    return counts


@pytest.fixture
def demo(db):
    load_demo_with_seeds()


@pytest.fixture
def staff_client(client, django_user_model):
    """The test client logged in as a superuser (`client.user`)."""
    user = django_user_model.objects.create_superuser("chief", password="pw-123456789")
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def zhao(db):
    """Zhao Sha: Reporter at PR Newswire until the end of 2019, China Media Development Director from 2020."""
    from tests.factories import OrganizationFactory, PersonFactory, PositionFactory

    person = PersonFactory(name="Zhao Sha")
    agency = OrganizationFactory(name="PR Newswire")
    PositionFactory(
        person=person,
        organization=agency,
        title="Reporter",
        start_date=dt.date(2015, 1, 1),
        end_date=dt.date(2019, 12, 31),
    )
    PositionFactory(
        person=person, organization=agency, title="China Media Development Director", start_date=dt.date(2020, 1, 1)
    )
    return person


@pytest.fixture(autouse=True)
def _empty_page_cache():
    """Each test starts with an empty page cache: pages kept by another test at another (travelled-to) time stay
    there. (The default cache is a database table: each test's transaction is rolled back.)"""
    from core.caching import page_cache

    page_cache.clear()
    yield
    page_cache.clear()
