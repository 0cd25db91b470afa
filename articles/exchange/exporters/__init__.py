"""Issue exporters behind one small registry: `get_exporter("pdf").render(load_issue(issue))`.

Each format lives in its own module and registers itself; importing this package loads them all.
"""

from articles.exchange.exporters import bundle, email, html, markdown, ninjs, pdf  # noqa: F401  (registration)
from articles.exchange.exporters.base import (
    REGISTRY,
    Exporter,
    ExportError,
    ExportIssue,
    get_exporter,
    load_issue,
    write_atomic,
)

FORMATS = ["markdown", "html", "email", "pdf", "ninjs", "zip"]  # menu order
assert set(FORMATS) == set(REGISTRY)


def export_issue(issue, fmt: str, *, draft_preview: bool = False, base_url: str = "http://localhost/"):
    """(bytes, filename, content type) of `issue` in format `fmt`."""
    exporter = get_exporter(fmt)
    export = load_issue(issue, draft_preview=draft_preview, base_url=base_url)
    return exporter.render(export), exporter.filename(export), exporter.content_type


__all__ = [
    "FORMATS",
    "REGISTRY",
    "ExportError",
    "ExportIssue",
    "Exporter",
    "export_issue",
    "get_exporter",
    "load_issue",
    "write_atomic",
]
