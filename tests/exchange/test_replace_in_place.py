"""A replace updates the issue's articles in place: what the file cannot express is kept."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.exchange.exporters import export_issue
from articles.exchange.importer import import_issue
from articles.exchange.issuefile import parse_bytes
from articles.models import Article, ArticleKind, Correction, ShareLink
from editorial import workflow
from editorial.publishing import Status
from tests.factories import BylineFactory, EventFactory, OrganizationFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def enriched(rich_issue):
    """The rich issue's public articles with what only the admin can set."""
    speech = rich_issue.articles.get(slug="speech")
    speech.kind = ArticleKind.FEATURE
    speech.standfirst = "The president spoke about the future."
    speech.dateline_place, speech.dateline_date = "Beijing", dt.date(2022, 1, 28)
    speech.lead_image_caption, speech.lead_image_credit = "At the lectern", "Photo: CAST"
    speech.save()
    speech.about_people.add(PersonFactory(name="Li Ming", slug="li-ming"))
    speech.about_organizations.add(OrganizationFactory(name="Academy of Sciences"))
    speech.about_events.add(EventFactory())
    Correction.objects.create(article=speech, text="The date was wrong.")
    ShareLink.objects.create(article=speech, expires_at=timezone.now() + dt.timedelta(days=3))
    hostile = rich_issue.articles.get(slug="hostile")
    hostile.kind = ArticleKind.OPINION
    hostile.save()
    BylineFactory(article=hostile, person=PersonFactory(name="Ann Critic", slug="ann-critic"))  # opinion is signed
    return rich_issue


def _state(issue):
    return {
        article.pk: (
            article.slug,
            article.kind,
            article.standfirst,
            article.dateline_place,
            article.dateline_date,
            article.lead_image.name,
            article.lead_image_alt,
            article.lead_image_caption,
            article.lead_image_credit,
            sorted(article.about_people.values_list("pk", flat=True)),
            sorted(article.about_organizations.values_list("pk", flat=True)),
            sorted(article.about_events.values_list("pk", flat=True)),
            list(article.corrections.values_list("pk", flat=True)),
            list(article.share_links.values_list("pk", flat=True)),
        )
        for article in Article.objects.filter(issue=issue, status__in=[Status.PUBLISHED])
    }


def _replace(issue_file: bytes, **options):
    return import_issue(document=parse_bytes(issue_file), replace=True, **options)


def test_reimporting_an_export_with_replace_keeps_what_the_file_cannot_express(enriched, client):
    before = _state(enriched)
    urls = [article.get_absolute_url() for article in Article.objects.published().filter(issue=enriched)]
    issue_file = export_issue(enriched, "markdown")[0]

    _replace(issue_file, publish=True)

    assert _state(enriched) == before  # same rows, same slugs, same everything the file does not carry
    for url in urls:
        assert client.get(url).status_code == 200
    speech = Article.objects.get(slug="speech", issue=enriched)
    assert speech.headlines.get().text == "Wan Gang gives a speech"  # headline re-linked to the same row
    assert [str(byline) for byline in speech.bylines.all()] == [
        "Wan Gang, President, CAST",
        "China Association for Science and Technology",
    ]


def test_replace_updates_what_the_file_expresses(enriched):
    issue_file = export_issue(enriched, "markdown")[0].decode()
    edited = (
        issue_file.replace("He spoke.", "He spoke at length.")
        .replace("*By Wan Gang, President, CAST; China Association for Science and Technology*", "*By Wan Gang*")
        .replace("### S&T News\n\n## A hostile body", "### Briefs\n\n## A Hostile Body")
    )
    speech = Article.objects.get(slug="speech")

    summary = _replace(edited.encode())

    speech.refresh_from_db()
    assert speech.body == "He spoke at length." and speech.kind == ArticleKind.FEATURE
    assert [str(byline) for byline in speech.bylines.all()] == ["Wan Gang"]
    hostile = Article.objects.get(slug="hostile")
    assert (hostile.title, hostile.section.title, hostile.kind) == ("A Hostile Body", "Briefs", ArticleKind.OPINION)
    assert summary.updated == ["Wan Gang gives a speech", "A Hostile Body"]


