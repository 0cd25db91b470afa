"""Changelists fit a laptop screen: an issue is shown compactly, its full title as a tooltip."""

import pytest
from django.urls import reverse

from tests.factories import ArticleFactory, EventFactory, EventSeriesFactory, HeadlineFactory, IssueFactory

pytestmark = pytest.mark.django_db
FULL = "Science and Technology Daily Weekly No. 2021-52: Communication, Cooperation and Co-prosperity"


@pytest.fixture
def issue():
    return IssueFactory(
        publication__name="Science and Technology Daily Weekly", number="2021-52",
        title="Communication, Cooperation and Co-prosperity",
    )  # fmt: skip


@pytest.mark.parametrize("model", ["article", "headline"])
def test_the_issue_column_is_short_with_the_full_title_as_tooltip(admin_client, issue, model):
    (ArticleFactory if model == "article" else HeadlineFactory)(issue=issue)
    html = admin_client.get(reverse(f"admin:articles_{model}_changelist")).content.decode()
    link = f'<a href="{reverse("admin:articles_issue_change", args=[issue.pk])}" title="{FULL}">STDW 2021-52</a>'
    assert link in html
    assert f">{FULL}<" not in html


def test_the_issue_list_does_not_repeat_publication_and_number_in_its_first_column(admin_client, issue):
    html = admin_client.get(reverse("admin:articles_issue_changelist")).content.decode()
    assert "Communication, Cooperation and Co-prosperity</a>" in html
    assert f">{FULL}<" not in html  # (the checkbox label still names the issue in full)


def test_the_event_list_shows_series_and_edition_in_one_column(admin_client):
    EventFactory(series=EventSeriesFactory(name="IUSTC Annual Conference"), edition=2)
    response = admin_client.get(reverse("admin:events_event_changelist"))
    assert "IUSTC Annual Conference (2)" in response.content.decode()
    assert "edition" not in response.context["cl"].list_display
