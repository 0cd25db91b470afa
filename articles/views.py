from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from articles.models import Article, Byline, Issue, Publication


class PublicationListView(ListView):
    model = Publication
    template_name = "articles/publication_list.html"


class PublicationDetailView(DetailView):
    model = Publication
    template_name = "articles/publication_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["issues"] = Issue.objects.published().filter(publication=self.object)
        return context


class IssueDetailView(DetailView):
    template_name = "articles/issue_detail.html"

    def get_queryset(self):
        bylines = Byline.objects.select_related("person", "organization")
        return (
            Issue.objects.published()
            .filter(publication__slug=self.kwargs["publication"])
            .select_related("publication")
            .prefetch_related(
                Prefetch(
                    "articles",
                    Article.objects.published()
                    .select_related("section")
                    .prefetch_related(Prefetch("bylines", bylines)),
                    to_attr="public_articles",
                ),
                "headlines__article",
            )
        )


class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"

    def get_queryset(self):
        return (
            Article.objects.published()
            .filter(issue__slug=self.kwargs["issue"], issue__publication__slug=self.kwargs["publication"])
            .select_related("issue__publication", "section")
            .prefetch_related(Prefetch("bylines", Byline.objects.select_related("person", "organization")))
        )
