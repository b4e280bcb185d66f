"""Sending a stored file to someone already allowed to see it, with headers that keep it inert.

The type a browser is told comes from the file's first bytes for images (never from the uploader's
name or claim alone); anything that is not a known image goes out as an attachment, so an uploaded
HTML or SVG file can never run in this site's origin. With FIXLOOP_MEDIA_ACCEL_PREFIX set, nginx sends
the bytes from an `internal` location (X-Accel-Redirect) and the web worker is free at once.
"""

from urllib.parse import quote

from django.conf import settings
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header

# Images a browser may show inline: only raster formats, recognised by their magic bytes.
IMAGE_SIGNATURES = {
    "image/jpeg": lambda head: head.startswith(b"\xff\xd8\xff"),
    "image/png": lambda head: head.startswith(b"\x89PNG\r\n\x1a\n"),
    "image/webp": lambda head: head[:4] == b"RIFF" and head[8:12] == b"WEBP",
    "image/gif": lambda head: head[:6] in (b"GIF87a", b"GIF89a"),
}
# Declared types kept (as attachments) when the bytes are no image; anything else is octet-stream.
DOWNLOAD_TYPES = frozenset({"application/pdf", "text/plain", "text/csv"})
FALLBACK_TYPE = "application/octet-stream"
HEAD_BYTES = 16
# No script, no plugin, no form, no same-origin access even if a browser ignores the attachment header.
FILE_CSP = "default-src 'none'; sandbox"


def sniffed_image_type(head: bytes) -> str | None:
    return next((kind for kind, matches in IMAGE_SIGNATURES.items() if matches(head)), None)


def served_type(declared: str, head: bytes) -> tuple[str, bool]:
    """(Content-Type, inline?) for a file whose first bytes are `head` and whose stored type is `declared`."""
    image = sniffed_image_type(head)
    if image is not None:
        return image, True
    declared = (declared or "").split(";", 1)[0].strip().lower()
    return (declared if declared in DOWNLOAD_TYPES else FALLBACK_TYPE), False


def _read_head(field: FieldFile) -> bytes:
    try:
        with field.storage.open(field.name, "rb") as handle:
            return handle.read(HEAD_BYTES)
    except (FileNotFoundError, OSError) as exc:  # the row outlived its file (restore, manual clean-up)
        raise Http404 from exc


def _accel_path(prefix: str, name: str) -> str:
    if name.startswith("/") or ".." in name.split("/"):
        raise Http404  # storage names never look like this; refuse rather than hand nginx a traversal
    return prefix.rstrip("/") + "/" + quote(name)


def send_file(field: FieldFile, *, declared_type: str, filename: str) -> HttpResponse:
    """The response for one stored file: typed, inert, private; through nginx when configured."""
    if not field or not field.name:
        raise Http404
    content_type, inline = served_type(declared_type, _read_head(field))
    prefix = settings.FIXLOOP.get("MEDIA_ACCEL_PREFIX") or ""
    if prefix:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = _accel_path(prefix, field.name)
    else:
        response = FileResponse(field.storage.open(field.name, "rb"), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, filename or "file")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_CSP
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    # Access can be withdrawn (an order reassigned, a customer erased): no cache may keep a copy.
    response["Cache-Control"] = "private, no-store"
    return response
