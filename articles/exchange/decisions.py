"""An editor's decisions on a proposal, saved as a small text file and applied again without questions.

    decisions = parse_decisions(text)                        # raises IssueFileError
    proposal = propose(lines, language="en", decisions=decisions)
    text = write_decisions(proposal, publication=…, number=…, date=…)   # the reviewed state, in full

The format (see docs/issue-format.md, "Decisions files") is one entry per block of the source,
keyed by the block's first source line, after a header of `key: value` lines:

    # comments start with '#'
    source: sha256:3f1c…          the text these decisions were made on (refused for any other)
    publication: Science and Technology Daily Weekly
    number: 2021-52
    date: 2021-12-27
    language: en
    split: 45                     a new block starts at source line 45 (one line per split)

    5    issue-title
    7    title      kind=editorial_letter
    19   body       join          continues the paragraph before it (a PDF break healed)
    27   byline     organization attach=previous
    130  title      kind=member_statement credit="Sputnik"

Options: `join` / `nojoin`, `attach=previous|next` (bylines), `organization` / `person`
(bylines), `separate` (a position line kept apart from the name line above it), `kind=…` and
`credit="…"` (titles: the article kind, an organisation credited with the piece). Values with
spaces are quoted as in a shell (shlex). A block the file does not list keeps the proposal's role.
"""

from __future__ import annotations

import datetime as dt
import shlex
from dataclasses import dataclass, field

from articles.exchange.issuefile import IssueFileError
from articles.exchange.proposal import KINDS, NEXT, PREVIOUS, Proposal, Role

EDITOR = "the editor's decision"

HEADER_KEYS = ("source", "publication", "number", "date", "language", "split")
FLAGS = ("join", "nojoin", "organization", "person", "separate")


@dataclass
class BlockDecision:
    number: int  # the block's first source line
    role: Role
    join: bool | None = None
    attach: str = ""
    organization: bool | None = None
    separate: bool = False
    kind: str = ""
    credit: str = ""
    line: int = 0  # its line in the decisions file, for messages


@dataclass
class Decisions:
    source: str = ""
    publication: str = ""
    number: str = ""
    date: dt.date | None = None
    language: str = ""
    splits: set[int] = field(default_factory=set)
    blocks: dict[int, BlockDecision] = field(default_factory=dict)

    def check_source(self, digest: str) -> None:
        """Refuse decisions made on another text (IssueFileError)."""
        if self.source and self.source != digest:
            raise IssueFileError(
                f"these decisions were made on another text (source {self.source[:19]}…, this text is "
                f"{digest[:19]}…); review this text and save its own decisions"
            )

    def apply_roles(self, proposal: Proposal) -> None:
        """Set the roles and joins the editor chose (before bylines are attached and kinds proposed)."""
        by_number = {block.number: block for block in proposal.blocks}
        for decision in self.blocks.values():
            block = by_number.get(decision.number)
            if block is None:
                starts = ", ".join(str(number) for number in sorted(by_number)[:12])
                raise IssueFileError(
                    f"decisions line {decision.line}: source line {decision.number} starts no block of this text "
                    f"(blocks start at lines {starts}…); add a 'split: {decision.number}' line or correct the number"
                )
            if block.role != decision.role:  # what the proposal already says keeps its confidence and reason
                block.confidence, block.reason = 1.0, EDITOR
            block.role, block.decided = decision.role, True
            if decision.join is not None and decision.join != block.join:
                block.join, block.join_confidence = decision.join, 1.0
            if decision.organization is not None:
                block.organization = decision.organization
            block.decided_separate = decision.separate
            block.credit = decision.credit

    def apply_details(self, proposal: Proposal) -> None:
        """Attachments and kinds the editor chose, over what the engine proposed (bylines are attached
        and kinds proposed first, so an unchanged choice keeps the engine's confidence and reason)."""
        for block in proposal.blocks:
            decision = self.blocks.get(block.number)
            if decision is None:
                continue
            if decision.attach and decision.attach != block.attach:
                block.attach, block.attach_confidence, block.attach_reason = (
                    decision.attach,
                    1.0,
                    EDITOR,
                )
            if decision.kind and decision.kind != block.kind:
                block.kind, block.kind_confidence, block.kind_reason = decision.kind, 1.0, EDITOR


