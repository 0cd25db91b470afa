"""Versioning, stale-save refusal and the three-way merge, called as services (no admin, no form)."""

import pytest

from articles.models import Article, Byline, Headline
from editorial import revisions, versioning
from editorial.publishing import Status
from tests.factories import ArticleFactory, BylineFactory, HeadlineFactory, IssueFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ed(django_user_model):
    return django_user_model.objects.create_user("ed")


@pytest.fixture
def article(ed):
    """Version 1, with its revision: what both editors opened."""
    article = ArticleFactory(status=Status.DRAFT, publish_at=None, title="Title", standfirst="Stand", body="Body.")
    BylineFactory(article=article)
    revisions.record(article, user=ed, summary="Created")
    return article


def saved_by(user, article, **changes):
    """Someone else opens the current version, changes fields and saves it (as the admin does)."""
    theirs = Article.objects.get(pk=article.pk)
    base = theirs.version
    for name, value in changes.items():
        setattr(theirs, name, value)
    versioning.save_with_version(obj=theirs, user=user, base_version=base)
    revisions.record(theirs, user=user, summary="Saved")
    return theirs


def test_a_new_item_starts_at_version_one_created_by_its_author(ed):
    article = ArticleFactory.build(issue=ArticleFactory().issue, version=7, created_by=None)
    versioning.save_with_version(obj=article, user=ed)
    article.refresh_from_db()
    assert (article.version, article.created_by) == (1, ed)


def test_saving_the_version_the_edit_started_from_makes_the_next_version(ed, article):
    article.title = "New title"
    versioning.save_with_version(obj=article, user=ed, base_version=1)
    article.refresh_from_db()
    assert (article.version, article.title) == (2, "New title")


def test_a_save_based_on_an_older_version_is_refused_and_writes_nothing(django_user_model, ed, article):
    edna = django_user_model.objects.create_user("edna")
    saved_by(edna, article, title="Edna's title")
    article.title = "Ed's title"
    with pytest.raises(versioning.StaleEdit) as refused:
        versioning.save_with_version(obj=article, user=ed, base_version=1)
    stale = refused.value
    assert (stale.base_version, stale.current_version, stale.editors) == (1, 2, ["edna"])
    assert [(change.label, change.old, change.new) for change in stale.changes] == [("Title", "Title", "Edna's title")]
    assert "Not saved: edna changed this article after you opened it (now version 2" in str(stale)
    assert Article.objects.values_list("title", "version").get(pk=article.pk) == ("Edna's title", 2)


def test_an_edit_that_does_not_say_where_it_started_is_refused(ed, article):
    with pytest.raises(versioning.StaleEdit):
        versioning.check_fresh(obj=article, base_version=None)


def test_a_child_row_save_is_refused_when_stale_and_recorded_when_not(ed, article):
    with pytest.raises(versioning.StaleEdit):
        versioning.save_revision(obj=article, user=ed, summary="Byline changed", base_version=0)
    revision = versioning.save_revision(obj=article, user=ed, summary="Byline changed", base_version=1)
    assert (revision.version, Article.objects.get(pk=article.pk).version) == (2, 2)


def test_three_way_merge_takes_theirs_keeps_mine_and_reports_both_changed(django_user_model, article):
    edna = django_user_model.objects.create_user("edna")
    current = saved_by(edna, article, title="Edna's title", body="Edna's body.")
    mine = {"title": "Ed's title", "standfirst": "Ed's stand", "body": "Body."}

    merge = versioning.three_way_merge(
        obj=current,
        base_version=1,
        labels={"title": "Title", "standfirst": "Standfirst", "body": "Body"},
        edited=lambda name, value: mine[name] != value,
    )

    assert merge.taken == ["body"]
    assert merge.kept == ["standfirst"]
    assert merge.conflicts == [versioning.Conflict("title", "Title", "Edna's title")]


