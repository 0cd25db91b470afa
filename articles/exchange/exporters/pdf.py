"""PDF through WeasyPrint. Its URL fetcher reads only the project's own static and media files."""

import logging
import mimetypes
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from PIL import ImageFile

# WeasyPrint reports every layout step (and its own stylesheets at import) at INFO; exports report their own progress.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

_strict_images = ImageFile.LOAD_TRUNCATED_IMAGES
from weasyprint import HTML  # noqa: E402
from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: E402

# Importing WeasyPrint turns Pillow's LOAD_TRUNCATED_IMAGES on for the whole process, which would let
# upload checks and renditions accept half an image; it is on only while a PDF is rendered.
ImageFile.LOAD_TRUNCATED_IMAGES = _strict_images
_truncated_images_lock = threading.Lock()


@contextmanager
def truncated_images_loaded():
    """Let Pillow load damaged images while a PDF renders (a broken picture must not stop the export)."""
    with _truncated_images_lock:
        previous, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, True
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = previous


from articles.exchange.exporters.base import DRAFT_LABEL, Exporter, ExportIssue, register  # noqa: E402


def allowed_roots() -> list[Path]:
    """The folders a PDF may read from: media, collected static files and every static source folder."""
    roots = [Path(settings.MEDIA_ROOT)]
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT))
    for finder in finders.get_finders():
        roots += [Path(root) for _, root in getattr(finder, "locations", [])]
        roots += [Path(storage.location) for storage in getattr(finder, "storages", {}).values()]
    return [root.resolve() for root in roots]


class LocalFilesOnlyFetcher(URLFetcher):
    """Serve file: URLs inside the allowed roots; refuse every other URL (http, ftp, other files...)."""

    def __init__(self, roots=None, **kwargs):
        super().__init__(allowed_protocols=["file"], allow_redirects=False, **kwargs)
        self.roots = [Path(root).resolve() for root in (roots if roots is not None else allowed_roots())]

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            raise ValueError(f"PDF export reads only the project's own files, not {url!r}")
        path = Path(unquote(parts.path)).resolve()
        if not any(path.is_relative_to(root) for root in self.roots) or not path.is_file():
            raise ValueError(f"PDF export may not read {path}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": content_type})


@register
class PdfExporter(Exporter):
    name = "pdf"
    label = "PDF"
    extension = "pdf"
    content_type = "application/pdf"

    def render(self, export: ExportIssue) -> bytes:
        export.assign_image_sources(lambda image: Path(image.path).resolve().as_uri())
        context = {"export": export, "draft_label": DRAFT_LABEL}
        source = render_to_string("exchange/issue_pdf.html", context)
        base_url = Path(settings.MEDIA_ROOT).resolve().as_uri() + "/"
        with truncated_images_loaded():
            return HTML(string=source, base_url=base_url, url_fetcher=LocalFilesOnlyFetcher()).write_pdf()
