"""The proposal engine on text extracted from PDFs: seed 003 raw, and a fictional newsletter of our own."""

from pathlib import Path

import pytest

from articles.exchange.proposal import (
    NEXT,
    PREVIOUS,
    Role,
    SourceLine,
    lines_from_text,
    looks_like_issue_file,
    propose,
)

FIXTURES = Path(__file__).parent / "fixtures"

# Seed 003's article titles as printed (the issue title is line 5; "Top 10 …" heads a list inside the report).
SEED_003_TITLES = [
    "Telling Sci-tech Innovation Stories, Enhancing Exchanges Between Nations",
    "Global Efforts to Achieve Carbon Neutrality",
    "Global Carbon Neutrality Requires Closer International Cooperation",
    "Technology Empowers 'Dual Carbon' Goals",
    "Supporting Role of Adaptation Actions to Be Maximized",
    "Collaborative Governance Between 'Dual Carbon' Goals and Human Health",
    "Actively Engaged in International Discussions",
    "Distribution Combined with Multi-media",
    "Communication Improved on Sci-tech Information",
    "Mutual Benefit Expected in the Future",
    "Scientific Information Spread through Digital Outreach",
    "IUSTC Annual Conference: Information Exchanges Promote Global Collaboration",
]
# Who signs what in seed 003: name -> the title of the piece (opinions signed below, statements above).
SEED_003_SIGNATURES = {
    "Science and Technology Daily": SEED_003_TITLES[0],
    "Zhong Ping": SEED_003_TITLES[2],
    "Zhuang Guiyang": SEED_003_TITLES[3],
    "Zheng Dawei": SEED_003_TITLES[4],
    "Huang Cunrui": SEED_003_TITLES[5],
    "Zhao Sha": SEED_003_TITLES[7],
    "Okimura Kazuki": SEED_003_TITLES[9],
}

LANTERN_TITLES = [
    "A letter to our members",
    "Volunteers count a record 4,112 shorebirds on the spring survey",
    "Tide-pool project wins a regional community grant",
    "Why our data needs slow, careful hands",
    "Sharing the water with the survey teams",
    "A year of sensor readings from the estuary",
]
LANTERN_SIGNATURES = {
    "The Board of the Marram Coast Citizen Science League": LANTERN_TITLES[0],
    "Tomasz Quill": LANTERN_TITLES[1],
    "Amara Okonkwo": LANTERN_TITLES[3],
    "Piet Hallewijn": LANTERN_TITLES[4],
}


@pytest.fixture(scope="module")
def seed_003_text():
    from tests.exchange.conftest import SEEDS_DIR

    path = SEEDS_DIR / "003_bc879a4e3bff5878.txt"
    if not path.is_file():
        pytest.fail(f"Seed file {path} is missing (set NEWSROOM_SEEDS_DIR)")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def lantern_text():
    return (FIXTURES / "lantern_quarterly.txt").read_text(encoding="utf-8")


def _precision_recall(found: list[str], expected: list[str]) -> tuple[float, float]:
    hits = len(set(found) & set(expected))
    return hits / len(found), hits / len(expected)


def _check_titles_and_signatures(text, expected_titles, signatures, label):
    proposal = propose(lines_from_text(text))
    found = [article.title.text() for article in proposal.articles()]
    precision, recall = _precision_recall(found, expected_titles)
    print(f"{label}: article titles precision {precision:.0%}, recall {recall:.0%} ({len(found)} proposed)")
    assert precision >= 0.9 and recall >= 0.9, found
    signed = {byline.name: article.title.text() for article in proposal.articles() for byline in article.bylines}
    assert signed == signatures
    for byline in proposal.bylines():
        assert byline.attach in (PREVIOUS, NEXT) and 0 < byline.attach_confidence <= 1 and byline.attach_reason
    return proposal


def test_seed_003_raw_titles_and_bylines(seed_003_text):
    proposal = _check_titles_and_signatures(seed_003_text, SEED_003_TITLES, SEED_003_SIGNATURES, "seed 003")
    # Every name + position block is one byline with both lines, attached to some article.
    people = [byline for byline in proposal.bylines() if not byline.organization]
    assert len(people) == 6 and all(len(byline.lines) == 2 and byline.position for byline in people)
    zhong = next(byline for byline in people if byline.name == "Zhong Ping")
    assert zhong.position == (
        "Director, Global (Environment) Office, The Administrative Center for China-Africa Cooperation, "
        "Chinese Academy of Technology of China"
    )
    assert zhong.line_numbers == [76, 78] and zhong.attach == PREVIOUS
    assert proposal.block(144).attach == NEXT  # Zhao Sha signs the PR Newswire statement below


