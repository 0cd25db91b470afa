"""Issue #13 item 6: a changed slug keeps the old address, which answers 301 with the current one."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from articles.models import Article
from editorial.publishing import Status
from tests.events.test_admin import form_data
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    EventFactory,
    IssueFactory,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    PublicationFactory,
    UnionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin", password="pw-123456789"))
    return client


def _change(client, obj, **fields):
    """Save `obj`'s admin change form with `fields` changed; returns the response."""
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    response = client.post(url, form_data(client.get(url), **fields))
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def _redirects(client, old_url, new_url):
    response = client.get(old_url)
    assert (response.status_code, response["Location"]) == (301, new_url)
    assert client.get(new_url).status_code == 200


@pytest.fixture
def article():
    article = ArticleFactory(
        issue=IssueFactory(publication=PublicationFactory(slug="weekly"), slug="no-1"), slug="budget-talks"
    )
    BylineFactory(article=article)
    return article


def test_a_renamed_article_answers_at_its_old_address_with_a_permanent_redirect(admin, article):
    old_url = article.get_absolute_url()
    response = _change(admin, article, slug="budget-talks-resume")
    article.refresh_from_db()
    new_url = article.get_absolute_url()
    _redirects(admin, old_url, new_url)
    _redirects(admin, old_url + "?utm=x", new_url + "?utm=x")
    notes = [str(message) for message in get_messages(response.wsgi_request)]
    assert any(f"changed from {old_url} to {new_url}" in note and "redirects to the new one" in note for note in notes)


def test_the_slug_field_tells_the_editor_the_old_address_will_redirect(admin, article):
    page = admin.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert "Changing it later keeps the old address working: it redirects here" in page


def test_an_old_publication_or_issue_slug_leads_to_everything_under_it(admin, article):
    old_issue, old_article = article.issue.get_absolute_url(), article.get_absolute_url()
    old_feed = reverse("articles:publication_feed_atom", kwargs={"slug": "weekly"})
    _change(admin, article.issue.publication, slug="weekly-news")
    _change(admin, article.issue, slug="number-1")
    article.refresh_from_db()
    _redirects(admin, old_article, article.get_absolute_url())
    _redirects(admin, old_issue + "?full=1", article.issue.get_absolute_url() + "?full=1")
    _redirects(admin, old_feed, reverse("articles:publication_feed_atom", kwargs={"slug": "weekly-news"}))
    _redirects(admin, "/publications/weekly/", "/publications/weekly-news/")


def test_an_article_moved_to_another_issue_keeps_its_old_address(admin, article):
    old_url = article.get_absolute_url()
    other = IssueFactory(publication=article.issue.publication, slug="no-2")
    _change(admin, article, issue=other.pk, order=5)
    _redirects(admin, old_url, "/publications/weekly/no-2/budget-talks/")


def test_a_slug_changed_in_the_issues_article_inline_keeps_the_old_address(admin, article):
    old_url = article.get_absolute_url()
    _change(admin, article.issue, **{"articles-0-slug": "renamed"})
    assert Article.objects.get(pk=article.pk).slug == "renamed"
    _redirects(admin, old_url, "/publications/weekly/no-1/renamed/")


def test_old_addresses_of_people_organizations_unions_members_and_events_redirect(admin):
    person, organization = PersonFactory(slug="li-ming", listed=True), OrganizationFactory(slug="cast")
    membership = MembershipFactory(union=UnionFactory(slug="union"), member=organization)
    event = EventFactory(slug="forum-2030")
    old = {
        "person": person.get_absolute_url(),
        "organization": organization.get_absolute_url(),
        "member": membership.get_absolute_url(),
        "union": membership.union.get_absolute_url(),
        "event": event.get_absolute_url(),
        "ics": reverse("events:event_ics", kwargs={"slug": "forum-2030"}),
    }
    _change(admin, person, slug="李明")
    _change(admin, organization, slug="cast-china")
    _change(admin, membership.union, slug="the-union")
    _change(admin, event, slug="forum")
    _redirects(admin, old["person"], "/people/%E6%9D%8E%E6%98%8E/")
    _redirects(admin, old["organization"], "/organizations/cast-china/")
    _redirects(admin, old["union"], "/unions/the-union/")
    _redirects(admin, old["member"], "/unions/the-union/members/cast-china/")
    _redirects(admin, "/unions/union/members/cast-china/", "/unions/the-union/members/cast-china/")
    _redirects(admin, old["event"], "/events/forum/")
    _redirects(admin, old["ics"], "/events/forum/event.ics")


def test_an_old_address_reveals_nothing_unpublished_and_a_live_slug_wins(client, admin, article):
    old_url = article.get_absolute_url()
    _change(admin, article, slug="renamed")
    Article.objects.filter(pk=article.pk).update(status=Status.DRAFT)
    assert client.get(old_url).status_code == 404
    Article.objects.filter(pk=article.pk).update(status=Status.PUBLISHED)
    newcomer = ArticleFactory(issue=article.issue, slug="budget-talks")
    page = client.get(old_url)
    assert page.status_code == 200
    html = page.content.decode()  # the article page is a Jinja2 template: no response.context
    assert f'<h1 class="article__title">{newcomer.title}</h1>' in html
    assert f'<h1 class="article__title">{article.title}</h1>' not in html


def test_an_unknown_address_is_still_a_404(client, article):
    assert client.get("/publications/weekly/no-1/never-existed/").status_code == 404
    assert client.get("/people/nobody/").status_code == 404
