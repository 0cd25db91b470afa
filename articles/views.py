from django.db.models import Count, Prefetch
from django.http import Http404
from django.views.generic import DetailView, ListView
from django_filters.views import FilterView

from articles.filters import ArticleFilter
from articles.models import Issue, Publication
from articles.search import search_excerpt
from articles.selectors import (
    article_for_page,
    article_relations,
    find_at_address,
    issue_contents,
    issue_for_page,
    link_issue,
    neighbours,
    public_article,
    public_articles,
    public_issue,
    search_choices,
    section_runs,
)
from articles.structured_data import article_json_ld, issue_json_ld
from core.caching import PublicPageMixin, cached_for_content
from core.images import share_image_url
from editorial.publishing import public_q
from editorial.slug_history import OldAddressRedirectMixin


def _moved(**address) -> str | None:
    item, moved = find_at_address(**address)
    return item.get_absolute_url() if moved else None


class PublicationListView(PublicPageMixin, ListView):
    template_name = "articles/publication_list.html"
    context_object_name = "publications"

    def get_queryset(self):
        public_issues = Issue.objects.published().order_by("-date", "-number")
        return (
            Publication.objects.published()
            .annotate(issue_count=Count("issues", filter=public_q("issues__")))
            .prefetch_related(Prefetch("issues", public_issues, to_attr="public_issues"))
            .order_by("name")
        )


class PublicationDetailView(PublicPageMixin, OldAddressRedirectMixin, DetailView):
    """A publication's description and its archive of published issues, grouped by year."""

    template_name = "articles/publication_detail.html"

    def get_queryset(self):
        return Publication.objects.published()

    def moved_address(self):
        return _moved(publication=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        issues = list(
            Issue.objects.published()
            .filter(publication=self.object)
            .annotate(article_count=Count("articles", filter=public_q("articles__")))
            .order_by("-date", "-number")
        )
        for issue in issues:
            issue.publication = self.object
        context["issues"] = issues
        return context


class IssueDetailView(PublicPageMixin, OldAddressRedirectMixin, DetailView):
    """Number, date, cover, headlines, articles by section run in issue order, colophon.

    `?full=1` prints every article in full (the whole issue, e.g. for printing).
    """

    template_name = "articles/issue_detail.html"
    template_engine = "jinja2"  # rendered most, and lists the most: newsroom/jinja2.py
    context_object_name = "issue"

    def get_queryset(self):
        return issue_for_page(publication_slug=self.kwargs["publication"], slug=self.kwargs["slug"], whole=self.full)

    def moved_address(self):
        return _moved(publication=self.kwargs["publication"], issue=self.kwargs["slug"])

    @property
    def full(self) -> bool:
        return self.request.GET.get("full") == "1"

    def get_object(self, queryset=None):
        if queryset is None and not self.full and type(self).get_queryset is IssueDetailView.get_queryset:
            # The public contents page: its one query planned once (core.prepared). Views that swap the
            # queryset (staff previews) and the whole issue take DetailView's way through it.
            issue = public_issue(publication_slug=self.kwargs["publication"], slug=self.kwargs["slug"])
            if issue is None:
                raise Http404("No published issue at this address.")
            return issue
        issue = super().get_object(queryset)
        if hasattr(issue, "public_articles"):  # the whole issue, or a staff preview's own articles
            link_issue(issue)
        return issue

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        issue = self.object
        if hasattr(issue, "public_articles"):
            runs, headlines, articles = (
                section_runs(issue.public_articles),
                issue.ordered_headlines,
                issue.public_articles,
            )
        else:  # the contents list: plain data, read faster (articles.selectors.issue_contents)
            contents = issue_contents(issue)
            runs, headlines, articles = contents.runs, contents.headlines, contents.articles
        context["runs"], context["headlines"] = runs, headlines
        context["full"] = self.full
        context["canonical_url"] = self.request.build_absolute_uri(issue.get_absolute_url())
        context["share_image"] = share_image_url(self.request, issue.cover_image)
        context["structured_data"] = issue_json_ld(issue, request=self.request, articles=articles)
        return context


class ArticleDetailView(PublicPageMixin, OldAddressRedirectMixin, DetailView):
    template_name = "articles/article_detail.html"
    template_engine = "jinja2"  # rendered most: newsroom/jinja2.py
    context_object_name = "article"

    def get_queryset(self):
        return article_for_page(publication_slug=self.kwargs["publication"], issue_slug=self.kwargs["issue"])

    def moved_address(self):
        kwargs = self.kwargs
        return _moved(publication=kwargs["publication"], issue=kwargs["issue"], article=kwargs["slug"])

    def get_object(self, queryset=None):
        if queryset is None and type(self).get_queryset is ArticleDetailView.get_queryset:
            # The public page: its one query planned once (core.prepared); previews and share links,
            # which swap the queryset, take DetailView's way through theirs.
            kwargs = self.kwargs
            article = public_article(
                publication_slug=kwargs["publication"], issue_slug=kwargs["issue"], slug=kwargs["slug"]
            )
            if article is None:
                raise Http404("No published article at this address.")
            return article
        return super().get_object(queryset)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        context["previous"], context["next"] = neighbours(article)
        relations = article_relations(article)
        article.byline_list = relations.bylines
        context["about_events"], context["corrections"] = relations.events, relations.corrections
        context["about_people"], context["about_organizations"] = relations.people, relations.organizations
        context["canonical_url"] = self.request.build_absolute_uri(article.get_absolute_url())
        context["share_image"] = share_image_url(self.request, article.lead_image)
        context["structured_data"] = article_json_ld(
            article, request=self.request, bylines=relations.bylines, image_url=context["share_image"]
        )
        return context


class SearchView(PublicPageMixin, FilterView):
    """Full-text search and filters over published articles; results and filters are a shareable GET URL."""

    filterset_class = ArticleFilter
    # An invalid value (an old link to a person since merged, say) is ignored, its error shown by
    # its field, and the valid filters still apply: cleaned_data holds only the valid ones.
    strict = False
    template_name = "articles/search.html"
    context_object_name = "articles"
    paginate_by = 20

    def get_queryset(self):
        return public_articles()

    def get_filterset_kwargs(self, filterset_class):
        # The choices change only with content: kept under the content version, not read on every search.
        choices = cached_for_content("search-choices", lambda now: search_choices(at=now))
        return {**super().get_filterset_kwargs(filterset_class), "choices": choices}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = self.filterset.form
        context["query"] = form.cleaned_data.get("q", "") if form.is_bound else ""  # cleaned by get()
        context["truncated"], context["result_limit"] = self.filterset.truncated, self.filterset.result_limit
        # Only the page's articles (at most paginate_by) get an excerpt; their bodies are loaded already.
        # Without search words, a standfirst says enough; the opening words stand in for a missing one.
        for article in context["articles"]:
            if context["query"] or not article.standfirst:
                article.excerpt = search_excerpt(article.body, context["query"])
        context["active_filters"] = [
            (form[name].label, form[name].data)
            for name in form.fields
            if name != "q" and form[name].data and name not in form.errors
        ]
        return context
