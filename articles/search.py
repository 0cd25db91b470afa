"""Full-text search over published articles: title, standfirst, body and credited names, ranked.

Credited names are the bylines' names (people's and organizations', with their short and original
names), or, for an unsigned article its publication prints unsigned, its publisher's (Article.credits,
articles.models.credited_to_publisher_q): the CAST Newsletter's unsigned news is found by "CAST".

What the index sees (`index_text`), not what is stored: articles keep their text exactly as
typed. The index drops soft hyphens, zero-width spaces and joiners, word joiners and byte-order
marks (`inter<U+00AD>national` is found by *international*), reads non-breaking, figure and
narrow no-break spaces as spaces, composes Unicode (NFC), and writes each run of Chinese,
Japanese or Korean characters as overlapping two-character words plus its last character
(`现代计量` → `现代 代计 计量 量`). Queries get the same treatment, so a Chinese word of any
length is found as a phrase of its pairs (`计量` is one pair; `计量体系` the phrase
`计量 量体 体系`), and a single character as a prefix of a pair.

Why pairs (n-grams) and not a dictionary segmenter such as jieba: the index is kept by the
database itself (triggers), so rows written by the admin, imports, `QuerySet.update()` or raw
SQL are all indexed, and PostgreSQL cannot run a Python segmenter in a trigger (no plpython or
zhparser on an ordinary server). Pairs need no dictionary, so they never miss a word that a
dictionary splits differently in the text and in the query (a segmenter that cuts `现代计量体系`
as `现代/计量体系` loses the search for `计量`). The cost is a larger index for Chinese text
(about one token per character) and, as with any substring search, matches across word
boundaries (`京大` is found in `北京大学`). See docs/search.md for the measurements.

Ranking: title weighs most, then standfirst and credited names, then the body (SQLite bm25
weights 10/5/5/1; PostgreSQL weights A/B/B/C with `ts_rank`). When more than `RESULT_LIMIT`
articles match, only the `RESULT_LIMIT` most recently added matches (highest ids) are ranked
and shown, so a query costs about the same at 1,000 or 1,000,000 articles: finding that window
walks the index newest first and stops (see `ranked_search`).

SQLite: an FTS5 table `articles_article_fts` (rowid = article id, the `ArticleSearchIndex`
model reads it) kept in sync by SQL triggers on articles, bylines, people, organizations, and
the issues and publications that decide whom an unsigned article is credited to;
the triggers call `newsroom_search_text()`, registered on every SQLite connection
(`register_sqlite_functions`). The triggers live outside the migration graph on purpose: they
are dropped when `migrate` starts (pre_migrate) and re-created, with a full rebuild of the
index, when it ends (post_migrate). SQLite rebuilds a table for most schema changes (create a
copy, drop, rename), which would both drop the triggers on that table and fail on triggers of
other tables that read it ("error in trigger …: no such table"), so any later migration of
these tables must run without them. A trigger an older release defined differently is re-created
then too, and the index rebuilt.

PostgreSQL: a stored `search_document` tsvector column on articles_article (GIN-indexed, not
part of the model, so article queries never load it), written by triggers: before an
article's row is written, and after bylines (one statement-level update for bulk writes),
people, organizations, issues (moved to another publication) and publications (publisher or
unsigned kinds) change. The functions and triggers are created by the migration and
re-created when `migrate` ends; PostgreSQL changes tables in place, so they stay on meanwhile.
"""

import json
import re
import unicodedata
from dataclasses import dataclass

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.db.models import BigIntegerField, BooleanField, F, FloatField, Func, Lookup, QuerySet, Value
from django.db.models.expressions import Col, Expression, RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from core.rendering import markdown_to_text

# At most this many matches are ranked and shown (the most recently added ones).
RESULT_LIMIT = 1000

# Invisible characters that only hint at line breaks or joining: the index leaves them out.
IGNORED_CHARACTERS = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
# Spaces that must not break a line are still spaces between words.
SPACE_CHARACTERS = "\u00a0\u2007\u202f"
# Chinese, Japanese and Korean characters, indexed as overlapping pairs (a regex character class body).
CJK_CHARACTERS = "\u3005\u3007\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f"

_TRANSLATION = str.maketrans({**dict.fromkeys(IGNORED_CHARACTERS), **dict.fromkeys(SPACE_CHARACTERS, " ")})
_CJK_RUN = re.compile(f"[{CJK_CHARACTERS}]+")
# Words as the FTS5 and PostgreSQL tokenizers split them: CJK runs, and runs of letters and digits.
_PIECE = re.compile(f"[{CJK_CHARACTERS}]+|[^\\W_{CJK_CHARACTERS}]+")
_QUOTED = re.compile(r'"([^"]*)"')


