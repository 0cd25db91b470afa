"""A contributor who duplicates an event for its next edition owns the copy and can work on it."""

import pytest
from django.urls import reverse

from editorial import revisions, workflow
from editorial.publishing import Status
from events.models import Event
from tests.factories import EventFactory, EventOrganizationFactory, EventSeriesFactory

pytestmark = pytest.mark.django_db


def test_contributor_can_edit_and_submit_the_edition_they_duplicated(client, contributor):
    event = EventFactory(title="Science Forum 2030", series=EventSeriesFactory(), edition=1)
    EventOrganizationFactory(event=event)
    client.force_login(contributor)
    response = client.post(
        reverse("admin:events_event_duplicate", args=[event.pk]),
        {"title": "Science Forum 2031", "start_0": "2031-11-04", "start_1": "09:00", "end_0": "2031-11-04",
         "end_1": "17:00"},
    )  # fmt: skip
    assert response.status_code == 302
    copy = Event.objects.get(title="Science Forum 2031")
    assert copy.created_by == contributor and workflow.can_edit(contributor, copy)

    (created,) = revisions.revisions_for(copy)
    assert (created.version, created.created_by) == (1, contributor)
    assert created.data["children"]["organization_roles"]  # the copied organizers are in the first revision

    submit = reverse("admin:events_event_transition", args=[copy.pk, "submit"])
    assert client.post(submit).status_code == 302
    copy.refresh_from_db()
    assert copy.status == Status.IN_REVIEW
