"""Each invariant lives in the database and reports a readable message through full_clean()."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from articles.models import Article, Byline, Headline, Issue
from editorial.publishing import Status
from events.models import Event
from people.models import Membership, Organization, Person, Position
from tests.factories import (
    ArticleFactory,
    EventFactory,
    HeadlineFactory,
    IssueFactory,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    PositionFactory,
)

pytestmark = pytest.mark.django_db


def assert_rejected(instance, message):
    with pytest.raises(ValidationError) as excinfo:
        instance.full_clean()
    assert message in str(excinfo.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        instance.save()


def test_issue_number_is_unique_per_publication():
    issue = IssueFactory(number="2022-01")
    duplicate = Issue(publication=issue.publication, number="2022-01", slug="other", date=issue.date)
    assert_rejected(duplicate, "This publication already has an issue with that number.")


def test_same_issue_number_is_fine_in_another_publication():
    issue = IssueFactory(number="2022-01")
    IssueFactory(number="2022-01").full_clean()
    assert Issue.objects.filter(number=issue.number).count() == 2


def test_byline_names_exactly_one_of_person_or_organization():
    article = ArticleFactory()
    assert_rejected(
        Byline(article=article, person=PersonFactory(), organization=OrganizationFactory()),
        "A byline names either a person or an organization, not both or neither.",
    )
    assert_rejected(Byline(article=article), "A byline names either a person or an organization")


def test_article_position_is_unique_within_an_issue():
    article = ArticleFactory(order=1)
    clash = Article(issue=article.issue, order=1, title="Another", slug="another", kind="news")
    assert_rejected(clash, "Another article already has this position in the issue.")


def test_headline_position_is_unique_within_an_issue():
    headline = HeadlineFactory(order=1)
    assert_rejected(
        Headline(issue=headline.issue, order=1, text="Clash"),
        "Another headline already has this position in the issue.",
    )


def test_position_cannot_end_before_it_starts():
    position = PositionFactory.build(
        person=PersonFactory(),
        organization=OrganizationFactory(),
        start_date=dt.date(2022, 1, 1),
        end_date=dt.date(2021, 1, 1),
    )
    assert_rejected(position, "A position cannot end before it starts.")


def test_position_names_organization_or_free_text_not_both():
    position = Position(
        person=PersonFactory(), organization=OrganizationFactory(), organization_text="Typed", title="Director"
    )
    assert_rejected(position, "Pick an organization or type its name, not both.")


def test_event_cannot_end_before_it_starts():
    event = EventFactory.build()
    event.end = event.start - dt.timedelta(hours=1)
    assert_rejected(event, "An event cannot end before it starts.")


def test_event_time_zone_must_be_real():
    event = EventFactory.build(time_zone="Mars/Olympus")
    with pytest.raises(ValidationError, match="is not a time zone name"):
        event.full_clean()


def test_published_article_needs_publish_time():
    article = ArticleFactory.build(issue=IssueFactory(), status=Status.PUBLISHED, publish_at=None)
    assert_rejected(article, "A scheduled or published item needs a publish time.")


def test_lead_image_needs_alt_text():
    article = ArticleFactory.build(issue=IssueFactory(), lead_image="articles/photo.jpg", lead_image_alt="")
    assert_rejected(article, "A lead image needs alt text.")


def test_membership_cannot_end_before_it_starts_or_name_the_union_itself():
    membership = MembershipFactory()
    assert_rejected(
        Membership(
            union=membership.union, member=membership.member, joined_on=dt.date(2020, 1, 1), left_on=dt.date(2019, 1, 1)
        ),
        "A membership cannot end before it starts.",
    )
    assert_rejected(
        Membership(union=membership.union, member=membership.union, joined_on=dt.date(2020, 1, 1)),
        "A union cannot be a member of itself.",
    )


def test_an_organization_joins_a_union_once_without_a_join_date():
    first = MembershipFactory(joined_on=None)
    assert_rejected(
        Membership(union=first.union, member=first.member, joined_on=None),
        "This organization already has a membership of this union without a join date",
    )


def test_undated_memberships_are_fine_in_another_union_or_beside_a_dated_one():
    first = MembershipFactory(joined_on=None)
    MembershipFactory(member=first.member, joined_on=None)  # another union
    MembershipFactory(union=first.union, member=first.member, joined_on=dt.date(2021, 1, 1)).full_clean()
    assert Membership.objects.filter(member=first.member).count() == 3


def test_organization_cannot_be_its_own_parent():
    organization = OrganizationFactory()
    organization.parent = organization
    assert_rejected(organization, "An organization cannot be part of itself")


def test_organization_with_another_parent_or_none_is_fine():
    parent = OrganizationFactory()
    OrganizationFactory.build(parent=parent).full_clean()  # not saved yet: no pk to compare with
    unit = OrganizationFactory(parent=parent)
    unit.full_clean()
    parent.full_clean()


def test_event_edition_unique_within_series():
    from events.models import EventSeries

    series = EventSeries.objects.create(name="Annual", slug="annual")
    EventFactory(series=series, edition=1)
    assert_rejected(EventFactory.build(series=series, edition=1), "already has an event with that edition number")


def test_event_edition_needs_series():
    assert_rejected(EventFactory.build(edition=2), "An edition number needs a series.")


def test_constraint_objects_are_all_named_with_messages():
    """Every constraint carries a readable message, so the admin never shows a generic one."""
    for model in (Article, Byline, Headline, Issue, Event, Organization, Person, Position, Membership):
        for constraint in model._meta.constraints:
            assert constraint.violation_error_message != constraint.default_violation_error_message, constraint.name