def _number(value: str, line: int, what: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise IssueFileError(f"decisions line {line}: {what} must be a source line number, not {value!r}")
    return int(value)


def parse_decisions(text: str) -> Decisions:
    """Read a decisions file (see module docstring); raises IssueFileError naming the line."""
    decisions = Decisions()
    roles = {role.value: role for role in Role}
    for index, raw in enumerate(text.removeprefix("\ufeff").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        head, colon, value = line.partition(":")
        if colon and not head.strip().isdigit() and " " not in head.strip():
            key, value = head.strip().lower(), value.strip()
            if key not in HEADER_KEYS:
                raise IssueFileError(f"decisions line {index}: unknown key {key!r} (keys: {', '.join(HEADER_KEYS)})")
            if key == "split":
                decisions.splits.add(_number(value, index, "a split"))
            elif key == "date":
                try:
                    decisions.date = dt.date.fromisoformat(value)
                except ValueError:
                    raise IssueFileError(f"decisions line {index}: invalid date {value!r}: write YYYY-MM-DD") from None
            else:
                setattr(decisions, key, value)
            continue
        try:
            words = shlex.split(line, comments=True)
        except ValueError as error:
            raise IssueFileError(f"decisions line {index}: {error}") from None
        if len(words) < 2:
            raise IssueFileError(f"decisions line {index}: write 'LINE ROLE [options]', e.g. '7 title kind=news'")
        number = _number(words[0], index, "the first word")
        if words[1] not in roles:
            raise IssueFileError(f"decisions line {index}: unknown role {words[1]!r} (roles: {', '.join(roles)})")
        if number in decisions.blocks:
            first = decisions.blocks[number].line
            raise IssueFileError(
                f"decisions line {index}: source line {number} is decided twice (lines {first} and {index})"
            )
        decision = BlockDecision(number=number, role=roles[words[1]], line=index)
        for option in words[2:]:
            name, equals, value = option.partition("=")
            if not equals and name in FLAGS:
                if name in ("join", "nojoin"):
                    decision.join = name == "join"
                elif name in ("organization", "person"):
                    decision.organization = name == "organization"
                else:
                    decision.separate = True
            elif name == "attach" and value in (PREVIOUS, NEXT):
                decision.attach = value
            elif name == "kind" and value in KINDS:
                decision.kind = value
            elif name == "credit" and value.strip():
                decision.credit = " ".join(value.split())
            else:
                raise IssueFileError(
                    f"decisions line {index}: unknown option {option!r} (options: {', '.join(FLAGS)}, "
                    f'attach=previous|next, kind={"|".join(KINDS)}, credit="Organisation")'
                )
        decisions.blocks[number] = decision
    return decisions


def _quote(value: str) -> str:
    return shlex.quote(value)


def write_decisions(
    proposal: Proposal,
    *,
    publication: str = "",
    number: str = "",
    date: dt.date | None = None,
    language: str = "",
    note: str = "",
    splits: set[int] | frozenset[int] = frozenset(),
) -> str:
    """The proposal's state, every block listed, as a decisions file that reproduces it exactly."""
    out = ["# Newsroom import decisions: one line per block of the source (docs/issue-format.md)."]
    out += [f"# {line}" if line else "#" for line in note.splitlines()]
    out.append(f"source: {proposal.digest}")
    for key, value in (("publication", publication), ("number", number), ("language", language)):
        if value:
            out.append(f"{key}: {value}")
    if date:
        out.append(f"date: {date.isoformat()}")
    out += [f"split: {line}" for line in sorted(splits)]
    out.append("")
    for block in proposal.blocks:
        options: list[str] = []
        if block.join:
            options.append("join")
        elif block.role in (Role.BODY, Role.LIST, Role.COLOPHON):
            options.append("nojoin")
        if block.role == Role.BYLINE:
            options.append("organization" if block.organization else "person")
            if block.attach:
                options.append(f"attach={block.attach}")
            if block.decided_separate:
                options.append("separate")
        if block.role == Role.TITLE:
            if block.kind:
                options.append(f"kind={block.kind}")
            if block.credit:
                options.append(f"credit={_quote(block.credit)}")
        entry = f"{block.number:<5} {block.role.value:<14} {' '.join(options)}".rstrip()
        out.append(f"{entry:<60} # {_excerpt(block, block.number)}")
        for part in block.parts[1:]:  # a position line merged into the name line above it
            out.append(f"{f'{part:<5} {block.role.value}':<60} # {_excerpt(block, part)}")
    return "\n".join(out) + "\n"


def _excerpt(block, number: int) -> str:
    line = next((line.text for line in block.lines if line.number == number), block.lines[0].text)
    line = " ".join(line.split())
    return line if len(line) <= 50 else line[:49] + "…"
