"""One standalone web page: styles in the page, images inlined as data: URIs."""

from django.template.loader import render_to_string

from articles.exchange.exporters.base import DRAFT_LABEL, Exporter, ExportIssue, register


@register
class HtmlExporter(Exporter):
    name = "html"
    label = "Standalone web page (HTML)"
    extension = "html"
    content_type = "text/html; charset=utf-8"

    def render(self, export: ExportIssue) -> bytes:
        export.assign_image_sources(export.data_uri)
        context = {"export": export, "draft_label": DRAFT_LABEL}
        return render_to_string("exchange/issue_standalone.html", context).encode("utf-8")
