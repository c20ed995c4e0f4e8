"""Screenshots kept with a case: checked to be images, hashed, stored privately.

Files live under COUNCILGUARD_CASEWORK_DIR (default var/casework/), in folders named from
database ids only, readable by the server's user alone, and are served only through
views that check who is asking:

    complaint-<id>/<evidence id>.<ext>      screenshots sent with a complaint
    abuse-<id>/<screenshot id>.<ext>        screenshots of abuse received

``check_image`` opens each upload with Pillow: a file that is not a PNG, JPEG, GIF or
WebP image (whatever its name says), a damaged one, one larger than the limit or one
with absurd dimensions (a decompression bomb) is refused with a message naming it.
"""

from __future__ import annotations

import os
import shutil
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from PIL import Image, UnidentifiedImageError

from councilguard.casework.evidence import sha256_of

FORMATS = {"PNG": ("image/png", "png"), "JPEG": ("image/jpeg", "jpg"), "GIF": ("image/gif", "gif"),
           "WEBP": ("image/webp", "webp")}  # fmt: skip
MAX_PIXELS = 60_000_000
MAX_FILES = 10


class NotAnImage(ValueError):
    pass


@dataclass(frozen=True)
class CheckedImage:
    upload: UploadedFile
    content_type: str
    extension: str
    size: int
    sha256: str
    width: int
    height: int


def screenshot_limit() -> int:
    return settings.COUNCILGUARD_SCREENSHOT_MAX_BYTES


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB" if size >= 1024 * 1024 else f"{max(1, size // 1024)} KB"


def check_image(upload: UploadedFile) -> CheckedImage:
    name = upload.name or "the file"
    size = upload.size or 0
    if size > screenshot_limit():
        raise NotAnImage(
            f"{name} is {_megabytes(size)}: each screenshot must be {_megabytes(screenshot_limit())} or smaller"
        )
    if size == 0:
        raise NotAnImage(f"{name} is empty")
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                kind = image.format
                width, height = image.size
                image.verify()
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise NotAnImage(f"{name} is not an image: upload a PNG, JPEG, GIF or WebP screenshot") from None
    except Exception:  # noqa: BLE001 - Pillow raises many kinds for damaged files
        raise NotAnImage(f"{name} is a damaged image: take the screenshot again") from None
    if kind not in FORMATS:
        raise NotAnImage(f"{name} is a {kind} image: upload a PNG, JPEG, GIF or WebP screenshot")
    if width * height > MAX_PIXELS:
        raise NotAnImage(f"{name} is {width} by {height} pixels: too large to be a screenshot")
    upload.seek(0)
    digest = sha256_of(upload.chunks())
    upload.seek(0)
    content_type, extension = FORMATS[kind]
    return CheckedImage(upload, content_type, extension, size, digest, width, height)


def root() -> Path:
    return Path(settings.COUNCILGUARD_CASEWORK_DIR)


def folder(kind: str, case_id: int) -> Path:
    if kind not in ("complaint", "abuse"):
        raise ValueError(kind)
    return root() / f"{kind}-{int(case_id)}"


def _private(path: Path) -> Path:
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(path, 0o700)
    os.chmod(path.parent, 0o700)
    return path


def store(kind: str, case_id: int, file_id: int, image: CheckedImage) -> str:
    """Write the image; returns the stored name (from ids only)."""
    target_dir = _private(folder(kind, case_id))
    stored = f"{int(file_id)}.{image.extension}"
    target = target_dir / stored
    image.upload.seek(0)
    with target.open("wb") as out:
        for chunk in image.upload.chunks():
            out.write(chunk)
    os.chmod(target, 0o600)
    return stored


def keep(images: list[CheckedImage], kind: str, case_id: int, model: type[Any], **case: Any) -> list[Any]:
    """Record each image as a ``model`` row of the case (``case`` names the case's field,
    e.g. ``report=report``) and store its file under the row's id. Call it inside the
    transaction that saves the case, so a failed write leaves no row without its file."""
    rows = []
    for image in images:
        row = model.objects.create(
            **case,
            name=(image.upload.name or "screenshot")[:255],
            stored="",
            content_type=image.content_type,
            size=image.size,
            sha256=image.sha256,
            width=image.width,
            height=image.height,
        )
        row.stored = store(kind, case_id, row.pk, image)
        row.save(update_fields=["stored"])
        rows.append(row)
    return rows


def path_of(kind: str, case_id: int, stored: str) -> Path | None:
    path = folder(kind, case_id) / Path(stored).name
    return path if path.is_file() else None


def remove(kind: str, case_id: int) -> None:
    shutil.rmtree(folder(kind, case_id), ignore_errors=True)


def data_uri(kind: str, case_id: int, stored: str, content_type: str) -> str:
    """The image inline, for a PDF that must fetch nothing."""
    import base64

    path = path_of(kind, case_id, stored)
    if path is None:
        return ""
    return f"data:{content_type};base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def describe(images: list[CheckedImage]) -> list[dict[str, Any]]:
    return [{"name": i.upload.name, "size": i.size, "sha256": i.sha256} for i in images]
