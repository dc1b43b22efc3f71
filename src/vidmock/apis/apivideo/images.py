"""Images checked by their content, never by a file name, and placeholders drawn on demand.

Pillow reads the bytes; a file is an image only when Pillow recognises and verifies it. It is
imported by the first image handled (10-15 ms a mock that never sees one does not spend).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

# Pillow format name -> media type (RFC 2046 / IANA registry).
MEDIA_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif", "WEBP": "image/webp"}


@dataclass(frozen=True)
class ImageInfo:
    media_type: str
    width: int  # pixels
    height: int  # pixels


def sniff(data: bytes, allowed: frozenset[str] = frozenset({"image/jpeg", "image/png"})) -> ImageInfo | None:
    """What the bytes are, when they are a complete image of an allowed type; None otherwise
    (not an image, truncated, or another format)."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            media_type = MEDIA_TYPES.get(image.format or "")
            width, height = image.size
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return None
    if media_type not in allowed:
        return None
    return ImageInfo(media_type, width, height)


def placeholder_jpeg(width: int = 320, height: int = 180, seed: str = "") -> bytes:
    """A plain JPEG of the given size whose colour is derived from `seed`, so the same
    resource always gets the same picture."""
    from PIL import Image

    digest = sum(seed.encode()) if seed else 0
    colour = (40 + digest % 160, 40 + (digest * 7) % 160, 40 + (digest * 13) % 160)
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, format="JPEG", quality=70)
    return out.getvalue()


def png(data: bytes) -> bytes:
    """The image re-encoded as PNG (api.video serves logos as PNG)."""
    from PIL import Image

    out = io.BytesIO()
    with Image.open(io.BytesIO(data)) as image:
        image.save(out, format="PNG")
    return out.getvalue()
