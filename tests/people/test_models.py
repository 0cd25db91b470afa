"""Positions and memberships: history order and "current" derived from dates."""

import datetime as dt

import pytest
import time_machine

from people.models import Membership, Position, guess_language_of_script
from tests.factories import MembershipFactory, OrganizationFactory, PersonFactory, PositionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def career():
    person = PersonFactory(name="Xu Zhilong")
    reporter = PositionFactory(
        person=person, title="Reporter", start_date=dt.date(2001, 3, 1), end_date=dt.date(2010, 12, 31)
    )
    editor = PositionFactory(
        person=person, title="Editor", start_date=dt.date(2011, 1, 1), end_date=dt.date(2017, 6, 30)
    )
    chief = PositionFactory(person=person, title="Editor-in-chief", start_date=dt.date(2017, 7, 1))
    chairman = PositionFactory(person=person, title="Chairman", start_date=dt.date(2021, 12, 21))
    undated = PositionFactory(person=person, title="Adviser", start_date=None, end_date=None)
    return person, {"reporter": reporter, "editor": editor, "chief": chief, "chairman": chairman, "undated": undated}


def test_history_lists_most_recent_first_and_undated_last(career):
    person, positions = career
    titles = [position.title for position in person.positions.history()]
    assert titles == ["Chairman", "Editor-in-chief", "Editor", "Reporter", "Adviser"]


def test_history_puts_the_open_position_before_one_that_ended_after_starting_the_same_day():
    person = PersonFactory()
    PositionFactory(
        person=person, title="Acting director", start_date=dt.date(2020, 1, 1), end_date=dt.date(2020, 3, 1)
    )
    PositionFactory(person=person, title="Director", start_date=dt.date(2020, 1, 1))
    assert [p.title for p in person.positions.history()] == ["Director", "Acting director"]


def test_current_at_a_date_uses_start_and_end_dates_inclusively(career):
    person, positions = career
    on = {
        title: set(person.positions.current(at=day).values_list("title", flat=True))
        for title, day in [
            ("first day", dt.date(2001, 3, 1)),
            ("last day", dt.date(2010, 12, 31)),
            ("2015", dt.date(2015, 5, 5)),
            ("2022", dt.date(2022, 1, 1)),
        ]
    }
    assert on["first day"] == {"Reporter", "Adviser"}
    assert on["last day"] == {"Reporter", "Adviser"}
    assert on["2015"] == {"Editor", "Adviser"}
    assert on["2022"] == {"Editor-in-chief", "Chairman", "Adviser"}
    assert person.positions.current(at=dt.date(2000, 1, 1)).get().title == "Adviser"


def test_position_at_prefers_the_most_recently_started(career):
    person, _positions = career
    assert person.position_at(dt.date(2022, 1, 1)).title == "Chairman"
    assert person.position_at(dt.date(2019, 1, 1)).title == "Editor-in-chief"
    assert person.position_at(dt.date(2005, 1, 1)).title == "Reporter"


def test_current_follows_the_clock_not_a_stored_flag(career):
    person, positions = career
    with time_machine.travel(dt.datetime(2016, 1, 1, 12, tzinfo=dt.UTC), tick=False):
        assert set(Position.objects.current().filter(person=person).values_list("title", flat=True)) == {
            "Editor",
            "Adviser",
        }
        assert positions["editor"].is_current()
    with time_machine.travel(dt.datetime(2018, 1, 1, 12, tzinfo=dt.UTC), tick=False):
        assert not positions["editor"].is_current()


def test_membership_current_at_a_date():
    union = OrganizationFactory(kind="union")
    early = MembershipFactory(union=union, joined_on=dt.date(2018, 9, 20), left_on=dt.date(2020, 12, 31))
    late = MembershipFactory(union=union, joined_on=dt.date(2021, 1, 1))
    assert set(Membership.objects.current(at=dt.date(2019, 1, 1))) == {early}
    assert set(Membership.objects.current(at=dt.date(2021, 1, 1))) == {late}
    assert set(Membership.objects.current(at=dt.date(2018, 1, 1))) == set()


@pytest.mark.parametrize(
    ("text", "language"),
    [("张玉卓", "zh"), ("おきむら", "ja"), ("沖村カズキ", "ja"), ("김철수", "ko"), ("Юрий", "ru"), ("Zhang", "")],
)
def test_original_script_language_is_guessed_from_the_script(text, language):
    assert guess_language_of_script(text) == language


def test_an_editors_language_beats_the_guess():
    person = PersonFactory(name_original="沖村憲樹", name_original_language="ja")
    assert person.name_original_lang == "ja"
    assert PersonFactory(name_original="庄贵阳").name_original_lang == "zh"


def test_monogram_stands_in_for_a_missing_logo():
    assert OrganizationFactory(name="Japan Science and Technology Agency", short_name="JST").monogram == "JST"
    assert OrganizationFactory(name="PR Newswire", short_name="").monogram == "PN"
    assert OrganizationFactory(name="IUSTC", short_name="").monogram == "IUSTC"  # the seeds never spell it out
    assert OrganizationFactory(name="Science and Technology Daily", short_name="SET Daily").monogram == "SET"


def test_positions_split_into_upcoming_current_and_former_by_their_dates():
    from people.selectors import split_positions

    person = PersonFactory()
    former = PositionFactory(person=person, title="Reporter", end_date=dt.date(2019, 12, 31))
    current = PositionFactory(person=person, title="Editor", start_date=dt.date(2020, 1, 1))
    soon = PositionFactory(person=person, title="Deputy chief", start_date=dt.date(2022, 3, 1))
    later = PositionFactory(person=person, title="Chief", start_date=dt.date(2023, 1, 1))
    split = split_positions(list(person.positions.history()), at=dt.date(2021, 6, 1))
    assert (split.upcoming, split.current, split.former) == ([soon, later], [current], [former])
    split = split_positions(list(person.positions.history()), at=dt.date(2022, 6, 1))
    assert (split.upcoming, split.current, split.former) == ([later], [soon, current], [former])


def test_memberships_split_into_upcoming_current_and_former_by_their_dates():
    from people.selectors import union_memberships

    union = OrganizationFactory(kind="union")
    with time_machine.travel(dt.datetime(2021, 6, 1, 12, tzinfo=dt.UTC), tick=False):
        former = MembershipFactory(union=union, joined_on=dt.date(2018, 9, 20), left_on=dt.date(2020, 12, 31))
        current = MembershipFactory(union=union, joined_on=dt.date(2021, 1, 1))
        upcoming = MembershipFactory(union=union, joined_on=dt.date(2022, 1, 1))
        rejoining = MembershipFactory(union=union, joined_on=dt.date(2018, 9, 20), left_on=dt.date(2019, 1, 1))
        rejoins = MembershipFactory(union=union, member=rejoining.member, joined_on=dt.date(2022, 1, 1))
        split = union_memberships(union)
    assert set(split.upcoming) == {upcoming, rejoins}
    assert split.current == [current]
    assert split.former == [former]  # the rejoining member is listed once, as joining
