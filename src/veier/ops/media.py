"""Serving uploaded logos without letting an upload become active content on our origin.

An uploaded file served from the site's own origin with a guessed content type can be HTML or SVG
with script in it. So a logo is served only if its first bytes say PNG, JPEG or WebP (the same
check as on upload, repeated because files on disk may have been put there another way), with
that content type, `nosniff`, an attachment-safe `Content-Disposition` and a CSP that forbids
everything, and only for public profiles.
"""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.views.decorators.http import require_GET

from veier.directory.models import EntrepreneurProfile

IMAGE_TYPES = ((b"\x89PNG\r\n\x1a\n", "image/png", "png"), (b"\xff\xd8\xff", "image/jpeg", "jpg"))


def sniff_image(head: bytes) -> tuple[str, str] | None:
    """The (content type, extension) of a PNG, JPEG or WebP file from its first 12 bytes, else None."""
    for signature, content_type, extension in IMAGE_TYPES:
        if head.startswith(signature):
            return content_type, extension
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp", "webp"
    return None


@require_GET
def logo(request, name: str):
    stored = f"logos/{name}"
    if "/" in name or not EntrepreneurProfile.objects.filter(logo=stored, is_public=True).exists():
        raise Http404
    try:
        handle = default_storage.open(stored, "rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    kind = sniff_image(handle.read(12))
    handle.seek(0)
    if kind is None:
        handle.close()
        raise Http404
    content_type, extension = kind
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="logo.{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "public, max-age=3600"
    return response
