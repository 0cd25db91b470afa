"""Versioning, stale-save refusal and the three-way merge, called as services (no admin, no form)."""

import pytest

from articles.models import Article
from editorial import revisions, versioning
from editorial.publishing import Status
from tests.factories import ArticleFactory, BylineFactory

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
