"""Small helpers shared by test modules (fixtures shared by many live in tests/conftest.py)."""

import io
import json
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfReader


def json_ld(html: str) -> dict:
    """The page's one JSON-LD block, parsed (fails when there is none, or more than one)."""
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1, f"{len(blocks)} JSON-LD scripts on the page"
    return json.loads(blocks[0])


def pdf_text(data: bytes) -> str:
    """The words of a PDF, pages joined, whitespace collapsed."""
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(data)).pages)


def png_upload(name: str = "picture.png", width: int = 40, height: int = 40) -> SimpleUploadedFile:
    """A white PNG of the given size, as an upload."""
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")