def test_replace_matches_by_slug_when_the_title_changed(enriched):
    issue_file = export_issue(enriched, "markdown")[0].decode()
    issue_file = issue_file.replace("A hostile body", "Hostile")  # its slug is "hostile"; the headline follows
    pk = Article.objects.get(slug="hostile").pk

    _replace(issue_file.encode())

    assert Article.objects.get(pk=pk).title == "Hostile"


def test_replace_creates_new_articles_and_deletes_and_reports_missing_ones(enriched):
    issue_file = export_issue(enriched, "markdown")[0].decode()
    issue_file = issue_file.replace("---\n\nCAST is", "## Brand new\n\nNew text.\n\n---\n\nCAST is")
    speech_pk = Article.objects.get(slug="speech").pk

    summary = _replace(issue_file.encode(), dry_run=True)
    line = next(line for line in summary.lines() if line.startswith("Articles:"))
    assert line == (
        "Articles: 3: updated 0, unchanged 2 (both kept their slugs (addresses unchanged) and kind, standfirst, "
        "dateline, lead image, about links, corrections, share links where set), created 1, deleted 1: "
        "'Unfinished draft story'"
    )
    assert Article.objects.filter(issue=enriched).count() == 3  # a dry run writes nothing

    summary = _replace(issue_file.encode())
    titles = list(Article.objects.filter(issue=enriched).values_list("title", "order"))
    assert titles == [("Wan Gang gives a speech", 1), ("A hostile body", 2), ("Brand new", 3)]
    assert summary.created == ["Brand new"] and summary.deleted == ["Unfinished draft story"]
    assert Article.objects.filter(pk=speech_pk).exists()


def test_replace_reorders_articles_in_place(enriched):
    issue_file = export_issue(enriched, "markdown")[0].decode()
    start, end = issue_file.index("## Wan Gang"), issue_file.index("### S&T News")
    speech = issue_file[start:end]
    reordered = issue_file.replace(speech, "").replace("---\n\nCAST is", speech + "---\n\nCAST is")
    pks = dict(Article.objects.filter(issue=enriched).values_list("title", "pk"))

    _replace(reordered.encode())

    assert list(Article.objects.filter(issue=enriched).values_list("pk", "order")) == [
        (pks["A hostile body"], 1),
        (pks["Wan Gang gives a speech"], 2),
    ]


def test_updated_articles_keep_their_history_and_get_a_new_version(enriched):
    speech = Article.objects.get(slug="speech")
    workflow.log_transition(obj=speech, name="submit", from_status="draft", to_status="in_review", user=None)
    version = speech.version

    _replace(export_issue(enriched, "markdown")[0].replace(b"He spoke.", b"He spoke at length."))

    speech.refresh_from_db()
    assert speech.version > version and speech.status == Status.PUBLISHED  # the issue is live: it stays so
    assert list(workflow.log_for(speech).values_list("transition", flat=True)) == ["submit"]
    assert speech.revisions.filter(summary="Updated by an issue-file import").exists()


def test_an_article_the_file_leaves_unchanged_is_not_touched(enriched):
    speech = Article.objects.get(slug="speech")
    version, updated_at = speech.version, speech.updated_at

    summary = _replace(export_issue(enriched, "markdown")[0])

    speech.refresh_from_db()
    assert (speech.version, speech.updated_at) == (version, updated_at)
    assert summary.updated == [] and summary.unchanged == ["Wan Gang gives a speech", "A hostile body"]


def test_command_summary_lists_updated_created_and_deleted(enriched, tmp_path, capsys):
    path = tmp_path / "issue.md"
    path.write_bytes(export_issue(enriched, "markdown")[0])
    call_command("import_issue", str(path), "--replace")
    out = capsys.readouterr().out
    assert "Articles: 2: updated 0, unchanged 2 (both kept their slugs" in out
    assert "created 0, deleted 1: 'Unfinished draft story'" in out
