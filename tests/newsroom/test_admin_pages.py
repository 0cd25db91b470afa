"""Every model is editable in the one admin: changelist, add and change pages answer 200."""

import html
import re

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils.text import capfirst

pytestmark = pytest.mark.django_db

# django-axes' login logs are read-only records (no add page); their admin is tested with the throttling.
REGISTERED = sorted(
    (model for model in admin.site._registry if model._meta.app_label != "axes"), key=lambda model: model._meta.label
)


@pytest.fixture(scope="module")
def module_demo(django_db_setup, django_db_blocker):
    """The demo loaded once for this module (each test runs in a savepoint inside it), rolled back after."""
    from django.db import transaction

    from tests.conftest import load_demo_with_seeds

    with django_db_blocker.unblock(), transaction.atomic():
        load_demo_with_seeds()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def staff_client(staff_client, module_demo):
    """With the demo data and a group of its own (so the group pages have rows)."""
    from django.contrib.auth.models import Group

    from tests.api.samples import exchange_sample

    Group.objects.get_or_create(name="Test group")
    exchange_sample()
    return staff_client


def _superuser():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="chief")


def _url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", REGISTERED, ids=lambda m: m._meta.label)
def test_changelist_add_and_change_pages_answer_200(staff_client, model):
    assert staff_client.get(_url(model, "changelist")).status_code == 200
    assert staff_client.get(_url(model, "changelist") + "?q=a").status_code == 200
    # Logs and records that only the system writes (deliveries, submissions, task results) have no add page.
    can_add = admin.site._registry[model].has_add_permission(type("Request", (), {"user": _superuser()})())
    assert staff_client.get(_url(model, "add")).status_code == (200 if can_add else 403)
    obj = model._default_manager.order_by("pk").first()
    assert obj is not None, f"demo data has no {model._meta.verbose_name}"
    change_page = staff_client.get(_url(model, "change", obj.pk))
    assert change_page.status_code == 200
    # "View on site" leads to a page staff can read: not to an API address that wants a key, not back here.
    view_on_site = re.search(r'href="([^"]+)" class="viewsitelink"', change_page.content.decode())
    if view_on_site:
        page = staff_client.get(html.unescape(view_on_site[1]), follow=True)
        assert page.status_code == 200 and page.request["PATH_INFO"] != _url(model, "change", obj.pk), (
            page.redirect_chain
        )


def test_admin_index_lists_every_app_model(staff_client):
    html = staff_client.get(reverse("admin:index")).content.decode()
    for model in REGISTERED:
        # capfirst, as the admin shows it ("API keys"; str.capitalize would lower the rest).
        assert capfirst(str(model._meta.verbose_name_plural)) in html


def test_every_app_model_is_editable_in_the_admin():
    """Registered on its own, or as an inline of a registered model (event roles live on the event)."""
    from django.apps import apps

    editable = set(admin.site._registry)
    for model_admin in admin.site._registry.values():
        editable.update(inline.model for inline in model_admin.inlines)
    for app_label in ("articles", "events", "people"):
        for model in apps.get_app_config(app_label).get_models():
            # Unmanaged models read data kept by the database itself (the SQLite search index), not content.
            if not model._meta.auto_created and model._meta.managed:
                assert model in editable, f"{model._meta.label} cannot be edited in the admin"


def test_invalid_article_form_shows_message_not_500(staff_client):
    from articles.models import Article

    article = Article.objects.order_by("pk").first()
    other = Article.objects.exclude(pk=article.pk).filter(issue=article.issue).first()
    url = _url(Article, "change", article.pk)
    data = _formset_post_data(staff_client.get(url))
    data["order"] = str(other.order)
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert "Another article already has this position in the issue." in response.content.decode()
    article.refresh_from_db()
    assert article.order != other.order


def test_swapping_article_positions_in_issue_inline_saves(staff_client):
    from articles.models import Issue

    issue = Issue.objects.get(number="2021-52")
    first, second = issue.articles.order_by("order")[:2]
    url = _url(Issue, "change", issue.pk)
    response = staff_client.get(url)
    data = _formset_post_data(response)
    prefix = "articles"
    for index in range(int(data[f"{prefix}-TOTAL_FORMS"])):
        if data[f"{prefix}-{index}-id"] == str(first.pk):
            data[f"{prefix}-{index}-order"] = str(second.order)
        elif data[f"{prefix}-{index}-id"] == str(second.pk):
            data[f"{prefix}-{index}-order"] = str(first.order)
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.order, second.order) == (2, 1)


def test_duplicate_positions_in_issue_inline_are_refused_with_message(staff_client):
    from articles.models import Issue

    issue = Issue.objects.get(number="2021-52")
    url = _url(Issue, "change", issue.pk)
    data = _formset_post_data(staff_client.get(url))
    data["articles-1-order"] = data["articles-0-order"]
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert "Two rows have position" in response.content.decode()


def _formset_post_data(response):
    """Re-submit an admin change form (main form and inlines) as the browser would."""
    from django import forms as django_forms

    data = {}
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = str(management[name].value())
    forms = [response.context["adminform"].form] + [
        form for formset in response.context["inline_admin_formsets"] for form in formset.formset.forms
    ]
    for form in forms:
        for name, field in form.fields.items():
            key, value = form.add_prefix(name), form[name].value()
            if isinstance(field, django_forms.FileField) or value is None:
                continue
            if isinstance(field.widget, django_forms.MultiWidget):
                # A re-shown (bound) form already holds the parts; an unbound one holds the value.
                parts = value if isinstance(value, (list, tuple)) else field.widget.decompress(value)
                for index, part in enumerate(parts):
                    data[f"{key}_{index}"] = "" if part is None else str(part)
            elif isinstance(value, bool):
                if value:
                    data[key] = "on"
            elif isinstance(value, (list, tuple)):
                data[key] = [str(getattr(item, "pk", item)) for item in value]
            else:
                data[key] = str(value)
    return data


def test_admin_carries_the_site_name(staff_client):
    html = staff_client.get(reverse("admin:index")).content.decode()
    assert "Newsroom editorial admin" in html
    assert "Django administration" not in html


def _issue_form_with_new_articles(client, issue, articles):
    url = _url(issue, "change", issue.pk)
    data = _formset_post_data(client.get(url))
    start = int(data["articles-TOTAL_FORMS"])
    for index, fields in enumerate(articles, start=start):
        data.update({f"articles-{index}-{name}": value for name, value in fields.items()})
        data[f"articles-{index}-kind"] = "news"
    data["articles-TOTAL_FORMS"] = str(start + len(articles))
    return url, data


def test_articles_added_on_the_issue_page_need_a_slug(client, django_user_model):
    from tests.factories import IssueFactory

    client.force_login(django_user_model.objects.create_superuser("chief", password="pw-123456789"))
    issue = IssueFactory()
    url, data = _issue_form_with_new_articles(
        client, issue, [{"order": "1", "title": "One"}, {"order": "2", "title": "Two"}]
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not issue.articles.exists()

    url, data = _issue_form_with_new_articles(
        client, issue, [{"order": "1", "title": "One", "slug": "one"}, {"order": "2", "title": "Two", "slug": "two"}]
    )
    assert client.post(url, data).status_code == 302
    assert sorted(issue.articles.values_list("slug", flat=True)) == ["one", "two"]
