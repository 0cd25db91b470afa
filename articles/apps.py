from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate, pre_migrate


def _drop_search_triggers(using, **kwargs):
    from articles.search import drop_sqlite_triggers

    drop_sqlite_triggers(connections[using])


def _install_search_triggers(using, **kwargs):
    from articles.search import install_sqlite_index

    install_sqlite_index(connections[using])


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Publications & articles"

    def ready(self):
        # The workflow's issue-publishing override and the articles' publishing checks are registered
        # when the services module is imported: always here, not only when the admin happens to load it.
        from articles import services  # noqa: F401

        # SQLite full-text index: triggers are off while migrations change tables (see articles/search.py).
        pre_migrate.connect(_drop_search_triggers, sender=self, dispatch_uid="articles_search_triggers_off")
        post_migrate.connect(_install_search_triggers, sender=self, dispatch_uid="articles_search_triggers_on")
