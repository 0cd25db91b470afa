"""Newsletters with a known structure (the ground truth a PDF import is measured against).

Three contents: seed 000 (an issue file), seed 003 (plain text as extracted from a PDF, read
here with a small map of which lines are titles and signatures, exactly as printed) and a
bulletin written for these tests, whose people, organisations and events are all fictional.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from articles.exchange.issuefile import ends_sentence, parse

# Body blocks: ("p", text) a paragraph, ("ul", [items]) / ("ol", [items]) a list; text is Markdown
# with *emphasis* as printed.
Block = tuple


@dataclass
class Figure:
    caption: str
    credit: str = ""
    after: int = 0  # printed after this many body blocks


@dataclass
class Piece:
    title: str
    blocks: list[Block]
    bylines: list[tuple[str, str]] = field(default_factory=list)  # (name, position as printed)
    signed: str = "above"  # where the byline is printed: "above" (under the title) or "below" (after the text)
    section: str | None = None
    figure: Figure | None = None
    pull_quote: str = ""  # a sentence of the body, printed again large

    @property
    def paragraphs(self) -> list[str]:
        return [block[1] for block in self.blocks if block[0] == "p"]

    @property
    def list_items(self) -> list[str]:
        return [item for block in self.blocks if block[0] in ("ul", "ol") for item in block[1]]


@dataclass
class Newsletter:
    key: str
    publication: str
    number: str
    date: dt.date
    title: str
    pieces: list[Piece]
    headlines: list[str] = field(default_factory=list)
    colophon: list[str] = field(default_factory=list)
    language: str = "en"


def _blocks_from_markdown(body: str) -> list[Block]:
    blocks: list[Block] = []
    for chunk in body.split("\n\n"):
        lines = [line for line in chunk.split("\n") if line.strip()]
        if not lines:
            continue
        if all(line.startswith("- ") for line in lines):
            blocks.append(("ul", [line[2:].strip() for line in lines]))
        elif all(re.match(r"\d+\. ", line) for line in lines):
            blocks.append(("ol", [line.split(" ", 1)[1].strip() for line in lines]))
        else:
            blocks.append(("p", " ".join(line.strip() for line in lines)))
    return blocks


def seed_000(path: Path) -> Newsletter:
    """Seed 000 as its issue file says: titles, sections, unsigned items, headlines, colophon."""
    document = parse(path.read_text(encoding="utf-8"))
    pieces = [
        Piece(title=entry.title, blocks=_blocks_from_markdown(entry.body), section=entry.section)
        for entry in document.articles
    ]
    return Newsletter(
        key="seed-000",
        publication="Layout test: seed 000",
        number="2022-01",
        date=dt.date(2022, 2, 1),
        title=document.title,
        pieces=pieces,
        headlines=[headline.text for headline in document.headlines],
        colophon=[block[1] for block in _blocks_from_markdown(document.colophon)],
    )


# Seed 003 as printed: the issue title, then each piece's title with the signature printed above
# or below it (name and position lines exactly as in the seed; an organisation has no position).
SEED_003_TITLE = "Communication, Cooperation and Co-prosperity"
SEED_003_PIECES = [
    ("Telling Sci-tech Innovation Stories, Enhancing Exchanges Between Nations", "below", 1),
    ("Global Efforts to Achieve Carbon Neutrality", None, 0),
    ("Top 10 Research Frontiers in Climate Change", None, 0),
    ("Global Carbon Neutrality Requires Closer International Cooperation", "below", 2),
    ("Technology Empowers 'Dual Carbon' Goals", "below", 2),
    ("Supporting Role of Adaptation Actions to Be Maximized", "below", 2),
    ("Collaborative Governance Between 'Dual Carbon' Goals and Human Health", "below", 2),
    ("Actively Engaged in International Discussions", None, 0),
    ("Distribution Combined with Multi-media", "above", 2),
    ("Communication Improved on Sci-tech Information", None, 0),
    ("Mutual Benefit Expected in the Future", "above", 2),
    ("Scientific Information Spread through Digital Outreach", None, 0),
    ("IUSTC Annual Conference: Information Exchanges Promote Global Collaboration", None, 0),
]


def _healed_paragraphs(text: str, fixed: set[str]) -> list[str]:
    """The seed's paragraphs with PDF breaks healed: a body line that ends mid-sentence joins the next
    one. `fixed` lines (titles, signatures) stand alone."""
    from articles.exchange.pdfreader import join_hyphenated

    out: list[str] = []
    open_item = False
    for raw in (line.strip() for line in text.split("\n")):
        if not raw:
            continue
        is_item = raw.startswith("- ")
        joinable = out and out[-1] not in fixed and raw not in fixed and not ends_sentence(out[-1])
        # A new item starting in lower case is the rest of the item before it ("…than that of the" /
        # "- overall indexed papers…"); one starting in upper case is a new item of a list.
        if joinable and (not is_item or (open_item and raw[2:3].islower())):
            out[-1] = join_hyphenated(out[-1], raw[2:] if is_item else raw)
            continue
        out.append(raw)
        open_item = is_item
    return out


def seed_003(path: Path) -> Newsletter:
    """Seed 003 as printed, with SEED_003_PIECES saying which lines are titles and signatures."""
    raw = [line.strip() for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]
    titles = {title: (signed, lines) for title, signed, lines in SEED_003_PIECES}
    fixed = {SEED_003_TITLE, *titles}
    # Signatures: the lines printed right after a piece's text (below) or right before its title (above).
    for position, line in enumerate(raw):
        if line in titles and titles[line][0] == "above":
            fixed.update(raw[position - titles[line][1] : position])
        if line in titles or line == SEED_003_TITLE:
            previous = [t for t in titles if raw.index(t) < position]
            if previous and titles[previous[-1]][0] == "below":
                count = titles[previous[-1]][1]
                before = raw[position - count : position]
                if line in titles and titles[line][0] == "above":
                    before = raw[position - titles[line][1] - count : position - titles[line][1]]
                fixed.update(before)
    # The last piece signed below ends the file.
    paragraphs = _healed_paragraphs("\n".join(raw), fixed)
    pieces: list[Piece] = []
    index = paragraphs.index(SEED_003_TITLE) + 1
    while index < len(paragraphs):
        text = paragraphs[index]
        if text in titles:
            signed, lines = titles[text]
            bylines = []
            if signed == "above":
                first = paragraphs[index - lines]
                bylines = [(first, paragraphs[index - 1] if lines == 2 else "")]
            pieces.append(Piece(title=text, blocks=[], signed=signed or "above", bylines=bylines))
            index += 1
            continue
        piece = pieces[-1]
        if text in fixed:
            if piece.signed == "below" and not piece.bylines:
                lines = titles[piece.title][1]
                piece.bylines = [(text, paragraphs[index + 1] if lines == 2 else "")]
                index += lines
            else:
                index += 1  # the signature of the next piece (taken with its title)
            continue
        if text.startswith("- "):
            if piece.blocks and piece.blocks[-1][0] == "ul":
                piece.blocks[-1][1].append(text[2:])
            else:
                piece.blocks.append(("ul", [text[2:]]))
        else:
            piece.blocks.append(("p", text))
        index += 1
    return Newsletter(
        key="seed-003",
        publication="Layout test: seed 003",
        number="2022-12",
        date=dt.date(2022, 1, 1),
        title=SEED_003_TITLE,
        pieces=pieces,
    )


# ---------------------------------------------------------------- the fictional bulletin

FICTIONAL_PUBLICATION = "Lantern Valley Science Bulletin (fictional sample)"
FICTIONAL_NOTE = (
    "The Lantern Valley Science Bulletin is a fictional sample made for testing Newsroom's PDF import. "
    "Every person, organisation, place and event in it is invented; any resemblance to real ones is accidental."
)


def fictional(*, number: int = 7, repeat: int = 1) -> Newsletter:
    """The fictional bulletin; `repeat` prints its pieces several times (numbered) for long documents."""
    pieces: list[Piece] = []
    for round_ in range(repeat):
        for piece in _fictional_pieces():
            if round_:
                piece.title = f"{piece.title} (part {round_ + 1})"
            pieces.append(piece)
    headlines = [piece.title for piece in pieces[:6]]
    return Newsletter(
        key="fictional" if repeat == 1 else f"fictional-x{repeat}",
        publication=FICTIONAL_PUBLICATION,
        number=str(number),
        date=dt.date(2031, 4, 15),
        title="Spring Issue: Rivers, Robots and Reading Rooms",
        pieces=pieces,
        headlines=headlines,
        colophon=[
            FICTIONAL_NOTE,
            "Editor: Marta Quillfeather (fictional). Printed on recycled paper by the imaginary Lantern Press.",
        ],
    )


def _fictional_pieces() -> list[Piece]:
    return [
        Piece(
            title="Valley Observatory Opens Its Doors to Night Walkers",
            section="Valley News",
            bylines=[("Ada Brightwater", "Staff reporter")],
            blocks=[
                (
                    "p",
                    "The Lantern Valley Observatory welcomed more than four hundred visitors on its first open "
                    "night, many of whom walked up the old quarry path with torches and folding chairs. "
                    "Volunteers guided small groups to the refurbished dome, where the restored refractor "
                    "showed the rings of Saturn to children who had never looked through a telescope.",
                ),
                (
                    "p",
                    "Director Tomasz Fenwick said the observatory would stay open on the first Friday of every "
                    "month. \u201cPeople kept asking whether they could come back,\u201d he said. \u201cThe answer "
                    "is yes, as long as the clouds cooperate and the volunteers keep bringing soup.\u201d",
                ),
                (
                    "p",
                    "The refurbishment was funded by a subscription among valley residents and took three "
                    "winters to complete. The mirror cell, the dome shutters and the clock drive were all "
                    "rebuilt by members of the amateur astronomy circle, who now plan a second telescope for "
                    "solar observing.",
                ),
            ],
            figure=Figure(
                caption="Visitors queue at the dome of the restored refractor on the first open night.",
                credit="Photo: Nadia Orrin (fictional)",
                after=1,
            ),
            pull_quote="The answer is yes, as long as the clouds cooperate and the volunteers keep bringing soup.",
        ),
        Piece(
            title="River Sensors Show Cleaner Water After Two Dry Summers",
            section="Valley News",
            bylines=[("Leilani Okafor-Vance", "Environment correspondent"), ("Piet Harrowgate", "Data editor")],
            blocks=[
                (
                    "p",
                    "A network of twenty floating sensors along the Lantern River has recorded a steady fall in "
                    "nitrate levels over the past two years. The sensors, built by students of the valley's "
                    "technical college, send a reading every fifteen minutes to a public dashboard.",
                ),
                ("p", "The measurements published this spring show three clear trends:"),
                (
                    "ul",
                    [
                        "nitrate concentrations fell by roughly a quarter at the downstream stations;",
                        "water temperature rose slightly during the two dry summers;",
                        "dissolved oxygen stayed within the range that trout need throughout the year.",
                    ],
                ),
                (
                    "p",
                    "Hydrologists caution that two years are too short to speak of a lasting improvement. "
                    "The students intend to keep the network running for at least a decade and to add "
                    "sensors on the three tributaries that join the river below the mill town.",
                ),
            ],
        ),
        Piece(
            title="Why a Small Town Needs a Big Library",
            section="Opinion",
            signed="below",
            bylines=[("Marguerite Delacroix-Finn", "Chair, Friends of the Lantern Library (fictional)")],
            blocks=[
                (
                    "p",
                    "Every few years someone proposes to close the reading room on Mill Street and move its "
                    "books into a corner of the town hall. The argument is always the same: fewer people "
                    "borrow books, so fewer shelves are needed. It is an argument that counts the wrong thing.",
                ),
                (
                    "p",
                    "On a winter afternoon the reading room is the warmest public place in town. Pensioners "
                    "read the newspapers, pupils do their homework, and job seekers use the computers to "
                    "write applications. None of them appears in the lending statistics.",
                ),
                (
                    "p",
                    "A library is not a warehouse for books. It is a room where anyone may sit for as long as "
                    "they like without buying anything, and such rooms have become rare. We should enlarge "
                    "it, not shrink it.",
                ),
            ],
            pull_quote="A library is not a warehouse for books.",
        ),
        Piece(
            title="Robotics Club Builds a Hedge-Trimming Rover",
            section="Schools",
            bylines=[("Jonas Pemberley-Hart", "Science teacher, Lantern Valley Secondary School (fictional)")],
            blocks=[
                (
                    "p",
                    "Pupils of the after-school robotics club spent the winter term building a small rover "
                    "that trims hedges along the school's boundary. The machine follows a painted line, "
                    "measures the height of the hedge with an ultrasonic sensor and lowers its cutter when "
                    "the leaves grow above a set height.",
                ),
                ("p", "The club's build log lists the steps they followed:"),
                (
                    "ol",
                    [
                        "design the chassis from an old lawnmower frame;",
                        "fit two geared motors and a castor wheel;",
                        "program the line-following routine and test it in the gym;",
                        "mount the cutter on a sliding arm with a safety cover;",
                        "run supervised trials along the north hedge.",
                    ],
                ),
                (
                    "p",
                    "The rover now trims about forty metres of hedge an hour. The caretaker says it is "
                    "slower than he is, but considerably more patient.",
                ),
            ],
            figure=Figure(
                caption="The hedge-trimming rover on its first supervised run along the north hedge.",
                credit="Photo: Robotics Club archive (fictional)",
                after=3,
            ),
        ),
        Piece(
            title="Beekeepers Count Fewer Winter Losses",
            section="Schools",
            bylines=[("Ada Brightwater", "Staff reporter")],
            blocks=[
                (
                    "p",
                    "The valley beekeepers' association reports that only one hive in eight was lost over "
                    "the winter, the lowest share since its members began keeping records. A mild February "
                    "and earlier treatment against mites are the most likely reasons.",
                ),
                (
                    "p",
                    "The association will share its records with the regional agricultural college, which "
                    "is studying how flowering strips along field margins affect the health of colonies in "
                    "spring.",
                ),
            ],
        ),
        Piece(
            title="Letters Are Welcome, Short Ones Especially",
            section="From the Editor",
            signed="below",
            bylines=[("Lantern Valley Science Bulletin", "")],
            blocks=[
                (
                    "p",
                    "This bulletin is written by volunteers for the people of the valley. We print letters "
                    "from readers in every issue and answer questions about the science behind local news "
                    "whenever we can find someone who knows the answer.",
                ),
                (
                    "p",
                    "Please keep letters under two hundred words and tell us your name and village. We do "
                    "not print anonymous letters, but we will withhold a name on request if there is a good "
                    "reason.",
                ),
            ],
        ),
        Piece(
            title="A Weather Station on the School Roof",
            section="Schools",
            bylines=[("Piet Harrowgate", "Data editor")],
            signed="below",
            blocks=[
                (
                    "p",
                    "Since January a weather station on the roof of the primary school has recorded rainfall, "
                    "wind speed and temperature every ten minutes. The pupils compare the figures with the "
                    "forecast each morning and keep a score of how often the forecast was right.",
                ),
                (
                    "p",
                    "So far the forecast has been right about rain on four days out of five, which the pupils "
                    "consider respectable. They have started to record the cloud types as well, with a chart "
                    "pinned beside the classroom window.",
                ),
            ],
        ),
    ]


def newsletters(seeds_dir: Path) -> list[Newsletter]:
    """The three contents the layouts are measured on: both seeds and the fictional bulletin."""
    return [
        seed_000(seeds_dir / "000_d03c12bca8f44f57.txt"),
        seed_003(seeds_dir / "003_bc879a4e3bff5878.txt"),
        fictional(),
    ]