def _pairs(run: str) -> str:
    return " " + " ".join([run[i : i + 2] for i in range(len(run) - 1)] + [run[-1]]) + " "


def index_text(text: str) -> str:
    """`text` as the search index sees it (see the module docstring); stored text is never changed."""
    text = unicodedata.normalize("NFC", text or "").translate(_TRANSLATION)
    return _CJK_RUN.sub(lambda match: _pairs(match.group()), text)


@dataclass(frozen=True)
class Term:
    """One thing every result must contain: a word, or a phrase of adjacent words."""

    tokens: tuple[str, ...]
    prefix: bool = False  # the last token is a single CJK character, matched as the start of a pair


def _term(fragment: str) -> Term | None:
    pieces = _PIECE.findall(fragment)
    tokens, prefix = [], False
    for index, piece in enumerate(pieces):
        last = index == len(pieces) - 1
        if not _CJK_RUN.fullmatch(piece):
            tokens.append(piece)
        elif len(piece) == 1:
            tokens.append(piece)
            prefix = last
        else:
            tokens.extend(piece[i : i + 2] for i in range(len(piece) - 1))
            if not last:  # in the index a run ends with its last character, before the next word
                tokens.append(piece[-1])
    return Term(tuple(tokens), prefix) if tokens else None


def query_terms(text: str) -> list[Term]:
    """User text as terms that must all match: "quoted words" are a phrase, every other word a term.

    Operators of either database's query syntax are plain words here; an unpaired quote is ignored.
    """
    text = unicodedata.normalize("NFC", text or "").translate(_TRANSLATION)
    fragments = _QUOTED.findall(text) + re.findall(r"\w+", _QUOTED.sub(" ", text))
    return [term for term in map(_term, fragments) if term]


def fts5_query(text: str) -> str:
    """User text as an FTS5 query: every term must match; tokens are quoted, so no syntax leaks through."""
    return " ".join(f'"{" ".join(term.tokens)}"' + (" *" if term.prefix else "") for term in query_terms(text))


def tsquery_text(text: str) -> str:
    """User text as `to_tsquery` input: terms joined by &, phrases by <->, every lexeme quoted."""
    return " & ".join(
        "(" + " <-> ".join(f"'{token}'" for token in term.tokens) + (":*" if term.prefix else "") + ")"
        for term in query_terms(text)
    )


# --- SQLite -----------------------------------------------------------------------------------------

FTS_TABLE = "articles_article_fts"
WEIGHTS = {"title": 10.0, "standfirst": 5.0, "body": 1.0, "names": 5.0}  # bm25 column weights
SQL_FUNCTION = "newsroom_search_text"

# The names an article is credited to (Article.credits): its bylines' names, else (no byline, and a kind its
# publication prints unsigned: articles.models.credited_to_publisher_q) its publisher's. group_concat() of
# no rows is NULL, which lets the publisher's names stand in.
_NAMES_SQL = """coalesce((
    SELECT group_concat(trim(
        coalesce(p.name, '') || ' ' || coalesce(p.name_original, '') || ' ' ||
        coalesce(o.name, '') || ' ' || coalesce(o.short_name, '') || ' ' || coalesce(o.name_original, '')), ' ')
    FROM articles_byline b
    LEFT JOIN people_person p ON p.id = b.person_id
    LEFT JOIN people_organization o ON o.id = b.organization_id
    WHERE b.article_id = {article_id}
), (
    SELECT trim(coalesce(o.name, '') || ' ' || coalesce(o.short_name, '') || ' ' || coalesce(o.name_original, ''))
    FROM articles_article ca
    JOIN articles_issue ci ON ci.id = ca.issue_id
    JOIN articles_publication cp ON cp.id = ci.publication_id
    JOIN people_organization o ON o.id = cp.publisher_id
    WHERE ca.id = {article_id} AND EXISTS (SELECT 1 FROM json_each(cp.unsigned_kinds) WHERE json_each.value = ca.kind)
))"""


def _indexed(expression: str) -> str:
    return f"{SQL_FUNCTION}({expression})"


