"""The demo: both newsletter seeds imported as printed, the registry they print, and a fictional sample.

    counts = load_demo(seeds_dir=Path("../shared/seeds"), stdout=sys.stdout)

1. The registry from `seed_facts.toml` (organizations, publications with their publishers and unsigned
   kinds, the union and its members, people and their positions, the annual conference) — only what
   the seeds print, each fact with the seed line it comes from.
2. The fictional samples of `fictional_samples.toml`, where a feature would otherwise be invisible.
3. Each seed file found in `seeds_dir`, through `manage.py import_issue … --if-missing --publish` (seed
   003 with the editor's review kept in docs/reviews/): the importer and the one publishing path, so
   the issues pass the same checks and leave the same workflow log as in the admin.
4. What the articles are about (events, organizations, people), which the issue files cannot carry.

Idempotent: every row is keyed by a natural key and written only when it differs, an imported issue
is skipped, and a second run writes nothing at all (not even an `updated_at`). All in one transaction.
Without the seeds the registry and samples load and the issues are left out (step 3 says so).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management import call_command
from django.db import models, transaction
from django.utils import timezone

from articles.models import Article, Issue, Publication
from core.slugs import slugify_text
from demo.seed_facts import FactsError, parse_date, quote_problems, read_facts, read_samples
from editorial import workflow
from editorial.publishing import Status
from events.models import Event, EventKind, EventOrganization, EventPerson, EventSeries, Venue
from people.models import DatePrecision, Membership, MembershipRole, Organization, OrganizationKind, Person, Position

# Where the seeds are when nothing else is said: the shared folder beside the checkout (as CI has it).
DEFAULT_SEEDS_DIR = Path(settings.BASE_DIR).parent / "shared" / "seeds"


def seeds_dir_from_environment() -> Path:
    """NEWSROOM_SEEDS_DIR, else ../shared/seeds beside the checkout."""
    return Path(os.environ.get("NEWSROOM_SEEDS_DIR") or DEFAULT_SEEDS_DIR)


def _differs(obj: models.Model, name: str, value) -> bool:
    field = obj._meta.get_field(name)
    if field.many_to_one:
        return getattr(obj, field.attname) != (value.pk if value is not None else None)
    # Compared as stored, so "CN" equals the Country object and a Shanghai time equals the same instant in UTC.
    return field.get_prep_value(getattr(obj, field.attname)) != field.get_prep_value(value)


def _upsert(model: type[models.Model], lookup: dict, defaults: dict | None = None) -> models.Model:
    """The row matching `lookup`, created with `defaults` or saved only if one of them differs, so that
    loading the demo again writes nothing (update_or_create saves every time and moves updated_at)."""
    defaults = defaults or {}
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        return model._default_manager.create(**lookup, **defaults)
    changed = [name for name, value in defaults.items() if _differs(obj, name, value)]
    if changed:
        for name in changed:
            setattr(obj, name, defaults[name])
        obj.save()
    return obj


def _publish(obj) -> None:
    """Take a draft the way an editor does (submit, approve, publish: checked and logged), as the console."""
    for name in ("submit", "approve", "publish"):
        if obj.status == Status.PUBLISHED:
            return
        if obj.status in workflow.get_transition(name).sources:
            obj = workflow.transition(obj=obj, name=name, user=workflow.CONSOLE, comment="Demo data (load_demo).")


# ---------------------------------------------------------------- the old hand-written demo

# Rows of the hand-written demo that earlier versions loaded (rewritten titles, invented times, roles
# and join dates). Its issue is recognised by this article; it and these rows are removed so that the
# registry is rebuilt from the seeds alone.
_OLD_MARKER_ARTICLE = "letter-from-the-initiator"
_OLD_ORGANIZATIONS = [
    "set-daily", "iustc", "sputnik", "pr-newswire", "jst", "clarivate", "icgeb", "cast", "cas",
    "china-agricultural-university", "tsinghua-university",
]  # fmt: skip
_OLD_PEOPLE = [
    "xu-zhilong", "zhong-ping", "zhuang-guiyang", "zheng-dawei", "huang-cunrui", "zhao-sha", "okimura-kazuki",
]  # fmt: skip


def retire_hand_written_demo() -> bool:
    """Remove the hand-written demo of earlier versions, if this database holds it; True if it did."""
    old = Issue.objects.filter(
        publication__slug="set-daily-weekly", number="2021-52", articles__slug=_OLD_MARKER_ARTICLE
    ).first()
    if old is None:
        return False
    publication = old.publication
    old.delete()
    publication.sections.filter(articles__isnull=True).delete()
    Publication.objects.filter(pk=publication.pk).update(default_colophon="")
    Event.objects.filter(slug="iustc-annual-conference-2021").delete()
    Membership.objects.filter(union__slug="iustc").delete()
    Position.objects.filter(person__slug__in=_OLD_PEOPLE).delete()
    Person.objects.filter(slug__in=_OLD_PEOPLE, bylines__isnull=True, event_roles__isnull=True).delete()
    Organization.objects.filter(
        slug__in=_OLD_ORGANIZATIONS,
        bylines__isnull=True,
        positions__isnull=True,
        event_roles__isnull=True,
        publications__isnull=True,
        union_memberships__isnull=True,
    ).delete()
    return True


# ---------------------------------------------------------------- the registry the seeds print


def _organizations(facts) -> dict[str, Organization]:
    organizations = {}
    for record in facts.organization:
        founded = record.get("founded_on")
        organizations[record["slug"]] = _upsert(
            Organization,
            {"slug": record["slug"]},
            {
                "name": record["name"],
                "short_name": record.get("short_name", ""),
                "kind": OrganizationKind(record.get("kind", OrganizationKind.OTHER)),
                "country": record.get("country", ""),
                "website": record.get("website", ""),
                "description": record.get("description", ""),
                "founded_on": parse_date(founded, record["slug"]) if founded else None,
                "name_original": "",
            },
        )
    return organizations


def _publications(facts, organizations) -> None:
    for record in facts.publication:
        _upsert(
            Publication,
            {"slug": record["slug"]},
            {
                "name": record["name"],
                "language": record["language"],
                "publisher": organizations[record["publisher"]],
                "description": record.get("description", ""),
                "unsigned_kinds": record.get("unsigned_kinds", []),
            },
        )


def _joined(value: str | None, where: str) -> tuple[dt.date | None, str]:
    """A join date as printed: "2018" (the year only), "2018-09" (the month) or a full date."""
    if not value:
        return None, DatePrecision.DAY
    if len(value) == 4 and value.isdigit():
        return dt.date(int(value), 1, 1), DatePrecision.YEAR
    if len(value) == 7:
        return parse_date(f"{value}-01", where), DatePrecision.MONTH
    return parse_date(value, where), DatePrecision.DAY


def _memberships(facts, organizations) -> None:
    for record in facts.membership:
        joined, precision = _joined(record.get("joined"), record["member"])
        _upsert(
            Membership,
            {"union": organizations[record["union"]], "member": organizations[record["member"]]},
            {
                "role": MembershipRole(record.get("role", MembershipRole.MEMBER)),
                "joined_on": joined,
                "joined_precision": precision,
                "note": record.get("note", ""),
            },
        )


def _people(facts, organizations) -> dict[str, Person]:
    people = {}
    for record in facts.person:
        person = _upsert(
            Person,
            {"slug": record["slug"]},
            {"name": record["name"], "sort_name": record["name"], "name_original": "", "name_original_language": ""},
        )
        for order, position in enumerate(record.get("positions", [])):
            start = position.get("start")
            _upsert(
                Position,
                {"person": person, "title": position["title"], "organization": organizations[position["organization"]]},
                {"start_date": parse_date(start, record["slug"]) if start else None, "end_date": None, "order": order},
            )
        people[record["slug"]] = person
    return people


def _events(facts, organizations, people) -> dict[str, Event]:
    events = {}
    for record in facts.event:
        zone = ZoneInfo(record["time_zone"])
        day = parse_date(record["date"], record["slug"])
        series = (
            _upsert(EventSeries, {"slug": slugify_text(record["series"])}, {"name": record["series"]})
            if record.get("series")
            else None
        )
        venue = _upsert(Venue, {"name": "", "city": record["city"], "country": record["country"]})
        event = _upsert(
            Event,
            {"slug": record["slug"]},
            {
                "title": record["title"],
                "kind": EventKind.CONFERENCE,
                "series": series,
                "edition": record.get("edition"),
                # No time of day is printed: an all-day event, stored as the admin stores one (the whole local day).
                "start": dt.datetime.combine(day, dt.time.min, tzinfo=zone),
                "end": dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=zone),
                "time_zone": record["time_zone"],
                "all_day": True,
                "mode": record["mode"],
                "online_url": "",
                "summary": record.get("summary", ""),
                "description": "",
            },
        )
        event.venues.set([venue])  # set() only writes the difference
        for order, role in enumerate(record.get("organizations", [])):
            _upsert(
                EventOrganization,
                {"event": event, "organization": organizations[role["organization"]], "role": role["role"]},
                {"order": order},
            )
        for order, role in enumerate(record.get("people", [])):
            _upsert(
                EventPerson,
                {"event": event, "person": people[role["person"]], "role": role["role"]},
                {"order": order, "position_as_printed": role.get("position", "")},
            )
        _publish(event)
        events[record["slug"]] = event
    return events


# ---------------------------------------------------------------- fictional samples


def _samples(today: dt.date) -> list[Event]:
    events = []
    for record in read_samples().get("event", []):
        month, day = (int(part) for part in record["next_year_on"].split("-"))
        date = dt.date(today.year + 1, month, day)
        zone = ZoneInfo(record["time_zone"])
        event = _upsert(
            Event,
            {"slug": record["slug"]},
            {
                "title": record["title"],
                "kind": record["kind"],
                "start": dt.datetime.combine(date, dt.time.fromisoformat(record["start_time"]), tzinfo=zone),
                "end": dt.datetime.combine(date, dt.time.fromisoformat(record["end_time"]), tzinfo=zone),
                "time_zone": record["time_zone"],
                "mode": record["mode"],
                "online_url": record["online_url"],
                "summary": record["summary"],
                "description": record.get("description", ""),
            },
        )
        _publish(event)
        events.append(event)
    return events


# ---------------------------------------------------------------- the seeds, through the importer


def _import_seeds(facts, seeds_dir: Path, stdout) -> list[str]:
    """Run `import_issue` on each seed found; returns the ids of the seeds imported (or already there)."""
    imported = []
    for record in facts.issue:
        path = seeds_dir / facts.seeds[record["seed"]]
        if not path.is_file():
            stdout.write(f"load_demo: no seed file {path}; its issue is left out (set NEWSROOM_SEEDS_DIR)\n")
            continue
        options = ["--if-missing", "--publish", "--no-input"]
        if record.get("decisions"):
            options += ["--decisions", str(Path(settings.BASE_DIR) / record["decisions"])]
        for key in ("publication", "number", "date"):
            if record.get(key):
                options += [f"--{key}", record[key]]
        stdout.write(f"load_demo: manage.py import_issue {path} {' '.join(options)}\n")
        call_command("import_issue", str(path), *options, stdout=stdout)
        imported.append(record["seed"])
    return imported


def _coverage(facts, imported: list[str], events, organizations, people) -> int:
    """Link the imported articles to what they are about; records of seeds not imported are skipped."""
    linked = 0
    for record in facts.coverage:
        seeds = {source["seed"] for source in record["sources"]}
        if not seeds <= set(imported):
            continue
        article = Article.objects.filter(title=record["article"]).first()
        if article is None:
            raise FactsError(f"seed_facts.toml: [[coverage]] names no imported article: {record['article']!r}")
        article.about_events.set([events[slug] for slug in record.get("events", [])])
        article.about_organizations.set([organizations[slug] for slug in record.get("organizations", [])])
        article.about_people.set([people[slug] for slug in record.get("people", [])])
        linked += 1
    return linked


@transaction.atomic
def load_demo(*, seeds_dir: Path | None = None, stdout=None) -> dict[str, int]:
    """Load (or bring up to date) the demo; returns counts for the summary line.

    Raises FactsError when a data file is not as documented or a quote is not in its seed, and
    CommandError when an import is refused (say its publish fails the checks); nothing is written then.
    """
    stdout = stdout or sys.stdout
    seeds_dir = seeds_dir or seeds_dir_from_environment()
    facts = read_facts()
    problems = quote_problems(facts, seeds_dir)
    if problems:
        raise FactsError("seed_facts.toml quotes what the seeds do not print:\n" + "\n".join(problems))
    if retire_hand_written_demo():
        stdout.write("load_demo: removed the hand-written demo issue and registry of earlier versions\n")
    organizations = _organizations(facts)
    _publications(facts, organizations)
    _memberships(facts, organizations)
    people = _people(facts, organizations)
    events = _events(facts, organizations, people)
    samples = _samples(timezone.localdate())
    imported = _import_seeds(facts, seeds_dir, stdout)
    linked = _coverage(facts, imported, events, organizations, people)
    return {
        "organizations": len(organizations),
        "people": len(people),
        "memberships": len(facts.membership),
        "events": len(events),
        "fictional samples": len(samples),
        "seed issues": len(imported),
        "articles linked": linked,
    }
