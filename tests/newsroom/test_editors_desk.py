"""The admin as editors use it every day (issue #19): one date style, the editorial apps first, the desk's
shortcuts, the import page laid out like other admin forms, and no silent truncation of long text."""

import re

import pytest
from django.contrib import admin
from django.urls import reverse

from editorial.publishing import Status
from tests.factories import ArticleFactory, BylineFactory, IssueFactory

pytestmark = pytest.mark.django_db

# Every admin of the project's own apps (not Django's accounts nor django-axes' records).
OWN_APPS = ("articles", "events", "people")
OWN_MODELS = sorted(
    (model for model in admin.site._registry if model._meta.app_label in OWN_APPS), key=lambda m: m._meta.label
)


@pytest.fixture
def chief_client(client, django_user_model, demo):
    client.force_login(django_user_model.objects.create_superuser("chief", password="pw-123456789"))
    return client


def _url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


# --- item 6: one date-time style, editorial apps first, the desk over the full width -------------------------

DJANGO_DEFAULT_STYLE = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\. \d|\bmidnight\b|\bnoon\b|\d (?:a|p)\.m\."
)


@pytest.mark.parametrize("model", OWN_MODELS, ids=lambda m: m._meta.label)
def test_admin_pages_show_dates_in_one_style(chief_client, model):
    obj = model._default_manager.order_by("pk").first()
    for url in (_url(model, "changelist"), _url(model, "change", obj.pk)):
        html = chief_client.get(url).content.decode()
        assert not DJANGO_DEFAULT_STYLE.search(html), (url, DJANGO_DEFAULT_STYLE.search(html).group(0))


def test_times_name_their_zone_and_dates_read_in_iso_order(chief_client):
    issue = IssueFactory(title="Zones", number="77")
    issue_page = chief_client.get(_url(issue, "change", issue.pk)).content.decode()
    assert f"publish time {issue.publish_at:%Y-%m-%d %H:%M} UTC" in issue_page  # the workflow panel
    assert f"{issue.publish_at:%Y-%m-%d %H:%M} UTC</div>" in issue_page  # the read-only field
    desk = chief_client.get(reverse("admin:index")).content.decode()
    assert f"{issue.publish_at:%Y-%m-%d %H:%M} UTC</time>" in desk
    changelist = chief_client.get(_url(issue, "changelist")).content.decode()
    assert "publish at (utc)" in changelist.lower() and ">2022-02-01</td>" in changelist  # the date column


def test_the_desk_lists_the_editorial_apps_first_and_offers_the_import(chief_client):
    html = chief_client.get(reverse("admin:index")).content.decode()
    apps = re.findall(r'<div class="app-(\w+) module', html)
    assert apps[:3] == ["articles", "events", "people"]
    assert set(apps[3:]) == {"auth", "axes"}
    assert f'href="{reverse("admin:articles_issue_import")}">Import issue file</a>' in html
    assert 'id="nav-sidebar"' not in chief_client.get(reverse("admin:articles_article_changelist")).content.decode()


def test_the_issue_list_links_to_the_import(chief_client):
    html = chief_client.get(reverse("admin:articles_issue_changelist")).content.decode()
    assert f'href="{reverse("admin:articles_issue_import")}">Import issue file</a>' in html


# --- item 3: the import page looks like the admin's other forms -----------------------------------------------


def test_import_page_has_admin_breadcrumbs_fieldsets_and_the_admin_date_widget(chief_client):
    html = chief_client.get(reverse("admin:articles_issue_import")).content.decode()
    assert '<ol class="breadcrumbs">' in html and '<li aria-current="page">Import issue file</li>' in html
    assert html.count('<fieldset class="module aligned') == 3
    assert 'class="vDateField"' in html and "admin/js/admin/DateTimeShortcuts.js" in html
    assert 'type="date"' not in html
    assert 'name="publication"' in html and 'class="vTextField"' in html


# --- item 7: over-long text is refused with the limit and the length, never cut --------------------------------


@pytest.mark.parametrize("model", OWN_MODELS, ids=lambda m: m._meta.label)
def test_no_admin_form_lets_the_browser_cut_text(chief_client, model):
    obj = model._default_manager.order_by("pk").first()
    for url in (_url(model, "add"), _url(model, "change", obj.pk)):
        html = chief_client.get(url).content.decode()
        assert "maxlength" not in html, url


def test_import_and_duplicate_forms_have_no_maxlength_either(chief_client):
    from events.models import Event

    assert "maxlength" not in chief_client.get(reverse("admin:articles_issue_import")).content.decode()
    event = Event.objects.first()
    assert (
        "maxlength" not in chief_client.get(reverse("admin:events_event_duplicate", args=[event.pk])).content.decode()
    )


def test_an_over_long_title_is_refused_with_limit_and_length_and_the_live_article_is_unchanged(chief_client):
    from tests.newsroom.test_admin_pages import _formset_post_data

    article = ArticleFactory(title="Short and live", status=Status.PUBLISHED)
    BylineFactory(article=article)
    url = _url(article, "change", article.pk)
    data = _formset_post_data(chief_client.get(url))
    data["title"] = "Pasted" + "!" * 450  # 456 characters, as pasted in the issue
    response = chief_client.post(url, data)
    assert response.status_code == 200
    assert "Ensure this value has at most 300 characters (it has 456)." in response.content.decode()
    article.refresh_from_db()
    assert article.title == "Short and live"


def test_an_over_long_share_note_is_refused_with_limit_and_length(chief_client):
    article = ArticleFactory(status=Status.DRAFT, publish_at=None)
    response = chief_client.post(
        reverse("admin:articles_article_share", args=[article.pk]), {"days": "7", "note": "x" * 250}
    )
    assert response.status_code == 400
    assert "The note is 250 characters long; at most 200 fit." in response.content.decode()
    assert not article.share_links.exists()
