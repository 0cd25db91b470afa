import datetime as dt

import pytest


@pytest.fixture(autouse=True)
def _isolated_media(tmp_path, settings):
    """Uploads in tests go to a temporary folder, never the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.NEWSROOM_PRIVATE_ROOT = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def demo(db):
    from demo.data import load_demo

    load_demo()


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
    """Each test starts with an empty cache: pages kept by another test at another (travelled-to) time stay there."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
