"""No silent overwrites: a save based on a stale version is refused and nothing either editor typed is lost."""

import pytest
from django.test import Client
from django.urls import reverse

from editorial import versioning, workflow
from editorial.publishing import Status
from events.models import Event
from tests.factories import ArticleFactory, BylineFactory, EventFactory
from tests.newsroom.test_admin_pages import _formset_post_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    article = ArticleFactory(status=Status.DRAFT, publish_at=None, title="Original title", body="Original body.")
    BylineFactory(article=article)
    return article


def _open(user, article):
    client = Client()
    client.force_login(user)
    url = reverse("admin:articles_article_change", args=[article.pk])
    return client, url, _formset_post_data(client.get(url))


def test_second_save_on_a_stale_version_is_refused_and_keeps_both_edits(make_user, article):
    alice, bob = make_user("Editor", "alice"), make_user("Editor", "bob")
    alice_client, url, alice_form = _open(alice, article)
    bob_client, _, bob_form = _open(bob, article)

    alice_form["title"] = "Alice's better title"
    assert alice_client.post(url, alice_form).status_code == 302

    bob_form["body"] = "Bob rewrote the body."
    response = bob_client.post(url, bob_form)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else saved this article while you were editing" in html
    assert "Saved by alice" in html
    assert "<del>Original</del><ins>Alice&#x27;s better</ins> title" in html  # what Alice changed
    assert "Bob rewrote the body." in html  # Bob's input is still in the form
    article.refresh_from_db()
    assert (article.title, article.body) == ("Alice's better title", "Original body.")


def test_resubmitting_after_the_conflict_saves_deliberately(make_user, article):
    alice, bob = make_user("Editor", "alice"), make_user("Editor", "bob")
    alice_client, url, alice_form = _open(alice, article)
    bob_client, _, bob_form = _open(bob, article)
    alice_form["title"] = "Alice's title"
    alice_client.post(url, alice_form)
    bob_form["body"] = "Bob's body."
    conflict = bob_client.post(url, bob_form)

    retry = _formset_post_data(conflict)  # the re-rendered form now carries the current version
    assert retry["body"] == "Bob's body."
    assert bob_client.post(url, retry).status_code == 302
    article.refresh_from_db()
    assert article.body == "Bob's body."


def test_a_transition_after_opening_the_form_makes_it_stale(make_user, article):
    editor = make_user("Editor")
    client, url, form = _open(editor, article)
    workflow.transition(obj=article, name="submit", user=editor)
    form["title"] = "Changed meanwhile"
    response = client.post(url, form)
    assert response.status_code == 200
    assert "Not saved" in response.content.decode()
    article.refresh_from_db()
    assert article.title == "Original title"


def test_a_post_without_version_token_is_refused(make_user, article):
    client, url, form = _open(make_user("Editor"), article)
    del form["base_version"]
    form["title"] = "No token"
    assert client.post(url, form).status_code == 200
    article.refresh_from_db()
    assert article.title == "Original title"


def test_service_refuses_stale_base_version(make_user, article):
    with pytest.raises(workflow.StaleVersion):
        versioning.save_revision(obj=article, user=make_user("Editor"), base_version=article.version - 1)


def test_editing_the_article_in_its_issue_makes_an_open_article_form_stale(make_user, article):
    editor = make_user("Editor")
    client, url, form = _open(editor, article)
    issue_url = reverse("admin:articles_issue_change", args=[article.issue_id])
    issue_form = _formset_post_data(client.get(issue_url))
    index = next(
        i for i in range(int(issue_form["articles-TOTAL_FORMS"])) if issue_form[f"articles-{i}-id"] == str(article.pk)
    )
    issue_form[f"articles-{index}-title"] = "Retitled in the issue"
    assert client.post(issue_url, issue_form).status_code == 302

    form["body"] = "Edited in the article form."
    response = client.post(url, form)
    assert response.status_code == 200 and "<ins>Retitled</ins>" in response.content.decode()
    article.refresh_from_db()
    assert (article.title, article.body) == ("Retitled in the issue", "Original body.")