def test_lantern_quarterly_titles_and_bylines(lantern_text):
    """A fictional newsletter in the same extracted style, with another layout: sentence-case titles,
    section kickers, a headlines list, "By" lines under titles, running headers and page numbers."""
    proposal = _check_titles_and_signatures(lantern_text, LANTERN_TITLES, LANTERN_SIGNATURES, "Lantern Quarterly")
    document = proposal.document()
    assert document.title == "The Lantern Quarterly"
    assert document.subtitle.startswith("Newsletter of the Marram Coast Citizen Science League")
    assert [headline.text for headline in document.headlines] == [
        LANTERN_TITLES[1],
        "Tide-pool project wins a regional community grant",
        LANTERN_TITLES[3],
        LANTERN_TITLES[5],
    ]
    sections = {article.title: article.section for article in document.articles}
    assert sections[LANTERN_TITLES[1]] == "FIELD NOTES" and sections[LANTERN_TITLES[3]] == "OPINION"
    assert sections[LANTERN_TITLES[4]] == "MEMBER VOICES"
    assert document.colophon.startswith("The Lantern Quarterly is published four times a year")
    bodies = " ".join(article.body for article in document.articles)
    assert "Spring 2031" not in bodies and "\n\n2\n\n" not in bodies  # running headers, page numbers skipped
    assert "the last decade." in bodies and "international partners" in bodies and "A low-carbon, low-cost" in bodies
    grant = next(article for article in document.articles if article.title == LANTERN_TITLES[2])
    assert "- Edible periwinkle, found in every pool surveyed along the northern rocks\n- Shanny" in grant.body
    kinds = {article.title: article.kind for article in document.articles}
    assert kinds[LANTERN_TITLES[0]] == "editorial_letter" and kinds[LANTERN_TITLES[3]] == "opinion"
    assert kinds[LANTERN_TITLES[1]] == "news"


def test_seed_003_healing_without_decisions(seed_003_text):
    document = propose(lines_from_text(seed_003_text)).document()
    bodies = {article.title: article.body for article in document.articles}
    report = bodies[SEED_003_TITLES[1]]
    findings, top10 = report.split("#### Top 10 Research Frontiers in Climate Change")
    assert findings.count("\n- ") + findings.startswith("- ") == 7
    assert "faster than that of the overall indexed papers in the database;" in findings
    assert "The percentage of international collaboration papers has increased rapidly" in findings
    assert top10.count("\n- ") == 10
    sputnik = bodies[SEED_003_TITLES[6]]
    assert "in the international information landscape" in sputnik and "Sputnik experts have" in sputnik
    assert "green and low-carbon technology" in bodies[SEED_003_TITLES[3]]  # a real compound stays hyphenated
    for title, body in bodies.items():
        for paragraph in body.split("\n\n"):
            if not paragraph.startswith(("- ", "####")):
                assert paragraph.rstrip()[-1] in ".!?:;", (title, paragraph[-60:])


def test_every_decision_has_a_confidence_and_source_lines(lantern_text):
    for block in propose(lines_from_text(lantern_text)).blocks:
        assert 0 < block.confidence <= 1 and block.reason and block.line_numbers
        assert block.role in Role


def test_typography_from_a_pdf_reader_groups_lines_and_marks_titles():
    """The PDF reader's lines: no blank lines, but positions and sizes (a title set larger and bold)."""

    def line(number, text, top, size=10.0, bold=False, page=1):
        return SourceLine(number, text, page=page, bbox=(50, top, 500, top + size), size=size, bold=bold)

    lines = [
        line(1, "Harbour sensors go live", 40, size=18, bold=True),
        line(2, "The first of three fictional harbour sensors was switched on this week after a", 70),
        line(3, "month of tests, and its readings are now public.", 82),
        line(4, "Engineers will add the other two in the spring.", 100),
        line(5, "Ferry timetable changes", 130, size=18, bold=True),
        line(6, "The fictional ferry company moves its first crossing to seven o'clock from", 160),
        line(7, "next month, when the winter timetable ends.", 172),
    ]
    proposal = propose(lines)
    assert [article.title.text() for article in proposal.articles()] == [
        "Harbour sensors go live",
        "Ferry timetable changes",
    ]
    first = proposal.document().articles[0]
    assert first.body == (
        "The first of three fictional harbour sensors was switched on this week after a month of tests, and its "
        "readings are now public.\n\nEngineers will add the other two in the spring."
    )


def test_seed_000_is_an_issue_file_for_the_existing_importer(seed_bytes):
    assert looks_like_issue_file(seed_bytes.decode("utf-8"))


def test_empty_text_is_refused():
    from articles.exchange.issuefile import IssueFileError

    with pytest.raises(IssueFileError, match="empty"):
        propose(lines_from_text("\n  \n"))
