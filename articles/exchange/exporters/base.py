"""What every exporter shares: the issue loaded once, the registry, atomic file writes."""

from __future__ import annotations

import base64
import mimetypes
import os
import tempfile
from abc import ABC, abstractmethod
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from django.db.models import Prefetch
from django.utils.dateformat import format as format_date

from articles.exchange.issuefile import ArticleEntry, BylineEntry, HeadlineEntry, IssueDocument
from articles.models import Article, ArticleKind, Byline, Headline, Issue
from core.rendering import render_markdown
from core.validators import one_line

DRAFT_LABEL = "DRAFT PREVIEW – not published"


class ExportError(Exception):
    """An issue cannot be exported as asked (e.g. it is not published and no draft preview was asked)."""


@dataclass
class ExportArticle:
    article: Article
    byline: list[BylineEntry]
    image_src: str = ""  # set per format: data: URI, file: URI...

    @property
    def title(self) -> str:
        return self.article.title

    @property
    def section(self) -> str | None:
        return self.article.section.title if self.article.section_id else None

    @cached_property
    def body_html(self) -> str:
        return render_markdown(self.article.body)

    @property
    def dateline_text(self) -> str:
        """ "Beijing, 28 January 2022" as on the site, when the article has a dateline."""
        article = self.article
        if not (article.dateline_place or article.dateline_date):
            return ""
        when = format_date(article.dateline_date or article.issue.date, "j F Y")
        return f"{article.dateline_place}, {when}" if article.dateline_place else when

    @property
    def byline_text(self) -> str:
        entries = [f"{entry.name}, {entry.position}" if entry.position else entry.name for entry in self.byline]
        return "By " + "; ".join(entries) if entries else ""


@dataclass
class ExportIssue:
    """An issue with exactly the articles an export may show, loaded in a fixed number of queries."""

    issue: Issue
    articles: list[ExportArticle]
    headlines: list[Headline]
    draft: bool = False
    base_url: str = "http://localhost/"
    cover_src: str = ""  # set per format, like ExportArticle.image_src

    @property
    def publication(self):
        return self.issue.publication

    @property
    def label(self) -> str:
        return one_line(f"{self.publication.name} No. {self.issue.number}")

    @property
    def title(self) -> str:
        # One line even if older stored data has a line break: it becomes a subject, a heading, a file name.
        return one_line(self.issue.title) or self.label

    @cached_property
    def article_ids(self) -> set[int]:
        return {item.article.pk for item in self.articles}

    def absolute_url(self, path: str) -> str:
        """An address on the site, from the export's base URL (as in ninjs)."""
        return self.base_url.rstrip("/") + path

    @cached_property
    def public_url(self) -> str:
        """The issue's page, or "" while readers cannot see it (a draft preview)."""
        return self.absolute_url(self.issue.get_absolute_url()) if self.issue.is_public() else ""

    @cached_property
    def article_urls(self) -> dict[int, str]:
        """Article id -> its public page, for the articles readers can see (none of a draft's)."""
        if not self.public_url:
            return {}
        return {
            item.article.pk: self.absolute_url(item.article.get_absolute_url())
            for item in self.articles
            if item.article.is_public()
        }

    @property
    def file_stem(self) -> str:
        return f"{self.publication.slug}-{self.issue.slug}" + ("-draft" if self.draft else "")

    @cached_property
    def colophon_html(self) -> str:
        return render_markdown(self.issue.colophon)

    def groups(self) -> list[tuple[str | None, list[ExportArticle]]]:
        """Consecutive articles grouped by section, in issue order."""
        groups: list[tuple[str | None, list[ExportArticle]]] = []
        for article in self.articles:
            if not groups or groups[-1][0] != article.section:
                groups.append((article.section, []))
            groups[-1][1].append(article)
        return groups

    def document(self) -> IssueDocument:
        """The issue as an issue-file document (the Markdown format's model)."""
        return IssueDocument(
            publication=self.publication.name,
            number=self.issue.number,
            date=self.issue.date,
            language=self.publication.language,
            draft=self.draft,
            title=self.issue.title,
            headlines=[HeadlineEntry(text=headline.text) for headline in self.headlines],
            articles=[
                ArticleEntry(
                    title=item.title,
                    section=item.section,
                    bylines=item.byline,
                    body=item.article.body,
                    # news is what an import assumes; other kinds are written so a re-import keeps them
                    kind="" if item.article.kind == ArticleKind.NEWS else item.article.kind,
                )
                for item in self.articles
            ],
            colophon=self.issue.colophon,
        )

    def image_files(self) -> list[tuple[str, object]]:
        """(storage name, FieldFile) of the cover and lead images that exist in storage."""
        files = []
        if self.issue.cover_image:
            files.append((self.issue.cover_image.name, self.issue.cover_image))
        for item in self.articles:
            if item.article.lead_image:
                files.append((item.article.lead_image.name, item.article.lead_image))
        return [(name, image) for name, image in files if image.storage.exists(name)]

    def assign_image_sources(self, source_for) -> None:
        """Give the cover and lead images a source for one format (`source_for(field_file) -> str`)."""
        present = {name for name, _ in self.image_files()}
        cover = self.issue.cover_image
        self.cover_src = source_for(cover) if cover and cover.name in present else ""
        for item in self.articles:
            image = item.article.lead_image
            item.image_src = source_for(image) if image and image.name in present else ""

    def data_uri(self, image) -> str:
        """An image inlined as a data: URI, for single-file formats."""
        content_type = mimetypes.guess_type(image.name)[0] or "application/octet-stream"
        with image.open("rb") as handle:
            payload = base64.b64encode(handle.read()).decode("ascii")
        return f"data:{content_type};base64,{payload}"


