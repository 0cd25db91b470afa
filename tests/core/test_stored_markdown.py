"""Markdown is rendered when a row is saved and the stored HTML is never out of step with its source."""

import pytest
from django.db import connection

from articles.models import Article, Correction, Issue
from core import rendering
from tests.factories import ArticleFactory, IssueFactory

pytestmark = pytest.mark.django_db


def stored_column(model, pk, column):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {model._meta.db_table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_saving_stores_the_rendered_html_with_the_sources_fingerprint():
    article = ArticleFactory(body="Some **bold** text.")
    stored = stored_column(Article, article.pk, "body_html")
    assert stored == f"{rendering.fingerprint('Some **bold** text.')}:<p>Some <strong>bold</strong> text.</p>\n"
    assert Article.objects.get(pk=article.pk).body_html == "<p>Some <strong>bold</strong> text.</p>\n"


def test_reading_does_not_render_when_the_stored_html_matches(monkeypatch):
    article = ArticleFactory(body="Plain words.")
    monkeypatch.setattr(rendering, "render_markdown", lambda source: pytest.fail("rendered again"))
    assert Article.objects.get(pk=article.pk).body_html == "<p>Plain words.</p>\n"


@pytest.mark.parametrize(
    "change",
    [
        lambda article: Article.objects.filter(pk=article.pk).update(body="Changed *in bulk*."),
        lambda article: (setattr(article, "body", "Changed *in bulk*."), article.save(update_fields=["body"])),
    ],
    ids=["queryset-update", "save-update-fields"],
)
def test_a_source_changed_behind_the_fields_back_is_rendered_afresh(change):
    article = ArticleFactory(body="Old words.")
    change(article)
    assert Article.objects.get(pk=article.pk).body_html == "<p>Changed <em>in bulk</em>.</p>\n"


def test_html_of_an_older_renderer_is_rendered_afresh(monkeypatch):
    article = ArticleFactory(body="**Words**")
    monkeypatch.setattr(rendering, "RENDERER_VERSION", "a later renderer")
    assert Article.objects.get(pk=article.pk).body_html == "<p><strong>Words</strong></p>\n"


def test_the_stored_html_is_sanitized():
    article = ArticleFactory(
        body='<script>alert(1)</script>\n\n[x](javascript:alert(2)) <img src=x onerror="alert(3)">'
    )
    html = Article.objects.get(pk=article.pk).body_html
    assert "<script" not in html and 'href="javascript' not in html and "<img" not in html


def test_bulk_update_and_bulk_create_keep_the_fingerprint():
    issue = IssueFactory(colophon="Printed in *Beijing*.")
    Issue.objects.bulk_update([Issue.objects.get(pk=issue.pk)], ["colophon_html"])
    assert stored_column(Issue, issue.pk, "colophon_html").startswith(rendering.fingerprint("Printed in *Beijing*."))
    [article] = Article.objects.bulk_create([ArticleFactory.build(issue=issue, body="Made *in bulk*.")])
    assert stored_column(Article, article.pk, "body_html").endswith(":<p>Made <em>in bulk</em>.</p>\n")


def test_corrections_and_colophons_are_stored_too():
    article = ArticleFactory(issue=IssueFactory(colophon="Edited in **Beijing**."))
    correction = Correction.objects.create(article=article, text="The date was *wrong*.")
    assert Correction.objects.get(pk=correction.pk).text_html == "<p>The date was <em>wrong</em>.</p>\n"
    assert Issue.objects.get(pk=article.issue_id).colophon_html == "<p>Edited in <strong>Beijing</strong>.</p>\n"


def test_the_migration_fills_existing_rows(db):
    """articles 0012 renders what was saved before the field existed."""
    import importlib

    from django.apps import apps

    article = ArticleFactory(body="Older *words*.")
    Article.objects.filter(pk=article.pk).update(body_html="")
    migration = importlib.import_module("articles.migrations.0012_stored_markdown_html")
    migration.render_existing(apps, None)
    assert stored_column(Article, article.pk, "body_html") == rendering.stored_markdown("Older *words*.")


def test_revisions_leave_the_stored_html_out():
    from editorial.revisions import snapshot

    article = ArticleFactory(body="Words.")
    assert "body_html" not in snapshot(article)["fields"]
