"""Import plain text extracted from a PDF: propose a structure, apply an editor's decisions, import a draft.

    proposal = propose_text(text, language="en", decisions=parse_decisions(saved))
    summary = import_proposal(proposal=proposal, decisions=…, publication=…, number=…, date=…, user=…)

The import itself is `importer.import_issue` on the proposal's IssueDocument: one transaction,
a draft issue, the same summary and limits as an issue-file import.
"""

from __future__ import annotations

import datetime as dt

from articles.exchange.decisions import Decisions
from articles.exchange.importer import COMMAND_INPUTS, ImportSummary, Inputs, import_issue
from articles.exchange.issuefile import IssueFileError
from articles.exchange.proposal import Proposal, lines_from_text, propose


def propose_text(text: str, *, language: str = "", decisions: Decisions | None = None) -> Proposal:
    """The proposal for plain text; the language (for healing words split at breaks) comes from
    `language`, else the decisions, else English. Raises IssueFileError."""
    language = language or (decisions.language if decisions else "") or "en"
    return propose(lines_from_text(text), language=language, decisions=decisions)


def import_proposal(
    *,
    proposal: Proposal,
    decisions: Decisions | None = None,
    publication: str | None = None,
    number: str | None = None,
    date: dt.date | None = None,
    dry_run: bool = False,
    replace: bool = False,
    user=None,
    progress=None,
    inputs: Inputs = COMMAND_INPUTS,
) -> ImportSummary:
    """Import the proposal as a draft issue in one transaction (or roll it back with `dry_run`).

    Publication, number and date come from the arguments, else from the decisions file.
    Raises IssueFileError (nothing written) as `import_issue` does.
    """
    document = proposal.document()
    if decisions is not None:
        document.publication = decisions.publication or None
        document.number = decisions.number or None
        document.date = decisions.date
        document.language = decisions.language or None
    elif proposal.language != "en":
        document.language = proposal.language
    if not document.articles:
        raise IssueFileError("the proposal has no articles")
    return import_issue(
        document=document,
        publication=publication,
        number=number,
        date=date,
        replace=replace,
        dry_run=dry_run,
        user=user,
        progress=progress,
        inputs=inputs,
    )
