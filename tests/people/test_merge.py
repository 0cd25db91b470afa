"""Merging duplicate people and organizations moves every relation and leaves no orphans."""

import datetime as dt

import pytest
from django.contrib.admin.models import CHANGE, DELETION, LogEntry
from django.db import connection
from django.urls import reverse

from articles.models import Byline, Publication
from events.models import EventOrganization, EventPerson
from people.models import Membership, Organization, Person, Position
from people.services import MergeError, merge_organizations, merge_people, plan_merge
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    EventFactory,
    EventOrganizationFactory,
    EventPersonFactory,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    PositionFactory,
    PublicationFactory,
    UnionFactory,
)

pytestmark = pytest.mark.django_db


def rows_pointing_at(model, pk):
    """Every row in the database whose foreign key to `model` holds `pk`, found from the schema itself."""
    found = {}
    for relation in model._meta.related_objects:
        if relation.many_to_many:
            through = relation.through
            column = through._meta.get_field(relation.field.m2m_reverse_field_name()).column
            table = through._meta.db_table
        else:
            column, table = relation.field.column, relation.related_model._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT COUNT(*) FROM "{table}" WHERE "{column}" = %s', [pk])  # noqa: S608
            count = cursor.fetchone()[0]
        if count:
            found[f"{table}.{column}"] = count
    return found


# ---------------------------------------------------------------- people


@pytest.fixture
def two_people():
    keep = PersonFactory(name="Zhang Yuzhuo", slug="zhang-yuzhuo")
    duplicate = PersonFactory(name="Zhang Yu-zhuo", slug="zhang-yu-zhuo", name_original="张玉卓", bio="Engineer.")
    BylineFactory(person=keep)
    BylineFactory(person=duplicate, position_as_printed="President, CAST")
    BylineFactory(person=duplicate, position_as_printed="Chairman, Sinopec")
    PositionFactory(person=duplicate, title="President")
    PositionFactory(person=duplicate, title="Chairman", end_date=dt.date(2020, 1, 1))
    both = ArticleFactory(title="Mentions both")
    both.about_people.add(keep, duplicate)
    ArticleFactory(title="Mentions the duplicate").about_people.add(duplicate)
    shared_event = EventFactory()
    EventPersonFactory(event=shared_event, person=keep, role="speaker")
    EventPersonFactory(event=shared_event, person=duplicate, role="speaker")  # collides: dropped
    EventPersonFactory(event=shared_event, person=duplicate, role="moderator")  # moves
    EventPersonFactory(event=EventFactory(), person=duplicate, role="keynote")  # moves
    return keep, duplicate


def test_plan_lists_what_moves_per_relation(two_people):
    keep, duplicate = two_people
    plan = plan_merge(keep=keep, duplicate=duplicate)
    counts = {
        relation.model._meta.model_name: (len(relation.moving), len(relation.dropping)) for relation in plan.nonempty
    }
    assert counts == {
        "byline": (2, 0),
        "position": (2, 0),
        "article_about_people": (1, 1),
        "eventperson": (2, 1),
    }
    assert plan.filled_fields == ["name_original", "bio"]
    assert "; dropped 2 rows the kept record already had;" in plan.summary()


def test_merge_people_moves_bylines_positions_mentions_and_event_roles(two_people):
    keep, duplicate = two_people
    duplicate_pk = duplicate.pk
    merge_people(keep=keep, duplicate=duplicate)

    assert not Person.objects.filter(pk=duplicate_pk).exists()
    assert Byline.objects.filter(person=keep).count() == 3
    assert set(Byline.objects.filter(person=keep).values_list("position_as_printed", flat=True)) == {
        "Editor",
        "President, CAST",
        "Chairman, Sinopec",
    }
    assert Position.objects.filter(person=keep).count() == 2
    assert set(keep.mentioned_in.values_list("title", flat=True)) == {"Mentions both", "Mentions the duplicate"}
    assert sorted(EventPerson.objects.filter(person=keep).values_list("role", flat=True)) == [
        "keynote",
        "moderator",
        "speaker",
    ]
    keep.refresh_from_db()
    assert keep.name_original == "张玉卓" and keep.bio == "Engineer."
    assert keep.name == "Zhang Yuzhuo" and keep.slug == "zhang-yuzhuo"


def test_merge_people_leaves_no_orphans(two_people):
    keep, duplicate = two_people
    duplicate_pk = duplicate.pk
    assert rows_pointing_at(Person, duplicate_pk)  # the check below can fail
    merge_people(keep=keep, duplicate=duplicate)
    assert rows_pointing_at(Person, duplicate_pk) == {}
    assert EventPerson.objects.count() == 3
    assert Byline.objects.filter(person__isnull=True, organization__isnull=True).count() == 0


def test_merging_a_record_into_itself_is_refused(two_people):
    keep, _duplicate = two_people
    with pytest.raises(MergeError):
        merge_people(keep=keep, duplicate=keep)


# ---------------------------------------------------------------- organizations