def test_editing_a_byline_on_its_own_page_versions_the_article(make_user, article):
    editor = make_user("Editor")
    client, url, form = _open(editor, article)
    byline = article.bylines.get()
    byline_url = reverse("admin:articles_byline_change", args=[byline.pk])
    byline_form = _formset_post_data(client.get(byline_url))
    byline_form["position_as_printed"] = "Senior editor"
    assert client.post(byline_url, byline_form).status_code == 302
    article.refresh_from_db()
    assert article.version == 2  # +1 for the byline saved on its own page
    assert client.post(url, form).status_code == 200  # the open article form is now stale


def _post_coverage(client, event, **changes):
    from tests.events.test_admin import form_data

    url = reverse("admin:events_event_change", args=[event.pk])
    response = client.get(url)
    (coverage,) = [i for i in response.context["inline_admin_formsets"] if i.formset.model is Event.coverage.through]
    data = form_data(response, **{f"{coverage.formset.prefix}-{key}": value for key, value in changes.items()})
    assert client.post(url, data).status_code == 302


def test_linking_the_article_to_an_event_from_the_event_makes_an_open_article_form_stale(make_user, article):
    event = EventFactory()
    editor = make_user("Editor")
    client, url, form = _open(editor, article)
    _post_coverage(client, event, **{"0-article": str(article.pk)})

    form["body"] = "Edited in the article form."
    response = client.post(url, form)
    assert response.status_code == 200 and "Not saved" in response.content.decode()
    assert list(event.coverage.all()) == [article]  # the stale form did not erase the link


def test_unlinking_coverage_on_the_event_versions_the_article(make_user, article):
    event = EventFactory()
    article.about_events.add(event)
    client = Client()
    client.force_login(make_user("Editor"))
    _post_coverage(client, event, **{"0-DELETE": "on"})
    assert not event.coverage.exists()
    article.refresh_from_db()
    assert article.version == 2


def test_saving_again_after_a_refusal_keeps_both_editors_changes(make_user, article):
    ed, edna = make_user("Editor", "ed"), make_user("Editor", "edna")
    ed_client, url, ed_form = _open(ed, article)
    edna_client, _, edna_form = _open(edna, article)
    ed_form.update(title="Ed's title", body="Ed's body.")
    assert ed_client.post(url, ed_form).status_code == 302

    edna_form.update(standfirst="Edna's standfirst.", dateline_place="Hefei")
    refused = edna_client.post(url, edna_form)
    assert refused.status_code == 200
    stale = refused.context["adminform"].form.stale
    assert (stale.taken, stale.kept, stale.conflicts) == (["Title", "Body"], ["Standfirst", "Dateline place"], [])

    assert edna_client.post(url, _formset_post_data(refused)).status_code == 302
    article.refresh_from_db()
    assert (article.title, article.body) == ("Ed's title", "Ed's body.")
    assert (article.standfirst, article.dateline_place) == ("Edna's standfirst.", "Hefei")


def test_a_field_both_editors_changed_is_a_conflict_that_keeps_my_input_and_shows_theirs(make_user, article):
    ed, edna = make_user("Editor", "ed"), make_user("Editor", "edna")
    ed_client, url, ed_form = _open(ed, article)
    edna_client, _, edna_form = _open(edna, article)
    ed_form["title"] = "Ed's title"
    assert ed_client.post(url, ed_form).status_code == 302

    edna_form["title"] = "Edna's title"
    refused = edna_client.post(url, edna_form)

    form = refused.context["adminform"].form
    assert [(c.label, c.theirs) for c in form.stale.conflicts] == [("Title", "Ed's title")]
    assert form["title"].value() == "Edna's title"
    html = refused.content.decode()
    assert "You both changed:" in html and "ed also changed this field, to: “Ed&#x27;s title”" in html