def test_both_making_the_same_change_is_no_conflict(django_user_model, article):
    current = saved_by(django_user_model.objects.create_user("edna"), article, title="Same title")
    merge = versioning.three_way_merge(
        obj=current, base_version=1, labels={"title": "Title"}, edited=lambda name, value: value != "Same title"
    )
    assert merge == versioning.Merge()


def test_without_the_revision_the_edit_started_from_there_is_nothing_to_merge(article):
    merge = versioning.three_way_merge(obj=article, base_version=0, labels={"title": "Title"}, edited=lambda *_: True)
    assert merge == versioning.Merge()


# --- child rows ---------------------------------------------------------------------------------------------------

BYLINE_LABELS = {
    "order": "Order",
    "person": "Person",
    "organization": "Organization",
    "position_as_printed": "Position",
}


@pytest.fixture
def two_bylines(ed):
    """Version 1 with two bylines (positions 1 and 2), recorded: what both editors opened."""
    article = ArticleFactory(status=Status.DRAFT, publish_at=None)
    first = BylineFactory(
        article=article, order=1, person=PersonFactory(name="Fictional Ada"), position_as_printed="Editor"
    )
    second = BylineFactory(
        article=article, order=2, person=PersonFactory(name="Fictional Bo"), position_as_printed="Writer"
    )
    revisions.record(article, user=ed, summary="Created")
    return article, first, second


def rows_saved_by(user, article, change) -> None:
    """Someone else changes the article's bylines and saves (as the byline admin does: bump, record)."""
    change()
    versioning.save_revision(obj=article, user=user, summary="Bylines changed", base_version=article.version)


def row(pk, *, deleted=False, **mine):
    """A saved row as my edit holds it: `mine` the fields I changed, with my input; the rest as I loaded them."""
    return versioning.RowEdit(pk=pk, deleted=deleted, edited=lambda name, value: name in mine and mine[name] != value)


def test_rows_only_they_changed_added_or_deleted_are_taken_and_my_row_changes_kept(django_user_model, two_bylines):
    article, first, second = two_bylines
    edna = django_user_model.objects.create_user("edna")
    added = {}

    def change():
        Byline.objects.filter(pk=first.pk).update(position_as_printed="Senior editor")
        added["row"] = BylineFactory(article=article, order=3, person=PersonFactory(name="Fictional Cy"))

    rows_saved_by(edna, article, change)
    merge = versioning.merge_rows(
        obj=article, base_version=1, relation="bylines", labels=BYLINE_LABELS,
        rows=[row(first.pk), row(second.pk, position_as_printed="Staff writer")],
    )  # fmt: skip

    assert merge.taken == {first.pk: {"position_as_printed": "Senior editor"}}
    cy = added["row"]
    assert merge.added == [
        {"pk": cy.pk, "order": 3, "person": cy.person_id, "organization": None, "position_as_printed": "Editor"}
    ]
    assert merge.kept == [second.pk]
    assert (merge.removed, merge.detached, merge.conflicts) == ([], [], [])
    assert merge.notes_taken == [
        "Byline “Fictional Ada · Senior editor”: Position",
        "Byline “Fictional Cy · Editor” added",
    ]
    assert merge.notes_kept == ["Byline “Fictional Bo · Writer”: Position"]


def test_a_row_they_deleted_is_left_out_unless_i_changed_it(django_user_model, two_bylines):
    article, first, second = two_bylines
    rows_saved_by(django_user_model.objects.create_user("edna"), article, lambda: article.bylines.all().delete())

    merge = versioning.merge_rows(
        obj=article, base_version=1, relation="bylines", labels=BYLINE_LABELS,
        rows=[row(first.pk), row(second.pk, position_as_printed="Staff writer")],
    )  # fmt: skip

    assert merge.removed == [first.pk]
    assert merge.detached == [second.pk]
    assert merge.conflicts == [
        versioning.RowConflict(second.pk, None, "Byline “Fictional Bo · Writer”", "", deleted_by="them")
    ]


