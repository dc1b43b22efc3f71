"""What keeps one worker's view of the shared state current: at the start of every request
(and of every background round) `sync` asks the store for the versions of the shared values,
one small query, and reloads only those another worker changed."""

from __future__ import annotations

from typing import Any

from vidmock.workers.settings import Settings
from vidmock.workers.shared_value import SharedValue

WORLD_KEY = "world"


class WorldFacts:
    """What the store was last seeded or loaded with (`{seed, size, scenario}`), so a reset
    through any worker rebuilds the same world."""

    key = WORLD_KEY

    def __init__(self, settings: Settings, world: Any) -> None:
        self._settings = settings
        self._world = world
        self.version = 0

    def load(self, value: dict[str, Any]) -> None:
        world = self._world
        world.seed, world.size, world.scenario = value["seed"], value["size"], value["scenario"]

    def publish(self) -> None:
        value = {"seed": self._world.seed, "size": self._world.size, "scenario": self._world.scenario}
        with self._settings.store.begin() as conn:
            self.version = self._settings.put(conn, WORLD_KEY, value)


class SharedState:
    def __init__(self, settings: Settings, values: list[SharedValue], facts: WorldFacts) -> None:
        self.settings = settings
        self.facts = facts
        self._values = {value.key: value for value in [*values, facts]}

    def sync(self) -> None:
        """Reload every value whose stored version is not the one this worker holds."""
        stale = [
            self._values[key]
            for key, version in self.settings.versions().items()
            if key in self._values and self._values[key].version != version
        ]
        if not stale:
            return
        with self.settings.store.read() as conn:
            for value in stale:
                stored = self.settings.get(conn, value.key)
                if stored is not None:
                    value.load(stored[1])
                    value.version = stored[0]
