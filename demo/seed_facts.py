"""Read the demo's data files: what the seeds print (seed_facts.toml) and the fictional samples.

    facts = read_facts()            # Facts: organizations, publications, issues, memberships, ...
    facts.organization[0]["name"]   # records are plain dicts, checked against SCHEMA

Every table, key and reference is checked before anything is written: an unknown key, a missing
one, a wrong type or a slug that names nothing raises FactsError naming the file and the record
(“seed_facts.toml: [[membership]] 3 (member 'sputnik'): unknown key 'joined_at'”).
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

FACTS_PATH = Path(__file__).resolve().parent / "seed_facts.toml"
SAMPLES_PATH = Path(__file__).resolve().parent / "fictional_samples.toml"


class FactsError(ValueError):
    """A data file of the demo is not as documented; the message names the file and the record."""


_SOURCE = {"seed": str, "line": int, "quote": str}
# table -> {key: type}; keys in REQUIRED[table] must be present, the others may be.
SCHEMA: dict[str, dict[str, object]] = {
    "organization": {
        "slug": str,
        "name": str,
        "short_name": str,
        "kind": str,
        "country": str,
        "website": str,
        "description": str,
        "founded_on": str,
        "sources": [_SOURCE],
    },
    "publication": {
        "slug": str,
        "name": str,
        "catalogue": [str],
        "publisher": str,
        "language": str,
        "description": str,
        "unsigned_kinds": [str],
        "sources": [_SOURCE],
    },
    "issue": {
        "seed": str,
        "publication": str,
        "number": str,
        "date": str,
        "catalogue": [str],
        "decisions": str,
    },
    "membership": {
        "union": str,
        "member": str,
        "role": str,
        "joined": str,
        "note": str,
        "sources": [_SOURCE],
    },
    "person": {
        "slug": str,
        "name": str,
        "positions": [{"title": str, "organization": str, "start": str}],
        "sources": [_SOURCE],
    },
    "event": {
        "slug": str,
        "title": str,
        "series": str,
        "edition": int,
        "date": str,
        "time_zone": str,
        "mode": str,
        "city": str,
        "country": str,
        "summary": str,
        "organizations": [{"organization": str, "role": str}],
        "people": [{"person": str, "role": str, "position": str}],
        "sources": [_SOURCE],
    },
    "coverage": {
        "article": str,
        "events": [str],
        "organizations": [str],
        "people": [str],
        "sources": [_SOURCE],
    },
}
REQUIRED = {
    "organization": {"slug", "name", "sources"},
    "publication": {"slug", "name", "publisher", "language", "sources"},
    "issue": {"seed"},
    "membership": {"union", "member", "sources"},
    "person": {"slug", "name", "sources"},
    "event": {"slug", "title", "date", "time_zone", "mode", "city", "country", "sources"},
    "coverage": {"article", "sources"},
}
SAMPLE_SCHEMA = {
    "event": {
        "slug": str,
        "title": str,
        "kind": str,
        "mode": str,
        "online_url": str,
        "time_zone": str,
        "next_year_on": str,
        "start_time": str,
        "end_time": str,
        "summary": str,
        "description": str,
    }
}


@dataclass
class Facts:
    seeds: dict[str, str] = field(default_factory=dict)  # seed id -> file name in the seeds folder
    organization: list[dict] = field(default_factory=list)
    publication: list[dict] = field(default_factory=list)
    issue: list[dict] = field(default_factory=list)
    membership: list[dict] = field(default_factory=list)
    person: list[dict] = field(default_factory=list)
    event: list[dict] = field(default_factory=list)
    coverage: list[dict] = field(default_factory=list)


def _label(table: str, index: int, record: dict) -> str:
    key = next((record[k] for k in ("slug", "member", "article", "seed") if isinstance(record.get(k), str)), "")
    return f"[[{table}]] {index}" + (f" ({key!r})" if key else "")


def _check(value, expected, where: str) -> None:
    """`value` has the shape `expected`: a type, [shape] (a list of it) or {key: shape} (a table)."""
    if isinstance(expected, list):
        if not isinstance(value, list):
            raise FactsError(f"{where}: expected a list")
        for position, item in enumerate(value, start=1):
            _check(item, expected[0], f"{where}, item {position}")
    elif isinstance(expected, dict):
        if not isinstance(value, dict):
            raise FactsError(f"{where}: expected a table")
        unknown = sorted(set(value) - set(expected))
        if unknown:
            raise FactsError(f"{where}: unknown key {', '.join(map(repr, unknown))} (use: {', '.join(expected)})")
        for key, item in value.items():
            _check(item, expected[key], f"{where}, {key}")
    elif not isinstance(value, expected) or isinstance(value, bool):
        raise FactsError(f"{where}: expected {expected.__name__}, got {value!r}")


def _records(data: dict, schema: dict, required: dict, name: str) -> dict[str, list[dict]]:
    tables = {}
    for table, records in data.items():
        if table not in schema:
            raise FactsError(f"{name}: unknown table [[{table}]] (use: {', '.join(schema)})")
        if not isinstance(records, list):
            raise FactsError(f"{name}: {table} must be a list of tables ([[{table}]])")
        for index, record in enumerate(records, start=1):
            where = f"{name}: {_label(table, index, record if isinstance(record, dict) else {})}"
            _check(record, schema[table], where)
            missing = sorted(required.get(table, set()) - set(record))
            if missing:
                raise FactsError(f"{where}: missing {', '.join(map(repr, missing))}")
        tables[table] = records
    return tables


def parse_date(value: str, where: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise FactsError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from None


def _check_references(facts: Facts, name: str) -> None:
    organizations = {record["slug"] for record in facts.organization}
    people = {record["slug"] for record in facts.person}
    events = {record["slug"] for record in facts.event}

    def known(slug: str, kinds: set[str], what: str, where: str) -> None:
        if slug not in kinds:
            raise FactsError(f"{where}: no {what} with slug {slug!r} in this file")

    for table in ("organization", "publication", "membership", "person", "event", "coverage"):
        for index, record in enumerate(getattr(facts, table), start=1):
            where = f"{name}: {_label(table, index, record)}"
            for source in record.get("sources", []):
                if source["seed"] not in facts.seeds:
                    raise FactsError(f"{where}: unknown seed {source['seed']!r} (use: {', '.join(facts.seeds)})")
            if table == "publication":
                known(record["publisher"], organizations, "organization", where)
            elif table == "membership":
                known(record["union"], organizations, "organization", where)
                known(record["member"], organizations, "organization", where)
            elif table == "person":
                for position in record.get("positions", []):
                    known(position["organization"], organizations, "organization", where)
            elif table == "event":
                for role in record.get("organizations", []):
                    known(role["organization"], organizations, "organization", where)
                for role in record.get("people", []):
                    known(role["person"], people, "person", where)
            elif table == "coverage":
                for slug in record.get("events", []):
                    known(slug, events, "event", where)
                for slug in record.get("organizations", []):
                    known(slug, organizations, "organization", where)
                for slug in record.get("people", []):
                    known(slug, people, "person", where)
    for index, record in enumerate(facts.issue, start=1):
        where = f"{name}: {_label('issue', index, record)}"
        if record["seed"] not in facts.seeds:
            raise FactsError(f"{where}: unknown seed {record['seed']!r} (use: {', '.join(facts.seeds)})")
        if "decisions" not in record and not {"publication", "number", "date"} <= set(record):
            raise FactsError(f"{where}: give publication, number and date, or a decisions file that holds them")


def _load(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise FactsError(f"{path.name}: {error}") from error


def read_facts(path: Path = FACTS_PATH) -> Facts:
    """The seed facts, checked (shapes, required keys, references). Raises FactsError."""
    data = _load(path)
    seeds = data.pop("seeds", None)
    if not isinstance(seeds, dict) or not all(isinstance(v, str) for v in seeds.values()):
        raise FactsError(f"{path.name}: [seeds] must map seed ids to file names")
    facts = Facts(seeds=seeds, **_records(data, SCHEMA, REQUIRED, path.name))
    _check_references(facts, path.name)
    return facts


def read_samples(path: Path = SAMPLES_PATH) -> dict[str, list[dict]]:
    """The fictional samples, checked; every title must say it is fictional. Raises FactsError."""
    tables = _records(_load(path), SAMPLE_SCHEMA, {"event": set(SAMPLE_SCHEMA["event"]) - {"description"}}, path.name)
    for index, record in enumerate(tables.get("event", []), start=1):
        if not record["title"].startswith("Fictional sample: "):
            where = f"{path.name}: {_label('event', index, record)}"
            raise FactsError(f"{where}: the title must start 'Fictional sample: '")
    return tables


def normalise(text: str) -> str:
    """Printed words only: Markdown emphasis (`*`) dropped and every run of spaces and line breaks made one space."""
    return " ".join(text.replace("*", "").split())


def quote_problems(facts: Facts, seeds_dir: Path) -> list[str]:
    """Sources whose quote is not printed in its seed, starting on its line; [] when all are.

    Seeds missing from `seeds_dir` are not checked.
    """
    texts = {}
    for seed, filename in facts.seeds.items():
        path = seeds_dir / filename
        if path.is_file():
            texts[seed] = path.read_text(encoding="utf-8").splitlines()
    problems = []
    for table in ("organization", "publication", "membership", "person", "event", "coverage"):
        for index, record in enumerate(getattr(facts, table), start=1):
            for source in record.get("sources", []):
                lines = texts.get(source["seed"])
                if lines is None:
                    continue
                line = source["line"]
                first = normalise(lines[line - 1]) if 0 < line <= len(lines) else ""
                found = normalise("\n".join(lines[line - 1 :])).find(normalise(source["quote"])) if first else -1
                if not 0 <= found < len(first):
                    problems.append(
                        f"{_label(table, index, record)}: seed {source['seed']} line {line} does not print "
                        f"{source['quote']!r}"
                    )
    return problems
