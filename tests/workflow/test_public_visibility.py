"""Anonymous visitors never see a draft, in-review, approved, scheduled-not-yet-due or archived item anywhere."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from editorial.publishing import Status
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    EventFactory,
    IssueFactory,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    PublicationFactory,
)

pytestmark = pytest.mark.django_db

HIDDEN = [Status.DRAFT, Status.IN_REVIEW, Status.APPROVED, Status.SCHEDULED, Status.ARCHIVED]


def _when(status):
    # Scheduled items are due tomorrow; the others carry a past time, which must not make them public.
    day = dt.timedelta(days=1)
    return timezone.now() + day if status == Status.SCHEDULED else timezone.now() - day


@pytest.fixture
def site():
    publication = PublicationFactory(slug="newsletter")
    person = PersonFactory(name="Known Author")
    organization = OrganizationFactory(name="Known Org")
    membership = MembershipFactory(member=organization)
    public_issue = IssueFactory(publication=publication, title="Public issue")
    public_article = ArticleFactory(issue=public_issue, title="Public article")
    BylineFactory(article=public_article, person=person)
    hidden = []
    for status in HIDDEN:
        article = ArticleFactory(issue=public_issue, status=status, publish_at=_when(status), title=f"Hidden {status}")
        BylineFactory(article=article, person=person)
        issue = IssueFactory(publication=publication, status=status, publish_at=_when(status), title=f"Issue {status}")
        inner = ArticleFactory(issue=issue, title=f"Published in {status} issue")  # published, but its issue is not
        event = EventFactory(status=status, publish_at=_when(status), title=f"Event {status}")
        event.organizations.add(organization, through_defaults={})
        hidden += [article, issue, inner, event]
    return {
        "publication": publication,
        "person": person,
        "organization": organization,
        "membership": membership,
        "hidden": hidden,
        "public": [public_issue, public_article],
    }


def _public_pages(site):
    membership = site["membership"]
    return [
        reverse("home"),
        reverse("articles:publication_list"),
        site["publication"].get_absolute_url(),
        site["public"][0].get_absolute_url(),
        site["public"][1].get_absolute_url(),
        reverse("events:event_list"),
        reverse("people:person_list"),
        site["person"].get_absolute_url(),
        reverse("people:organization_list"),
        site["organization"].get_absolute_url(),
        reverse("people:union_detail", kwargs={"slug": membership.union.slug}),
        reverse("people:member_detail", kwargs={"union_slug": membership.union.slug, "slug": membership.member.slug}),
    ]


def test_hidden_items_appear_on_no_public_page(client, site):
    for url in _public_pages(site):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        for item in site["hidden"]:
            assert item.title not in html, f"{item.title} leaked on {url}"
    assert "Public article" in client.get(reverse("home")).content.decode()


def test_hidden_items_have_no_public_address(client, site):
    for item in site["hidden"]:
        assert client.get(item.get_absolute_url()).status_code == 404, item.title


def test_hidden_items_stay_out_of_preview_urls_for_anonymous(client, site):
    for item in site["hidden"]:
        if item._meta.model_name in ("article", "issue"):
            url = reverse(f"articles_preview:{item._meta.model_name}", kwargs={"pk": item.pk})
            response = client.get(url)
            assert response.status_code == 302 and item.title not in response.content.decode()
