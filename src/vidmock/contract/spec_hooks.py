"""Schemathesis hooks for a bare `schemathesis run openapi/<api>.yaml` from the project's root
(named by `schemathesis.toml`): cases that cannot be told apart on the wire are not sent."""

from __future__ import annotations

from typing import Any

import schemathesis

from vidmock.contract.wire_text import is_text_on_the_wire


@schemathesis.hook
def filter_case(context: Any, case: Any) -> bool:
    return not is_text_on_the_wire(case)
