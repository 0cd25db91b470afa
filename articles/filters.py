"""Search and filters for published articles (django-filter); every value lives in the GET URL."""

import html

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.safestring import mark_safe

from articles.models import Article, ArticleKind, Byline, credited_to_q
from articles.search import ranked_search
from articles.selectors import SearchChoices, search_choices
from people.models import Organization

_FILTER_OF_CHOICES = {
    "publications": "publication",
    "years": "year",
    "sections": "section",
    "people": "person",
    "organizations": "organization",
}


def _html(value) -> str:
    """Django's conditional_escape without its lazy-string wrapper, which costs more than the escaping."""
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


class QuickSelect(forms.Select):
    """Django's <select>, the same markup, rendered by plain string building.

    A busy archive offers hundreds of authors: Django's option templates cost about 0.1 ms each, and
    even format_html() per option costs more than the rest of a search's page.
    """

    def render(self, name, value, attrs=None, renderer=None):
        values, chosen, lines = self.format_value(value), False, []
        for option_value, label in self.choices:
            group = isinstance(label, list | tuple)
            options = []
            for sub_value, sub_label in label if group else [("" if option_value is None else option_value, label)]:
                selected = not chosen and str(sub_value) in values  # the first match only, as Django's Select
                chosen = chosen or selected
                mark = " selected" if selected else ""
                options.append(f'<option value="{_html(sub_value)}"{mark}>{_html(sub_label)}</option>')
            joined = "\n  ".join(options)
            lines.append(
                f'<optgroup label="{_html(option_value)}">{joined}</optgroup>' if group and option_value else joined
            )
        select_attrs = "".join(  # as django/forms/widgets/attrs.html writes them
            f" {key}" if item is True else f' {key}="{_html(item)}"'
            for key, item in self.build_attrs(self.attrs, attrs).items()
            if item is not False
        )
        return mark_safe(f'<select name="{_html(name)}"{select_attrs}>\n  ' + "\n  ".join(lines) + "\n</select>")


class ArticleFilter(django_filters.FilterSet):
    """Search words and filters. `choices` (articles.selectors.SearchChoices) are what the filters offer and
    accept; the search page passes them from the cache of the current content version."""

    q = django_filters.CharFilter(
        method="filter_text",
        label="Search",
        widget=forms.SearchInput(attrs={"placeholder": "Words in titles, text or bylines"}),
    )
    publication = django_filters.ChoiceFilter(
        field_name="issue__publication__slug", label="Publication", widget=QuickSelect, empty_label="All publications"
    )
    year = django_filters.ChoiceFilter(
        field_name="issue__date", lookup_expr="year", label="Issue year", widget=QuickSelect, empty_label="Any year"
    )
    section = django_filters.ChoiceFilter(field_name="section", empty_label="All sections", widget=QuickSelect)
    kind = django_filters.ChoiceFilter(choices=ArticleKind.choices, empty_label="All kinds", widget=QuickSelect)
    person = django_filters.ChoiceFilter(
        method="filter_person", label="Person (by or about)", widget=QuickSelect, empty_label="Anyone"
    )
    organization = django_filters.ChoiceFilter(
        method="filter_organization",
        label="Organization (by or about)",
        widget=QuickSelect,
        empty_label="Any organization",
    )

    class Meta:
        model = Article
        fields = ["q", "publication", "year", "section", "kind", "person", "organization"]

    def __init__(self, *args, choices: SearchChoices | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only what readers can see is offered, and "published" depends on the time: never class-level choices.
        choices = choices or search_choices(at=timezone.now())
        for name in ("publications", "years", "sections", "people", "organizations"):
            self.filters[_FILTER_OF_CHOICES[name]].extra["choices"] = getattr(choices, name)

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

    def filter_person(self, queryset, name, slug):
        return queryset.filter(
            Exists(Byline.objects.filter(article=OuterRef("pk"), person__slug=slug))
            | Exists(Article.about_people.through.objects.filter(article=OuterRef("pk"), person__slug=slug))
        )

    def filter_organization(self, queryset, name, slug):
        # By: a byline, or (unsigned) as the publisher the article is credited to (Article.credits).
        organization = Organization.objects.filter(slug=slug).values("pk")[:1]
        return queryset.filter(
            credited_to_q(organization)
            | Exists(
                Article.about_organizations.through.objects.filter(article=OuterRef("pk"), organization__slug=slug)
            )
        )

    @property
    def qs(self):
        queryset = super().qs  # cleans a bound form first; cleaned_data keeps only the valid values
        if not (self.is_bound and self.form.cleaned_data.get("q")):
            queryset = queryset.order_by("-issue__date", "-issue__publish_at", "order")
        return queryset
