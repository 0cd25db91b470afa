"""Search and filters for published articles (django-filter); every value lives in the GET URL."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join

from articles.models import Article, ArticleKind, Byline, Issue, Publication, Section, credited_to_q
from articles.search import ranked_search
from people.models import Organization, Person


def issue_year_choices():
    years = Issue.objects.published().dates("date", "year", order="DESC")
    return [(day.year, str(day.year)) for day in years]


class QuickSelect(forms.Select):
    """Django's <select>, markup unchanged, rendered in Python rather than one template per option.

    A busy archive offers hundreds of authors: Django's option templates cost about 0.1 ms each,
    which alone would make every search page slow.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        groups = []
        for group_name, options, _ in widget["optgroups"]:
            html = format_html_join(
                "\n  ",
                '<option value="{}"{}>{}</option>',
                ((o["value"], flatatt(o["attrs"]), o["label"]) for o in options),
            )
            groups.append(format_html('<optgroup label="{}">{}</optgroup>', group_name, html) if group_name else html)
        return format_html(
            '<select name="{}"{}>\n  {}\n</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            format_html_join("\n  ", "{}", ((group,) for group in groups)),
        )


class ArticleFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_text",
        label="Search",
        widget=forms.SearchInput(attrs={"placeholder": "Words in titles, text or bylines"}),
    )
    publication = django_filters.ModelChoiceFilter(
        field_name="issue__publication",
        label="Publication",
        widget=QuickSelect,
        to_field_name="slug",
        queryset=Publication.objects.none(),
        empty_label="All publications",
    )
    year = django_filters.ChoiceFilter(
        field_name="issue__date",
        lookup_expr="year",
        label="Issue year",
        widget=QuickSelect,
        choices=issue_year_choices,
        empty_label="Any year",
    )
    section = django_filters.ModelChoiceFilter(
        queryset=Section.objects.none(),
        empty_label="All sections",
        widget=QuickSelect,
    )
    kind = django_filters.ChoiceFilter(choices=ArticleKind.choices, empty_label="All kinds", widget=QuickSelect)
    person = django_filters.ModelChoiceFilter(
        method="filter_person",
        label="Person (by or about)",
        widget=QuickSelect,
        to_field_name="slug",
        queryset=Person.objects.none(),
        empty_label="Anyone",
    )
    organization = django_filters.ModelChoiceFilter(
        method="filter_organization",
        label="Organization (by or about)",
        widget=QuickSelect,
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
        self.filters["person"].queryset = (
            Person.objects.filter(
                Exists(Article.objects.published().filter(bylines__person=OuterRef("pk")))
                | Exists(Article.objects.published().filter(about_people=OuterRef("pk")))
            )
            .order_by("sort_name", "name")
            .only("name", "sort_name", "slug")
        )  # what an option shows
        self.filters["organization"].queryset = (
            Organization.objects.filter(
                Exists(Article.objects.published().filter(bylines__organization=OuterRef("pk")))
                | Exists(Article.objects.published().credited_to_publisher(OuterRef("pk")))
                | Exists(Article.objects.published().filter(about_organizations=OuterRef("pk")))
            )
            .order_by("name")
            .only("name", "short_name", "slug")
        )

    # Set by a search: True when more articles matched the words than it ranks (`result_limit`).
    truncated = False
    result_limit = None
    narrowed = False  # another filter has a value

    def filter_queryset(self, queryset):
        # The words are matched last: only the most recent matches are ranked, and "most recent"
        # must be counted among the articles the other filters leave.
        data = self.form.cleaned_data
        self.narrowed = False
        for name, value in data.items():
            if name != "q":
                queryset = self.filters[name].filter(queryset, value)
                self.narrowed = self.narrowed or value not in (None, "", [], ())
        return self.filters["q"].filter(queryset, data["q"]) if "q" in data else queryset

    def filter_text(self, queryset, name, value):
        search = ranked_search(queryset, value, narrowed=self.narrowed)
        self.truncated, self.result_limit = search.truncated, search.limit
        return search.articles

    def filter_person(self, queryset, name, person):
        return queryset.filter(
            Exists(Byline.objects.filter(article=OuterRef("pk"), person=person))
            | Exists(Article.about_people.through.objects.filter(article=OuterRef("pk"), person=person))
        )

    def filter_organization(self, queryset, name, organization):
        # By: a byline, or (unsigned) as the publisher the article is credited to (Article.credits).
        return queryset.filter(
            credited_to_q(organization)
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