def _reindex(article_id: str) -> str:
    return (
        f"DELETE FROM {FTS_TABLE} WHERE rowid = {article_id};"
        f" INSERT INTO {FTS_TABLE} (rowid, title, standfirst, body, names)"
        f" SELECT a.id, {_indexed('a.title')}, {_indexed('a.standfirst')}, {_indexed('a.body')},"
        f" {_indexed(_NAMES_SQL.format(article_id='a.id'))}"
        f" FROM articles_article a WHERE a.id = {article_id};"
    )


SQLITE_TABLE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    "title, standfirst, body, names, tokenize = 'porter unicode61 remove_diacritics 2')"
)
# FTS5 keeps the rank function in the table's configuration: `rank` is bm25 with these weights.
SQLITE_RANK = (
    f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rank) VALUES ('rank', 'bm25({', '.join(map(str, WEIGHTS.values()))})')"
)


def _renamed(article_ids: str) -> str:
    """Refresh the names of the articles `article_ids` (a SELECT of article ids) in the index."""
    return (
        f"UPDATE {FTS_TABLE} SET names = {_indexed(_NAMES_SQL.format(article_id=FTS_TABLE + '.rowid'))} "
        f"WHERE rowid IN ({article_ids});"
    )


# Ids of the articles of one publication, and of the publications an organization publishes (credited to
# it when unsigned).
_OF_PUBLICATION = (
    "SELECT a.id FROM articles_article a JOIN articles_issue i ON i.id = a.issue_id WHERE i.publication_id = {id}"
)
_PUBLISHED_BY = (
    "SELECT a.id FROM articles_article a JOIN articles_issue i ON i.id = a.issue_id "
    "JOIN articles_publication pb ON pb.id = i.publication_id WHERE pb.publisher_id = {id}"
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
        f"{_renamed('SELECT article_id FROM articles_byline WHERE person_id = new.id')} END"
    ),
    "people_organization_fts_au": (
        "AFTER UPDATE OF name, short_name, name_original ON people_organization BEGIN "
        f"{_renamed('SELECT article_id FROM articles_byline WHERE organization_id = new.id')} "
        f"{_renamed(_PUBLISHED_BY.format(id='new.id'))} END"
    ),
    # Whether an unsigned article is credited to a publisher, and to which, depends on its kind, its issue's
    # publication, and that publication's publisher and unsigned kinds.
    "articles_article_credit_fts_au": (
        f"AFTER UPDATE OF kind, issue_id ON articles_article BEGIN {_renamed('SELECT new.id')} END"
    ),
    "articles_issue_credit_fts_au": (
        "AFTER UPDATE OF publication_id ON articles_issue BEGIN "
        f"{_renamed('SELECT id FROM articles_article WHERE issue_id = new.id')} END"
    ),
    "articles_publication_credit_fts_au": (
        "AFTER UPDATE OF publisher_id, unsigned_kinds ON articles_publication BEGIN "
        f"{_renamed(_OF_PUBLICATION.format(id='new.id'))} END"
    ),
}

SQLITE_REBUILD = (
    f"DELETE FROM {FTS_TABLE};",
    f"INSERT INTO {FTS_TABLE} (rowid, title, standfirst, body, names)"
    f" SELECT a.id, {_indexed('a.title')}, {_indexed('a.standfirst')}, {_indexed('a.body')},"
    f" {_indexed(_NAMES_SQL.format(article_id='a.id'))} FROM articles_article a;",
)


def register_sqlite_functions(connection) -> None:
    """Make `newsroom_search_text()` available to the index triggers on a new SQLite connection.

    A connection that lacks it (say the sqlite3 shell) cannot write articles, bylines, people or
    organizations: the triggers fail loudly rather than leave the index behind.
    """
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQL_FUNCTION, 1, index_text, deterministic=True)


# The column the index reads that a migration added last (a publication's unsigned kinds decide whom an
# unsigned article is credited to). A database without it (migrated part of the way, or in the middle of
# the migrations that first made the index) has no triggers: the `migrate` that adds it installs them.
_LAST_COLUMN_READ = ("articles_publication", "unsigned_kinds")


def _schema_ready(connection, cursor) -> bool:
    table, column = _LAST_COLUMN_READ
    if table not in connection.introspection.table_names(cursor):
        return False
    return column in {row.name for row in connection.introspection.get_table_description(cursor, table)}


def create_sqlite_table(connection) -> None:
    """The empty FTS5 table (the `search_index` migration); `install_sqlite_index` fills it when `migrate`
    ends, as it installs the triggers (dropped while migrations run)."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(SQLITE_TABLE)


def drop_sqlite_triggers(connection) -> None:
    """Before migrations run: schema changes must not meet the triggers (see the module docstring)."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for name in SQLITE_TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


