"""A ZIP bundle: every other format, one ninjs file per article, and the issue's images."""

import io
import zipfile
from pathlib import PurePosixPath

from articles.exchange.exporters.base import REGISTRY, Exporter, ExportIssue, register
from articles.exchange.exporters.ninjs import article_object, dumps


@register
class ZipExporter(Exporter):
    name = "zip"
    label = "ZIP bundle of all formats with images"
    extension = "zip"
    content_type = "application/zip"

    def render(self, export: ExportIssue) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for exporter in REGISTRY.values():
                if exporter.name != self.name:
                    archive.writestr(f"issue.{exporter.extension}", exporter.render(export))
            for index, item in enumerate(export.articles, start=1):
                archive.writestr(f"ninjs/{index:03d}-{item.article.slug}.json", dumps(article_object(export, item)))
            used = set()
            for name, image in export.image_files():
                filename = PurePosixPath(name).name
                while filename in used:
                    filename = "_" + filename
                used.add(filename)
                with image.open("rb") as handle:
                    archive.writestr(f"images/{filename}", handle.read())
        return buffer.getvalue()
