"""The demo `make run` loads: both seeds through the importer and the one publishing path, the registry
they print and nothing else (but the clearly fictional samples), idempotent, and fine without the seeds."""

import datetime as dt
import io
import re
import shlex
import subprocess
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.core.serializers import serialize
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Byline, Issue, Publication
from demo.seed_facts import normalise
from editorial import workflow
from editorial.publishing import Status
from events.models import Event, EventOrganization, EventPerson, Venue
from people.models import Membership, Organization, Person, Position
from tests.exchange.conftest import SEEDS_DIR
from tests.factories import ArticleFactory, IssueFactory, MembershipFactory, OrganizationFactory, PublicationFactory

ROOT = Path(__file__).resolve().parents[2]
SEED_000, SEED_003 = "000_d03c12bca8f44f57.txt", "003_bc879a4e3bff5878.txt"
FICTIONAL = "Fictional sample: "
# Values the archive needs although no seed prints them (see `catalogue` in demo/seed_facts.toml).
CATALOGUE = {"CAST Newsletter", "Science and Technology Daily Weekly", "2022-01", "2021-52"}


@pytest.fixture(scope="module")
def seeds_dir():
    for name in (SEED_000, SEED_003):
        if not (SEEDS_DIR / name).is_file():
            pytest.fail(f"Seed file {SEEDS_DIR / name} is missing (set NEWSROOM_SEEDS_DIR)")
    return SEEDS_DIR