def install_sqlite_index(connection) -> bool:
    """Create any missing trigger, re-create any that an older release defined differently, and rebuild
    the index if a trigger was missing or changed (after `migrate`).

    Returns True when the index was (re)built. A no-op on other databases, before the `search_index`
    migration has created the FTS5 table, and on a schema without the columns the triggers read (the
    triggers are dropped then, see `_LAST_COLUMN_READ`).
    """
    if connection.vendor != "sqlite" or FTS_TABLE not in connection.introspection.table_names():
        return False
    with connection.cursor() as cursor:
        if not _schema_ready(connection, cursor):
            drop_sqlite_triggers(connection)
            return False
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
        present = dict(cursor.fetchall())
        # SQLite keeps a trigger's statement as given, less IF NOT EXISTS.
        stale = [
            name
            for name, definition in SQLITE_TRIGGERS.items()
            if present.get(name) != f"CREATE TRIGGER {name} {definition}"
        ]
        if not stale:
            return False
        for name in stale:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            cursor.execute(f"CREATE TRIGGER {name} {SQLITE_TRIGGERS[name]}")
        for statement in SQLITE_REBUILD:
            cursor.execute(statement)
    return True


def drop_sqlite_table(connection) -> None:
    if connection.vendor != "sqlite":
        return
    drop_sqlite_triggers(connection)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


# --- PostgreSQL -------------------------------------------------------------------------------------

PG_CONFIG = "english"
PG_COLUMN = "search_document"
PG_INDEX_NAME = "article_search_document_gin"
_PG_CJK = f"[{CJK_CHARACTERS}]"

