"""Full-text search over published articles: title, standfirst, body and byline names, ranked.

PostgreSQL: `SearchVector`/`SearchQuery`/`SearchRank` (English configuration, weights
title A, standfirst and byline names B, body C). Articles are matched through a GIN
expression index on their weighted text (created by the `search_index` migration) or
through their byline names; only the matches are ranked.

SQLite: an FTS5 table `articles_article_fts` (rowid = article id) that the database keeps
in sync itself through SQL triggers on articles, bylines, people and organizations, so
rows written by the admin, imports, `QuerySet.update()` or raw SQL are all indexed; ranked
with `bm25()` using the same weights. The `search_index` migration creates the FTS5 table
(and fills it). The triggers live outside the migration graph on purpose: they are dropped
when `migrate` starts (pre_migrate) and re-created, with a full rebuild of the index, when
it ends (post_migrate). SQLite rebuilds a table for most schema changes (create a copy,
drop, rename), which would both drop the triggers on that table and fail on triggers of
other tables that read it ("error in trigger …: no such table"), so any later migration
of articles, bylines, people or organizations must run without them.
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.db.models import FloatField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from core.rendering import markdown_to_text

FTS_TABLE = "articles_article_fts"
WEIGHTS = {"title": 10.0, "standfirst": 5.0, "body": 1.0, "names": 5.0}  # bm25 column weights (SQLite)

_NAMES_SQL = """(
    SELECT group_concat(trim(
        coalesce(p.name, '') || ' ' || coalesce(p.name_original, '') || ' ' ||
        coalesce(o.name, '') || ' ' || coalesce(o.short_name, '')), ' ')
    FROM articles_byline b
    LEFT JOIN people_person p ON p.id = b.person_id
    LEFT JOIN people_organization o ON o.id = b.organization_id
    WHERE b.article_id = {article_id}
)"""


def _reindex(article_id: str) -> str:
    return (
        f"DELETE FROM {FTS_TABLE} WHERE rowid = {article_id};"
        f" INSERT INTO {FTS_TABLE} (rowid, title, standfirst, body, names)"
        f" SELECT a.id, a.title, a.standfirst, a.body, {_NAMES_SQL.format(article_id='a.id')}"
        f" FROM articles_article a WHERE a.id = {article_id};"
    )


SQLITE_TABLE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    "title, standfirst, body, names, tokenize = 'porter unicode61 remove_diacritics 2')"
)

SQLITE_TRIGGERS = {
    "articles_article_fts_ai": f"AFTER INSERT ON articles_article BEGIN {_reindex('new.id')} END",
    "articles_article_fts_au": (
        "AFTER UPDATE OF title, standfirst, body ON articles_article BEGIN "
        f"DELETE FROM {FTS_TABLE} WHERE rowid = old.id; {_reindex('new.id')} END"
    ),
    "articles_article_fts_ad": (
        f"AFTER DELETE ON articles_article BEGIN DELETE FROM {FTS_TABLE} WHERE rowid = old.id; END"
    ),
    "articles_byline_fts_ai": f"AFTER INSERT ON articles_byline BEGIN {_reindex('new.article_id')} END",
    "articles_byline_fts_au": (
        f"AFTER UPDATE ON articles_byline BEGIN {_reindex('old.article_id')} {_reindex('new.article_id')} END"
    ),
    "articles_byline_fts_ad": f"AFTER DELETE ON articles_byline BEGIN {_reindex('old.article_id')} END",
    "people_person_fts_au": (
        "AFTER UPDATE OF name, name_original ON people_person BEGIN "
        f"UPDATE {FTS_TABLE} SET names = {_NAMES_SQL.format(article_id=FTS_TABLE + '.rowid')} "
        "WHERE rowid IN (SELECT article_id FROM articles_byline WHERE person_id = new.id); END"
    ),
    "people_organization_fts_au": (
        "AFTER UPDATE OF name, short_name ON people_organization BEGIN "
        f"UPDATE {FTS_TABLE} SET names = {_NAMES_SQL.format(article_id=FTS_TABLE + '.rowid')} "
        "WHERE rowid IN (SELECT article_id FROM articles_byline WHERE organization_id = new.id); END"
    ),
}

SQLITE_REBUILD = (
    f"DELETE FROM {FTS_TABLE};",
    f"INSERT INTO {FTS_TABLE} (rowid, title, standfirst, body, names)"
    f" SELECT a.id, a.title, a.standfirst, a.body, {_NAMES_SQL.format(article_id='a.id')} FROM articles_article a;",
)


def create_sqlite_table(connection) -> None:
    """The FTS5 table, filled from the current rows (the `search_index` migration)."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(SQLITE_TABLE)
        for statement in SQLITE_REBUILD:
            cursor.execute(statement)