def make_run_commands(seeds_dir) -> list[list[str]]:
    """The manage.py commands `make run` runs (from `make -n`), as argument lists."""
    result = subprocess.run(
        ["make", "-n", "run", f"SEEDS_DIR={seeds_dir}"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return [shlex.split(line)[2:] for line in result.stdout.splitlines() if " manage.py " in line]


def writes(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]


def snapshot():
    # Managed models only: an unmanaged one reads what the database keeps itself (SQLite's search index).
    models = [
        m
        for label in ("articles", "events", "people", "newsroom")
        for m in apps.get_app_config(label).get_models()
        if m._meta.managed
    ]
    return {model._meta.label: serialize("json", model._default_manager.order_by("pk")) for model in models}


def run_make_run_commands(seeds_dir) -> str:
    """Run what `make run` runs against the test database (migrate: done already)."""
    out = io.StringIO()
    for command in make_run_commands(seeds_dir):
        if command[0] != "migrate":
            call_command(*command, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_make_run_imports_both_seeds_through_the_importer_and_publishes_them_as_the_admin_does(seeds_dir):
    commands = make_run_commands(seeds_dir)
    # The web server and the task worker are started by scripts/serve, after these.
    assert [command[0] for command in commands] == ["migrate", "load_demo", "ensure_admin"]
    assert commands[1] == ["load_demo", "--seeds", str(seeds_dir)]

    out = run_make_run_commands(seeds_dir)

    assert (
        f"load_demo: manage.py import_issue {seeds_dir / SEED_000} --if-missing --publish --no-input "
        "--publication CAST Newsletter --number 2022-01 --date 2022-02-01"
    ) in out
    assert (
        f"load_demo: manage.py import_issue {seeds_dir / SEED_003} --if-missing --publish --no-input "
        f"--decisions {ROOT / 'docs' / 'reviews' / '003_bc879a4e3bff5878.decisions'}"
    ) in out
    assert out.count("Status: published") == 2
    cast = Issue.objects.get(publication__name="CAST Newsletter", number="2022-01")
    weekly = Issue.objects.get(publication__name="Science and Technology Daily Weekly", number="2021-52")
    assert cast.is_public() and weekly.is_public()
    assert cast.publish_at == timezone.make_aware(dt.datetime(2022, 2, 1))
    assert (Article.objects.published().filter(issue=cast).count(), weekly.articles.published().count()) == (16, 12)
    for issue in (cast, weekly):  # the admin's steps, logged, for the issue and every article
        steps = [entry.transition for entry in workflow.log_for(issue).order_by("pk")]
        assert steps == ["import", "submit", "approve", "publish"]
        for article in issue.articles.all():
            assert [entry.transition for entry in workflow.log_for(article).order_by("pk")] == [
                "submit",
                "approve",
                "publish",
            ]
    assert "Admin login:" in out


@pytest.mark.django_db
def test_a_second_make_run_writes_nothing(seeds_dir):
    run_make_run_commands(seeds_dir)
    first = snapshot()
    with CaptureQueriesContext(connection) as queries:
        out = run_make_run_commands(seeds_dir)
    assert writes(queries) == []
    assert snapshot() == first  # every row as it was, updated_at included
    assert out.count("Skipped (already imported)") == 2


@pytest.mark.django_db
def test_make_run_works_without_the_seeds(tmp_path):
    out = run_make_run_commands(tmp_path)
    assert f"load_demo: no seed file {tmp_path / SEED_000}; its issue is left out" in out
    assert f"load_demo: no seed file {tmp_path / SEED_003}; its issue is left out" in out
    assert "0 seed issues" in out and not Issue.objects.exists()
    assert Organization.objects.get(slug="iustc").memberships.count() == 6
    assert Event.objects.upcoming().get().title.startswith(FICTIONAL)
    with CaptureQueriesContext(connection) as queries:
        run_make_run_commands(tmp_path)
    assert writes(queries) == []


@pytest.mark.django_db
def test_the_demo_puts_back_what_an_editor_changed(demo):
    Organization.objects.filter(slug="iustc").update(founded_on=None)
    EventPerson.objects.filter(person__slug="okimura-kazuki").delete()
    Membership.objects.filter(member__slug="pr-newswire").update(joined_on=None, joined_precision="day")
    call_command("load_demo", seeds=SEEDS_DIR, stdout=io.StringIO())
    assert Organization.objects.get(slug="iustc").founded_on == dt.date(2018, 9, 20)
    assert EventPerson.objects.get(person__slug="okimura-kazuki").role == "speaker"
    assert Membership.objects.get(member__slug="pr-newswire").joined_label == "2018"


# ---------------------------------------------------------------- no fact the seeds do not print


@pytest.fixture(scope="module")
def seed_text(seeds_dir) -> str:
    return " ".join(normalise((seeds_dir / name).read_text(encoding="utf-8")) for name in (SEED_000, SEED_003))


def in_seeds(value: str, seed_text: str) -> bool:
    return normalise(value).casefold() in seed_text.casefold()


def date_in_seeds(day: dt.date, seed_text: str) -> bool:
    """As the seeds spell dates: “September 20, 2018”, or “December 21” with its year said elsewhere."""
    month_day = f"{day:%B} {day.day}"
    return f"{month_day}, {day.year}" in seed_text or (month_day in seed_text and str(day.year) in seed_text)


@pytest.mark.django_db
def test_no_fact_in_the_demo_that_the_seeds_do_not_print(demo, seed_text):
    def check(value, what):
        if value:
            assert in_seeds(str(value), seed_text), f"{what}: {value!r} is printed in no seed"

    for org in Organization.objects.all():
        for field in ("name", "short_name", "description", "name_original", "city"):
            check(getattr(org, field), f"organization {org.slug} {field}")
        check(org.website.split("://", 1)[-1], f"organization {org.slug} website")
        check(org.country.name if org.country else "", f"organization {org.slug} country")
        if org.founded_on:
            assert date_in_seeds(org.founded_on, seed_text), org.slug
        assert not org.logo and org.parent_id is None
    for person in Person.objects.all():
        check(person.name, "person")
        assert (person.name_original, person.bio, person.photo.name, person.website) == ("", "", "", ""), person.slug
    for position in Position.objects.select_related("organization"):
        check(position.title, f"position of {position.person}")
        check(position.organization_label, f"position of {position.person}")
        assert position.end_date is None
        if position.start_date:
            assert date_in_seeds(position.start_date, seed_text), position
    # The two join dates the seed gives, and no other.
    joined = {m.member.slug: (m.role, m.joined_label) for m in Membership.objects.select_related("member")}
    assert joined == {
        "set-daily": ("initiator", ""),
        "sputnik": ("member", ""),
        "pr-newswire": ("member", "2018"),
        "clarivate": ("member", "20 September 2018"),
        "jst": ("member", ""),
        "icgeb": ("member", ""),
    }
    for membership in Membership.objects.all():
        check(membership.note, "membership note")
        assert membership.left_on is None

    real_events = Event.objects.exclude(title__startswith=FICTIONAL)
    (conference,) = real_events
    for field in ("title", "summary", "description"):
        check(getattr(conference, field), f"event {field}")
    assert conference.all_day and conference.local_start.date() == dt.date(2021, 12, 21)
    assert date_in_seeds(conference.local_start.date(), seed_text)
    assert conference.online_url == "" and conference.series.frequency == ""
    for venue in Venue.objects.all():
        check(venue.city, "venue")
        assert venue.name == venue.address == venue.region == ""
    for role in EventPerson.objects.all():
        check(role.position_as_printed, f"position of {role.person} at the conference")
        as_printed = [f"{role.person.name}{sep}{role.position_as_printed}" for sep in (" ", ", ")]
        assert any(in_seeds(text, seed_text) for text in as_printed), as_printed
    assert set(EventPerson.objects.values_list("role", flat=True)) == {"speaker"}
    assert set(EventOrganization.objects.values_list("role", flat=True)) == {"participant"}

    for publication in Publication.objects.all():
        assert publication.name in CATALOGUE
        check(publication.description, "publication description")
        assert publication.default_colophon == "" and publication.website == ""
    for issue in Issue.objects.all():
        assert issue.number in CATALOGUE
        check(issue.title, "issue title")
        assert not issue.cover_image
    for article in Article.objects.all():
        check(article.title, "article title")
        assert (article.standfirst, article.dateline_place, article.dateline_date) == ("", "", None), article.title
        assert not article.lead_image and not article.corrections.exists()
    for byline in Byline.objects.all():
        check(byline.position_as_printed, f"byline of {byline.article}")

    # Fictional samples: named so, about nothing real.
    for event in Event.objects.filter(title__startswith=FICTIONAL):
        assert not event.organization_roles.exists() and not event.person_roles.exists()
        assert not event.venues.exists() and "example.org" in event.online_url


# ---------------------------------------------------------------- the pages readers get


@pytest.mark.django_db
def test_both_issues_are_the_seeds_as_printed(client, demo):
    cast = Issue.objects.get(number="2022-01")
    weekly = Issue.objects.get(number="2021-52")
    html = client.get(weekly.get_absolute_url()).content.decode()
    assert "Communication, Cooperation and Co-prosperity" in html
    assert "Telling Sci-tech Innovation Stories, Enhancing Exchanges Between Nations" in html
    letter = weekly.articles.get(order=1)
    assert [str(byline) for byline in letter.bylines.all()] == ["Science and Technology Daily"]
    report = weekly.articles.get(title="Global Efforts to Achieve Carbon Neutrality")
    assert [credit.author.name for credit in report.credits] == ["Science and Technology Daily"]  # its publisher
    assert [credit.author.name for credit in cast.articles.get(order=1).credits] == [
        "China Association for Science and Technology"
    ]


@pytest.mark.django_db
def test_the_conference_page_shows_only_what_the_seed_prints(client, demo):
    html = client.get(reverse("events:event_detail", kwargs={"slug": "iustc-annual-conference-2021"})).content.decode()
    assert "21 December 2021" in html and "Beijing" in html and "Hybrid" in html
    assert not re.search(r"\b\d{1,2}:\d{2}\b", html.split("<main", 1)[1].split("</main>", 1)[0])  # no time of day
    assert '<h2 id="organizers-heading">Organizations</h2>' in html  # participants are not organizers
    for text in ("Xu Zhilong", "editor-in-chief of SET Daily", "Okimura Kazuki", "Participant"):
        assert text in html
    for invented in ("Moderator", "Co-organizer", "Host", "Keynote", "Zhong Ping"):
        assert invented not in html
    assert "IUSTC Annual Conference: Information Exchanges Promote Global Collaboration" in html  # its coverage


@pytest.mark.django_db
def test_the_fictional_sample_fills_the_upcoming_events_and_the_calendar(client, demo):
    (event,) = Event.objects.upcoming()
    assert event.title.startswith(FICTIONAL) and event.start.year == timezone.localdate().year + 1
    assert event.title in client.get("/").content.decode()
    calendar = client.get(reverse("events:calendar")).content.decode()
    assert "SUMMARY:Fictional sample: an online workshop on science newsletters" in calendar


# ---------------------------------------------------------------- the hand-written demo of earlier versions


@pytest.mark.django_db
def test_the_hand_written_demo_of_earlier_versions_is_replaced(seeds_dir):
    """A database loaded by an earlier version: its invented issue, join dates and roles go."""
    set_daily = OrganizationFactory(slug="set-daily", name="Science and Technology Daily")
    union = OrganizationFactory(slug="iustc", name="International Union of Sci-tech Communicators", kind="union")
    sputnik = OrganizationFactory(slug="sputnik", name="Sputnik")
    MembershipFactory(union=union, member=sputnik, role="founding_member", joined_on=dt.date(2018, 9, 20))
    OrganizationFactory(slug="cas", name="Chinese Academy of Sciences", country="CN")
    publication = PublicationFactory(
        slug="set-daily-weekly",
        name="Science and Technology Daily Weekly",
        publisher=set_daily,
        default_colophon="Published by SET Daily, Beijing.",
    )
    old = IssueFactory(publication=publication, number="2021-52", slug="2021-52")
    ArticleFactory(issue=old, slug="letter-from-the-initiator", title="A letter to our partners in the union")

    out = io.StringIO()
    call_command("load_demo", seeds=seeds_dir, stdout=out)

    assert "removed the hand-written demo issue and registry of earlier versions" in out.getvalue()
    assert not Article.objects.filter(title="A letter to our partners in the union").exists()
    issue = Issue.objects.get(publication__slug="set-daily-weekly", number="2021-52")
    assert issue.is_public() and issue.articles.count() == 12
    assert Organization.objects.get(slug="iustc").name == "IUSTC"
    assert not Organization.objects.filter(slug="cas").exists()
    assert Membership.objects.get(member__slug="sputnik").role == "member"
    assert Membership.objects.get(member__slug="sputnik").joined_on is None
    assert Publication.objects.get(slug="set-daily-weekly").default_colophon == ""
    assert issue.status == Status.PUBLISHED


# ---------------------------------------------------------------- refusals


@pytest.fixture
def facts_changed(monkeypatch):
    """Load the demo with an edited copy of the facts file."""
    from demo import data, seed_facts

    def change(edit):
        facts = seed_facts.read_facts()
        edit(facts)
        monkeypatch.setattr(data, "read_facts", lambda: facts)

    return change


@pytest.mark.django_db
def test_a_refused_publish_stops_the_demo_and_writes_nothing(seeds_dir, facts_changed):
    """The demo publishes through the checks: were the newsletter's unsigned news not allowed, it stops."""
    facts_changed(lambda facts: facts.publication[0].update(unsigned_kinds=[]))
    with pytest.raises(CommandError, match="imported as a draft, not published: the publishing checks found 16"):
        call_command("load_demo", seeds=seeds_dir, stdout=io.StringIO())
    assert not Organization.objects.exists() and not Issue.objects.exists()


@pytest.mark.django_db
def test_a_quote_the_seed_does_not_print_stops_the_demo(seeds_dir, facts_changed):
    facts_changed(lambda facts: facts.membership[2]["sources"][0].update(quote="In 2017, PR Newswire joined"))
    with pytest.raises(CommandError) as error:
        call_command("load_demo", seeds=seeds_dir, stdout=io.StringIO())
    assert str(error.value) == (
        "seed_facts.toml quotes what the seeds do not print:\n"
        "[[membership]] 3 ('pr-newswire'): seed 003 line 152 does not print 'In 2017, PR Newswire joined'"
    )
    assert not Organization.objects.exists()
