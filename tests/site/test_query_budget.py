"""Issue and article pages cost a fixed number of queries, the same for 3, 30 and 300 articles.

Cold (rendered): at most BUDGET. Warm (served from the page cache): the version query alone.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.caching import page_cache

pytestmark = pytest.mark.django_db

# The page's own queries, plus the content version (core.versions). An article page makes 7: the article
# (issue, publication, section), its neighbours in the issue, bylines, events, people, organizations and
# corrections; the issue page 4.
BUDGET = 7 + 1


def count_queries(client, url):
    """Queries of a cold request: nothing cached, in the cache or in this process."""
    page_cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("size", [3, 30, 300])
def test_issue_page_within_budget(client, build_issue, size, django_assert_max_num_queries):
    issue = build_issue(size)
    with django_assert_max_num_queries(BUDGET):
        response = client.get(issue.get_absolute_url())
    assert response.content.decode().count('class="article-card"') == size


@pytest.mark.parametrize("size", [3, 30, 300])
def test_whole_issue_view_within_budget(client, build_issue, size, django_assert_max_num_queries):
    issue = build_issue(size)
    with django_assert_max_num_queries(BUDGET):
        response = client.get(issue.get_absolute_url() + "?full=1")
    assert response.content.decode().count('class="issue-article"') == size


@pytest.mark.parametrize("size", [3, 30, 300])
def test_article_page_within_budget(client, build_issue, size, django_assert_max_num_queries):
    issue = build_issue(size)
    middle = issue.articles.get(order=size // 2 + 1)
    middle.about_people.set([middle.bylines.first().person])
    with django_assert_max_num_queries(BUDGET):
        response = client.get(middle.get_absolute_url())
    html = response.content.decode()
    assert 'rel="prev"' in html and 'rel="next"' in html


@pytest.mark.parametrize("size", [3, 30, 300])
def test_warm_issue_and_article_pages_cost_one_query(client, build_issue, size, django_assert_num_queries):
    issue = build_issue(size)
    urls = [
        issue.get_absolute_url(),
        issue.get_absolute_url() + "?full=1",
        issue.articles.get(order=2).get_absolute_url(),
    ]
    for url in urls:
        client.get(url)
    for url in urls:
        with django_assert_num_queries(1):
            assert client.get(url).status_code == 200


def test_query_counts_do_not_grow_with_issue_size(client, build_issue):
    small, large = build_issue(3), build_issue(300)
    assert count_queries(client, small.get_absolute_url()) == count_queries(client, large.get_absolute_url())
    small_article = small.articles.get(order=2)
    large_article = large.articles.get(order=150)
    assert count_queries(client, small_article.get_absolute_url()) == count_queries(
        client, large_article.get_absolute_url()
    )


def test_home_and_search_query_counts_do_not_grow_with_data(client, build_issue):
    build_issue(3)
    small = [count_queries(client, url) for url in ("/", "/search/?q=article", "/search/?kind=news")]
    build_issue(300)
    large = [count_queries(client, url) for url in ("/", "/search/?q=article", "/search/?kind=news")]
    assert small == large
