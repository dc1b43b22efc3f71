"""The device classes of the `device` dimension, derived from a segment's `device_info` and
`is_mobile_view` (IBM does not document its classes)."""

from __future__ import annotations

from typing import Any

DEVICE_CLASSES = ("desktop", "mobile", "tablet", "tv", "other")

_TV_SYSTEMS = {"roku os", "tizen", "webos", "tvos", "android tv", "fire os", "chromecast"}
_DESKTOP_SYSTEMS = {"windows", "mac os x", "linux", "chrome os", "ubuntu", "fedora"}


def device_class(device_info: dict[str, Any], is_mobile_view: bool) -> str:
    """tablet (an iPad or a device family naming a tablet), mobile (any other mobile view),
    tv (a TV or streaming-box OS), desktop (a desktop OS), else other."""
    family = str((device_info.get("device") or {}).get("family") or "").lower()
    system = str((device_info.get("os") or {}).get("family") or "").lower()
    if "ipad" in family or "tablet" in family:
        return "tablet"
    if is_mobile_view:
        return "mobile"
    if system in _TV_SYSTEMS or "tv" in family:
        return "tv"
    if system in _DESKTOP_SYSTEMS:
        return "desktop"
    return "other"
