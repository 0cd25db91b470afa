"""Previews of unpublished issues and articles, and share links.

The preview views subclass the public views and only swap the queryset (to include
unpublished items), so they render exactly what the public page will show, plus a
"Preview" banner (see editorial.preview). Every response here is private, never cached and not indexed.
A share link opens one article to anyone holding its signed address until it expires
or is revoked; it opens nothing else.
"""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from articles.models import Article, Byline, Issue, ShareLink
from articles.views import ArticleDetailView, IssueDetailView
from editorial.preview import StaffPreviewMixin, private_response
from editorial.publishing import Status


def _bylines():
    return Prefetch("bylines", Byline.objects.select_related("person", "organization"))


def _article_queryset():
    return Article.objects.select_related("issue__publication__publisher", "section").prefetch_related(
        _bylines(), "corrections"
    )


class ArticlePreviewView(StaffPreviewMixin, ArticleDetailView):
    template_name = "articles/preview/article_detail.html"
    permission = "articles.view_article"

    def get_queryset(self):
        return _article_queryset()

    def get_object(self, queryset=None):
        article = super().get_object(queryset)
        self.kwargs.update(publication=article.issue.publication.slug, issue=article.issue.slug, slug=article.slug)
        return article


class IssuePreviewView(StaffPreviewMixin, IssueDetailView):
    template_name = "articles/preview/issue_detail.html"
    permission = "articles.view_issue"

    def get_queryset(self):
        # Everything that would be published with the issue: all its articles except archived ones.
        articles = (
            Article.objects.exclude(status=Status.ARCHIVED).select_related("section").prefetch_related(_bylines())
        )
        return (
            Issue.objects.select_related("publication")
            .prefetch_related(Prefetch("articles", articles, to_attr="public_articles"), "headlines__article")
            .all()
        )

    def get_object(self, queryset=None):
        issue = super().get_object(queryset)
        self.kwargs.update(publication=issue.publication.slug, slug=issue.slug)
        return issue


class SharedArticleView(ArticleDetailView):
    template_name = "articles/preview/article_detail.html"

    def moved_address(self):
        return None  # addressed by its token, which has no old form

    def get(self, request, *args, **kwargs):
        link_pk = ShareLink.pk_from_token(kwargs["token"])
        link = ShareLink.objects.filter(pk=link_pk).first() if link_pk is not None else None
        if link is None:
            raise Http404("This share link does not exist.")
        if link.revoked_at is not None:
            return self.gone(request, link, "revoked")
        if not link.is_active():
            return self.gone(request, link, "expired")
        self.link = link
        self.object = _article_queryset().get(pk=link.article_id)
        self.kwargs.update(
            publication=self.object.issue.publication.slug, issue=self.object.issue.slug, slug=self.object.slug
        )
        context = self.get_context_data(object=self.object)
        context["preview"] = {"kind": "share", "object": self.object, "link": link, "is_public": False}
        response = private_response(self.render_to_response(context))
        response["Referrer-Policy"] = "no-referrer"
        return response

    def gone(self, request, link, reason):
        context = {"reason": reason, "link": link, "now": timezone.now()}
        response = render(request, "articles/preview/share_gone.html", context, status=410)
        response["Referrer-Policy"] = "no-referrer"
        return private_response(response)