PG_FUNCTIONS = (
    # index_text() in SQL: the same characters left out and read as spaces, CJK runs as pairs
    # (each character doubled, the first of a run dropped, then cut into pairs: AB → AABB → ABB → AB B).
    f"""CREATE OR REPLACE FUNCTION {SQL_FUNCTION}(value text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE WHEN t ~ '{_PG_CJK}' THEN regexp_replace(regexp_replace(regexp_replace(
        t, '({_PG_CJK})', '\\1\\1', 'g'), '(^|[^{CJK_CHARACTERS}]){_PG_CJK}', '\\1', 'g'),
        '({_PG_CJK}{_PG_CJK}?)', ' \\1 ', 'g') ELSE t END
    FROM (SELECT translate(normalize(value, NFC), '{SPACE_CHARACTERS}{IGNORED_CHARACTERS}',
        '{" " * len(SPACE_CHARACTERS)}') AS t) AS normalized
    $$""",
    # The names an article is credited to (Article.credits), as _NAMES_SQL for SQLite: its bylines' names, else
    # (a kind its publication prints unsigned) its publisher's. Kind and issue come as arguments: the
    # article's row is not in the table yet when a BEFORE INSERT trigger computes its document. (Parameter
    # names that no table has: a column of the same name, like people_organization.kind, would win.)
    """CREATE OR REPLACE FUNCTION newsroom_credit_names(for_article bigint, for_kind text, for_issue bigint)
    RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT coalesce((
        SELECT string_agg(concat_ws(' ', p.name, p.name_original, o.name, o.short_name, o.name_original), ' ')
        FROM articles_byline b
        LEFT JOIN people_person p ON p.id = b.person_id
        LEFT JOIN people_organization o ON o.id = b.organization_id
        WHERE b.article_id = for_article
    ), (
        SELECT concat_ws(' ', o.name, o.short_name, o.name_original)
        FROM articles_issue i
        JOIN articles_publication pb ON pb.id = i.publication_id
        JOIN people_organization o ON o.id = pb.publisher_id
        WHERE i.id = for_issue AND pb.unsigned_kinds ? for_kind
    ), '')
    $$""",
    f"""CREATE OR REPLACE FUNCTION newsroom_article_document(title text, standfirst text, body text, names text)
    RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT setweight(to_tsvector('{PG_CONFIG}'::regconfig, {SQL_FUNCTION}(title)), 'A')
        || setweight(to_tsvector('{PG_CONFIG}'::regconfig, {SQL_FUNCTION}(standfirst)), 'B')
        || setweight(to_tsvector('{PG_CONFIG}'::regconfig, {SQL_FUNCTION}(names)), 'B')
        || setweight(to_tsvector('{PG_CONFIG}'::regconfig, {SQL_FUNCTION}(body)), 'C')
    $$""",
    f"""CREATE OR REPLACE FUNCTION newsroom_article_search_row() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' OR NEW.title IS DISTINCT FROM OLD.title OR NEW.standfirst IS DISTINCT FROM OLD.standfirst
                OR NEW.body IS DISTINCT FROM OLD.body OR NEW.kind IS DISTINCT FROM OLD.kind
                OR NEW.issue_id IS DISTINCT FROM OLD.issue_id OR NEW.{PG_COLUMN} IS NULL THEN
            NEW.{PG_COLUMN} := newsroom_article_document(NEW.title, NEW.standfirst, NEW.body,
                                                         newsroom_credit_names(NEW.id, NEW.kind, NEW.issue_id));
        END IF;
        RETURN NEW;
    END $$""",
    f"""CREATE OR REPLACE FUNCTION newsroom_reindex_articles(ids bigint[]) RETURNS void LANGUAGE sql AS $$
    UPDATE articles_article
    SET {PG_COLUMN} = newsroom_article_document(title, standfirst, body, newsroom_credit_names(id, kind, issue_id))
    WHERE id = ANY(ids)
    $$""",
    """CREATE OR REPLACE FUNCTION newsroom_byline_search_statement() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            PERFORM newsroom_reindex_articles(ARRAY(SELECT DISTINCT article_id FROM new_rows));
        ELSIF TG_OP = 'DELETE' THEN
            PERFORM newsroom_reindex_articles(ARRAY(SELECT DISTINCT article_id FROM old_rows));
        ELSE
            PERFORM newsroom_reindex_articles(ARRAY(
                SELECT article_id FROM new_rows UNION SELECT article_id FROM old_rows));
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE OR REPLACE FUNCTION newsroom_person_search_row() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM newsroom_reindex_articles(ARRAY(SELECT article_id FROM articles_byline WHERE person_id = NEW.id));
        RETURN NULL;
    END $$""",
    f"""CREATE OR REPLACE FUNCTION newsroom_organization_search_row() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM newsroom_reindex_articles(ARRAY(
            SELECT article_id FROM articles_byline WHERE organization_id = NEW.id
            UNION {_PUBLISHED_BY.format(id="NEW.id")}));
        RETURN NULL;
    END $$""",
    # Whom an unsigned article is credited to follows its issue's publication, and that publication's
    # publisher and unsigned kinds.
    """CREATE OR REPLACE FUNCTION newsroom_issue_search_row() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF NEW.publication_id IS DISTINCT FROM OLD.publication_id THEN
            PERFORM newsroom_reindex_articles(ARRAY(SELECT id FROM articles_article WHERE issue_id = NEW.id));
        END IF;
        RETURN NULL;
    END $$""",
    f"""CREATE OR REPLACE FUNCTION newsroom_publication_search_row() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF NEW.publisher_id IS DISTINCT FROM OLD.publisher_id OR NEW.unsigned_kinds IS DISTINCT FROM OLD.unsigned_kinds
        THEN
            PERFORM newsroom_reindex_articles(ARRAY({_OF_PUBLICATION.format(id="NEW.id")}));
        END IF;
        RETURN NULL;
    END $$""",
)
# Functions of earlier releases, dropped when the current ones are created.
PG_OBSOLETE_FUNCTIONS = ("newsroom_byline_names(bigint)",)

# No column lists (UPDATE OF …): PostgreSQL refuses to change the type of a column a trigger
# names, which a later AlterField would do; the functions compare old and new values instead.
PG_TRIGGERS = {
    "articles_article_search": (
        "articles_article",
        "BEFORE INSERT OR UPDATE ON articles_article FOR EACH ROW EXECUTE FUNCTION newsroom_article_search_row()",
    ),
    "articles_byline_search_ins": (
        "articles_byline",
        "AFTER INSERT ON articles_byline REFERENCING NEW TABLE AS new_rows "
        "FOR EACH STATEMENT EXECUTE FUNCTION newsroom_byline_search_statement()",
    ),
    "articles_byline_search_upd": (
        "articles_byline",
        "AFTER UPDATE ON articles_byline REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
        "FOR EACH STATEMENT EXECUTE FUNCTION newsroom_byline_search_statement()",
    ),
    "articles_byline_search_del": (
        "articles_byline",
        "AFTER DELETE ON articles_byline REFERENCING OLD TABLE AS old_rows "
        "FOR EACH STATEMENT EXECUTE FUNCTION newsroom_byline_search_statement()",
    ),
    "people_person_search": (
        "people_person",
        "AFTER UPDATE ON people_person FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name "
        "OR OLD.name_original IS DISTINCT FROM NEW.name_original) EXECUTE FUNCTION newsroom_person_search_row()",
    ),
    "people_organization_search": (
        "people_organization",
        "AFTER UPDATE ON people_organization FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name "
        "OR OLD.short_name IS DISTINCT FROM NEW.short_name OR OLD.name_original IS DISTINCT FROM NEW.name_original) "
        "EXECUTE FUNCTION newsroom_organization_search_row()",
    ),
    "articles_issue_search": (
        "articles_issue",
        "AFTER UPDATE ON articles_issue FOR EACH ROW EXECUTE FUNCTION newsroom_issue_search_row()",
    ),
    "articles_publication_search": (
        "articles_publication",
        "AFTER UPDATE ON articles_publication FOR EACH ROW EXECUTE FUNCTION newsroom_publication_search_row()",
    ),
}

