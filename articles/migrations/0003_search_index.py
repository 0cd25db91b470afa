"""Full-text search indexes.

SQLite: the FTS5 table (its sync triggers are installed after every `migrate`, see
articles/search.py). PostgreSQL: a GIN expression index on the article's weighted text.
Neither is part of the model state (each exists on one database only).
"""

from django.db import migrations


def install(apps, schema_editor):
    from articles.search import article_search_index, create_sqlite_table

    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("articles", "Article"), article_search_index())
    create_sqlite_table(schema_editor.connection)


def uninstall(apps, schema_editor):
    from articles.search import article_search_index, drop_sqlite_table

    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("articles", "Article"), article_search_index())
    drop_sqlite_table(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_editorial_workflow"),
        ("people", "0001_initial"),
    ]

    operations = [migrations.RunPython(install, uninstall, elidable=False)]
