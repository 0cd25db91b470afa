"""Settings for a real server started by a test (gunicorn): production settings, static files from the app
folders (a test run has no collectstatic manifest). Everything else comes from the environment it is given."""

from tests.settings import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