PG_REBUILD = (
    f"UPDATE articles_article SET {PG_COLUMN} = "
    "newsroom_article_document(title, standfirst, body, newsroom_credit_names(id, kind, issue_id))"
)


def _pg_create_functions(cursor) -> None:
    for statement in PG_FUNCTIONS:
        cursor.execute(statement)
    for signature in PG_OBSOLETE_FUNCTIONS:
        cursor.execute(f"DROP FUNCTION IF EXISTS {signature}")


def create_pg_document(connection) -> None:
    """The stored document column, filled, indexed and kept in step by triggers (the migration); on a schema
    still without the columns the triggers read, `install_pg_index` fills it when `migrate` ends."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE articles_article ADD COLUMN IF NOT EXISTS {PG_COLUMN} tsvector")
        # Kept in the row (compressed) rather than in a TOAST table: ranking reads it for every candidate.
        cursor.execute(f"ALTER TABLE articles_article ALTER COLUMN {PG_COLUMN} SET STORAGE MAIN")
    install_pg_index(connection)  # functions, triggers, and every document filled
    with connection.cursor() as cursor:  # indexed once filled: faster than indexing row by row
        cursor.execute(f"CREATE INDEX IF NOT EXISTS {PG_INDEX_NAME} ON articles_article USING gin ({PG_COLUMN})")


def drop_pg_document(connection) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for name, (table, _) in PG_TRIGGERS.items():
            cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        cursor.execute(f"ALTER TABLE articles_article DROP COLUMN IF EXISTS {PG_COLUMN}")


def install_pg_index(connection) -> bool:
    """Re-create the functions (as the code has them) and any missing trigger (after `migrate`).

    Returns True when the documents were rebuilt: a trigger was missing, or an article had no
    document. A no-op on other databases and before the migration has added the document column;
    on a schema without the columns the triggers read, the triggers are dropped (`_LAST_COLUMN_READ`).
    """
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        columns = {column.name for column in connection.introspection.get_table_description(cursor, "articles_article")}
        if PG_COLUMN not in columns:
            return False
        if not _schema_ready(connection, cursor):
            for name, (table, _) in PG_TRIGGERS.items():
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            return False
        _pg_create_functions(cursor)
        cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        present = {row[0] for row in cursor.fetchall()}
        missing = [name for name in PG_TRIGGERS if name not in present]
        for name in missing:
            table, definition = PG_TRIGGERS[name]
            cursor.execute(f"CREATE TRIGGER {name} {definition}")
        cursor.execute(f"SELECT EXISTS (SELECT 1 FROM articles_article WHERE {PG_COLUMN} IS NULL)")
        rebuild = bool(missing) or cursor.fetchone()[0]
        if rebuild:
            cursor.execute(PG_REBUILD)
    return rebuild


class _StoredDocument(Expression):
    """articles_article.search_document, which the model leaves out so that article queries never load it."""

    output_field = SearchVectorField()

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False):
        field = SearchVectorField()
        field.set_attributes_from_name(PG_COLUMN)
        return Col(query.get_initial_alias(), field, output_field=self.output_field)


def _tsquery(text: str) -> Func:
    return Func(Value(PG_CONFIG), Value(tsquery_text(text)), function="to_tsquery")


# --- Searching --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Search:
    """Matching articles, best first (annotated with `rank`, higher is better).

    `truncated` is True when more than the limit matched: `articles` then holds only the most
    recently added `limit` of them.
    """

    articles: QuerySet
    truncated: bool = False
    limit: int = RESULT_LIMIT


class FullTextRowid(BigIntegerField):
    """An FTS5 table's rowid; its `match` lookup is a full-text MATCH on the row's table."""


@FullTextRowid.register_lookup
class FullTextMatch(Lookup):
    """`<table alias>.<table name> MATCH <query>`: FTS5's hidden column named like the table, on the joined alias."""

    lookup_name = "match"
    prepare_rhs = False  # an FTS5 query string, not a rowid

    def as_sql(self, compiler, connection):
        rhs, rhs_params = self.process_rhs(compiler, connection)
        column = f"{compiler.quote_name(self.lhs.alias)}.{connection.ops.quote_name(FTS_TABLE)}"
        return f"{column} MATCH {rhs}", rhs_params