def test_links_and_dates_someone_else_set_are_taken_into_the_merged_form(make_user, article):
    from tests.factories import PersonFactory, SectionFactory

    person, section = PersonFactory(), SectionFactory(publication=article.issue.publication)
    ed, edna = make_user("Editor", "ed"), make_user("Editor", "edna")
    ed_client, url, ed_form = _open(ed, article)
    edna_client, _, edna_form = _open(edna, article)
    ed_form.update(about_people=[str(person.pk)], section=str(section.pk), dateline_date="2022-03-04")
    assert ed_client.post(url, ed_form).status_code == 302

    edna_form["title"] = "Edna's title"
    refused = edna_client.post(url, edna_form)
    assert edna_client.post(url, _formset_post_data(refused)).status_code == 302

    article.refresh_from_db()
    assert article.title == "Edna's title"
    assert (list(article.about_people.all()), article.section, str(article.dateline_date)) == (
        [person],
        section,
        "2022-03-04",
    )


# --- inline rows (bylines, headlines) are merged like fields ------------------------------------------------------


def _row(form, prefix, pk) -> int:
    """The index of saved row `pk` in the posted form data of inline `prefix`."""
    return next(i for i in range(int(form[f"{prefix}-TOTAL_FORMS"])) if form.get(f"{prefix}-{i}-id") == str(pk))


def test_a_byline_change_by_the_other_editor_survives_my_second_save(make_user, article):
    """Issue #13, item 12: B changes a byline's position; A's stale save, saved again, must not revert it."""
    byline = article.bylines.get()
    a_client, url, a_form = _open(make_user("Editor", "anna"), article)
    b_client, _, b_form = _open(make_user("Editor", "bert"), article)
    b_form["bylines-0-position_as_printed"] = "Senior editor"
    assert b_client.post(url, b_form).status_code == 302

    a_form["standfirst"] = "Anna's standfirst."
    refused = a_client.post(url, a_form)

    assert refused.status_code == 200
    html = refused.content.decode()
    assert "Not saved: bert changed this article" in html
    assert f"Byline “{byline.person.name} · Senior editor”: Position as printed" in html  # listed as taken
    retry = _formset_post_data(refused)
    assert retry["bylines-0-position_as_printed"] == "Senior editor"
    assert retry["standfirst"] == "Anna's standfirst."
    assert a_client.post(url, retry).status_code == 302
    article.refresh_from_db()
    byline.refresh_from_db()
    assert (article.standfirst, byline.position_as_printed) == ("Anna's standfirst.", "Senior editor")


def test_bylines_the_other_editor_added_and_deleted_stay_so(make_user, article):
    from tests.factories import PersonFactory

    old = article.bylines.get()
    a_client, url, a_form = _open(make_user("Editor", "anna"), article)
    b_client, _, b_form = _open(make_user("Editor", "bert"), article)
    newcomer = PersonFactory(name="Fictional Newcomer")
    b_form.update({"bylines-0-DELETE": "on", "bylines-1-person": str(newcomer.pk), "bylines-1-order": "2"})
    assert b_client.post(url, b_form).status_code == 302

    a_form["standfirst"] = "Anna's standfirst."
    refused = a_client.post(url, a_form)
    retry = _formset_post_data(refused)
    assert str(old.pk) not in [retry.get(f"bylines-{i}-id") for i in range(int(retry["bylines-TOTAL_FORMS"]))]
    assert a_client.post(url, retry).status_code == 302
    assert list(article.bylines.values_list("person__name", flat=True)) == ["Fictional Newcomer"]


def test_a_byline_both_changed_is_a_conflict_showing_both_and_mine_is_saved_deliberately(make_user, article):
    byline = article.bylines.get()
    a_client, url, a_form = _open(make_user("Editor", "anna"), article)
    b_client, _, b_form = _open(make_user("Editor", "bert"), article)
    b_form["bylines-0-position_as_printed"] = "Senior editor"
    assert b_client.post(url, b_form).status_code == 302

    a_form["bylines-0-position_as_printed"] = "Chief editor"
    refused = a_client.post(url, a_form)

    stale = refused.context["adminform"].form.stale
    assert [c.label for c in stale.conflicts] == [f"Byline “{byline.person.name} · Senior editor”: Position as printed"]
    (bylines,) = [f.formset for f in refused.context["inline_admin_formsets"] if f.formset.prefix == "bylines"]
    row = bylines.forms[0]
    assert row["position_as_printed"].value() == "Chief editor"  # mine, in the field
    assert row.errors["position_as_printed"] == ["bert also changed this, to: “Senior editor”. Yours is kept here."]
    html = refused.content.decode()
    assert "You both changed:" in html and "bert also changed this, to: “Senior editor”" in html

    assert a_client.post(url, _formset_post_data(refused)).status_code == 302
    byline.refresh_from_db()
    assert byline.position_as_printed == "Chief editor"


