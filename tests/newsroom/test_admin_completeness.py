"""Issue 3: every model admin has search, list filters, autocomplete for its links, a date hierarchy where the
model has a date; lists fetch what they show without a query per row."""

import pytest
from django.contrib import admin
from django.db import connection, models
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import BylineFactory, OrganizationFactory, PublicationFactory, SectionFactory

ADMINS = [
    model_admin
    for model, model_admin in sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)
    if model._meta.app_label in {"articles", "events", "people", "newsroom"}
]


def _ids(model_admin):
    return model_admin.model._meta.label


@pytest.mark.parametrize("model_admin", ADMINS, ids=_ids)
def test_search_and_list_filters(model_admin):
    assert model_admin.search_fields and model_admin.list_filter


@pytest.mark.parametrize("model_admin", ADMINS, ids=_ids)
def test_links_to_other_records_are_autocompleted(model_admin):
    opts = model_admin.model._meta
    links = [
        field.name
        for field in [*opts.concrete_fields, *opts.many_to_many]
        if field.is_relation and field.editable and field.related_model in admin.site._registry
        and (not field.many_to_many or field.remote_field.through._meta.auto_created)
    ]  # fmt: skip
    assert set(links) <= set(model_admin.autocomplete_fields) | set(model_admin.raw_id_fields)


@pytest.mark.parametrize("model_admin", ADMINS, ids=_ids)
def test_a_date_hierarchy_where_the_model_has_a_date(model_admin):
    dated = [f for f in model_admin.model._meta.concrete_fields if isinstance(f, models.DateField)]
    assert model_admin.date_hierarchy or not dated


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "make"),
    [
        ("section", lambda: SectionFactory(publication=PublicationFactory())),
        ("publication", lambda: PublicationFactory(publisher=OrganizationFactory())),
        ("byline", BylineFactory),
    ],
)
def test_changelist_queries_do_not_grow_with_rows(admin_client, model, make):
    """Linked columns (a section's publication, a byline's person) come with the list, not one query per row."""
    url = reverse(f"admin:articles_{model}_changelist")
    make()
    with CaptureQueriesContext(connection) as few:
        assert admin_client.get(url).status_code == 200
    for _ in range(5):
        make()
    with CaptureQueriesContext(connection) as many:
        assert admin_client.get(url).status_code == 200
    assert len(many) == len(few)


@pytest.mark.django_db
def test_bylines_filter_by_publication_and_by_person_or_organization(admin_client):
    person_byline = BylineFactory()
    organization_byline = BylineFactory(person=None, organization=OrganizationFactory())
    url = reverse("admin:articles_byline_changelist")

    def listed(query):
        response = admin_client.get(url + query)
        assert response.status_code == 200
        return set(response.context["cl"].result_list)

    assert listed("?credited_to=person") == {person_byline}
    assert listed("?credited_to=organization") == {organization_byline}
    publication = person_byline.article.issue.publication
    assert listed(f"?article__issue__publication__id__exact={publication.pk}") == {person_byline}
    assert listed("?article__issue__date__year=2022") == {person_byline, organization_byline}
