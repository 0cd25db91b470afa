"""Issue #13 item 11: restoring a revision after a row it links to was deleted leaves that row out and says which."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from editorial import revisions, versioning
from editorial.publishing import Status
from events.models import EventPerson
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    EventFactory,
    EventPersonFactory,
    HeadlineFactory,
    IssueFactory,
    PersonFactory,
)
from tests.workflow.conftest import chief, make_user  # noqa: F401 (fixtures used below)

pytestmark = pytest.mark.django_db


def test_a_byline_whose_person_was_deleted_is_left_out_and_named(client, chief):  # noqa: F811
    article = ArticleFactory(status=Status.DRAFT, publish_at=None)
    BylineFactory(article=article, order=0, person=PersonFactory(name="Person A"), position_as_printed="Editor")
    byline_b = BylineFactory(article=article, order=1, person=PersonFactory(name="Person B"), position_as_printed="")
    version_n = versioning.save_revision(obj=article, user=chief, summary="A and B")
    person_b = byline_b.person
    byline_b.delete()
    versioning.save_revision(obj=article, user=chief, summary="B removed")
    person_b.delete()

    client.force_login(chief)
    response = client.post(reverse("admin:articles_article_restore", args=[article.pk, version_n.pk]))

    assert response.status_code == 302
    assert [byline.person.name for byline in article.bylines.all()] == ["Person A"]
    notes = [str(message) for message in get_messages(response.wsgi_request)]
    assert "Byline 2 (Person B) was left out: the linked person no longer exists." in notes


def test_a_headline_whose_article_was_deleted_is_restored_without_its_link():
    issue = IssueFactory(status=Status.DRAFT, publish_at=None)
    article = ArticleFactory(issue=issue, title="Budget talks")
    HeadlineFactory(issue=issue, order=1, text="Budget talks resume", article=article)
    revision = revisions.record(issue, summary="with headline")
    article.delete()

    warnings = revisions.restore(issue, revision)

    assert [(headline.text, headline.article) for headline in issue.headlines.all()] == [("Budget talks resume", None)]
    assert warnings == [
        "Headline 1 (Budget talks resume · Budget talks) was restored without its link: "
        "the linked article no longer exists."
    ]


def test_an_event_role_whose_person_was_deleted_is_left_out():
    event = EventFactory(status=Status.DRAFT, publish_at=None)
    EventPersonFactory(event=event, person=PersonFactory(name="Speaker A"), order=0)
    gone = EventPersonFactory(event=event, person=PersonFactory(name="Speaker B"), order=1)
    revision = revisions.record(event, summary="two speakers")
    person = gone.person
    gone.delete()
    person.delete()

    warnings = revisions.restore(event, revision)

    assert list(EventPerson.objects.filter(event=event).values_list("person__name", flat=True)) == ["Speaker A"]
    assert warnings == ["Person role 2 (Speaker B · Speaker) was left out: the linked person no longer exists."]
