"""Planned queries (core.prepared): compiled once, run with each call's parameters, same results as the QuerySet."""

import datetime as dt

import pytest
from django.db.models import F
from django.utils import timezone

from articles.models import Article
from core.prepared import PlanError, prepared
from tests.factories import ArticleFactory, IssueFactory, SectionFactory

pytestmark = pytest.mark.django_db


@prepared
def articles_of(*, issue_id: int, at: dt.datetime):
    return (
        Article.objects.published(at=at)
        .filter(issue_id=issue_id)
        .select_related("issue__publication", "section")
        .annotate(issue_number=F("issue__number"))
        .order_by("order")
    )


@prepared
def titles_of(*, issue_slug: str, at: dt.datetime):
    return Article.objects.published(at=at).filter(issue__slug=issue_slug).order_by("order").values_list("title")


@prepared
def cards_of(*, issue_id: int):
    return Article.objects.filter(issue_id=issue_id).order_by("order").values("title", "publish_at")


def test_runs_with_each_calls_parameters():
    first, second = IssueFactory(), IssueFactory()
    ArticleFactory(issue=first, title="In the first")
    ArticleFactory(issue=second, title="In the second")
    now = timezone.now()
    assert titles_of(issue_slug=first.slug, at=now) == [("In the first",)]
    assert titles_of(issue_slug=second.slug, at=now) == [("In the second",)]


def test_time_is_a_parameter_too():
    article = ArticleFactory(publish_at=timezone.now() + dt.timedelta(hours=1))
    assert titles_of(issue_slug=article.issue.slug, at=timezone.now()) == []
    later = timezone.now() + dt.timedelta(hours=2)
    assert titles_of(issue_slug=article.issue.slug, at=later) == [(article.title,)]


def test_instances_come_with_related_objects_and_annotations(django_assert_num_queries):
    issue = IssueFactory()
    article = ArticleFactory(issue=issue, section=SectionFactory(publication=issue.publication))
    articles_of(issue_id=issue.pk, at=timezone.now())  # planned on the first call
    with django_assert_num_queries(1):
        (found,) = articles_of(issue_id=issue.pk, at=timezone.now())
        assert (found.pk, found.section.title, found.issue.publication.name) == (
            article.pk,
            article.section.title,
            issue.publication.name,
        )
        assert found.issue_number == issue.number


def test_values_are_converted_as_the_queryset_converts_them():
    article = ArticleFactory()
    expected = list(Article.objects.filter(issue_id=article.issue_id).order_by("order").values("title", "publish_at"))
    assert cards_of(issue_id=article.issue_id) == expected
    assert isinstance(cards_of(issue_id=article.issue_id)[0]["publish_at"], dt.datetime)


def test_a_time_built_into_the_query_is_refused():
    @prepared
    def with_built_in_time(*, issue_id: int):
        return Article.objects.published().filter(issue_id=issue_id)

    with pytest.raises(PlanError, match="built into the query"):
        with_built_in_time(issue_id=1)


def test_an_argument_that_does_not_reach_the_sql_is_refused():
    @prepared
    def ignores_its_argument(*, issue_id: int, slug: str):
        return Article.objects.filter(issue_id=issue_id)

    with pytest.raises(PlanError, match="slug did not reach the SQL"):
        ignores_its_argument(issue_id=1, slug="a")


def test_prefetch_related_and_other_argument_types_are_refused():
    @prepared
    def prefetching(*, issue_id: int):
        return Article.objects.filter(issue_id=issue_id).prefetch_related("bylines")

    with pytest.raises(PlanError, match="prefetch_related"):
        prefetching(issue_id=1)
    with pytest.raises(PlanError, match="naive datetime"):
        titles_of(issue_slug="a", at=dt.datetime(2022, 1, 1))  # noqa: DTZ001 - the point of the test
    with pytest.raises(PlanError, match="str, int or aware datetime"):
        cards_of(issue_id=[1])


def test_other_arguments_than_planned_are_refused():
    article = ArticleFactory()
    cards_of(issue_id=article.issue_id)
    with pytest.raises(TypeError, match="issue_id"):
        cards_of(issue=article.issue_id)
