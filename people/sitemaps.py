"""Sitemaps of the people, organization, union and member pages: the rows the pages' own selectors serve."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from people import selectors


class DirectorySitemap(Sitemap):
    """The directory index pages: people, organizations, unions."""

    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return ["people:person_list", "people:organization_list", "people:union_list"]

    def location(self, name):
        return reverse(name)


class PersonSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.4
    limit = 5000

    def items(self):
        return selectors.people_with_pages().order_by("sort_name", "pk")

    def lastmod(self, person):
        return person.updated_at


class OrganizationSitemap(Sitemap):
    """Organizations and unions (get_absolute_url points a union at its union page)."""

    changefreq = "monthly"
    priority = 0.4
    limit = 5000

    def items(self):
        return selectors.organizations_with_pages().order_by("name", "pk")

    def lastmod(self, organization):
        return organization.updated_at


class MemberSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.4
    limit = 5000

    def items(self):
        return selectors.member_pages()

    def location(self, row):
        return reverse("people:member_detail", kwargs={"union_slug": row["union__slug"], "slug": row["member__slug"]})

    def lastmod(self, row):
        return row["member__updated_at"]
