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
    date = django_filters.DateFromToRangeFilter(field_name="issue__date", help_text="Issue date range.")

    class Meta:
        model = Article
        fields = ["publication", "section", "kind", "language", "date"]


class IssueFilter(django_filters.FilterSet):
    publication = django_filters.CharFilter(field_name="publication__slug", help_text="Publication slug.")
    language = django_filters.ChoiceFilter(field_name="publication__language", choices=settings.LANGUAGES)
    date = django_filters.DateFromToRangeFilter(field_name="date", help_text="Issue date range.")

    class Meta:
        model = Issue
        fields = ["publication", "language", "date"]


class EventFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=EventKind.choices)
    date = django_filters.DateFromToRangeFilter(field_name="start__date", help_text="Start date range (UTC).")

    class Meta:
        model = Event
        fields = ["kind", "date"]
