"""Content versions: one token the database changes whenever anything a public page shows changes.

Public pages are cached under the version of everything they show (core.caching). Rather than
every service remembering to say what it changed, the database says it: apps register the models
their pages show from `AppConfig.ready()`, and a trigger on each of those tables (and on their
many-to-many tables) gives the single `core.ContentVersion` row a new random token, in the same
transaction as the change. So rows written by the admin, services, imports, `QuerySet.update()`,
`bulk_create()` or raw SQL all count, and every process and server sees the new token as soon as
the change is committed, never before. Reading the version is one indexed single-row query.

    # articles/apps.py
    versions.track(*self.get_models(include_auto_created=True))
    versions.changes_at(models.Article, "publish_at")   # public once this time passes, with no write

* SQLite: plain AFTER INSERT/UPDATE/DELETE triggers (SQLite has one writer at a time).
* PostgreSQL: one deferred constraint trigger per table, so the row is locked only while the
  writing transaction commits; a lock held from a transaction's first write until its end would
  make every two concurrent editors' transactions wait on each other, and could deadlock them.

Time changes pages too: a scheduled article becomes public when its publish time passes, an event
moves from "upcoming" to "past" when it ends, "current" positions are decided by today's date. The
same query that reads the version gives the first moment at which a page rendered now may differ:
the earliest registered time still ahead (publish times, event ends; each an indexed look-up) or
the next midnight. A cached page is served only until then.

The triggers live outside the migration graph, like the search index's (articles/search.py): they
are dropped when `migrate` starts and re-created when it ends, because SQLite rebuilds a table for
most schema changes and would drop or trip over them. `migrate` also changes the version, since
migrations may change what pages show.
"""

import datetime as dt
from typing import NamedTuple

from django.db import connections, router
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from core.models import ContentVersion

# Each tracked table's triggers; PostgreSQL lets every table's trigger share one name, which
# `SET CONSTRAINTS` then reaches all at once.
SQLITE_PREFIX = "core_version__"
PG_TRIGGER = "core_content_version"
PG_FUNCTION = "core_bump_content_version"
PG_READ_FUNCTION = "core_content_version_in_transaction"
PG_BUMPED_SETTING = "newsroom.content_version_bumped"  # set in a transaction that has changed the version
TABLE = ContentVersion._meta.db_table

_tracked: dict[str, type] = {}  # table name -> model
_times: list[tuple[type, str]] = []  # (model, datetime field): the page may change when it passes


def track(*models) -> None:
    """Writes to these models' tables change the content version. Call from `AppConfig.ready()`.

    Pass auto-created many-to-many models too (`app_config.get_models(include_auto_created=True)`).
    """
    for model in models:
        if not model._meta.managed or model._meta.proxy:
            continue
        _tracked[model._meta.db_table] = model


def changes_at(model, *fields: str) -> None:
    """What pages show of `model` may change when the time in one of these DateTimeFields passes,
    without any write (a publish time, an event's end). Over-approximating is safe: a row that
    would not change a page only makes a cached page render once more."""
    for field in fields:
        model._meta.get_field(field)  # raises FieldDoesNotExist for a typo
        if (model, field) not in _times:
            _times.append((model, field))


def tracked_tables() -> list[str]:
    return sorted(_tracked)


def _bump_sql(vendor: str) -> str:
    token = "lower(hex(randomblob(16)))" if vendor == "sqlite" else "md5(random()::text || clock_timestamp()::text)"
    return (
        f"INSERT INTO {TABLE} (id, generation, token) VALUES (1, 1, {token}) "
        f"ON CONFLICT (id) DO UPDATE SET generation = {TABLE}.generation + 1, token = excluded.token"
    )


