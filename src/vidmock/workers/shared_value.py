"""What a piece of state kept in `Settings` does: write itself in one locked transaction, and
take on what another worker wrote when the version stored moved past the one it holds."""

from __future__ import annotations

from typing import Any, Protocol


class SharedValue(Protocol):
    key: str
    version: int

    def load(self, value: Any) -> None:
        """Take on `value`, as read from the store."""
