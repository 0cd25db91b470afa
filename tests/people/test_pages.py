"""Public person, organization, union and member pages."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from articles.models import ArticleKind
from editorial.publishing import Status
from events.models import OrganizationRole, PersonRole
from people.models import MembershipRole, OrganizationKind
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    EventFactory,
    EventOrganizationFactory,
    EventPersonFactory,
    IssueFactory,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    PositionFactory,
    UnionFactory,
)
from tests.helpers import png_upload

pytestmark = pytest.mark.django_db


def html_of(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def section(html, heading_id):
    """The HTML of the <section> labelled by `heading_id` ("" if absent)."""
    match = re.search(rf'<section[^>]*aria-labelledby="{heading_id}".*?</section>', html, re.S)
    return match.group(0) if match else ""


# ---------------------------------------------------------------- person


@pytest.fixture
def person():
    person = PersonFactory(name="Okimura Kazuki", name_original="沖村憲樹", name_original_language="ja")
    jst = OrganizationFactory(name="Japan Science and Technology Agency", short_name="JST")
    PositionFactory(person=person, organization=jst, title="Honorary President", start_date=dt.date(2015, 10, 1))
    PositionFactory(
        person=person,
        organization=jst,
        title="President",
        start_date=dt.date(2003, 10, 1),
        end_date=dt.date(2015, 9, 30),
    )
    return person


def test_person_page_shows_name_in_original_script_with_its_language(client, person):
    html = html_of(client, person.get_absolute_url())
    assert '<span class="original-name" lang="ja">沖村憲樹</span>' in html


def test_person_page_shows_current_positions_and_history(client, person):
    html = html_of(client, person.get_absolute_url())
    current = re.search(r'<ul class="current-positions">.*?</ul>', html, re.S).group(0)
    assert "Honorary President" in current
    assert "2003" not in current  # the presidency ended in 2015
    history = section(html, "history-heading")
    assert history.index("Honorary President") < history.index(">President<")
    assert "1 Oct 2003" in history and "30 Sep 2015" in history


def test_person_page_lists_articles_written_and_articles_about_them(client, person):
    BylineFactory(person=person, article=ArticleFactory(title="Looking forward to mutual benefit"))
    mention = ArticleFactory(title="Honorary president visits Beijing")
    mention.about_people.add(person)
    html = html_of(client, person.get_absolute_url())
    assert "Looking forward to mutual benefit" in section(html, "articles-by")
    assert "Honorary president visits Beijing" in section(html, "articles-about")
    assert "Honorary president visits Beijing" not in section(html, "articles-by")


def test_person_page_lists_events_where_they_spoke_by_role(client, person):
    EventPersonFactory(person=person, event=EventFactory(title="Annual Conference 2021"), role=PersonRole.KEYNOTE)
    EventPersonFactory(person=person, event=EventFactory(title="Media Forum"), role=PersonRole.SPEAKER)
    events = section(html_of(client, person.get_absolute_url()), "events-heading")
    assert events.index("Speaker") < events.index("Media Forum")
    assert events.index("Keynote speaker") < events.index("Annual Conference 2021")


def test_person_page_never_lists_unpublished_articles_or_events(client, person, hidden_articles, hidden_event):
    for article in hidden_articles:
        BylineFactory(person=person, article=article)
        article.about_people.add(person)
    EventPersonFactory(person=person, event=hidden_event)
    html = html_of(client, person.get_absolute_url())
    for hidden in [*hidden_articles, hidden_event]:
        assert hidden.title not in html


# ---------------------------------------------------------------- organization


@pytest.fixture
def agency():
    return OrganizationFactory(
        name="PR Newswire",
        kind=OrganizationKind.PRESS_RELEASE_SERVICE,
        country="US",
        website="https://www.prnewswire.com",
        description="A *press-release* distribution service.",
    )


def test_organization_page_shows_profile(client, agency):
    html = html_of(client, agency.get_absolute_url())
    assert "<h1>PR Newswire" in html
    assert "Press-release service" in html
    assert "United States of America" in html
    assert 'href="https://www.prnewswire.com"' in html
    assert "<em>press-release</em>" in html


def test_organization_page_lists_people_with_positions_there(client, agency):
    current = PositionFactory(organization=agency, title="China Media Development Director", person__name="Zhao Sha")
    PositionFactory(organization=agency, title="Reporter", person__name="Li Lei", end_date=dt.date(2019, 1, 1))
    people = section(html_of(client, agency.get_absolute_url()), "people-heading")
    assert people.index("Zhao Sha") < people.index("Formerly") < people.index("Li Lei")
    assert current.person.get_absolute_url() in people


def test_organization_page_lists_articles_by_it_its_staff_and_about_it(client, agency):
    BylineFactory(person=None, organization=agency, article=ArticleFactory(title="Signed by the agency"))
    staff = PositionFactory(organization=agency, start_date=dt.date(2020, 1, 1)).person
    BylineFactory(person=staff, article=ArticleFactory(title="Signed by its director", issue__date=dt.date(2022, 2, 1)))
    BylineFactory(person=staff, article=ArticleFactory(title="Written before joining", issue__date=dt.date(2019, 2, 1)))
    about = ArticleFactory(title="Agency opens Beijing office")
    about.about_organizations.add(agency)
    html = html_of(client, agency.get_absolute_url())
    by = section(html, "articles-by")
    assert "Signed by the agency" in by and "Signed by its director" in by
    assert "Written before joining" not in by
    assert "Agency opens Beijing office" in section(html, "articles-about")


def test_organization_page_groups_events_by_role(client, agency):
    EventOrganizationFactory(organization=agency, event=EventFactory(title="Hosted forum"), role=OrganizationRole.HOST)
    EventOrganizationFactory(
        organization=agency, event=EventFactory(title="Co-organized summit"), role=OrganizationRole.CO_ORGANIZER
    )
    events = section(html_of(client, agency.get_absolute_url()), "events-heading")
    assert events.index("Host") < events.index("Hosted forum") < events.index("Co-organizer")
    assert events.index("Co-organizer") < events.index("Co-organized summit")


def test_organization_page_lists_union_memberships_linking_to_member_pages(client, agency):
    membership = MembershipFactory(member=agency, union__name="IUSTC union", role=MembershipRole.FOUNDING_MEMBER)
    unions = section(html_of(client, agency.get_absolute_url()), "unions-heading")
    assert f'href="{membership.get_absolute_url()}"' in unions
    assert "Founding member of IUSTC union" in unions


def test_organization_page_never_lists_unpublished_articles_or_events(client, agency, hidden_articles, hidden_event):
    for article in hidden_articles:
        BylineFactory(person=None, organization=agency, article=article)
        article.about_organizations.add(agency)
    EventOrganizationFactory(organization=agency, event=hidden_event)
    html = html_of(client, agency.get_absolute_url())
    for hidden in [*hidden_articles, hidden_event]:
        assert hidden.title not in html


def test_a_union_at_the_organization_address_redirects_to_its_union_page(client):
    union = UnionFactory()
    response = client.get(reverse("people:organization_detail", kwargs={"slug": union.slug}))
    assert response.status_code == 302
    assert response["Location"] == reverse("people:union_detail", kwargs={"slug": union.slug})


# ---------------------------------------------------------------- union


@pytest.fixture
def union():
    union = UnionFactory(
        name="International Union of Sci-tech Communicators",
        short_name="IUSTC",
        founded_on=dt.date(2018, 9, 20),
        description="A union of **media**.",
    )
    for name, country, kind, role, joined in [
        ("Science and Technology Daily", "CN", OrganizationKind.NEWS_MEDIA, MembershipRole.INITIATOR, "2018-09-20"),
        ("Sputnik", "RU", OrganizationKind.NEWS_AGENCY, MembershipRole.FOUNDING_MEMBER, "2018-09-20"),
        ("Xinhua", "CN", OrganizationKind.NEWS_AGENCY, MembershipRole.MEMBER, "2019-03-01"),
        ("Clarivate", "GB", OrganizationKind.COMPANY, MembershipRole.FOUNDING_MEMBER, "2018-09-20"),
    ]:
        MembershipFactory(
            union=union,
            member=OrganizationFactory(name=name, country=country, kind=kind),
            role=role,
            joined_on=dt.date.fromisoformat(joined),
        )
    return union


def test_union_page_shows_about_and_founding_date(client, union):
    html = html_of(client, union.get_absolute_url())
    assert "A union of <strong>media</strong>." in html
    assert "20 September 2018" in html


def test_union_page_lists_current_officers_chairman_first_then_former(client, union):
    PositionFactory(
        organization=union, title="Secretary-General", person__name="Wang Wu", start_date=dt.date(2019, 1, 1)
    )
    PositionFactory(organization=union, title="Vice Chairman", person__name="Li Si", start_date=dt.date(2018, 9, 20))
    PositionFactory(organization=union, title="Chairman", person__name="Xu Zhilong", start_date=dt.date(2021, 12, 21))
    PositionFactory(
        organization=union,
        title="Chairman",
        person__name="Zhang San",
        start_date=dt.date(2018, 9, 20),
        end_date=dt.date(2021, 12, 20),
    )
    officers = section(html_of(client, union.get_absolute_url()), "officers-heading")
    order = [officers.index(name) for name in ("Xu Zhilong", "Li Si", "Wang Wu", "Former officers", "Zhang San")]
    assert order == sorted(order)


def test_union_page_groups_members_by_country_by_default(client, union):
    members = section(html_of(client, union.get_absolute_url()), "members-heading")
    groups = re.findall(r'<h3 class="member-group">([^<]+?) <span', members)
    assert groups == ["China", "Russia", "United Kingdom"]
    china = members[members.index(">China") : members.index(">Russia")]
    assert "Science and Technology Daily" in china and "Xinhua" in china
    assert 'joined <time datetime="2019-03-01">1 Mar 2019</time>' in china


def test_union_page_groups_members_by_kind_on_request(client, union):
    members = section(html_of(client, union.get_absolute_url() + "?group=kind"), "members-heading")
    groups = re.findall(r'<h3 class="member-group">([^<]+?) <span', members)
    assert groups == ["News media", "News agency", "Company"]
    assert 'href="?group=kind#members-heading" aria-current="true"' in members


def test_union_page_links_each_member_to_its_member_page_with_role(client, union):
    html = html_of(client, union.get_absolute_url())
    for membership in union.memberships.all():
        assert f'href="{membership.get_absolute_url()}"' in html
    assert "Initiator · joined" in html and "Founding member · joined" in html


def test_union_page_lists_former_members_apart(client, union):
    MembershipFactory(
        union=union, member__name="Gone Agency", joined_on=dt.date(2018, 9, 20), left_on=dt.date(2020, 1, 1)
    )
    html = html_of(client, union.get_absolute_url())
    members = section(html, "members-heading")
    assert members.index("Former members") < members.index("Gone Agency")
    assert '<span class="count">4</span>' in members


def test_union_page_404s_for_an_organization_that_is_not_a_union(client, agency):
    assert client.get(reverse("people:union_detail", kwargs={"slug": agency.slug})).status_code == 404


# ---------------------------------------------------------------- member


@pytest.fixture
def membership(union, agency):
    return MembershipFactory(union=union, member=agency, role=MembershipRole.MEMBER, joined_on=dt.date(2018, 11, 1))


def test_member_page_shows_membership_since_role_and_representatives(client, membership, agency):
    PositionFactory(organization=agency, title="China Media Development Director", person__name="Zhao Sha")
    PositionFactory(organization=agency, title="Former head", person__name="Gone Person", end_date=dt.date(2019, 1, 1))
    html = html_of(client, membership.get_absolute_url())
    assert '<dt>Member since</dt><dd><time datetime="2018-11-01">1 November 2018</time></dd>' in html
    assert "<dt>Role</dt><dd>Member</dd>" in html
    reps = section(html, "reps-heading")
    assert "Zhao Sha" in reps and "Gone Person" not in reps


def test_member_page_lists_statements_and_articles_by_the_member(client, membership, agency):
    director = PositionFactory(organization=agency, title="Director").person
    BylineFactory(
        person=director,
        article=ArticleFactory(title="Distribution meets multimedia", kind=ArticleKind.MEMBER_STATEMENT),
    )
    BylineFactory(
        person=None, organization=agency, article=ArticleFactory(title="Agency report", kind=ArticleKind.REPORT)
    )
    BylineFactory(article=ArticleFactory(title="Someone else's piece"))
    html = html_of(client, membership.get_absolute_url())
    assert "Distribution meets multimedia" in section(html, "statements-heading")
    assert "Agency report" in section(html, "articles-by")
    assert "Someone else's piece" not in html


def test_member_page_lists_events_it_took_part_in(client, membership, agency):
    EventOrganizationFactory(organization=agency, event=EventFactory(title="Annual Conference"), role="co_organizer")
    events = section(html_of(client, membership.get_absolute_url()), "events-heading")
    assert "Co-organizer" in events and "Annual Conference" in events


def test_member_page_never_lists_unpublished_articles_or_events(
    client, membership, agency, hidden_articles, hidden_event
):
    for article in hidden_articles:
        BylineFactory(person=None, organization=agency, article=article)
    EventOrganizationFactory(organization=agency, event=hidden_event)
    html = html_of(client, membership.get_absolute_url())
    for hidden in [*hidden_articles, hidden_event]:
        assert hidden.title not in html


def test_member_pages_exist_only_for_actual_members(client, union, agency):
    other_union = UnionFactory()
    MembershipFactory(union=other_union, member=agency)
    url = reverse("people:member_detail", kwargs={"union_slug": union.slug, "slug": agency.slug})
    assert client.get(url).status_code == 404
    url = reverse("people:member_detail", kwargs={"union_slug": other_union.slug, "slug": agency.slug})
    assert client.get(url).status_code == 200


def test_member_page_needs_a_union_not_any_organization(client, agency):
    """A membership row whose 'union' is not of kind union (kind changed later) gives no member page."""
    not_a_union = UnionFactory()
    MembershipFactory(union=not_a_union, member=agency)
    not_a_union.kind = OrganizationKind.SOCIETY
    not_a_union.save()
    url = reverse("people:member_detail", kwargs={"union_slug": not_a_union.slug, "slug": agency.slug})
    assert client.get(url).status_code == 404


def test_former_member_page_says_when_it_left(client, union, agency):
    membership = MembershipFactory(
        union=union, member=agency, joined_on=dt.date(2018, 9, 20), left_on=dt.date(2020, 1, 1)
    )
    html = html_of(client, membership.get_absolute_url())
    assert "<dt>Left</dt>" in html and "1 January 2020" in html


# ---------------------------------------------------------------- demo


def test_demo_union_page_reads_as_the_newsletter_describes(client, demo):
    html = html_of(client, reverse("people:union_detail", kwargs={"slug": "iustc"}))
    officers = section(html, "officers-heading")
    assert "Chairman" in officers and "Xu Zhilong" in officers
    for name in ("Sputnik News Agency and Radio", "PR Newswire", "Japan Science and Technology Agency", "Clarivate"):
        assert name in html
    assert "Union holds its first annual conference" in section(html, "articles-about")


def test_demo_member_page_shows_the_statement_signed_by_its_director(client, demo):
    html = html_of(client, reverse("people:member_detail", kwargs={"union_slug": "iustc", "slug": "pr-newswire"}))
    assert "Distribution meets multimedia" in section(html, "statements-heading")
    assert "Zhao Sha" in section(html, "reps-heading")
    assert "IUSTC Annual Conference 2021" in section(html, "events-heading")


def test_demo_member_pages_404_for_non_members(client, demo):
    for slug in ("cast", "iustc", "tsinghua-university"):
        url = reverse("people:member_detail", kwargs={"union_slug": "iustc", "slug": slug})
        assert client.get(url).status_code == 404, slug


def test_unpublished_issue_hides_its_articles_from_every_people_page(client, union, membership, agency, person):
    issue = IssueFactory(status=Status.IN_REVIEW, publish_at=None)
    article = ArticleFactory(issue=issue, title="Embargoed story")
    BylineFactory(article=article, person=person)
    article.about_people.add(person)
    article.about_organizations.add(agency, union)
    BylineFactory(article=article, person=None, organization=agency)
    for url in (
        person.get_absolute_url(),
        agency.get_absolute_url(),
        union.get_absolute_url(),
        membership.get_absolute_url(),
    ):
        assert "Embargoed story" not in html_of(client, url)


# ---------------------------------------------------------------- images


def test_person_page_shows_the_photo_with_its_alt_text(client):
    person = PersonFactory(photo=png_upload("zhao.png"), photo_alt="Zhao Sha at the conference", listed=True)
    html = html_of(client, person.get_absolute_url())
    assert f'src="{person.photo.url}" alt="Zhao Sha at the conference"' in html


def test_union_members_show_their_logo_or_initials(client, union):
    sputnik = union.memberships.get(member__name="Sputnik").member
    sputnik.logo = png_upload("sputnik.png")
    sputnik.save()
    members = section(html_of(client, union.get_absolute_url()), "members-heading")
    assert f'<img class="org-logo" src="{sputnik.logo.url}" alt=""' in members
    assert '<span class="org-logo org-monogram" aria-hidden="true">C</span>' in members  # Clarivate, no logo


# ---------------------------------------------------------------- upcoming: starting after today


def later(days=60):
    from django.utils import timezone

    return timezone.localdate() + dt.timedelta(days=days)


def test_person_page_shows_a_position_starting_later_as_upcoming_not_former(client, person):
    PositionFactory(person=person, title="Chair of the Board", start_date=later())
    html = html_of(client, person.get_absolute_url())
    current = re.search(r'<ul class="current-positions">.*?</ul>', html, re.S).group(0)
    assert "Chair of the Board" not in current
    upcoming = re.search(r'<li class="is-upcoming">.*?</li>', section(html, "history-heading"), re.S).group(0)
    assert "Chair of the Board" in upcoming and f'from <time datetime="{later():%Y-%m-%d}">' in upcoming
    assert "upcoming</span>" in upcoming


def test_person_page_shows_history_when_the_only_other_position_is_upcoming(client):
    person = PersonFactory()
    PositionFactory(person=person, title="Editor")
    PositionFactory(person=person, title="Editor-in-chief", start_date=later())
    history = section(html_of(client, person.get_absolute_url()), "history-heading")
    assert history.index("Editor-in-chief") < history.index("upcoming</span>") < history.index(">Editor<")


def test_organization_page_lists_people_starting_later_apart_from_former(client, agency):
    PositionFactory(organization=agency, title="Reporter", person__name="Li Lei", end_date=dt.date(2019, 1, 1))
    PositionFactory(organization=agency, title="Bureau chief", person__name="Chen Jing", start_date=later())
    people = section(html_of(client, agency.get_absolute_url()), "people-heading")
    assert people.index("Starting soon") < people.index("Chen Jing") < people.index("Formerly") < people.index("Li Lei")


def test_union_page_lists_incoming_officers_apart_from_former(client, union):
    PositionFactory(organization=union, title="Chairman", person__name="Xu Zhilong", start_date=dt.date(2021, 12, 21))
    PositionFactory(organization=union, title="Secretary-General", person__name="Ma Lin", start_date=later())
    officers = section(html_of(client, union.get_absolute_url()), "officers-heading")
    assert "Former officers" not in officers
    assert officers.index("Xu Zhilong") < officers.index("Incoming officers") < officers.index("Ma Lin")


def test_union_page_lists_members_joining_later_apart_from_former(client, union):
    MembershipFactory(union=union, member__name="Future Agency", joined_on=later())
    members = section(html_of(client, union.get_absolute_url()), "members-heading")
    assert "Former members" not in members
    assert members.index("Joining soon") < members.index("Future Agency")
    assert f'joins on <time datetime="{later():%Y-%m-%d}">' in members
    assert '<span class="count">4</span>' in members  # not a member yet


def test_pages_of_a_member_joining_later_say_when_it_joins(client, union, agency):
    membership = MembershipFactory(union=union, member=agency, joined_on=later())
    html = html_of(client, membership.get_absolute_url())
    assert f'<dt>Joins on</dt><dd><time datetime="{later():%Y-%m-%d}">' in html
    unions = section(html_of(client, agency.get_absolute_url()), "unions-heading")
    assert "joins on" in unions and "since" not in unions