def _sqlite_matches(queryset: QuerySet, text: str) -> tuple[QuerySet, str]:
    # Newest first by the index's own rowid: FTS5 then walks its lists backwards and stops early.
    return queryset.filter(search_index__rowid__match=fts5_query(text)), "search_index__rowid"


def _pg_matches(queryset: QuerySet, text: str) -> tuple[QuerySet, str]:
    match = Func(
        _StoredDocument(), _tsquery(text), template="(%(expressions)s)", arg_joiner=" @@ ", output_field=BooleanField()
    )
    return queryset.filter(match), "pk"


def _id_list(queryset: QuerySet, ids: list[int]) -> RawSQL:
    """`ids` as a subquery with one parameter: Django would compile a list of a thousand ids into a
    thousand parameters, which costs more than the search itself (twice: count, then page)."""
    if connections[queryset.db].vendor == "sqlite":
        return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(ids)], output_field=BigIntegerField())
    return RawSQL("SELECT unnest(%s::bigint[])", [ids], output_field=BigIntegerField())


def _among(queryset: QuerySet, id_field: str, ids: list[int]) -> QuerySet:
    """Rows of `queryset` whose id is one of `ids`, checked as each match comes out of the index.

    On SQLite the ids are compared as `rowid + 0`: an expression FTS5 cannot use to look rows up
    one by one (about 50 µs each), so SQLite walks the match list and skips the others (well
    under 1 µs each), before it reads any article.
    """
    if id_field == "pk":
        return queryset.filter(pk__in=_id_list(queryset, ids))
    return queryset.alias(_search_rowid=F(id_field) + 0).filter(_search_rowid__in=_id_list(queryset, ids))


def matching_articles(queryset: QuerySet, text: str) -> QuerySet:
    """Every article of `queryset` matching all terms of `text`, unranked, through the database's index."""
    vendor = connections[queryset.db].vendor
    if vendor not in ("sqlite", "postgresql"):
        raise ImproperlyConfigured(f"Article search supports PostgreSQL and SQLite, not {vendor}.")
    return (_sqlite_matches if vendor == "sqlite" else _pg_matches)(queryset, text)[0]


# Filters that leave at most this many articles are applied first, as a list of their ids: the
# index then skips every other match instead of reading each match's article to test them.
NARROW_FIRST = 5000


def ranked_search(queryset: QuerySet, text: str, *, limit: int | None = None, narrowed: bool = True) -> Search:
    """Articles of `queryset` matching every term of `text`, ranked; at most the `limit` most recent.

    Costs two queries here: the ids of `queryset` if there are at most NARROW_FIRST of them
    (only when `narrowed`, i.e. other filters may have left few articles), then the ids of the
    `limit` (+1) most recently added matches, found by walking the index newest first. The
    returned queryset holds just those and ranks them. Apply every other filter to `queryset`
    first, or the window would count articles those filters leave out. Raises
    ImproperlyConfigured on a database other than PostgreSQL or SQLite.
    """
    limit = RESULT_LIMIT if limit is None else limit
    vendor = connections[queryset.db].vendor
    if vendor not in ("sqlite", "postgresql"):
        raise ImproperlyConfigured(f"Article search supports PostgreSQL and SQLite, not {vendor}.")
    if not query_terms(text):
        return Search(queryset.none(), limit=limit)
    matches, id_field = (_sqlite_matches if vendor == "sqlite" else _pg_matches)(queryset, text)
    candidates = matches
    if narrowed:
        few = list(queryset.order_by().values_list("pk", flat=True)[: NARROW_FIRST + 1])
        if len(few) <= NARROW_FIRST:
            candidates = _among(matches, id_field, few)
    ids = list(candidates.order_by(f"-{id_field}").values_list(id_field, flat=True)[: limit + 1])
    truncated, ids = len(ids) > limit, ids[:limit]
    if not ids:
        return Search(queryset.none(), limit=limit)
    if vendor == "sqlite":
        # The FTS5 row (for its rank) is joined back; the rowid range keeps the walk within the window.
        window = _among(matches.filter(search_index__rowid__gte=ids[-1]), id_field, ids)
        rank = -F("search_index__rank")  # bm25 is smaller for better matches
    else:
        window = queryset.filter(pk__in=_id_list(queryset, ids))  # the ids match: counting them needs no document
        rank = Func(_StoredDocument(), _tsquery(text), function="ts_rank", output_field=FloatField())
    return Search(window.annotate(rank=rank).order_by("-rank", "-publish_at", "pk"), truncated, limit)