def test_a_field_of_a_row_both_changed_differently_is_a_conflict_showing_theirs(django_user_model, two_bylines):
    article, first, _ = two_bylines
    rows_saved_by(
        django_user_model.objects.create_user("edna"), article,
        lambda: Byline.objects.filter(pk=first.pk).update(position_as_printed="Senior editor", order=5),
    )  # fmt: skip

    merge = versioning.merge_rows(
        obj=article, base_version=1, relation="bylines", labels=BYLINE_LABELS,
        rows=[row(first.pk, position_as_printed="Chief editor")],
    )  # fmt: skip

    assert merge.taken == {first.pk: {"order": 5}}  # the field only they changed is still theirs
    assert merge.conflicts == [
        versioning.RowConflict(
            first.pk, "position_as_printed", "Byline “Fictional Ada · Senior editor”: Position", "Senior editor"
        )
    ]


def test_deleting_a_row_they_changed_is_a_conflict_and_the_same_change_is_none(django_user_model, two_bylines):
    article, first, second = two_bylines

    def change():
        Byline.objects.filter(pk=first.pk).update(position_as_printed="Senior editor")
        Byline.objects.filter(pk=second.pk).update(position_as_printed="Staff writer")

    rows_saved_by(django_user_model.objects.create_user("edna"), article, change)
    merge = versioning.merge_rows(
        obj=article, base_version=1, relation="bylines", labels=BYLINE_LABELS,
        rows=[row(first.pk, deleted=True), row(second.pk, position_as_printed="Staff writer")],
    )  # fmt: skip

    assert merge.conflicts == [
        versioning.RowConflict(
            first.pk, None, "Byline “Fictional Ada · Senior editor”", "Fictional Ada · Senior editor", deleted_by="me"
        )
    ]
    assert (merge.taken, merge.kept) == ({first.pk: {"position_as_printed": "Senior editor"}}, [])


def test_headlines_of_an_issue_merge_the_same_way(django_user_model, ed):
    issue = IssueFactory(status=Status.DRAFT, publish_at=None)
    one, two = HeadlineFactory(issue=issue, order=1, text="One"), HeadlineFactory(issue=issue, order=2, text="Two")
    revisions.record(issue, user=ed)
    rows_saved_by(
        django_user_model.objects.create_user("edna"), issue,
        lambda: Headline.objects.filter(pk=two.pk).update(text="Two, retold"),
    )  # fmt: skip

    merge = versioning.merge_rows(
        obj=issue, base_version=1, relation="headlines", labels={"order": "Order", "text": "Text"},
        rows=[row(one.pk, text="One, better"), row(two.pk)],
    )  # fmt: skip

    assert (merge.taken, merge.kept) == ({two.pk: {"text": "Two, retold"}}, [one.pk])


def test_rows_of_a_revision_recorded_without_row_ids_are_not_merged(django_user_model, two_bylines):
    article, first, _ = two_bylines
    revision = revisions.revision_at(article, 1)
    for stored in revision.data["children"]["bylines"]:
        del stored["pk"]  # as revisions were recorded before rows carried their id
    revision.save()
    rows_saved_by(django_user_model.objects.create_user("edna"), article, lambda: None)

    merge = versioning.merge_rows(
        obj=article, base_version=1, relation="bylines", labels=BYLINE_LABELS, rows=[row(first.pk)]
    )
    assert merge == versioning.RowsMerge("bylines")


def test_restoring_a_revision_ignores_the_row_ids_it_holds(ed, two_bylines):
    article, first, _ = two_bylines
    revision = revisions.revision_at(article, 1)
    first.delete()
    revisions.restore(article, revision)
    assert list(article.bylines.values_list("person__name", "position_as_printed")) == [
        ("Fictional Ada", "Editor"),
        ("Fictional Bo", "Writer"),
    ]
