"""Back-link queries: declared by the app that asks, filled in once by the app that owns the relation."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from articles import selectors as article_selectors
from core.backlinks import Backlinks
from events import selectors as event_selectors
from events.backlinks import backlinks as event_backlinks
from people.backlinks import backlinks as people_backlinks


def test_an_unfilled_query_answers_its_default():
    backlinks = Backlinks("people", articles_by_person=lambda person: [])
    assert backlinks.get("articles_by_person")(object()) == []


def test_a_query_nobody_asked_for_or_filled_twice_is_refused():
    backlinks = Backlinks("people", articles_by_person=lambda person: [])
    with pytest.raises(ImproperlyConfigured, match="no back-link query called “articles_of”"):
        backlinks.fill(articles_of=lambda person: [])
    backlinks.fill(articles_by_person=list)
    with pytest.raises(ImproperlyConfigured, match="already filled in"):
        backlinks.fill(articles_by_person=list)


def test_articles_and_events_filled_in_the_people_and_event_pages_queries_at_start_up():
    assert people_backlinks.get("articles_by_person") is article_selectors.articles_by_person
    assert people_backlinks.get("split_statements") is article_selectors.split_statements
    assert people_backlinks.get("events_of_organization") is event_selectors.events_of_organization
    assert event_backlinks.get("coverage") is article_selectors.coverage_of_event
