import pytest
from django.core.management import call_command

from articles.models import Article, Byline, Headline, Issue

pytestmark = pytest.mark.django_db


def test_seed_bench_creates_a_published_issue_of_n_articles(client, capsys):
    call_command("seed_bench", articles=25)
    issue = Issue.objects.published().get(slug="bench-25")
    assert Article.objects.published().filter(issue=issue).count() == 25
    assert Byline.objects.filter(article__issue=issue, person__isnull=False).count() == 25
    assert Byline.objects.filter(article__issue=issue, organization__isnull=False).count() == 9
    assert Headline.objects.filter(issue=issue, article__isnull=False).count() == 10
    assert Article.objects.filter(issue=issue, section__isnull=True).count() == 10
    assert "/publications/bench/bench-25/" in capsys.readouterr().out
    assert client.get(issue.get_absolute_url()).status_code == 200


def test_seed_bench_replaces_its_issue_when_run_again(db):
    call_command("seed_bench", articles=5)
    call_command("seed_bench", articles=5)
    assert Issue.objects.filter(slug="bench-5").count() == 1
    assert Article.objects.filter(issue__slug="bench-5").count() == 5


def test_seed_archive_grows_a_published_archive_with_chinese_text(db):
    from articles.management.commands.seed_bench import ARCHIVE_PUBLICATIONS, archive_articles, seed_archive

    assert seed_archive(articles=60) == 60
    articles = archive_articles()
    assert articles.published().count() == 60
    assert {slug for slug, _ in ARCHIVE_PUBLICATIONS} == set(
        articles.values_list("issue__publication__slug", flat=True)
    )
    assert articles.filter(body__contains="研究").exists()  # some articles are in Chinese
    assert articles.filter(body__icontains="research").count() > 30  # a common word is common
    first = dict(articles.values_list("slug", "body"))
    assert seed_archive(articles=80) == 20  # grows, keeping what it has
    assert dict(archive_articles().filter(slug__in=first).values_list("slug", "body")) == first
    newest = archive_articles().order_by("-pk").first()
    assert newest.issue.date == archive_articles().order_by("-issue__date").first().issue.date  # added later is newer
    assert seed_archive(articles=10) == 10  # smaller: starts again
    assert archive_articles().count() == 10
