"""Byline position snapshot: the position held on the article's date, stored once, never rewritten."""

import datetime as dt
from html.parser import HTMLParser

import pytest
from django.forms import inlineformset_factory
from django.urls import reverse

from articles.bylines import BylineForm, BylineInlineFormSet, article_date
from articles.models import Article, Byline
from people.positions import position_text_for
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    IssueFactory,
    OrganizationFactory,
    PersonFactory,
    PositionFactory,
)

pytestmark = pytest.mark.django_db

BylineFormSet = inlineformset_factory(
    Article,
    Byline,
    form=BylineForm,
    formset=BylineInlineFormSet,
    fields=["order", "person", "organization", "position_as_printed"],
    extra=1,
)


def formset_data(person, position=""):
    return {
        "bylines-TOTAL_FORMS": "1",
        "bylines-INITIAL_FORMS": "0",
        "bylines-MIN_NUM_FORMS": "0",
        "bylines-MAX_NUM_FORMS": "1000",
        "bylines-0-order": "0",
        "bylines-0-person": str(person.pk),
        "bylines-0-organization": "",
        "bylines-0-position_as_printed": position,
    }


def save_byline(article, person, position=""):
    formset = BylineFormSet(formset_data(person, position), instance=article, prefix="bylines")
    assert formset.is_valid(), formset.errors
    formset.save()
    return article.bylines.get()


def test_position_text_is_the_position_held_on_the_date(zhao):
    assert position_text_for(zhao, dt.date(2019, 6, 1)) == "Reporter, PR Newswire"
    assert position_text_for(zhao, dt.date(2022, 2, 1)) == "China Media Development Director, PR Newswire"
    assert position_text_for(zhao, dt.date(2010, 1, 1)) == ""


def test_article_date_is_the_dateline_date_else_the_issue_date():
    article = ArticleFactory(issue__date=dt.date(2022, 2, 1), dateline_date=None)
    assert article_date(article) == dt.date(2022, 2, 1)
    article.dateline_date = dt.date(2019, 6, 1)
    assert article_date(article) == dt.date(2019, 6, 1)


def test_empty_position_defaults_from_the_issue_date(zhao):
    article = ArticleFactory(issue=IssueFactory(date=dt.date(2022, 2, 1)))
    assert save_byline(article, zhao).position_as_printed == "China Media Development Director, PR Newswire"


def test_empty_position_defaults_from_the_dateline_date_when_there_is_one(zhao):
    article = ArticleFactory(issue=IssueFactory(date=dt.date(2022, 2, 1)), dateline_date=dt.date(2019, 6, 1))
    assert save_byline(article, zhao).position_as_printed == "Reporter, PR Newswire"


def test_a_position_typed_by_the_editor_is_kept(zhao):
    article = ArticleFactory(issue=IssueFactory(date=dt.date(2022, 2, 1)))
    assert save_byline(article, zhao, "Guest author").position_as_printed == "Guest author"


def test_later_position_changes_never_alter_a_saved_byline(client, zhao):
    article = ArticleFactory(issue=IssueFactory(date=dt.date(2022, 2, 1)), title="Distribution meets multimedia")
    byline = save_byline(article, zhao)
    director = zhao.positions.get(title="China Media Development Director")
    director.title = "Vice President"
    director.end_date = dt.date(2023, 1, 1)
    director.save()
    PositionFactory(person=zhao, title="Chief Executive", start_date=dt.date(2023, 1, 2))

    byline.refresh_from_db()
    assert byline.position_as_printed == "China Media Development Director, PR Newswire"
    html = client.get(article.get_absolute_url()).content.decode()
    assert "China Media Development Director, PR Newswire" in html
    assert "Vice President" not in html and "Chief Executive" not in html


# ---------------------------------------------------------------- through the admin


class FormValues(HTMLParser):
    """The values a browser would submit from the article change form (inputs, selects, textareas)."""

    def __init__(self):
        super().__init__()
        self.data, self._select, self._textarea = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file", "checkbox"):
            self.data[name] = attrs.get("value") or ""
        elif tag == "input" and name and attrs.get("type") == "checkbox" and "checked" in attrs:
            self.data.setdefault(name, []).append(attrs.get("value") or "on")
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, "" if "multiple" not in attrs else [])
        elif tag == "option" and self._select and "selected" in attrs:
            if isinstance(self.data[self._select], list):
                self.data[self._select].append(attrs.get("value") or "")
            else:
                self.data[self._select] = attrs.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data.lstrip("\n") if not self.data[self._textarea] else data


def change_form_values(client, article):
    url = reverse("admin:articles_article_change", args=[article.pk])
    parser = FormValues()
    parser.feed(client.get(url).content.decode())
    return url, parser.data


def test_admin_byline_inline_stores_the_position_held_on_the_article_date(staff_client, zhao):
    article = ArticleFactory(issue=IssueFactory(date=dt.date(2022, 2, 1)), dateline_date=dt.date(2019, 6, 1))
    url, data = change_form_values(staff_client, article)
    data.update({"bylines-0-person": str(zhao.pk), "bylines-0-order": "0", "bylines-0-position_as_printed": ""})
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert article.bylines.get().position_as_printed == "Reporter, PR Newswire"

    # Saving the article again later, after the person moved on, keeps what was printed.
    PositionFactory(person=zhao, title="Chief Executive", start_date=dt.date(2019, 1, 1))
    url, data = change_form_values(staff_client, article)
    assert staff_client.post(url, data).status_code == 302
    assert article.bylines.get().position_as_printed == "Reporter, PR Newswire"


