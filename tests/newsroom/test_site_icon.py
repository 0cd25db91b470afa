"""Public and admin pages name the site's icon; clients that ask for /favicon.ico directly are sent to it."""

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_icon_is_a_static_file():
    assert finders.find("favicon.svg")


@pytest.mark.parametrize("url_name", ["home", "admin:index", "admin:articles_issue_changelist"])
def test_public_and_admin_pages_link_the_icon(admin_client, url_name):
    html = admin_client.get(reverse(url_name)).content.decode()
    assert f'<link rel="icon" href="{static("favicon.svg")}"' in html


@pytest.mark.parametrize("method", ["get", "head"])
def test_favicon_ico_redirects_permanently_to_the_static_icon(client, method):
    response = getattr(client, method)("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == static("favicon.svg")
