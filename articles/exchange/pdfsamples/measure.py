"""Compare what a PDF import proposes with the newsletter that was printed (the ground truth).

score = measure(newsletter, layout_name, source, proposal.document())
print(table([score, ...]))
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from articles.exchange.issuefile import IssueDocument, normalise_title
from articles.exchange.pdfsamples.content import Newsletter

_EMPHASIS = re.compile(r"(\*\*|\*)(?=\S)(.+?)(?<=\S)\1")
_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def plain(text: str) -> str:
    """Text without Markdown emphasis or escapes, spacing and quotes normalised (for comparing)."""
    text = _EMPHASIS.sub(r"\2", text)
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!;,])", r"\1", text)
    return normalise_title(text)


@dataclass
class Score:
    layout: str
    content: str
    pages: int = 0
    titles_printed: int = 0
    titles_proposed: int = 0
    titles_matched: int = 0
    bylined: int = 0  # printed pieces that carry a byline
    bylines_right: int = 0  # …whose proposed article has exactly those names
    paragraphs: int = 0
    paragraphs_right: int = 0
    list_items: int = 0
    list_items_right: int = 0
    split_words: list[str] = field(default_factory=list)
    captions: int = 0
    captions_found: int = 0
    missed_titles: list[str] = field(default_factory=list)
    extra_titles: list[str] = field(default_factory=list)
    wrong_bylines: list[str] = field(default_factory=list)

    @property
    def title_precision(self) -> float:
        return self.titles_matched / self.titles_proposed if self.titles_proposed else 0.0

    @property
    def title_recall(self) -> float:
        return self.titles_matched / self.titles_printed if self.titles_printed else 1.0

    @property
    def byline_rate(self) -> float:
        return self.bylines_right / self.bylined if self.bylined else 1.0


def measure(newsletter: Newsletter, layout: str, document: IssueDocument, *, captions: list[str], pages: int) -> Score:
    """Score `document` (the proposal as an issue document) against `newsletter`.

    `captions` are the caption texts the reader matched to pictures.
    """
    score = Score(layout=layout, content=newsletter.key, pages=pages)
    proposed = {normalise_title(entry.title): entry for entry in document.articles}
    printed = {normalise_title(piece.title): piece for piece in newsletter.pieces}
    score.titles_printed, score.titles_proposed = len(printed), len(proposed)
    score.titles_matched = len(printed.keys() & proposed.keys())
    score.missed_titles = [piece.title for key, piece in printed.items() if key not in proposed]
    score.extra_titles = [entry.title for key, entry in proposed.items() if key not in printed]
    vocabulary = _vocabulary(newsletter)
    for key, piece in printed.items():
        entry = proposed.get(key)
        if piece.bylines:
            score.bylined += 1
            names = {normalise_title(byline.name) for byline in entry.bylines} if entry else set()
            if names == {normalise_title(name) for name, _ in piece.bylines}:
                score.bylines_right += 1
            else:
                got = ", ".join(sorted(names)) if entry else "no such article"
                score.wrong_bylines.append(f"{piece.title}: {got}")
        paragraphs, items = _body_parts(entry.body) if entry else ([], [])
        score.paragraphs += len(piece.paragraphs)
        score.paragraphs_right += sum(1 for paragraph in piece.paragraphs if plain(paragraph) in paragraphs)
        score.list_items += len(piece.list_items)
        score.list_items_right += sum(1 for item in piece.list_items if plain(item) in items)
        if piece.figure:
            score.captions += 1
            score.captions_found += any(plain(piece.figure.caption) == plain(caption) for caption in captions)
    for entry in document.articles:
        for token in _TOKEN.findall(entry.body):
            if token.casefold() not in vocabulary:
                score.split_words.append(token)
    return score


def _body_parts(body: str) -> tuple[set[str], set[str]]:
    paragraphs, items = set(), set()
    for chunk in body.split("\n\n"):
        lines = chunk.split("\n")
        if all(line.startswith("- ") for line in lines):
            items.update(plain(line[2:]) for line in lines)
        else:
            paragraphs.add(plain(chunk))
    return paragraphs, items


def _vocabulary(newsletter: Newsletter) -> set[str]:
    texts = [newsletter.title, *newsletter.headlines, *newsletter.colophon]
    for piece in newsletter.pieces:
        texts += [piece.title, piece.pull_quote, *piece.paragraphs, *piece.list_items]
        texts += [part for byline in piece.bylines for part in byline]
        if piece.figure:
            texts += [piece.figure.caption, piece.figure.credit]
    return {token.casefold() for text in texts for token in _TOKEN.findall(_EMPHASIS.sub(r"\2", text))}


def _percent(value: float) -> str:
    return f"{100 * value:.0f}%"


def table(scores: list[Score]) -> str:
    """The scores as a Markdown table (one row per layout and content)."""
    header = (
        "| layout | content | pages | title precision | title recall | bylines attributed | paragraphs | "
        "list items | split words | captions |\n"
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    )
    rows = [
        f"| {s.layout} | {s.content} | {s.pages} "
        f"| {_percent(s.title_precision)} ({s.titles_matched}/{s.titles_proposed}) "
        f"| {_percent(s.title_recall)} ({s.titles_matched}/{s.titles_printed}) "
        f"| {_percent(s.byline_rate)} ({s.bylines_right}/{s.bylined}) "
        f"| {s.paragraphs_right}/{s.paragraphs} | {s.list_items_right}/{s.list_items} | {len(s.split_words)} "
        f"| {s.captions_found}/{s.captions} |"
        for s in scores
    ]
    return "\n".join([header, *rows])
