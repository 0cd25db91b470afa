"""Search index v2: invisible characters ignored, Chinese/Japanese/Korean text as pairs, ranking in the index.

SQLite: the FTS5 table keeps its columns; it gets bm25 column weights in its configuration
(so `rank` is the weighted bm25) and is rebuilt through `newsroom_search_text()` when
`migrate` finishes (post_migrate re-creates the triggers that pre_migrate dropped and
rebuilds the index, see articles/search.py). The `ArticleSearchIndex` model reads it.

PostgreSQL: the expression index over the article's text is replaced by a stored
`search_document` column, filled here, GIN-indexed, and kept in step by triggers on
articles, bylines, people and organizations. The column is not part of the model state.
"""

from django.db import migrations, models

import articles.search

# The expression index of 0003, put back when this migration is reversed.
PG_INDEX_0003 = (
    "CREATE INDEX IF NOT EXISTS article_fulltext_gin ON articles_article USING gin (("
    "setweight(to_tsvector('english'::regconfig, COALESCE(title, '')), 'A') || "
    "setweight(to_tsvector('english'::regconfig, COALESCE(standfirst, '')), 'B') || "
    "setweight(to_tsvector('english'::regconfig, COALESCE(body, '')), 'C')))"
)


def forward(apps, schema_editor):
    from articles.search import SQLITE_RANK, create_pg_document

    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_RANK)
    create_pg_document(connection)
    if connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS article_fulltext_gin")


def backward(apps, schema_editor):
    from articles.search import FTS_TABLE, drop_pg_document

    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        schema_editor.execute(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rank) VALUES ('rank', 'bm25()')")
    if connection.vendor == "postgresql":
        drop_pg_document(connection)
        schema_editor.execute(PG_INDEX_0003)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_import_source"),
    ]

    operations = [
        migrations.CreateModel(
            name="ArticleSearchIndex",
            fields=[
                (
                    "article",
                    models.OneToOneField(
                        db_column="rowid",
                        db_constraint=False,
                        on_delete=models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="search_index",
                        serialize=False,
                        to="articles.article",
                    ),
                ),
                ("rowid", articles.search.FullTextRowid(db_column="_rowid_", editable=False)),
                ("rank", models.FloatField(editable=False)),
            ],
            options={
                "db_table": "articles_article_fts",
                "managed": False,
                "default_permissions": (),
            },
        ),
        migrations.RunPython(forward, backward, elidable=False),
    ]
