"""The vendors' own published OpenAPI documents (api.video's 2021 spec, Nomad's excerpt). Their
licences do not let vidmock ship copies, so the tests read them from `VIDMOCK_VENDOR_SPECS`, by
default `../shared/reference/vendor-openapi` beside the checkout, and skip where they are absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
VENDOR_DIR = Path(
    os.environ.get("VIDMOCK_VENDOR_SPECS", ROOT.parent / "shared" / "reference" / "vendor-openapi")
)
APIVIDEO = VENDOR_DIR / "apivideo-2021-02.yaml"
NOMAD = VENDOR_DIR / "nomad-media-2026-04-excerpt.json"


def vendor_file(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"the vendor's spec {path.name} is not in {VENDOR_DIR} (set VIDMOCK_VENDOR_SPECS)")
    return path
