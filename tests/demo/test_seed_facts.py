"""demo/seed_facts.toml holds only what the seeds print: every quote is in its seed on its line, and
every value of a record is in that record's quotes (dates in the seeds' own spelling, a country by its
name, a kind by a word that says it). A grep over the data file; test_load_demo.py greps the database."""

import datetime as dt
from pathlib import Path

import pytest
from django_countries import countries

from demo.seed_facts import FactsError, normalise, quote_problems, read_facts, read_samples
from tests.exchange.conftest import SEEDS_DIR

FACTS = read_facts()

# The words a quote must hold for an organization's kind or a membership's role to be printed.
KIND_WORDS = {
    "society": ["association", "society", "societies"],
    "news_media": ["media"],
    "news_agency": ["news agency"],
    "union": ["union"],
}
ROLE_WORDS = {"initiator": ["initiated"], "member": ["member", "joined"]}
MODE_WORDS = {"hybrid": ["online and offline"]}
EDITION_WORDS = {1: "first"}
PERSON_ROLE_WORDS = {"speaker": ["speaking", "reviewed", "meeting"]}
ORGANIZATION_ROLE_WORDS = {"participant": ["presented their congratulations", "speaking at the conference"]}


@pytest.fixture(scope="module")
def seeds_dir() -> Path:
    for filename in FACTS.seeds.values():
        if not (SEEDS_DIR / filename).is_file():
            pytest.fail(f"Seed file {SEEDS_DIR / filename} is missing (set NEWSROOM_SEEDS_DIR)")
    return SEEDS_DIR


def quoted(record) -> str:
    return normalise(" ".join(source["quote"] for source in record["sources"])).casefold()


def printed(value: str, record) -> bool:
    return normalise(value).casefold() in quoted(record)


def date_printed(value: str, record) -> bool:
    """As the seeds spell dates: “September 20, 2018”, or “December 21” and the year printed apart."""
    day = dt.date.fromisoformat(value)
    month_day = f"{day:%B} {day.day}"
    text = quoted(record)
    return f"{month_day}, {day.year}".casefold() in text or (month_day.casefold() in text and str(day.year) in text)


def test_every_quote_is_printed_in_its_seed_on_its_line(seeds_dir):
    assert quote_problems(FACTS, seeds_dir) == []


def test_a_quote_the_seed_does_not_print_is_reported(seeds_dir):
    facts = read_facts()
    facts.membership[2]["sources"][0]["quote"] = "In 2019, PR Newswire joined in IUSTC"
    facts.organization[0]["sources"][0]["line"] = 22  # the right words, on another line
    assert quote_problems(facts, seeds_dir) == [
        "[[organization]] 1 ('cast'): seed 000 line 22 does not print "
        "'the China Association for Science and Technology (CAST)'",
        "[[membership]] 3 ('pr-newswire'): seed 003 line 152 does not print 'In 2019, PR Newswire joined in IUSTC'",
    ]


@pytest.mark.parametrize("record", FACTS.organization, ids=lambda r: r["slug"])
def test_organization_facts_are_printed(record):
    for key in ("name", "short_name", "description"):
        if key in record:
            assert printed(record[key], record), key
    if "website" in record:
        assert printed(record["website"].split("://", 1)[1], record)
    if "country" in record:
        assert printed(f"in {countries.name(record['country'])}", record)
    if "kind" in record:
        assert any(word in quoted(record) for word in KIND_WORDS[record["kind"]]), record["kind"]
    if "founded_on" in record:
        assert date_printed(record["founded_on"], record)


@pytest.mark.parametrize("record", FACTS.membership, ids=lambda r: r["member"])
def test_membership_facts_are_printed(record):
    names = {org["slug"]: org for org in FACTS.organization}
    member, union = names[record["member"]], names[record["union"]]
    assert printed(member.get("short_name") or member["name"], record) or printed(member["name"], record)
    assert printed(union["name"], record)
    assert any(word in quoted(record) for word in ROLE_WORDS[record.get("role", "member")])
    joined = record.get("joined")
    if joined and len(joined) == 4:
        assert printed(f"In {joined}", record)
    elif joined:
        assert date_printed(joined, record)
    if "note" in record:
        assert printed("since its establishment in 2018", record)


def test_only_two_join_dates_are_known():
    """The seed gives two: PR Newswire joined in 2018; Clarivate since the establishment (20 September 2018)."""
    assert {record["member"]: record["joined"] for record in FACTS.membership if "joined" in record} == {
        "pr-newswire": "2018",
        "clarivate": "2018-09-20",
    }


