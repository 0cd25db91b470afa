"""Full-text search indexes.

SQLite: an FTS5 table kept in sync by SQL triggers. PostgreSQL: a GIN expression index on
the article's weighted text. Neither is part of the model state (each exists on one database only).
"""

from django.db import migrations


def install(apps, schema_editor):
    from articles.search import article_search_index, install_sqlite_index

    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("articles", "Article"), article_search_index())
    install_sqlite_index(schema_editor.connection)


def uninstall(apps, schema_editor):
    from articles.search import article_search_index, uninstall_sqlite_index

    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("articles", "Article"), article_search_index())
    uninstall_sqlite_index(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("people", "0001_initial"),
    ]

    operations = [migrations.RunPython(install, uninstall, elidable=False)]
