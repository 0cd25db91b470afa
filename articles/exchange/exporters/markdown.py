"""The canonical issue file (docs/issue-format.md); import of its output gives the same issue."""

from articles.exchange.exporters.base import Exporter, ExportIssue, register
from articles.exchange.issuefile import write


@register
class MarkdownExporter(Exporter):
    name = "markdown"
    label = "Markdown issue file"
    extension = "md"
    content_type = "text/markdown; charset=utf-8"

    def render(self, export: ExportIssue) -> bytes:
        return write(export.document()).encode("utf-8")
