from django.apps import AppConfig
from django.db import connections
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate, pre_migrate


def _register_search_functions(connection, **kwargs):
    from articles.search import register_sqlite_functions

    register_sqlite_functions(connection)


def _drop_search_triggers(using, plan=None, **kwargs):
    from articles.search import drop_sqlite_triggers

    if plan == []:  # nothing to migrate: the triggers stay, and no rebuild follows
        return
    drop_sqlite_triggers(connections[using])


def _install_search_triggers(using, **kwargs):
    from articles.search import install_pg_index, install_sqlite_index

    install_sqlite_index(connections[using])
    install_pg_index(connections[using])


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Publications & articles"

    def ready(self):
        # The workflow's issue-publishing override and the articles' publishing checks are registered
        # when the services module is imported: always here, not only when the admin happens to load it.
        from articles import services  # noqa: F401

        # SQLite's index triggers call a Python function (CJK pairs, invisible characters); every
        # connection gets it before its first statement.
        connection_created.connect(_register_search_functions, dispatch_uid="articles_search_functions")
        # Full-text index: SQLite triggers are off while migrations change tables; PostgreSQL's
        # functions are refreshed (see articles/search.py).
        pre_migrate.connect(_drop_search_triggers, sender=self, dispatch_uid="articles_search_triggers_off")
        post_migrate.connect(_install_search_triggers, sender=self, dispatch_uid="articles_search_triggers_on")
