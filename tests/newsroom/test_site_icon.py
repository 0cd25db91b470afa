"""Public and admin pages name the site's icon, so browsers never ask for a missing /favicon.ico."""

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