def search_articles(queryset: QuerySet, text: str, *, limit: int | None = None) -> QuerySet:
    """Articles of `queryset` matching `text`, annotated with `rank` and ordered best first (see ranked_search)."""
    if not (text or "").strip():
        return queryset
    return ranked_search(queryset, text, limit=limit).articles


# --- Excerpts ---------------------------------------------------------------------------------------

EXCERPT_WORDS = 32
_INVISIBLE = str.maketrans({**dict.fromkeys("\u00ad\u200b\u2060\ufeff"), **dict.fromkeys(SPACE_CHARACTERS, " ")})
# Units of an excerpt: a CJK character (half a word), or a run of other non-space characters (a word).
_UNIT = re.compile(f"[{CJK_CHARACTERS}]|[^\\s{CJK_CHARACTERS}]+")
_JOINERS = "[\u200c\u200d]*"  # kept in the excerpt (emoji sequences, Persian), skipped when matching


def _loose(literal: str) -> str:
    return _JOINERS.join(re.escape(character) for character in literal)


def _highlight_pattern(text: str) -> re.Pattern | None:
    """Words of the query as patterns, loosely stemmed like the index ("telescopes" marks "telescope").

    Latin-script words match at a word start; CJK runs match exactly, anywhere.
    """
    text = unicodedata.normalize("NFC", text or "").translate(_TRANSLATION).lower()
    alternatives = set()
    for piece in _PIECE.findall(text):
        if _CJK_RUN.fullmatch(piece):
            alternatives.add(_loose(piece))
        elif len(piece) > 1:
            alternatives.add(r"\b" + _loose(piece[: max(3, len(piece) - 2)]) + r"\w*")
    if not alternatives:
        return None
    return re.compile("|".join(sorted(alternatives, key=len, reverse=True)), re.IGNORECASE)


def search_excerpt(body: str, text: str = "", *, words: int = EXCERPT_WORDS) -> SafeString:
    """A few lines of an article's text around the first word of the query, matches in <mark>.

    Works on the rendered text (no Markdown syntax shows), escapes every piece itself and adds
    only <mark>, so nothing from the body can inject markup. Invisible hyphenation and spacing
    characters are left out, as in the index. Chinese, Japanese and Korean characters count as
    half a word each. Without a match in the body (the title or a byline matched), the opening
    words stand in.
    """
    plain = unicodedata.normalize("NFC", markdown_to_text(body)).translate(_INVISIBLE)
    pattern = _highlight_pattern(text)
    found = pattern.search(plain) if pattern else None
    # Only text near the match can be in the window: cut the units out of that part alone.
    anchor = found.start() if found else 0
    low, high = max(0, anchor - 20 * words), anchor + 40 * words
    units = [(match.start(), match.end()) for match in _UNIT.finditer(plain, low, high)]
    if low > 0 and units and units[0][0] == low and not plain[low - 1].isspace():
        units.pop(0)  # a word cut in two by the slice
    if not units:
        return mark_safe("")
    weights = [1 if _CJK_RUN.match(plain, start) else 2 for start, _ in units]
    first = next((i for i, (_, end) in enumerate(units) if found and end > found.start()), 0)
    start = first
    while start > 0 and sum(weights[start:first]) < words // 2:
        start -= 1
    end, budget = start, 0
    while end < len(units) and budget + weights[end] <= 2 * words:
        budget += weights[end]
        end += 1
    window = " ".join(plain[units[start][0] : units[end - 1][1]].split())
    pieces = pattern.split(window) if pattern else [window]
    matches = pattern.findall(window) if pattern else []
    html = escape(pieces[0]) + "".join(
        f"<mark>{escape(match)}</mark>{escape(piece)}" for match, piece in zip(matches, pieces[1:], strict=True)
    )
    prefix = "… " if plain[: units[start][0]].strip() else ""
    suffix = " …" if plain[units[end - 1][1] :].strip() else ""
    return mark_safe(f"{prefix}{html}{suffix}")  # every piece above is escaped