def drop_sqlite_triggers(connection) -> None:
    """Before migrations run: schema changes must not meet the triggers (see the module docstring)."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for name in SQLITE_TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


def install_sqlite_index(connection) -> bool:
    """Create any missing trigger and rebuild the index if something was missing (after `migrate`).

    Returns True when the index was (re)built. A no-op on other databases and before the
    `search_index` migration has created the FTS5 table.
    """
    if connection.vendor != "sqlite" or FTS_TABLE not in connection.introspection.table_names():
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        present = {row[0] for row in cursor.fetchall()}
        missing = [name for name in SQLITE_TRIGGERS if name not in present]
        if not missing:
            return False
        for name in missing:
            cursor.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {SQLITE_TRIGGERS[name]}")
        for statement in SQLITE_REBUILD:
            cursor.execute(statement)
    return True


def drop_sqlite_table(connection) -> None:
    if connection.vendor != "sqlite":
        return
    drop_sqlite_triggers(connection)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


def fts5_query(text: str) -> str:
    """User text as an FTS5 query: every word must match (quoted, so no operator syntax leaks through)."""
    return " ".join(f'"{word}"' for word in re.findall(r"\w+", text))


PG_CONFIG = "english"
PG_INDEX_NAME = "article_fulltext_gin"


def article_document():
    """The article's own text as a weighted tsvector; the PostgreSQL GIN index is built on exactly this."""
    return (
        SearchVector("title", weight="A", config=PG_CONFIG)
        + SearchVector("standfirst", weight="B", config=PG_CONFIG)
        + SearchVector("body", weight="C", config=PG_CONFIG)
    )


def article_search_index():
    from django.contrib.postgres.indexes import GinIndex

    return GinIndex(article_document(), name=PG_INDEX_NAME)


def byline_name_matches(query):
    from articles.models import Byline

    return (
        Byline.objects.annotate(
            name_vector=SearchVector(Coalesce("person__name", "organization__name"), config=PG_CONFIG)
            + SearchVector(Coalesce("organization__short_name", Value("")), config=PG_CONFIG)
        )
        .filter(name_vector=query)
        .values("article_id")
    )


def byline_names():
    """All byline names of an article as one string (a correlated subquery)."""
    from django.db.models import StringAgg

    from articles.models import Byline

    return Subquery(
        Byline.objects.filter(article=OuterRef("pk"))
        .annotate(name=Coalesce("person__name", "organization__name"))
        .values("article")
        .annotate(names=StringAgg("name", delimiter=Value(" ")))
        .values("names")[:1]
    )


def search_articles(queryset: QuerySet, text: str) -> QuerySet:
    """Articles of `queryset` matching `text`, annotated with `rank` and ordered best first."""
    text = (text or "").strip()
    if not text:
        return queryset
    vendor = connections[queryset.db].vendor
    if vendor == "postgresql":
        query = SearchQuery(text, search_type="websearch", config=PG_CONFIG)
        vector = article_document() + SearchVector(byline_names(), weight="B", config=PG_CONFIG)
        # Matches come from the GIN index on the article's own text; articles with a byline naming
        # any of the words are checked against the whole vector (so "zhong carbon" finds Zhong's
        # piece on carbon). Only matching rows are vectorized in full and ranked.
        in_text = queryset.model.objects.annotate(document=article_document()).filter(document=query).values("pk")
        words = re.findall(r"\w+", text)
        any_word = SearchQuery(" | ".join(words), search_type="raw", config=PG_CONFIG) if words else query
        return (
            queryset.annotate(search=vector)
            .filter(Q(pk__in=in_text) | (Q(pk__in=byline_name_matches(any_word)) & Q(search=query)))
            .annotate(rank=SearchRank(vector, query))
            .order_by("-rank", "-publish_at", "pk")
        )
    if vendor == "sqlite":
        match = fts5_query(text)
        if not match:
            return queryset.none()
        weights = ", ".join(str(weight) for weight in WEIGHTS.values())
        table = queryset.model._meta.db_table
        return (
            queryset.filter(pk__in=RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [match]))
            .annotate(
                rank=RawSQL(
                    f"SELECT -bm25({FTS_TABLE}, {weights}) FROM {FTS_TABLE}"
                    f' WHERE {FTS_TABLE} MATCH %s AND {FTS_TABLE}.rowid = "{table}"."id"',
                    [match],
                    output_field=FloatField(),
                )
            )
            .order_by("-rank", "-publish_at", "pk")
        )
    raise ImproperlyConfigured(f"Article search supports PostgreSQL and SQLite, not {vendor}.")


EXCERPT_WORDS = 32


def _highlight_pattern(text: str) -> re.Pattern | None:
    """Words of the query as word-start patterns, loosely stemmed like the index ("telescopes" marks "telescope")."""
    stems = {word[: max(3, len(word) - 2)] for word in re.findall(r"\w+", text.lower()) if len(word) > 1}
    if not stems:
        return None
    alternatives = "|".join(re.escape(stem) for stem in sorted(stems, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\w*", re.IGNORECASE)


def search_excerpt(body: str, text: str = "", *, words: int = EXCERPT_WORDS) -> SafeString:
    """A few lines of an article's text around the first word of the query, matches in <mark>.

    Works on the rendered text (no Markdown syntax shows), escapes every piece itself and adds
    only <mark>, so nothing from the body can inject markup. Without a match in the body (the
    title or a byline matched), the opening words stand in.
    """
    tokens = markdown_to_text(body).split()
    if not tokens:
        return mark_safe("")
    pattern = _highlight_pattern(text)
    first = next((i for i, token in enumerate(tokens) if pattern and pattern.search(token)), 0)
    start = max(0, first - words // 4)
    window = " ".join(tokens[start : start + words])
    pieces = pattern.split(window) if pattern else [window]
    matches = pattern.findall(window) if pattern else []
    html = escape(pieces[0]) + "".join(
        f"<mark>{escape(match)}</mark>{escape(piece)}" for match, piece in zip(matches, pieces[1:], strict=True)
    )
    prefix = "… " if start > 0 else ""
    suffix = " …" if start + words < len(tokens) else ""
    return mark_safe(f"{prefix}{html}{suffix}")  # every piece above is escaped
