"""Plain text + an editor's decisions -> a draft issue; the command; healing in issue files (#13 items 3, 4)."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.exchange.decisions import parse_decisions, write_decisions
from articles.exchange.issuefile import IssueFileError, parse
from articles.exchange.proposal import lines_from_text, propose
from articles.exchange.textimport import import_proposal, propose_text
from articles.models import Article, ArticleKind, Issue
from editorial.publishing import Status
from tests.exchange.test_proposal import SEED_003_TITLES

REPO = Path(__file__).resolve().parents[2]
DECISIONS_003 = REPO / "docs" / "reviews" / "003_bc879a4e3bff5878.decisions"


@pytest.fixture(scope="module")
def seed_003_path():
    from tests.exchange.conftest import SEEDS_DIR

    path = SEEDS_DIR / "003_bc879a4e3bff5878.txt"
    if not path.is_file():
        pytest.fail(f"Seed file {path} is missing (set NEWSROOM_SEEDS_DIR)")
    return path


@pytest.fixture
def imported_003(db, seed_003_path):
    decisions = parse_decisions(DECISIONS_003.read_text(encoding="utf-8"))
    proposal = propose_text(seed_003_path.read_text(encoding="utf-8"), decisions=decisions)
    summary = import_proposal(proposal=proposal, decisions=decisions)
    return Issue.objects.get(pk=summary.issue_pk)


def _article(issue, title):
    return issue.articles.get(title=title)


def test_seed_003_with_the_kept_review_is_one_draft_issue_with_the_printed_titles(imported_003):
    issue = imported_003
    assert issue.status == Status.DRAFT and issue.title == "Communication, Cooperation and Co-prosperity"
    assert issue.publication.name == "Science and Technology Daily Weekly" and issue.number == "2021-52"
    articles = list(issue.articles.order_by("order"))
    assert [article.title for article in articles] == SEED_003_TITLES
    assert all(article.status == Status.DRAFT for article in articles)


def test_seed_003_report_lists(imported_003):
    body = _article(imported_003, SEED_003_TITLES[1]).body
    assert _article(imported_003, SEED_003_TITLES[1]).kind == ArticleKind.REPORT
    findings, top10 = body.split("#### Top 10 Research Frontiers in Climate Change")
    blocks = findings.strip().split("\n\n")
    lists = [block for block in blocks if block.startswith("- ")]
    assert len(lists) == 1 and lists[0].count("\n- ") + 1 == 7  # the 7 key findings are ONE list
    assert lists[0].splitlines()[0] == (
        "- The research output related to climate change is increasing, and the growth of such research is "
        "faster than that of the overall indexed papers in the database;"
    )
    assert top10.strip().count("\n- ") + 1 == 10
    assert top10.strip().splitlines()[-1] == "- Greenland and Antarctic ice sheet research"


def test_seed_003_opinion_authors_with_positions_exactly_as_printed(imported_003):
    printed = {
        SEED_003_TITLES[2]: (
            "Zhong Ping",
            "Director, Global (Environment) Office, The Administrative Center for China-Africa Cooperation, "
            "Chinese Academy of Technology of China",
        ),
        SEED_003_TITLES[3]: (
            "Zhuang Guiyang",
            "Professor and deputy director of the Research Institute for Eco-civilization, Chinese Academy of Sciences",
        ),
        SEED_003_TITLES[4]: ("Zheng Dawei", "Professor of China Agricultural University"),
        SEED_003_TITLES[5]: ("Huang Cunrui", "Professor of Yanhe School of Public Health, Tsinghua University"),
    }
    for title, (name, position) in printed.items():
        article = _article(imported_003, title)
        assert article.kind == ArticleKind.OPINION
        assert [(b.person.name, b.position_as_printed) for b in article.bylines.all()] == [(name, position)]


def test_seed_003_member_statements_are_attributed_to_their_organisations(imported_003):
    expected = {
        SEED_003_TITLES[6]: [("Sputnik", "")],
        SEED_003_TITLES[7]: [("Zhao Sha", "China Media Development Director of PR Newswire"), ("PR Newswire", "")],
        SEED_003_TITLES[8]: [("Clarivate", "")],
        SEED_003_TITLES[9]: [
            ("Okimura Kazuki", "Honorary President of Japan Science and Technology Agency (JST)"),
            ("Japan Science and Technology Agency", ""),
        ],
        SEED_003_TITLES[10]: [("International Center for Genetic Engineering and Biotechnology", "")],
    }
    for title, bylines in expected.items():
        article = _article(imported_003, title)
        assert article.kind == ArticleKind.MEMBER_STATEMENT
        rows = list(article.bylines.select_related("person", "organization"))
        assert [(b.author.name, b.position_as_printed) for b in rows] == bylines
        assert rows[-1].organization is not None  # the organisation, not a person of that name
    letter = _article(imported_003, SEED_003_TITLES[0])
    assert letter.kind == ArticleKind.EDITORIAL_LETTER
    assert [b.organization.name for b in letter.bylines.all()] == ["Science and Technology Daily"]
    assert _article(imported_003, SEED_003_TITLES[11]).kind == ArticleKind.NEWS


def test_seed_003_no_paragraph_ends_mid_sentence_and_no_word_is_left_split(imported_003):
    for article in imported_003.articles.all():
        for block in article.body.split("\n\n"):
            if block.startswith(("- ", "#### ")):
                continue
            assert block.rstrip()[-1] in ".!?:;", (article.title, block[-80:])
            assert "\n" not in block
    text = " ".join(imported_003.articles.values_list("body", flat=True))
    for healed in (
        "China's sci-tech innovation stories",
        "international collaboration papers",
        "the international information landscape",
        "Sputnik experts",
        "public engagement",
        "more exchanges among IUSTC members",
        "In 2018, PR Newswire joined",
    ):
        assert healed in text
    for split in ("interna-", "ex- ", "ex-changes", "pub- ", "col-", " laboration", "foun-", " tional "):
        assert split not in text
    assert "green and low-carbon" in text and "mid- and long-term" in text  # real compounds kept


def test_decisions_round_trip_reproduce_the_review(seed_003_path):
    text = seed_003_path.read_text(encoding="utf-8")
    decisions = parse_decisions(DECISIONS_003.read_text(encoding="utf-8"))
    reviewed = propose_text(text, decisions=decisions)
    again = parse_decisions(write_decisions(reviewed, publication="P", number="1"))
    replayed = propose_text(text, decisions=again)
    assert replayed.document() == reviewed.document()


def test_decisions_for_another_text_are_refused(seed_003_path):
    decisions = parse_decisions(DECISIONS_003.read_text(encoding="utf-8"))
    with pytest.raises(IssueFileError, match="made on another text"):
        propose(lines_from_text("A title\n\nSome text that is not the seed."), decisions=decisions)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("7 tittle", "decisions line 1: unknown role 'tittle'"),
        ("x title", "decisions line 1: the first word must be a source line number"),
        ("7 title kind=essay", "decisions line 1: unknown option 'kind=essay'"),
        ("7 title\n7 body", "decisions line 2: source line 7 is decided twice"),
        ("colour: blue", "decisions line 1: unknown key 'colour'"),
        ("date: 27/12/2021", "decisions line 1: invalid date"),
    ],
)
def test_bad_decisions_name_the_line(text, message):
    with pytest.raises(IssueFileError, match=message):
        parse_decisions(text)


def test_a_decision_on_a_line_that_starts_no_block_says_how_to_split():
    decisions = parse_decisions("4 title")
    with pytest.raises(IssueFileError, match="source line 4 starts no block.*'split: 4'"):
        propose(lines_from_text("Title\n\nFirst line\nsecond line\nthird line."), decisions=decisions)
    split = parse_decisions("split: 4\n4 body")
    proposal = propose(lines_from_text("Title\n\nFirst line\nsecond line\nthird line."), decisions=split)
    assert [block.number for block in proposal.blocks] == [1, 3, 4]


def test_the_reviewed_issue_exported_as_an_issue_file_reimports_to_the_same_issue(imported_003):
    from articles.exchange.exporters import get_exporter, load_issue
    from articles.exchange.importer import import_issue

    export = load_issue(imported_003, draft_preview=True, base_url="http://testserver/")
    markdown = get_exporter("markdown").render(export).decode("utf-8")
    assert "<!-- kind: opinion -->" in markdown
    summary = import_issue(document=parse(markdown), number="2021-52-copy")
    copy = Issue.objects.get(pk=summary.issue_pk)

    def shape(issue):
        return [
            (
                a.title,
                a.kind,
                a.body,
                [(b.author.name, b.position_as_printed, bool(b.organization_id)) for b in a.bylines.all()],
            )
            for a in issue.articles.order_by("order").prefetch_related("bylines__person", "bylines__organization")
        ]

    assert shape(copy) == shape(imported_003) and copy.title == imported_003.title


def test_command_dry_run_prints_the_proposal_with_line_numbers_and_writes_nothing(db, seed_003_path):
    out = io.StringIO()
    call_command(
        "import_issue",
        str(seed_003_path),
        "--dry-run",
        "--publication",
        "P",
        "--number",
        "1",
        "--date",
        "2021-12-27",
        stdout=out,
    )
    printed = out.getvalue()
    assert "      5  issue-title      0.85  Communication, Cooperation and Co-prosperity" in printed
    assert "76-78  byline" in printed and "signs “Global Carbon Neutrality Requires" in printed
    assert "Would import: P No. 1" in printed and "Articles: 12" in printed
    assert not Issue.objects.exists() and not Article.objects.exists()


def test_command_applies_a_decisions_file_without_questions(db, seed_003_path, monkeypatch):
    monkeypatch.setattr("builtins.input", lambda prompt: pytest.fail("asked a question"))
    out = io.StringIO()
    call_command("import_issue", str(seed_003_path), "--decisions", str(DECISIONS_003), stdout=out)
    issue = Issue.objects.get()
    assert issue.status == Status.DRAFT and issue.articles.count() == 12
    assert "Imported: Science and Technology Daily Weekly No. 2021-52" in out.getvalue()


def test_command_asks_before_importing_a_proposal(db, seed_003_path, monkeypatch):
    options = ["--publication", "P", "--number", "1", "--date", "2021-12-27"]
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    call_command("import_issue", str(seed_003_path), *options, stdout=io.StringIO())
    assert not Issue.objects.exists()
    monkeypatch.setattr("builtins.input", lambda prompt: "y")
    call_command("import_issue", str(seed_003_path), *options, stdout=io.StringIO())
    assert Issue.objects.get().status == Status.DRAFT
    with pytest.raises(CommandError, match="give --decisions FILE"):
        call_command(
            "import_issue",
            str(seed_003_path),
            *options[:2],
            "--number",
            "2",
            "--date",
            "2021-12-27",
            "--no-input",
            stdout=io.StringIO(),
        )
    with pytest.raises(CommandError, match="a text import makes a draft issue"):
        call_command("import_issue", str(seed_003_path), *options, "--publish", stdout=io.StringIO())


# ---------------------------------------------------------------- issue files (#13 items 3 and 4)

ISSUE = "---\npublication: P\nnumber: 1\ndate: 2022-01-01\n---\n\n## A story\n\n{body}\n"


@pytest.mark.parametrize(
    ("body", "healed"),
    [
        ("The plan covers interna-\n\ntional trade.", "The plan covers international trade."),
        ("The plan covers interna-\ntional trade.", "The plan covers international trade."),
        ("A green and low-\n\ncarbon transition.", "A green and low-carbon transition."),
        ("A green and low-\ncarbon transition.", "A green and low-carbon transition."),
        ("China-\nAfrica cooperation.", "China-Africa cooperation."),
        ("国务院发布了\n\n现代计量体系规划。", "国务院发布了现代计量体系规划。"),
        ("国务院发布了\n现代计量体系规划。", "国务院发布了现代计量体系规划。"),
        ("第一段。\n\n第二段！\n\n「第三段？」\n\n第四段。", "第一段。\n\n第二段！\n\n「第三段？」\n\n第四段。"),
        ("他说：“好。”\n\n下一段。", "他说：“好。”\n\n下一段。"),
    ],
)
def test_issue_file_bodies_heal_split_words_and_keep_cjk_paragraphs(body, healed):
    assert parse(ISSUE.format(body=body)).articles[0].body == healed
