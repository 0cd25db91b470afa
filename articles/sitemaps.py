"""Sitemaps: only what `.published()` lets the public see."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from articles.models import Article, Issue, Publication
from editorial.publishing import public_q


class PublicationSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return (
            Publication.objects.published()
            .annotate(last_issue=Max("issues__updated_at", filter=public_q("issues__")))
            .order_by("name")
        )

    def lastmod(self, publication):
        return publication.last_issue


class IssueSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return Issue.objects.published().select_related("publication").order_by("-date", "pk")

    def lastmod(self, issue):
        return issue.updated_at


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.7
    limit = 5000

    def items(self):
        return Article.objects.published().select_related("issue__publication").order_by("-publish_at", "pk")

    def lastmod(self, article):
        return article.updated_at
