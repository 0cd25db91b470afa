import django_filters
from django.conf import settings

from articles.models import Article, ArticleKind, Issue
from events.models import Event, EventKind


class ArticleFilter(django_filters.FilterSet):
    """`?publication=<slug>&section=<slug>&kind=news&language=en&date_after=2022-01-01&date_before=2022-12-31`
    (dates are the issue's date)."""

    publication = django_filters.CharFilter(field_name="issue__publication__slug", help_text="Publication slug.")
    section = django_filters.CharFilter(field_name="section__slug", help_text="Section slug.")
    kind = django_filters.ChoiceFilter(choices=ArticleKind.choices)
    language = django_filters.ChoiceFilter(field_name="issue__publication__language", choices=settings.LANGUAGES)
    # Two filters rather than one DateFromToRangeFilter, whose errors name its form field ("date") instead of the
    # parameter that was wrong (`date_after` or `date_before`).
    date_after = django_filters.DateFilter(field_name="issue__date", lookup_expr="gte", help_text="Issue date from.")
    date_before = django_filters.DateFilter(field_name="issue__date", lookup_expr="lte", help_text="Issue date until.")

    class Meta:
        model = Article
        fields = ["publication", "section", "kind", "language", "date_after", "date_before"]


class IssueFilter(django_filters.FilterSet):
    publication = django_filters.CharFilter(field_name="publication__slug", help_text="Publication slug.")
    language = django_filters.ChoiceFilter(field_name="publication__language", choices=settings.LANGUAGES)
    date_after = django_filters.DateFilter(field_name="date", lookup_expr="gte", help_text="Issue date from.")
    date_before = django_filters.DateFilter(field_name="date", lookup_expr="lte", help_text="Issue date until.")

    class Meta:
        model = Issue
        fields = ["publication", "language", "date_after", "date_before"]


class EventFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=EventKind.choices)
    date_after = django_filters.DateFilter(
        field_name="start__date", lookup_expr="gte", help_text="Start date from (UTC)."
    )
    date_before = django_filters.DateFilter(
        field_name="start__date", lookup_expr="lte", help_text="Start date until (UTC)."
    )

    class Meta:
        model = Event
        fields = ["kind", "date_after", "date_before"]