def test_a_byline_i_changed_but_they_deleted_is_offered_as_a_new_row(make_user, article):
    byline = article.bylines.get()
    a_client, url, a_form = _open(make_user("Editor", "anna"), article)
    b_client, _, b_form = _open(make_user("Editor", "bert"), article)
    b_form["bylines-0-DELETE"] = "on"
    assert b_client.post(url, b_form).status_code == 302

    a_form["bylines-0-position_as_printed"] = "Chief editor"
    refused = a_client.post(url, a_form)

    (bylines,) = [f.formset for f in refused.context["inline_admin_formsets"] if f.formset.prefix == "bylines"]
    assert bylines.initial_form_count() == 0
    row = bylines.forms[0]
    assert row["position_as_printed"].value() == "Chief editor"
    assert "bert deleted this byline, which you changed" in row.non_field_errors()[0]
    assert a_client.post(url, _formset_post_data(refused)).status_code == 302
    assert list(article.bylines.values_list("person", "position_as_printed")) == [(byline.person_id, "Chief editor")]


def test_a_headline_the_other_editor_changed_survives_my_save_of_the_issue(make_user):
    from tests.factories import HeadlineFactory, IssueFactory

    issue = IssueFactory(status=Status.DRAFT, publish_at=None, title="Fictional issue")
    first, second = HeadlineFactory(issue=issue, order=1), HeadlineFactory(issue=issue, order=2)
    url = reverse("admin:articles_issue_change", args=[issue.pk])
    a_client, b_client = Client(), Client()
    a_client.force_login(make_user("Editor", "anna"))
    b_client.force_login(make_user("Editor", "bert"))
    a_form, b_form = _formset_post_data(a_client.get(url)), _formset_post_data(b_client.get(url))
    b_form[f"headlines-{_row(b_form, 'headlines', first.pk)}-order"] = "2"  # B swaps the two headlines
    b_form[f"headlines-{_row(b_form, 'headlines', second.pk)}-order"] = "1"
    b_form[f"headlines-{_row(b_form, 'headlines', second.pk)}-text"] = "Retold"
    assert b_client.post(url, b_form).status_code == 302

    a_form["title"] = "Anna's title"
    refused = a_client.post(url, a_form)
    assert refused.status_code == 200
    assert a_client.post(url, _formset_post_data(refused)).status_code == 302
    issue.refresh_from_db()
    assert issue.title == "Anna's title"
    assert list(issue.headlines.values_list("pk", "order", "text")) == [
        (second.pk, 1, "Retold"),
        (first.pk, 2, first.text),
    ]


def test_an_event_role_the_other_editor_changed_survives_my_save_of_the_event(make_user):
    from events.models import OrganizationRole
    from tests.events.test_admin import form_data
    from tests.factories import EventOrganizationFactory

    event = EventFactory(status=Status.DRAFT, publish_at=None, title="Fictional forum")
    host = EventOrganizationFactory(event=event, role=OrganizationRole.ORGANIZER)
    url = reverse("admin:events_event_change", args=[event.pk])
    a_client, b_client = Client(), Client()
    a_client.force_login(make_user("Editor", "anna"))
    b_client.force_login(make_user("Editor", "bert"))
    a_get, b_get = a_client.get(url), b_client.get(url)
    assert (
        b_client.post(url, form_data(b_get, **{"organization_roles-0-role": OrganizationRole.SPONSOR})).status_code
        == 302
    )

    refused = a_client.post(url, form_data(a_get, title="Anna's forum"))
    assert refused.status_code == 200
    assert a_client.post(url, form_data(refused)).status_code == 302
    event.refresh_from_db()
    host.refresh_from_db()
    assert (event.title, host.role) == ("Anna's forum", OrganizationRole.SPONSOR)
