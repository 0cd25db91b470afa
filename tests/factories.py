import datetime as dt

import factory
from django.utils import timezone

from articles.models import Article, ArticleKind, Byline, Headline, Issue, Publication, Section
from editorial.publishing import Status
from events.models import (
    Event,
    EventMode,
    EventOrganization,
    EventPerson,
    EventSeries,
    OrganizationRole,
    PersonRole,
    Venue,
)
from people.models import Membership, Organization, OrganizationKind, Person, Position


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")
    slug = factory.Sequence(lambda n: f"person-{n}")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Organization {n}")
    slug = factory.Sequence(lambda n: f"organization-{n}")
    kind = OrganizationKind.NEWS_MEDIA


class UnionFactory(OrganizationFactory):
    kind = OrganizationKind.UNION


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    person = factory.SubFactory(PersonFactory)
    organization = factory.SubFactory(OrganizationFactory)
    title = "Editor"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    union = factory.SubFactory(UnionFactory)
    member = factory.SubFactory(OrganizationFactory)
    joined_on = dt.date(2018, 9, 20)


class PublicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Publication

    name = factory.Sequence(lambda n: f"Publication {n}")
    slug = factory.Sequence(lambda n: f"publication-{n}")


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    publication = factory.SubFactory(PublicationFactory)
    title = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.Sequence(lambda n: f"section-{n}")


class IssueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Issue

    publication = factory.SubFactory(PublicationFactory)
    number = factory.Sequence(lambda n: f"{n + 1}")
    slug = factory.LazyAttribute(lambda issue: f"issue-{issue.number}")
    date = dt.date(2022, 2, 1)
    title = "Newsletter"
    status = Status.PUBLISHED
    publish_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    issue = factory.SubFactory(IssueFactory)
    order = factory.Sequence(lambda n: n + 1)
    kind = ArticleKind.NEWS
    title = factory.Sequence(lambda n: f"Article {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    body = "A paragraph of body text."
    status = Status.PUBLISHED
    publish_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))


class BylineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Byline

    article = factory.SubFactory(ArticleFactory)
    person = factory.SubFactory(PersonFactory)
    position_as_printed = "Editor"


class HeadlineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Headline

    issue = factory.SubFactory(IssueFactory)
    order = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Headline {n}")


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Event {n}")
    slug = factory.Sequence(lambda n: f"event-{n}")
    start = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=30))
    end = factory.LazyAttribute(lambda event: event.start + dt.timedelta(hours=8))
    time_zone = "Asia/Shanghai"
    mode = EventMode.IN_PERSON
    status = Status.PUBLISHED
    publish_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))


class EventSeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventSeries

    name = factory.Sequence(lambda n: f"Annual Forum {n}")
    slug = factory.Sequence(lambda n: f"annual-forum-{n}")
    frequency = "annual"


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    name = factory.Sequence(lambda n: f"Conference Hall {n}")
    city = "Beijing"
    country = "CN"


class EventOrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventOrganization

    event = factory.SubFactory(EventFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = OrganizationRole.ORGANIZER


class EventPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventPerson

    event = factory.SubFactory(EventFactory)
    person = factory.SubFactory(PersonFactory)
    role = PersonRole.SPEAKER