@pytest.fixture
def two_organizations():
    keep = OrganizationFactory(name="China Association for Science and Technology", short_name="CAST", slug="cast")
    duplicate = OrganizationFactory(
        name="CAST (duplicate)", slug="cast-2", country="CN", website="http://www.cast.org.cn"
    )
    union = UnionFactory()
    MembershipFactory(union=union, member=keep, joined_on=dt.date(2018, 9, 20))
    MembershipFactory(union=union, member=duplicate, joined_on=dt.date(2018, 9, 20))  # collides: dropped
    MembershipFactory(member=duplicate)  # another union: moves
    BylineFactory(person=None, organization=duplicate)
    PositionFactory(organization=duplicate)
    OrganizationFactory(name="CAST Secretariat", parent=duplicate)
    ArticleFactory().about_organizations.add(duplicate)
    event = EventFactory()
    EventOrganizationFactory(event=event, organization=keep, role="host")
    EventOrganizationFactory(event=event, organization=duplicate, role="host")  # collides: dropped
    EventOrganizationFactory(event=event, organization=duplicate, role="sponsor")  # moves
    PublicationFactory(publisher=duplicate)
    return keep, duplicate


def test_merge_organizations_moves_everything(two_organizations):
    keep, duplicate = two_organizations
    merge_organizations(keep=keep, duplicate=duplicate)
    assert keep.union_memberships.count() == 2
    assert Byline.objects.filter(organization=keep).count() == 1
    assert Position.objects.filter(organization=keep).count() == 1
    assert keep.units.get().name == "CAST Secretariat"
    assert keep.mentioned_in.count() == 1
    assert sorted(EventOrganization.objects.filter(organization=keep).values_list("role", flat=True)) == [
        "host",
        "sponsor",
    ]
    assert Publication.objects.filter(publisher=keep).count() == 1
    keep.refresh_from_db()
    assert keep.country == "CN" and keep.website == "http://www.cast.org.cn"


def test_merge_organizations_leaves_no_orphans(two_organizations):
    keep, duplicate = two_organizations
    duplicate_pk = duplicate.pk
    assert rows_pointing_at(Organization, duplicate_pk)
    merge_organizations(keep=keep, duplicate=duplicate)
    assert rows_pointing_at(Organization, duplicate_pk) == {}
    assert not Organization.objects.filter(pk=duplicate_pk).exists()


def test_a_unit_merged_with_its_parent_does_not_become_its_own_unit():
    parent = OrganizationFactory(name="Academy")
    unit = OrganizationFactory(name="Academy office", parent=parent)
    merge_organizations(keep=unit, duplicate=parent)
    unit.refresh_from_db()
    assert unit.parent is None


def test_a_merge_that_breaks_a_rule_changes_nothing():
    union = UnionFactory()
    member = OrganizationFactory()
    MembershipFactory(union=union, member=member)
    BylineFactory(person=None, organization=member)
    with pytest.raises(MergeError):
        merge_organizations(keep=union, duplicate=member)  # the union would become its own member
    assert Organization.objects.filter(pk=member.pk).exists()
    assert Byline.objects.get().organization_id == member.pk
    assert Membership.objects.get().member_id == member.pk


# ---------------------------------------------------------------- admin action


def changelist(model):
    return reverse(f"admin:people_{model._meta.model_name}_changelist")


