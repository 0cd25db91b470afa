"""Content apps plug into the engine from their AppConfig.ready(), and a wrong registration fails loudly."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from articles import services
from articles.models import Article, Issue
from editorial import registry
from events.models import Event


def test_articles_registered_their_checks_and_the_issue_publishing_steps_at_start_up():
    assert registry.registration(Article).publish_check is services.article_problems
    issue = registry.registration(Issue)
    assert issue.publish_check is services.issue_problems
    assert issue.transitions == {
        "publish": services.issue_publish_transition,
        "schedule": services.issue_publish_transition,
    }


def test_an_unregistered_model_gets_the_generic_workflow():
    events = registry.registration(Event)
    assert events.publish_check is None and events.transitions == {}


def test_registering_a_model_twice_is_refused():
    with pytest.raises(ImproperlyConfigured, match="Article is already registered"):
        registry.register(Article, publish_check=services.article_problems)


def test_an_unknown_transition_name_is_refused(monkeypatch):
    monkeypatch.setattr(registry, "_registry", {})
    with pytest.raises(ImproperlyConfigured, match="no transition called publsh"):
        registry.register(Event, transitions={"publsh": services.issue_publish_transition})
