"""A person named only in unpublished work is not shown anywhere public: the name would leak the story."""

import pytest

from editorial.publishing import Status
from tests.factories import ArticleFactory, BylineFactory, EventFactory, EventPersonFactory, PersonFactory

pytestmark = pytest.mark.django_db


def shown(client, person) -> dict[str, bool]:
    return {
        "directory": person.name in client.get("/people/").content.decode(),
        "sitemap": person.get_absolute_url() in client.get("/sitemap.xml").content.decode(),
        "page": client.get(person.get_absolute_url()).status_code == 200,
    }


def test_a_person_only_in_a_draft_byline_is_hidden(client):
    person = PersonFactory(name="Fictional Secret Source")
    BylineFactory(person=person, article=ArticleFactory(status=Status.DRAFT, publish_at=None))
    assert shown(client, person) == {"directory": False, "sitemap": False, "page": False}


def test_a_person_in_a_published_byline_is_shown(client):
    person = PersonFactory(name="Fictional Columnist")
    BylineFactory(person=person, article=ArticleFactory())
    assert shown(client, person) == {"directory": True, "sitemap": True, "page": True}


def test_a_person_mentioned_in_a_published_article_is_shown(client):
    person = PersonFactory(name="Fictional Laureate")
    ArticleFactory().about_people.add(person)
    assert all(shown(client, person).values())


def test_a_speaker_of_a_published_event_is_shown_but_not_of_a_draft_one(client):
    speaker, hidden = PersonFactory(name="Fictional Speaker"), PersonFactory(name="Fictional Draft Speaker")
    EventPersonFactory(person=speaker, event=EventFactory())
    EventPersonFactory(person=hidden, event=EventFactory(status=Status.DRAFT, publish_at=None))
    assert all(shown(client, speaker).values())
    assert not any(shown(client, hidden).values())


def test_an_editor_may_list_a_person_before_anything_is_published(client):
    person = PersonFactory(name="Fictional New Correspondent", listed=True)
    assert all(shown(client, person).values())
