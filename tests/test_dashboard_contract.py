"""Schemathesis over openapi/dashboard.yaml against the in-process app: every check, so a method
the dashboard answers is one its spec declares (the others are 405s with `Allow`), each page and
form answers the statuses, headers and media types declared, and a body that is no form is
refused. The values a page reads as more than text are listed in `schemathesis.toml`."""

from __future__ import annotations

from pathlib import Path

import schemathesis

from conftest import make_app
from contract_support import SETTINGS
from vidmock.specs.documents import spec_dir

CONFIG = schemathesis.Config.from_path(Path(__file__).parents[1] / "schemathesis.toml")
dashboard = schemathesis.openapi.from_path(spec_dir() / "dashboard.yaml", config=CONFIG)
dashboard.app = make_app()
dashboard.config.update(base_url="http://127.0.0.1/__admin/ui")


@dashboard.parametrize()
@SETTINGS
def test_dashboard(case):
    case.call_and_validate()
