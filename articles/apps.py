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
        from articles import models, selectors, services
        from core import versions
        from editorial import registry
        from events.backlinks import backlinks as event_backlinks
        from people.backlinks import backlinks as people_backlinks

        # What the editorial engine runs for articles and issues beyond the generic workflow.
        # after_change records what union members can see change (editorial.changes).
        registry.register(
            models.Article, publish_check=services.article_problems, after_change=services.article_changed
        )
        registry.register(
            models.Issue,
            publish_check=services.issue_problems,
            transitions={"publish": services.issue_publish_transition, "schedule": services.issue_publish_transition},
            after_change=services.issue_changed,
        )
        # Pages of the apps below articles list what articles know about them.
        people_backlinks.fill(
            articles_by_person=selectors.articles_by_person,
            articles_about_person=selectors.articles_about_person,
            articles_by_organization=selectors.articles_by_organization,
            articles_about_organization=selectors.articles_about_organization,
            articles_contributed_by=selectors.articles_contributed_by,
            split_statements=selectors.split_statements,
            people_in_public_articles=selectors.people_in_public_articles,
        )
        event_backlinks.fill(coverage=selectors.coverage_of_event)

        # Public pages show these rows (core/versions.py); scheduled issues and articles go public when
        # their publish time passes, and embargoed articles when their embargo ends, with no write.
        versions.track(*self.get_models(include_auto_created=True))
        versions.changes_at(models.Issue, "publish_at")
        versions.changes_at(models.Article, "publish_at", "embargoed_until")

        # SQLite's index triggers call a Python function (CJK pairs, invisible characters); every
        # connection gets it before its first statement.
        connection_created.connect(_register_search_functions, dispatch_uid="articles_search_functions")
        # Full-text index: SQLite triggers are off while migrations change tables; PostgreSQL's
        # functions are refreshed (see articles/search.py).
        pre_migrate.connect(_drop_search_triggers, sender=self, dispatch_uid="articles_search_triggers_off")
        post_migrate.connect(_install_search_triggers, sender=self, dispatch_uid="articles_search_triggers_on")
