"""The engine moved from the project package into `editorial` without touching existing databases.

The previous layout (`newsroom` as an installed app) recorded its migrations, tables, content
types and permissions under the label "newsroom"; `editorial` keeps that label, so a database
migrated by the previous layout is up to date for this one, and its role groups keep their
permissions. The lists below were read from a database migrated by the previous layout.
"""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

from editorial.models import Revision, TransitionLog
from editorial.roles import ROLES

PROJECT_LABELS = ("newsroom", "people", "events", "articles")

# The last migration of each app in the previous layout.
PREVIOUS_LEAVES = [
    ("newsroom", "0002_editorial_roles"),
    ("articles", "0003_search_index"),
    ("events", "0002_editorial_workflow"),
    ("people", "0004_organization_not_own_parent"),
]
PREVIOUS_TABLES = {"newsroom_revision", "newsroom_transitionlog"}
# Models that features added after the move: their content types are new, the others unchanged.
AFTER_THE_MOVE_CONTENT_TYPES = {("articles", "importsource"), ("newsroom", "publicchange"), ("newsroom", "oldslug")}
PREVIOUS_CONTENT_TYPES = {
    ("articles", "article"), ("articles", "byline"), ("articles", "correction"), ("articles", "headline"),
    ("articles", "issue"), ("articles", "publication"), ("articles", "section"), ("articles", "sharelink"),
    ("events", "event"), ("events", "eventorganization"), ("events", "eventperson"), ("events", "eventseries"),
    ("events", "venue"), ("newsroom", "revision"), ("newsroom", "transitionlog"), ("people", "membership"),
    ("people", "organization"), ("people", "person"), ("people", "position"),
    ("articles", "articlesearchindex"),  # added after the move: the SQLite search index (unmanaged, no permissions)
}  # fmt: skip
PREVIOUS_NEWSROOM_PERMISSIONS = {
    "add_revision", "add_transitionlog", "change_revision", "change_transitionlog", "delete_revision",
    "delete_transitionlog", "publish_content", "review_content", "submit_own_content", "view_revision",
    "view_transitionlog",
}  # fmt: skip
# Added after the move: the engine's public change log (what union members are told changed) and old addresses.
AFTER_THE_MOVE_NEWSROOM_PERMISSIONS = {
    f"{action}_{model}" for action in ("add", "change", "delete", "view") for model in ("publicchange", "oldslug")
}
PREVIOUS_ROLE_SIZES = {"Chief editor": 71, "Contributor": 32, "Editor": 62}


def _executor() -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    return executor


@pytest.mark.django_db
def test_the_engine_keeps_the_app_label_and_tables():
    assert TransitionLog._meta.app_label == Revision._meta.app_label == "newsroom"
    assert {TransitionLog._meta.db_table, Revision._meta.db_table} == PREVIOUS_TABLES
    assert set(connection.introspection.table_names()) >= PREVIOUS_TABLES


@pytest.mark.django_db
def test_a_database_at_the_previous_schema_has_nothing_left_to_migrate():
    """Up to the previous layout's leaves nothing is left to do; later migrations (new features) build on them."""
    executor = _executor()
    graph = executor.loader.graph
    # The previous leaves are still in the graph: the tips, or the ancestors of migrations that later
    # features added (the move itself added none, so a database migrated before it needs only those).
    leaves = {node for node in graph.leaf_nodes() if node[0] in PROJECT_LABELS}
    assert {leaf[0] for leaf in leaves} == {leaf[0] for leaf in PREVIOUS_LEAVES}
    assert all(leaf in graph.nodes for leaf in PREVIOUS_LEAVES)
    applied = {key for key in MigrationRecorder(connection).applied_migrations() if key[0] in PROJECT_LABELS}
    assert set(PREVIOUS_LEAVES) <= applied
    assert executor.migration_plan(graph.leaf_nodes()) == []


@pytest.mark.django_db(transaction=True)
def test_migrate_from_the_previous_schema_back_and_forth_keeps_the_roles():
    """From the previous leaves, unapplying the roles migration and migrating to the leaves again works."""
    from articles.apps import _drop_search_triggers, _install_search_triggers
    from core.apps import _drop_version_triggers, _install_version_triggers

    # The executor sends no pre/post_migrate signals: turn the SQLite search and content-version triggers
    # off and on as `migrate` does, since later migrations may rebuild the tables they are on or read.
    _drop_search_triggers(using="default")
    _drop_version_triggers(using="default")
    executor = _executor()
    executor.migrate(PREVIOUS_LEAVES)  # the previous layout's schema (later migrations unapplied)
    executor.loader.build_graph()
    executor.migrate([("newsroom", "0001_editorial_workflow")])
    assert not Group.objects.filter(name__in=ROLES).exists()
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    _install_search_triggers(using="default")
    _install_version_triggers(using="default")
    sizes = {group.name: group.permissions.count() for group in Group.objects.filter(name__in=ROLES)}
    assert sizes == PREVIOUS_ROLE_SIZES


@pytest.mark.django_db
def test_content_types_and_permission_codenames_are_those_of_the_previous_layout():
    for model in (TransitionLog, Revision):
        ContentType.objects.get_for_model(model)
    content_types = {
        (content_type.app_label, content_type.model)
        for content_type in ContentType.objects.filter(app_label__in=PROJECT_LABELS)
    }
    assert content_types == PREVIOUS_CONTENT_TYPES | AFTER_THE_MOVE_CONTENT_TYPES
    codenames = set(Permission.objects.filter(content_type__app_label="newsroom").values_list("codename", flat=True))
    assert codenames == PREVIOUS_NEWSROOM_PERMISSIONS | AFTER_THE_MOVE_NEWSROOM_PERMISSIONS