def test_admin_merge_shows_a_confirmation_page_listing_what_moves(staff_client, two_people):
    keep, duplicate = two_people
    response = staff_client.post(
        changelist(Person), {"action": "merge_duplicates", "_selected_action": [keep.pk, duplicate.pk]}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Which record do you keep?" in html
    assert "<td>Bylines (person)</td><td>2</td><td>0</td>" in html
    assert "<td>Person roles (person)</td><td>2</td><td>1</td>" in html
    assert Person.objects.filter(pk=duplicate.pk).exists()  # nothing merged yet


def test_admin_merge_confirmed_merges_into_the_chosen_record_and_logs_it(staff_client, two_people):
    keep, duplicate = two_people
    response = staff_client.post(
        changelist(Person),
        {
            "action": "merge_duplicates",
            "_selected_action": [keep.pk, duplicate.pk],
            "keep": duplicate.pk,
            "confirm": str(duplicate.pk),
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:people_person_change", args=[duplicate.pk])
    assert not Person.objects.filter(pk=keep.pk).exists()
    assert Byline.objects.filter(person=duplicate).count() == 3
    assert LogEntry.objects.filter(object_id=str(duplicate.pk), action_flag=CHANGE).exists()
    assert LogEntry.objects.filter(object_id=str(keep.pk), action_flag=DELETION).exists()


def test_admin_merge_of_organizations(staff_client, two_organizations):
    keep, duplicate = two_organizations
    page = staff_client.post(
        changelist(Organization), {"action": "merge_duplicates", "_selected_action": [keep.pk, duplicate.pk]}
    ).content.decode()
    assert "<td>Memberships (union)</td>" not in page  # nothing points at it as a union
    assert "<td>Memberships (member)</td><td>1</td><td>1</td>" in page
    staff_client.post(
        changelist(Organization),
        {
            "action": "merge_duplicates",
            "_selected_action": [keep.pk, duplicate.pk],
            "keep": keep.pk,
            "confirm": str(keep.pk),
        },
    )
    assert not Organization.objects.filter(pk=duplicate.pk).exists()


def test_admin_merge_needs_two_records(staff_client, two_people):
    keep, _duplicate = two_people
    response = staff_client.post(
        changelist(Person), {"action": "merge_duplicates", "_selected_action": [keep.pk]}, follow=True
    )
    assert "Select between 2 and 10 records to merge." in response.content.decode()


def test_admin_merge_of_three_is_all_or_nothing(staff_client):
    fine = OrganizationFactory(name="Fine duplicate")  # merged first (lowest pk), then rolled back
    union = UnionFactory(name="Union")
    keep = UnionFactory(name="Kept union")
    BylineFactory(person=None, organization=fine)
    MembershipFactory(union=union, member=keep)
    response = staff_client.post(
        changelist(Organization),
        {
            "action": "merge_duplicates",
            "_selected_action": [keep.pk, fine.pk, union.pk],
            "keep": keep.pk,
            "confirm": str(keep.pk),
        },
        follow=True,
    )
    assert "cannot be merged" in response.content.decode()  # the kept union would become its own member
    assert Organization.objects.filter(pk=fine.pk).exists()
    assert Byline.objects.get().organization_id == fine.pk


# ---------------------------------------------------------------- unions and the kept record


@pytest.fixture
def union_and_namesake():
    """A union with two members, and a duplicate record of it entered as a plain society."""
    union = UnionFactory(name="International Union of Sci-tech Communicators", slug="iustc")
    MembershipFactory(union=union)
    MembershipFactory(union=union)
    namesake = OrganizationFactory(name="IUSTC", slug="iustc-2", kind="society")
    return union, namesake


def test_a_union_with_members_cannot_be_merged_into_an_organization_that_is_not_a_union(union_and_namesake):
    union, namesake = union_and_namesake
    with pytest.raises(MergeError, match="it is a union with 2 members"):
        plan_merge(keep=namesake, duplicate=union)
    with pytest.raises(MergeError, match="is not a union"):
        merge_organizations(keep=namesake, duplicate=union)
    assert Organization.objects.filter(pk=union.pk).exists()
    assert Membership.objects.filter(union=union).count() == 2


def test_the_non_union_duplicate_merges_into_the_union(union_and_namesake):
    union, namesake = union_and_namesake
    merge_organizations(keep=union, duplicate=namesake)
    assert not Organization.objects.filter(pk=namesake.pk).exists()
    assert Membership.objects.filter(union=union).count() == 2


def test_admin_merge_page_explains_the_refusal_and_offers_no_merge_button(staff_client, union_and_namesake):
    union, namesake = union_and_namesake
    data = {"action": "merge_duplicates", "_selected_action": [union.pk, namesake.pk], "keep": namesake.pk}
    html = staff_client.post(changelist(Organization), data).content.decode()
    assert 'class="errornote"' in html and "it is a union with 2 members" in html
    assert 'name="confirm"' not in html
    response = staff_client.post(changelist(Organization), {**data, "confirm": str(namesake.pk)})
    assert response.status_code == 200 and "it is a union with 2 members" in response.content.decode()
    assert Organization.objects.filter(pk=union.pk).exists()


def test_admin_merge_button_names_and_carries_the_record_its_plan_was_shown_for(staff_client, two_people):
    keep, duplicate = two_people
    data = {"action": "merge_duplicates", "_selected_action": [keep.pk, duplicate.pk], "keep": duplicate.pk}
    html = staff_client.post(changelist(Person), data).content.decode()
    assert f'name="confirm" value="{duplicate.pk}" class="button default">Yes, merge into “{duplicate}”' in html


def test_admin_merge_after_changing_the_kept_record_shows_the_new_plan_and_merges_nothing(staff_client, two_people):
    keep, duplicate = two_people
    # The page was shown for keeping `keep`; the editor then picks `duplicate` and presses the merge button.
    response = staff_client.post(
        changelist(Person),
        {
            "action": "merge_duplicates",
            "_selected_action": [keep.pk, duplicate.pk],
            "keep": duplicate.pk,
            "confirm": str(keep.pk),
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert Person.objects.filter(pk=keep.pk).exists() and Person.objects.filter(pk=duplicate.pk).exists()
    assert f"Nothing merged yet: you now keep “{duplicate}”" in html
    assert f"Yes, merge into “{duplicate}”" in html


def test_merge_log_names_the_duplicates_number(staff_client, two_people):
    keep, duplicate = two_people
    duplicate_pk = duplicate.pk
    merge_people(keep=keep, duplicate=duplicate, user=staff_client.user)
    entry = LogEntry.objects.get(object_id=str(keep.pk), action_flag=CHANGE)
    assert f"(#{duplicate_pk}) into this record" in entry.get_change_message()
    assert "#None" not in entry.get_change_message()