@pytest.mark.parametrize("record", FACTS.person, ids=lambda r: r["slug"])
def test_people_and_their_positions_are_printed(record):
    organizations = {org["slug"]: org for org in FACTS.organization}
    assert printed(record["name"], record)
    for position in record.get("positions", []):
        assert printed(position["title"], record)
        organization = organizations[position["organization"]]
        assert printed(organization.get("short_name", ""), record) or printed(organization["name"], record)
        if "start" in position:
            assert date_printed(position["start"], record)


def test_the_conference_is_as_printed():
    (record,) = FACTS.event
    people = {person["slug"]: person for person in FACTS.person}
    organizations = {org["slug"]: org for org in FACTS.organization}
    for key in ("title", "series", "summary", "city"):
        assert printed(record[key], record), key
    assert date_printed(record["date"], record)
    assert EDITION_WORDS[record["edition"]] in quoted(record)
    assert any(word in quoted(record) for word in MODE_WORDS[record["mode"]])
    for role in record["people"]:
        assert printed(people[role["person"]]["name"], record)
        assert printed(f"{people[role['person']]['name']} {role['position']}", record) or printed(
            f"{people[role['person']]['name']}, {role['position']}", record
        )
        assert any(word in quoted(record) for word in PERSON_ROLE_WORDS[role["role"]])
    for role in record["organizations"]:
        organization = organizations[role["organization"]]
        assert printed(organization.get("short_name", ""), record) or printed(organization["name"], record)
        assert any(word in quoted(record) for word in ORGANIZATION_ROLE_WORDS[role["role"]])


def test_publications_and_issues_mark_what_no_seed_prints_as_catalogue():
    for record in FACTS.publication:
        assert record["catalogue"] == ["name"]
        if "description" in record:
            assert printed(record["description"], record)
    for record in FACTS.issue:
        if "decisions" not in record:
            assert set(record["catalogue"]) == {"number", "date"}


@pytest.mark.parametrize("record", FACTS.coverage, ids=lambda r: r["article"][:30])
def test_coverage_names_articles_as_printed(record, seeds_dir):
    seed = record["sources"][0]["seed"]
    text = normalise((seeds_dir / FACTS.seeds[seed]).read_text(encoding="utf-8"))
    assert normalise(record["article"]) in text
    for slug in record.get("organizations", []):
        organization = next(org for org in FACTS.organization if org["slug"] == slug)
        assert printed(organization.get("short_name", ""), record) or printed(organization["name"], record)


def test_fictional_samples_say_so_and_name_nothing_real():
    for record in read_samples()["event"]:
        assert record["title"].startswith("Fictional sample: ")
        assert "fictional" in record["summary"].casefold() and "example.org" in record["online_url"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[seeds]\n"003" = "x.txt"\n[[membership]]\nunion = "a"\nmember = "b"\njoined_at = "2018"\nsources = []\n',
            "seed_facts.toml: [[membership]] 1 ('b'): unknown key 'joined_at' (use: union, member, role, joined, "
            "note, sources)",
        ),
        (
            '[seeds]\n"003" = "x.txt"\n[[membership]]\nunion = "a"\nmember = "b"\nsources = []\n',
            "seed_facts.toml: [[membership]] 1 ('b'): no organization with slug 'a' in this file",
        ),
        (
            '[seeds]\n"003" = "x.txt"\n[[person]]\nslug = "p"\nname = "P"\n',
            "seed_facts.toml: [[person]] 1 ('p'): missing 'sources'",
        ),
        (
            '[seeds]\n"003" = "x.txt"\n[[person]]\nslug = "p"\nname = "P"\n'
            'sources = [{ seed = "004", line = 1, quote = "P" }]\n',
            "seed_facts.toml: [[person]] 1 ('p'): unknown seed '004' (use: 003)",
        ),
        (
            '[seeds]\n"003" = "x.txt"\n[[rumour]]\ntext = "x"\n',
            "seed_facts.toml: unknown table [[rumour]] (use: organization, publication, issue, membership, person, "
            "event, coverage)",
        ),
    ],
)
def test_a_data_file_not_as_documented_is_refused_naming_the_record(tmp_path, text, message):
    path = tmp_path / "seed_facts.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FactsError) as error:
        read_facts(path)
    assert str(error.value) == message


def test_a_sample_not_named_fictional_is_refused(tmp_path):
    path = tmp_path / "fictional_samples.toml"
    text = (Path(__file__).resolve().parents[2] / "demo" / "fictional_samples.toml").read_text(encoding="utf-8")
    path.write_text(text.replace('title = "Fictional sample: ', 'title = "'), encoding="utf-8")
    with pytest.raises(FactsError, match="the title must start 'Fictional sample: '"):
        read_samples(path)