def drop_triggers(connection) -> None:
    """Remove every content-version trigger (before migrations run, or when the table goes)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s", [f"{SQLITE_PREFIX}%"]
            )
            for (name,) in cursor.fetchall():
                cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')
        elif connection.vendor == "postgresql":
            cursor.execute(
                "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE t.tgname = %s",
                [PG_TRIGGER],
            )
            for (table,) in cursor.fetchall():
                cursor.execute(f'DROP TRIGGER IF EXISTS {PG_TRIGGER} ON "{table}"')


def install_triggers(connection) -> list[str]:
    """Create the triggers on every tracked table that exists, and change the version once.

    Returns the tables that have them. Idempotent; run after `migrate` (post_migrate).
    """
    existing = set(connection.introspection.table_names())
    if TABLE not in existing:
        return []
    tables = [table for table in tracked_tables() if table in existing]
    bump = _bump_sql(connection.vendor)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for table in tables:
                for event in ("INSERT", "UPDATE", "DELETE"):
                    name = f"{SQLITE_PREFIX}{table}__{event.lower()}"
                    cursor.execute(
                        f'CREATE TRIGGER IF NOT EXISTS "{name}" AFTER {event} ON "{table}" BEGIN {bump}; END'
                    )
        elif connection.vendor == "postgresql":
            # One bump per transaction: every written row's deferred trigger fires at commit, and
            # updating the one version row once per row would cost time quadratic in the rows written
            # (each update walks the row versions the transaction made before it): minutes, with the
            # row locked, for a transaction that writes 100,000 rows. The mark lasts until the
            # transaction ends (set_config's is_local), or until current() reads the version in it.
            cursor.execute(
                f"CREATE OR REPLACE FUNCTION {PG_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                f"IF current_setting('{PG_BUMPED_SETTING}', true) = 'yes' THEN RETURN NULL; END IF; "
                f"{bump}; PERFORM set_config('{PG_BUMPED_SETTING}', 'yes', true); RETURN NULL; END $$"
            )
            # current() inside an open transaction: run this transaction's deferred bumps first, in the same
            # query; writes after this read change the version again.
            cursor.execute(
                f"CREATE OR REPLACE FUNCTION {PG_READ_FUNCTION}() RETURNS text LANGUAGE plpgsql AS $$ BEGIN "
                f"SET CONSTRAINTS {PG_TRIGGER} IMMEDIATE; SET CONSTRAINTS {PG_TRIGGER} DEFERRED; "
                f"PERFORM set_config('{PG_BUMPED_SETTING}', '', true); "
                f"RETURN (SELECT token FROM {TABLE} WHERE id = 1); END $$"
            )
            for table in tables:
                cursor.execute(f'DROP TRIGGER IF EXISTS {PG_TRIGGER} ON "{table}"')
                cursor.execute(
                    f'CREATE CONSTRAINT TRIGGER {PG_TRIGGER} AFTER INSERT OR UPDATE OR DELETE ON "{table}" '
                    f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {PG_FUNCTION}()"
                )
        else:
            return []
        cursor.execute(bump)  # migrations may have changed what pages show
    return tables


class Version(NamedTuple):
    token: str  # changes with every write to a tracked table
    changes_at: dt.datetime  # aware; pages rendered before it may differ from pages rendered from then on


def _time_columns(connection) -> list[str]:
    """One scalar subquery per registered time: the soonest value at or after the parameter `now`."""
    quote = connection.ops.quote_name
    return [
        f"(SELECT {quote(column)} FROM {quote(table)} WHERE {quote(column)} >= %s ORDER BY {quote(column)} LIMIT 1)"
        for table, column in sorted(
            {(model._meta.db_table, model._meta.get_field(field).column) for model, field in _times}
        )
    ]


def _as_datetime(value) -> dt.datetime:
    if isinstance(value, str):  # SQLite gives expressions' values as stored: naive UTC text
        value = parse_datetime(value)
    return value if timezone.is_aware(value) else timezone.make_aware(value, dt.UTC)


def current(*, now: dt.datetime, using: str | None = None) -> Version | None:
    """The content version and when pages rendered at `now` may next change, in one query; None when the
    database has no version yet (nothing written since it was made or flushed): then nothing may be cached.

    Read it before reading the content it versions: a page is then never older than its version.
    `changes_at` is the soonest registered time at or after `now` (a publish time, an event's end: a
    page rendered at that very moment may already differ from one rendered just after) or the next
    midnight, whichever comes first. Inside an open transaction (tests, ATOMIC_REQUESTS), PostgreSQL's
    deferred triggers first run for this transaction's own writes, so the version reflects them as the
    transaction's reads do.
    """
    connection = connections[using or router.db_for_read(ContentVersion)]
    times = _time_columns(connection)
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        sql = f"SELECT {', '.join([f'{PG_READ_FUNCTION}()', *times])}"
    else:
        sql = f"SELECT {', '.join(['token', *times])} FROM {TABLE} WHERE id = 1"
    with connection.cursor() as cursor:
        cursor.execute(sql, [connection.ops.adapt_datetimefield_value(now)] * len(times))
        row = cursor.fetchone()
    if row is None or row[0] is None:
        return None
    changes = [_as_datetime(value) for value in row[1:] if value is not None]
    return Version(token=row[0], changes_at=min([next_midnight(now), *changes]))


def next_midnight(now: dt.datetime) -> dt.datetime:
    """The next midnight in the site's time zone (what `timezone.localdate()` decides by), as an aware time."""
    today = timezone.localtime(now).date()
    return timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=1), dt.time()))
