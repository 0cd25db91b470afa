"""Editors: positions on the person, memberships on the union, "current" derived from dates."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import MembershipFactory, OrganizationFactory, PersonFactory, PositionFactory, UnionFactory

pytestmark = pytest.mark.django_db


def test_person_admin_edits_positions_inline_and_shows_which_are_current(staff_client):
    person = PersonFactory()
    PositionFactory(person=person, title="Reporter", end_date=dt.date(2019, 1, 1))
    PositionFactory(person=person, title="Editor", start_date=dt.date(2019, 1, 2))
    html = staff_client.get(reverse("admin:people_person_change", args=[person.pk])).content.decode()
    assert 'name="positions-0-start_date"' in html and 'name="positions-0-end_date"' in html
    assert html.count('alt="True"') == 1 and html.count('alt="False"') == 1


def test_union_admin_edits_memberships_inline_with_dates_and_role(staff_client):
    union = UnionFactory()
    MembershipFactory(union=union, left_on=dt.date(2020, 1, 1))
    html = staff_client.get(reverse("admin:people_organization_change", args=[union.pk])).content.decode()
    for field in ("member", "role", "joined_on", "left_on"):
        assert f'name="memberships-0-{field}"' in html
    assert 'alt="False"' in html


def test_member_organization_admin_shows_its_union_memberships(staff_client):
    member = OrganizationFactory()
    MembershipFactory(member=member)
    html = staff_client.get(reverse("admin:people_organization_change", args=[member.pk])).content.decode()
    assert 'name="union_memberships-0-union"' in html


def union_change_data(union, kind):
    """The union's change form as posted: its fields and its member inline, unchanged except the kind."""
    memberships = list(union.memberships.all())
    data = {
        "name": union.name,
        "slug": union.slug,
        "kind": kind,
        "memberships-TOTAL_FORMS": str(len(memberships)),
        "memberships-INITIAL_FORMS": str(len(memberships)),
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
        "units-TOTAL_FORMS": "0",
        "units-INITIAL_FORMS": "0",
        "units-MIN_NUM_FORMS": "0",
        "units-MAX_NUM_FORMS": "1000",
    }
    for index, membership in enumerate(memberships):
        data.update(
            {
                f"memberships-{index}-id": str(membership.pk),
                f"memberships-{index}-union": str(union.pk),
                f"memberships-{index}-member": str(membership.member_id),
                f"memberships-{index}-role": membership.role,
                f"memberships-{index}-joined_on": membership.joined_on.isoformat() if membership.joined_on else "",
            }
        )
    return data


def test_a_union_with_members_cannot_stop_being_a_union(staff_client):
    union = UnionFactory()
    MembershipFactory(union=union, joined_on=dt.date(2018, 9, 20))
    MembershipFactory(union=union, joined_on=dt.date(2019, 3, 1))
    url = reverse("admin:people_organization_change", args=[union.pk])
    response = staff_client.post(url, union_change_data(union, "society"))
    assert response.status_code == 200
    assert "This union still has 2 members." in response.content.decode()
    union.refresh_from_db()
    assert union.kind == "union"


def test_a_union_without_members_can_change_its_kind(staff_client):
    union = UnionFactory()
    url = reverse("admin:people_organization_change", args=[union.pk])
    assert staff_client.post(url, union_change_data(union, "society")).status_code == 302
    union.refresh_from_db()
    assert union.kind == "society"


def test_the_same_member_added_twice_without_a_join_date_is_a_form_error(staff_client):
    union, member = UnionFactory(), OrganizationFactory()
    data = union_change_data(union, "union") | {"memberships-TOTAL_FORMS": "2"}
    for index in range(2):
        data |= {
            f"memberships-{index}-union": str(union.pk),
            f"memberships-{index}-member": str(member.pk),
            f"memberships-{index}-role": "member",
        }
    response = staff_client.post(reverse("admin:people_organization_change", args=[union.pk]), data)
    assert response.status_code == 200
    assert "already has a membership of this union without a join date" in response.content.decode()
    assert not union.memberships.exists()
