"""Image renditions: resized WebP and JPEG copies for `srcset`, made once and cached on disk.

Renditions live under MEDIA_ROOT/renditions/, named after the source file's name, size and
modification time, so a replaced upload gets fresh renditions and an unchanged one is never
re-encoded. A missing or broken stored file yields no renditions (and a log line), never
an exception: the page renders without the picture.
"""

import hashlib
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from PIL import Image, ImageOps

logger = logging.getLogger(__name__)

WIDTHS = (480, 800, 1200, 1600)
FORMATS = {"webp": ("WEBP", {"quality": 80, "method": 4}), "jpeg": ("JPEG", {"quality": 82, "progressive": True})}
RENDITIONS_DIR = "renditions"


@dataclass(frozen=True)
class Rendition:
    url: str
    width: int
    height: int
    format: str


@dataclass(frozen=True)
class Renditions:
    """All renditions of one image: `srcset` strings per format and a fallback `src`."""

    items: tuple[Rendition, ...]
    width: int
    height: int

    def srcset(self, fmt: str) -> str:
        return ", ".join(f"{item.url} {item.width}w" for item in self.items if item.format == fmt)

    def fallback(self, *, near: int = 800) -> Rendition:
        jpegs = [item for item in self.items if item.format == "jpeg"]
        fitting = [item for item in jpegs if item.width <= near]
        return fitting[-1] if fitting else jpegs[0]


def _key(name: str, stat: os.stat_result) -> str:
    return hashlib.sha256(f"{name}:{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()[:20]


def _target_widths(width: int) -> list[int]:
    """Standard widths below the original, plus the original width itself (never upscale)."""
    widths = [w for w in WIDTHS if w < width]
    widths.append(min(width, WIDTHS[-1]))
    return sorted(set(widths))


def renditions(field_file) -> Renditions | None:
    """Renditions of an ImageField's file, generating any that are missing. None if unusable."""
    if not field_file or not field_file.name:
        return None
    try:
        source = Path(default_storage.path(field_file.name))
        stat = source.stat()
    except (OSError, NotImplementedError, ValueError):
        logger.warning("Image %s is missing from storage", field_file.name)
        return None
    key = _key(field_file.name, stat)
    folder = Path(settings.MEDIA_ROOT) / RENDITIONS_DIR / key[:2]
    stem = re.sub(r"[^\w-]", "", Path(field_file.name).stem)[:40] or "image"
    manifest = folder / f"{key}.txt"
    try:
        if manifest.exists():
            found = _from_manifest(manifest, folder)
            if found is not None:
                return found
        return _generate(source, folder, stem, key, manifest)
    except (OSError, ValueError, Image.DecompressionBombError, SyntaxError) as exc:
        logger.warning("Cannot make renditions of %s: %s", field_file.name, exc)
        return None


def share_image_url(request, field_file) -> str:
    """The og:image of a page: an absolute URL of a large JPEG rendition, or "" without a usable image."""
    image = renditions(field_file)
    return request.build_absolute_uri(image.fallback(near=1200).url) if image else ""


def _url(path: Path) -> str:
    relative = path.relative_to(Path(settings.MEDIA_ROOT)).as_posix()
    return default_storage.url(relative)


def _from_manifest(manifest: Path, folder: Path) -> Renditions | None:
    """The renditions a manifest lists; None when one of its files is missing (they are made again)."""
    lines = manifest.read_text(encoding="utf-8").split()
    width, height = (int(part) for part in lines[0].split("x"))
    items = []
    for entry in lines[1:]:
        filename, w, h, fmt = entry.split(",")
        if not (folder / filename).is_file():  # deleted, or listed URL-encoded by an earlier version
            return None
        items.append(Rendition(url=_url(folder / filename), width=int(w), height=int(h), format=fmt))
    return Renditions(items=tuple(items), width=width, height=height)


def _generate(source: Path, folder: Path, stem: str, key: str, manifest: Path) -> Renditions:
    with Image.open(source) as opened:
        if opened.width * opened.height > settings.NEWSROOM_MAX_IMAGE_PIXELS:
            raise ValueError("image has more pixels than allowed")
        image = ImageOps.exif_transpose(opened)
        image.load()
    if image.mode in ("I", "I;16", "I;16B", "I;16L", "I;16N", "F"):
        # 16-bit (or float) greys: converting straight to RGB clips every value above 255 to white.
        image = image.point(lambda value: value / 256).convert("L")
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "transparency" in image.info or image.mode in ("LA", "PA") else "RGB")
    folder.mkdir(parents=True, exist_ok=True)
    items, filenames = [], []
    for width in _target_widths(image.width):
        height = max(1, round(image.height * width / image.width))
        resized = image.resize((width, height), Image.Resampling.LANCZOS) if width != image.width else image
        for fmt, (pil_format, options) in FORMATS.items():
            filename = f"{stem}-{key[:8]}-{width}.{'jpg' if fmt == 'jpeg' else fmt}"
            picture = resized.convert("RGB") if fmt == "jpeg" and resized.mode != "RGB" else resized
            temporary = folder / f".{filename}.{os.getpid()}.tmp"
            picture.save(temporary, pil_format, **options)
            os.replace(temporary, folder / filename)  # atomic: concurrent requests never see half a file
            items.append(Rendition(url=_url(folder / filename), width=width, height=height, format=fmt))
            filenames.append(filename)
    # File names as stored, not taken from the URLs: those are percent-encoded, and would be encoded twice.
    lines = [f"{image.width}x{image.height}"] + [
        f"{filename},{item.width},{item.height},{item.format}" for filename, item in zip(filenames, items, strict=True)
    ]
    temporary = folder / f".{key}.{os.getpid()}.tmp"
    temporary.write_text("\n".join(lines), encoding="utf-8")
    os.replace(temporary, manifest)
    return Renditions(items=tuple(items), width=image.width, height=image.height)
