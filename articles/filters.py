"""Search and filters for published articles (django-filter); every value lives in the GET URL."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef

from articles.models import Article, ArticleKind, Byline, Issue, Publication, Section
from articles.search import search_articles
from people.models import Organization, Person


def issue_year_choices():
    years = Issue.objects.published().dates("date", "year", order="DESC")
    return [(day.year, str(day.year)) for day in years]


class ArticleFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_text",
        label="Search",
        widget=forms.SearchInput(attrs={"placeholder": "Words in titles, text or bylines"}),
    )
    publication = django_filters.ModelChoiceFilter(
        field_name="issue__publication",
        label="Publication",
        to_field_name="slug",
        queryset=Publication.objects.none(),
        empty_label="All publications",
    )
    year = django_filters.ChoiceFilter(
        field_name="issue__date",
        lookup_expr="year",
        label="Issue year",
        choices=issue_year_choices,
        empty_label="Any year",
    )
    section = django_filters.ModelChoiceFilter(
        queryset=Section.objects.none(),
        empty_label="All sections",
    )
    kind = django_filters.ChoiceFilter(choices=ArticleKind.choices, empty_label="All kinds")
    person = django_filters.ModelChoiceFilter(
        method="filter_person",
        label="Person (by or about)",
        to_field_name="slug",
        queryset=Person.objects.none(),
        empty_label="Anyone",
    )
    organization = django_filters.ModelChoiceFilter(
        method="filter_organization",
        label="Organization (by or about)",
        to_field_name="slug",
        queryset=Organization.objects.none(),
        empty_label="Any organization",
    )

    class Meta:
        model = Article
        fields = ["q", "publication", "year", "section", "kind", "person", "organization"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Choices are built per request: "published" depends on the time, and only what readers
        # can see is offered (a draft-only publication or section must not show its name).
        self.filters["publication"].queryset = Publication.objects.published().order_by("name")
        self.filters["section"].queryset = (
            Section.objects.filter(Exists(Article.objects.published().filter(section=OuterRef("pk"))))
            .select_related("publication")
            .order_by("publication__name", "order", "title")
        )
        self.filters["person"].queryset = Person.objects.filter(
            Exists(Article.objects.published().filter(bylines__person=OuterRef("pk")))
            | Exists(Article.objects.published().filter(about_people=OuterRef("pk")))
        ).order_by("sort_name", "name")
        self.filters["organization"].queryset = Organization.objects.filter(
            Exists(Article.objects.published().filter(bylines__organization=OuterRef("pk")))
            | Exists(Article.objects.published().filter(about_organizations=OuterRef("pk")))
        ).order_by("name")

    def filter_text(self, queryset, name, value):
        return search_articles(queryset, value)

    def filter_person(self, queryset, name, person):
        return queryset.filter(
            Exists(Byline.objects.filter(article=OuterRef("pk"), person=person))
            | Exists(Article.about_people.through.objects.filter(article=OuterRef("pk"), person=person))
        )

    def filter_organization(self, queryset, name, organization):
        return queryset.filter(
            Exists(Byline.objects.filter(article=OuterRef("pk"), organization=organization))
            | Exists(
                Article.about_organizations.through.objects.filter(article=OuterRef("pk"), organization=organization)
            )
        )

    @property
    def qs(self):
        queryset = super().qs  # cleans a bound form first; cleaned_data keeps only the valid values
        if not (self.is_bound and self.form.cleaned_data.get("q")):
            queryset = queryset.order_by("-issue__date", "-issue__publish_at", "order")
        return queryset