def test_admin_byline_inline_uses_the_dateline_date_just_typed(staff_client, zhao):
    article = ArticleFactory(issue=IssueFactory(date=dt.date(2022, 2, 1)))
    url, data = change_form_values(staff_client, article)
    data.update({"dateline_date": "2019-06-01", "bylines-0-person": str(zhao.pk), "bylines-0-order": "0"})
    assert staff_client.post(url, data).status_code == 302
    assert article.bylines.get().position_as_printed == "Reporter, PR Newswire"


def test_admin_byline_field_explains_the_default(staff_client):
    article = ArticleFactory()
    html = staff_client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert "Leave empty to use the person&#x27;s position on the article&#x27;s date" in html


def test_standalone_byline_admin_applies_the_same_default(staff_client, zhao):
    article = ArticleFactory(issue=IssueFactory(date=dt.date(2019, 6, 1)))
    response = staff_client.post(
        reverse("admin:articles_byline_add"),
        {"article": article.pk, "order": 0, "person": zhao.pk, "organization": "", "position_as_printed": ""},
    )
    assert response.status_code == 302
    assert Byline.objects.get(article=article).position_as_printed == "Reporter, PR Newswire"


# ---------------------------------------------------------------- changing the author of a saved byline


@pytest.fixture
def liu():
    person = PersonFactory(name="Liu Yang")
    PositionFactory(person=person, organization=OrganizationFactory(name="Sputnik"), title="Correspondent")
    return person


def edit_byline(byline, **changes):
    """Submit the byline's own form with `changes` on top of what it shows now, as the admin would."""
    form = BylineForm(instance=byline)
    data = {name: form[name].value() for name in form.fields}
    data.update({name: "" if value is None else value for name, value in changes.items()})
    form = BylineForm({name: "" if value is None else value for name, value in data.items()}, instance=byline)
    assert form.is_valid(), form.errors
    return form.save()


def test_picking_another_person_replaces_the_previous_persons_position(zhao, liu):
    byline = save_byline(ArticleFactory(issue=IssueFactory(date=dt.date(2022, 2, 1))), zhao)
    assert edit_byline(byline, person=liu.pk).position_as_printed == "Correspondent, Sputnik"


def test_picking_another_person_uses_their_position_on_the_article_date(zhao):
    other = PersonFactory(name="Wang Li")
    daily = OrganizationFactory(name="Science Daily")
    PositionFactory(person=other, organization=daily, title="Reporter", end_date=dt.date(2020, 12, 31))
    PositionFactory(person=other, organization=daily, title="Editor", start_date=dt.date(2021, 1, 1))
    article = ArticleFactory(issue=IssueFactory(date=dt.date(2022, 2, 1)), dateline_date=dt.date(2019, 6, 1))
    byline = save_byline(article, zhao)
    assert byline.position_as_printed == "Reporter, PR Newswire"
    assert edit_byline(byline, person=other.pk).position_as_printed == "Reporter, Science Daily"


def test_picking_another_person_with_no_position_then_leaves_it_blank(zhao):
    byline = save_byline(ArticleFactory(issue=IssueFactory(date=dt.date(2022, 2, 1))), zhao)
    assert edit_byline(byline, person=PersonFactory().pk).position_as_printed == ""


def test_a_position_typed_together_with_the_new_person_wins(zhao, liu):
    byline = save_byline(ArticleFactory(issue=IssueFactory(date=dt.date(2022, 2, 1))), zhao)
    edited = edit_byline(byline, person=liu.pk, position_as_printed="Guest columnist")
    assert edited.position_as_printed == "Guest columnist"


def test_switching_to_an_organization_clears_the_persons_position(zhao):
    byline = save_byline(ArticleFactory(issue=IssueFactory(date=dt.date(2022, 2, 1))), zhao)
    agency = OrganizationFactory(name="Xinhua")
    assert edit_byline(byline, person=None, organization=agency.pk).position_as_printed == ""


def test_an_organization_byline_keeps_a_typed_position():
    byline = BylineFactory(person=None, organization=OrganizationFactory(), position_as_printed="Editorial board")
    agency = OrganizationFactory(name="Xinhua")
    edited = edit_byline(byline, organization=agency.pk, position_as_printed="Newsroom")
    assert edited.position_as_printed == "Newsroom"


def test_saving_again_without_changing_the_author_keeps_the_stored_position(zhao):
    byline = save_byline(ArticleFactory(issue=IssueFactory(date=dt.date(2022, 2, 1))), zhao)
    PositionFactory(person=zhao, title="Chief Executive", start_date=dt.date(2021, 1, 1))
    assert edit_byline(byline, order=1).position_as_printed == "China Media Development Director, PR Newswire"


def test_admin_picking_another_person_replaces_the_position(staff_client, zhao, liu):
    article = ArticleFactory(issue=IssueFactory(date=dt.date(2022, 2, 1)))
    save_byline(article, zhao)
    url, data = change_form_values(staff_client, article)
    assert data["bylines-0-position_as_printed"] == "China Media Development Director, PR Newswire"
    data["bylines-0-person"] = str(liu.pk)
    assert staff_client.post(url, data).status_code == 302
    assert article.bylines.get().position_as_printed == "Correspondent, Sputnik"
