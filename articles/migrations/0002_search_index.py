"""Full-text search index for SQLite (FTS5 table kept in sync by SQL triggers).

On PostgreSQL search vectors are computed in the query, so this migration does nothing there.
"""

from django.db import migrations


def install(apps, schema_editor):
    from articles.search import install_sqlite_index

    install_sqlite_index(schema_editor.connection)


def uninstall(apps, schema_editor):
    from articles.search import uninstall_sqlite_index

    uninstall_sqlite_index(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("people", "0001_initial"),
    ]

    operations = [migrations.RunPython(install, uninstall, elidable=False)]