def load_issue(
    issue: Issue | int,
    *,
    draft_preview: bool = False,
    base_url: str = "http://localhost/",
    ask_for_draft: str = "give --draft-preview",
) -> ExportIssue:
    """Load what an export shows: published articles only, unless staff ask for a draft preview.

    `ask_for_draft` says how to ask for one where the message is shown (command option, admin
    checkbox, download address).

    Queries: issue + publication, articles + sections, bylines + people + organizations,
    headlines: four, whatever the issue's size.
    """
    pk = issue.pk if isinstance(issue, Issue) else issue
    issue = Issue.objects.select_related("publication").get(pk=pk)
    if draft_preview:
        articles = Article.objects.filter(issue=issue)
    else:
        if not issue.is_public():
            raise ExportError(
                f"{issue} is not published; {ask_for_draft} to export it as a draft preview (marked DRAFT)."
            )
        articles = Article.objects.published().filter(issue=issue)
    articles = (
        articles.select_related("section")
        .prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.select_related("person", "organization").order_by("order"))
        )
        .order_by("order")
    )
    items = []
    for article in articles:
        article.issue = issue
        entries = [
            BylineEntry(
                name=byline.person.name if byline.person_id else byline.organization.name,
                position=byline.position_as_printed,
            )
            for byline in article.bylines.all()
        ]
        items.append(ExportArticle(article=article, byline=entries))
    headlines = list(Headline.objects.filter(issue=issue).order_by("order", "pk"))
    if not draft_preview:
        # A headline of an article that is not public would announce it; one without an article is plain text.
        shown = {item.article.pk for item in items}
        headlines = [headline for headline in headlines if headline.article_id is None or headline.article_id in shown]
    return ExportIssue(issue=issue, articles=items, headlines=headlines, draft=draft_preview, base_url=base_url)


class Exporter(ABC):
    name = ""
    label = ""
    extension = ""
    content_type = "application/octet-stream"

    @abstractmethod
    def render(self, export: ExportIssue) -> bytes:
        """The whole file's bytes for this format."""

    def filename(self, export: ExportIssue) -> str:
        return f"{export.file_stem}.{self.extension}"


REGISTRY: dict[str, Exporter] = {}


def register(cls: type[Exporter]) -> type[Exporter]:
    REGISTRY[cls.name] = cls()
    return cls


def get_exporter(name: str) -> Exporter:
    try:
        return REGISTRY[name]
    except KeyError:
        raise ExportError(f"unknown export format {name!r}; choose one of: {', '.join(REGISTRY)}") from None


def write_atomic(path: str | os.PathLike, data: bytes) -> Path:
    """Write to a temporary file in the target folder, then move it into place.

    A failure at any point leaves no partial file: the target is either untouched or complete.
    """
    path = Path(path)
    handle = tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", suffix=".part", delete=False)  # noqa: SIM115
    # (closed below; a context manager would delete or keep it in the wrong cases)
    try:
        with handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(handle.name, 0o644)
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
    return path
