"""Full-text search indexes.

SQLite: the FTS5 table (its sync triggers are installed after every `migrate`, see
articles/search.py). PostgreSQL: a GIN expression index on the article's weighted text
(replaced by a stored document column in 0004). Neither is part of the model state (each
exists on one database only).
"""

from django.db import migrations

PG_INDEX = (
    "CREATE INDEX IF NOT EXISTS article_fulltext_gin ON articles_article USING gin (("
    "setweight(to_tsvector('english'::regconfig, COALESCE(title, '')), 'A') || "
    "setweight(to_tsvector('english'::regconfig, COALESCE(standfirst, '')), 'B') || "
    "setweight(to_tsvector('english'::regconfig, COALESCE(body, '')), 'C')))"
)


def install(apps, schema_editor):
    from articles.search import create_sqlite_table

    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_INDEX)
    create_sqlite_table(schema_editor.connection)


def uninstall(apps, schema_editor):
    from articles.search import drop_sqlite_table

    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS article_fulltext_gin")
    drop_sqlite_table(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_editorial_workflow"),
        ("people", "0001_initial"),
    ]

    operations = [migrations.RunPython(install, uninstall, elidable=False)]
