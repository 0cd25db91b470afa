from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_search_index(using, **kwargs):
    """SQLite drops a table's triggers when a later migration rebuilds the table; put them back."""
    from django.db import connections

    from articles.search import FTS_TABLE, install_sqlite_index

    connection = connections[using]
    if connection.vendor == "sqlite" and FTS_TABLE in connection.introspection.table_names(include_views=True):
        install_sqlite_index(connection)


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Publications & articles"

    def ready(self):
        post_migrate.connect(_ensure_search_index, sender=self, dispatch_uid="articles_search_index")
