from django.contrib import admin

from articles.bylines import BylineForm, BylineInlineFormSet
from articles.exchange.admin import IssueExchangeAdminMixin
from articles.models import Article, Byline, Headline, Issue, Publication, Section
from newsroom.admin_ordering import OrderedInlineForm, OrderedInlineFormSet


class SectionInline(admin.TabularInline):
    model = Section
    extra = 1
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ["name", "language", "publisher"]
    list_filter = ["language"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["publisher"]
    inlines = [SectionInline]


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["title", "publication", "order"]
    list_filter = ["publication"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}


class HeadlineInline(admin.TabularInline):
    model = Headline
    form = OrderedInlineForm
    formset = OrderedInlineFormSet
    extra = 1
    fields = ["order", "text", "article"]
    autocomplete_fields = ["article"]


class ArticleInline(admin.TabularInline):
    model = Article
    form = OrderedInlineForm
    formset = OrderedInlineFormSet
    extra = 0
    fields = ["order", "title", "kind", "section", "status"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("section")


@admin.register(Issue)
class IssueAdmin(IssueExchangeAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "publication", "number", "date", "status", "publish_at"]
    list_filter = ["publication", "status", "date"]
    search_fields = ["title", "number", "publication__name"]
    prepopulated_fields = {"slug": ["number"]}
    date_hierarchy = "date"
    list_select_related = ["publication"]
    inlines = [HeadlineInline, ArticleInline]
    fieldsets = [
        (None, {"fields": ["publication", "number", "slug", "date", "title"]}),
        ("Cover & colophon", {"fields": ["cover_image", "cover_image_alt", "colophon"]}),
        ("Publishing", {"fields": ["status", "publish_at"]}),
    ]


class BylineInline(admin.TabularInline):
    model = Byline
    form = BylineForm
    formset = BylineInlineFormSet
    extra = 1
    fields = ["order", "person", "organization", "position_as_printed"]
    autocomplete_fields = ["person", "organization"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "issue", "order", "section", "kind", "status", "publish_at"]
    list_filter = ["kind", "status", "issue__publication", "section", "issue"]
    search_fields = ["title", "standfirst", "body", "bylines__person__name", "bylines__organization__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["issue", "section", "about_people", "about_organizations", "about_events"]
    date_hierarchy = "publish_at"
    list_select_related = ["issue__publication", "section"]
    inlines = [BylineInline]
    fieldsets = [
        (None, {"fields": ["issue", "order", "section", "kind", "title", "slug", "standfirst", "body"]}),
        ("Dateline", {"fields": ["dateline_place", "dateline_date"]}),
        ("Lead image", {"fields": ["lead_image", "lead_image_alt", "lead_image_caption", "lead_image_credit"]}),
        ("About", {"fields": ["about_people", "about_organizations", "about_events"]}),
        ("Publishing", {"fields": ["status", "publish_at"]}),
    ]

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return queryset, True if search_term else may_have_duplicates


@admin.register(Byline)
class BylineAdmin(admin.ModelAdmin):
    form = BylineForm
    list_display = ["__str__", "article"]
    search_fields = ["person__name", "organization__name", "position_as_printed", "article__title"]
    autocomplete_fields = ["article", "person", "organization"]
    list_select_related = ["article", "person", "organization"]


@admin.register(Headline)
class HeadlineAdmin(admin.ModelAdmin):
    list_display = ["text", "issue", "order", "article"]
    list_filter = ["issue__publication"]
    search_fields = ["text", "issue__title", "issue__number"]
    autocomplete_fields = ["issue", "article"]
    list_select_related = ["issue__publication", "article"]
