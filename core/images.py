"""Image renditions: resized WebP and JPEG copies for `srcset`, made once and cached on disk.

Renditions live under MEDIA_ROOT/renditions/, named after the source file's name, size and
modification time, so a replaced upload gets fresh renditions and an unchanged one is never
re-encoded. A missing or broken stored file yields no renditions (and a log line), never
an exception: the page renders without the picture.

An animated image (a GIF of several frames) keeps its animation: its renditions are animated
WebP at the same widths, and the fallback `src` is the original upload (a JPEG cannot move).
Resizing every frame costs time and memory, so an animation whose frames hold more pixels in
all than NEWSROOM_MAX_IMAGE_PIXELS (the limit a single image has) gets no renditions: the page
shows the original, which passed the upload limits (bytes, pixels per frame).
"""

import hashlib
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from PIL import Image, ImageOps, ImageSequence

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
    original: Rendition | None = None  # set for an animation: the upload itself, the fallback that moves

    @property
    def animated(self) -> bool:
        return self.original is not None

    def srcset(self, fmt: str) -> str:
        return ", ".join(f"{item.url} {item.width}w" for item in self.items if item.format == fmt)

    def fallback(self, *, near: int = 800) -> Rendition:
        if self.original is not None:
            return self.original
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
        found = _from_manifest(manifest, folder) if manifest.exists() else None
        if found is None:
            found = _generate(source, folder, stem, key, manifest)
    except (OSError, ValueError, Image.DecompressionBombError, SyntaxError) as exc:
        logger.warning("Cannot make renditions of %s: %s", field_file.name, exc)
        return None
    if found.animated:
        original = Rendition(url=field_file.url, width=found.width, height=found.height, format="original")
        found = Renditions(items=found.items, width=found.width, height=found.height, original=original)
    return found


def share_image_url(request, field_file) -> str:
    """The og:image of a page: an absolute URL of a large JPEG rendition, or "" without a usable image."""
    image = renditions(field_file)
    return request.build_absolute_uri(image.fallback(near=1200).url) if image else ""


def _url(path: Path) -> str:
    relative = path.relative_to(Path(settings.MEDIA_ROOT)).as_posix()
    return default_storage.url(relative)


# Marks an animation in the manifest's first line ("640x480,animated"); the url of the original is
# the field's own, added when read (renditions()).
_ANIMATED = "animated"
_PLACEHOLDER = Rendition(url="", width=0, height=0, format="original")


def _from_manifest(manifest: Path, folder: Path) -> Renditions | None:
    """The renditions a manifest lists; None when one of its files is missing (they are made again)."""
    lines = manifest.read_text(encoding="utf-8").split()
    size, _, flag = lines[0].partition(",")
    width, height = (int(part) for part in size.split("x"))
    items = []
    for entry in lines[1:]:
        filename, w, h, fmt = entry.split(",")
        if not (folder / filename).is_file():  # deleted, or listed URL-encoded by an earlier version
            return None
        items.append(Rendition(url=_url(folder / filename), width=int(w), height=int(h), format=fmt))
    original = _PLACEHOLDER if flag == _ANIMATED else None
    return Renditions(items=tuple(items), width=width, height=height, original=original)


def _write_manifest(
    manifest: Path, key: str, folder: Path, first_line: str, entries: list[tuple[str, Rendition]]
) -> None:
    """Write the manifest atomically; `entries` are (file name, rendition) pairs."""
    # File names as stored, not taken from the URLs: those are percent-encoded, and would be encoded twice.
    lines = [first_line] + [f"{filename},{item.width},{item.height},{item.format}" for filename, item in entries]
    temporary = folder / f".{key}.{os.getpid()}.tmp"
    temporary.write_text("\n".join(lines), encoding="utf-8")
    os.replace(temporary, manifest)


def _generate_animated(opened: Image.Image, folder: Path, stem: str, key: str, manifest: Path) -> Renditions:
    """Animated WebP renditions of every frame, or none when the frames hold too many pixels in all."""
    width, height = opened.width, opened.height
    folder.mkdir(parents=True, exist_ok=True)
    entries = []
    if opened.n_frames * width * height <= settings.NEWSROOM_MAX_IMAGE_PIXELS:
        frames, durations = [], []
        for frame in ImageSequence.Iterator(opened):
            frames.append(frame.convert("RGBA"))
            durations.append(frame.info.get("duration", opened.info.get("duration", 100)))
        for target in _target_widths(width):
            target_height = max(1, round(height * target / width))
            resized = [
                frame.resize((target, target_height), Image.Resampling.LANCZOS) if target != width else frame
                for frame in frames
            ]
            filename = f"{stem}-{key[:8]}-{target}.webp"
            temporary = folder / f".{filename}.{os.getpid()}.tmp"
            resized[0].save(
                temporary,
                "WEBP",
                save_all=True,
                append_images=resized[1:],
                duration=durations,
                loop=opened.info.get("loop", 0),
                quality=80,
                method=4,
            )
            os.replace(temporary, folder / filename)
            rendition = Rendition(url=_url(folder / filename), width=target, height=target_height, format="webp")
            entries.append((filename, rendition))
    _write_manifest(manifest, key, folder, f"{width}x{height},{_ANIMATED}", entries)
    items = tuple(item for _, item in entries)
    return Renditions(items=items, width=width, height=height, original=_PLACEHOLDER)


def _generate(source: Path, folder: Path, stem: str, key: str, manifest: Path) -> Renditions:
    with Image.open(source) as opened:
        if opened.width * opened.height > settings.NEWSROOM_MAX_IMAGE_PIXELS:
            raise ValueError("image has more pixels than allowed")
        if getattr(opened, "n_frames", 1) > 1:
            return _generate_animated(opened, folder, stem, key, manifest)
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
    _write_manifest(manifest, key, folder, f"{image.width}x{image.height}", list(zip(filenames, items, strict=True)))
    return Renditions(items=tuple(items), width=image.width, height=image.height)
