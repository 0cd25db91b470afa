"""People and organization directories: search and filters, pagination, the unions index."""

import datetime as dt

import pytest
from django.urls import reverse

from people.models import OrganizationKind
from tests.factories import MembershipFactory, OrganizationFactory, PersonFactory, PositionFactory, UnionFactory

pytestmark = pytest.mark.django_db


def names_on(client, url, css_class):
    import re

    html = client.get(url).content.decode()
    return re.findall(rf'class="{css_class}" href="[^"]+">([^<]+)<', html)


@pytest.fixture
def registry():
    union = UnionFactory(name="IUSTC", slug="iustc")
    sputnik = OrganizationFactory(name="Sputnik", country="RU", kind=OrganizationKind.NEWS_AGENCY)
    daily = OrganizationFactory(name="Science and Technology Daily", country="CN", kind=OrganizationKind.NEWS_MEDIA)
    cas = OrganizationFactory(
        name="Chinese Academy of Sciences", country="CN", kind=OrganizationKind.RESEARCH_INSTITUTE
    )
    gone = OrganizationFactory(name="Gone Agency", country="RU", kind=OrganizationKind.NEWS_AGENCY)
    MembershipFactory(union=union, member=sputnik)
    MembershipFactory(union=union, member=daily)
    MembershipFactory(union=union, member=gone, left_on=dt.date(2020, 1, 1))
    PositionFactory(person=PersonFactory(name="Ivan Petrov"), organization=sputnik, title="Editor")
    xu = PersonFactory(name="Xu Zhilong")
    PositionFactory(person=xu, organization=daily, title="Editor-in-chief")
    PositionFactory(person=xu, organization=union, title="Chairman")
    PositionFactory(
        person=PersonFactory(name="Zhuang Guiyang", name_original="庄贵阳"), organization=cas, title="Professor"
    )
    PositionFactory(person=PersonFactory(name="Former Staff"), organization=daily, end_date=dt.date(2019, 1, 1))
    return union


def test_people_directory_lists_everyone_with_current_position(client, registry):
    html = client.get(reverse("people:person_list")).content.decode()
    assert "Zhuang Guiyang" in html and "Professor, Chinese Academy of Sciences" in html
    assert '<span lang="zh">庄贵阳</span>' in html


def test_people_search_matches_original_script(client, registry):
    assert names_on(client, "/people/?q=庄贵", "person-name") == ["Zhuang Guiyang"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("country=CN", ["Xu Zhilong", "Zhuang Guiyang"]),
        ("country=RU", ["Ivan Petrov"]),
        ("organization=iustc", ["Xu Zhilong"]),
        ("role=editor", ["Ivan Petrov"]),
        ("role=editor&country=CN", []),
        ("q=xu&country=CN", ["Xu Zhilong"]),
    ],
)
def test_people_filters_use_current_positions(client, registry, query, expected):
    assert names_on(client, f"/people/?{query}", "person-name") == expected


def test_people_filters_offer_only_choices_that_find_someone(client, registry):
    from tests.factories import OrganizationFactory

    # An Italian organization with nobody in the directory at it: Italy is an organization country, not a people one.
    OrganizationFactory(name="Istituto Fittizio", country="IT")
    html = client.get("/people/").content.decode()
    assert '<option value="IT">' not in html
    assert '<option value="CN">China</option>' in html
    assert "Country of their organization" in html
    assert 'value="istituto-fittizio"' not in html and ">Sputnik</option>" in html
    assert '<option value="editor">Editor</option>' in html and '<option value="professor">Professor</option>' in html
    # Organization kinds and unions say nothing about a person: not offered on the people directory.
    assert 'name="kind"' not in html and 'name="union"' not in html
    for country in ("CN", "RU"):
        assert names_on(client, f"/people/?country={country}", "person-name")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=sci", ["Chinese Academy of Sciences", "Science and Technology Daily"]),
        ("country=RU", ["Gone Agency", "Sputnik"]),
        ("kind=news_agency", ["Gone Agency", "Sputnik"]),
        ("union=iustc", ["Science and Technology Daily", "Sputnik"]),
        ("union=iustc&kind=news_agency", ["Sputnik"]),
    ],
)
def test_organization_filters(client, registry, query, expected):
    assert names_on(client, f"/organizations/?{query}", "member-name") == expected


def test_country_filter_offers_only_countries_in_use(client, registry):
    html = client.get("/organizations/").content.decode()
    assert '<option value="RU">Russia</option>' in html
    assert '<option value="JP">' not in html
    assert '<option value="" selected>Any country</option>' in html


def test_an_invalid_filter_is_ignored_and_says_why_while_the_valid_ones_apply(client, registry):
    html = client.get("/organizations/?kind=spaceship&country=RU").content.decode()
    assert 'id="id_kind_error">Select a valid choice' in html  # next to its field
    assert names_on(client, "/organizations/?kind=spaceship&country=RU", "member-name") == ["Gone Agency", "Sputnik"]


def test_an_unknown_country_is_ignored_in_the_people_directory(client, registry):
    html = client.get("/people/?country=ZZ&role=professor").content.decode()
    assert 'id="id_country_error">Select a valid choice' in html  # next to its field
    assert names_on(client, "/people/?country=ZZ&role=professor", "person-name") == ["Zhuang Guiyang"]


def test_unions_index_lists_each_union_with_its_current_members_and_is_linked(client, registry):
    UnionFactory(name="Fictional Union of Lantern Makers", slug="lanterns")
    html = client.get("/unions/").content.decode()
    assert names_on(client, "/unions/", "member-name") == ["Fictional Union of Lantern Makers", "IUSTC"]
    assert "2 current member organizations" in html  # Gone Agency left in 2020
    assert "0 current member organizations" in html
    assert 'href="/unions/iustc/"' in html
    assert 'href="/unions/">Unions</a>' in client.get("/").content.decode()  # site navigation
    assert "/unions/</loc>" in client.get("/sitemap.xml").content.decode()


def test_directories_paginate_and_keep_filters_in_page_links(client):
    for i in range(55):
        OrganizationFactory(name=f"Agency {i:02d}", country="CN")
    html = client.get("/organizations/?country=CN").content.decode()
    assert "Page 1 of 2" in html
    assert 'href="?country=CN&amp;page=2"' in html
    second = client.get("/organizations/?country=CN&page=2").content.decode()
    assert "Agency 54" in second and "Agency 00" not in second
