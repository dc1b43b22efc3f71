"""Builds the default world: every vendor seeds its own collections, deterministically.

Each vendor draws from its own random stream derived from (seed, vendor key), so the same
seed and size give byte-identical data, and adding a vendor never changes another's data.
"""

from __future__ import annotations

import random

from faker import Faker

from vidmock.apis import all_apis
from vidmock.config import Size
from vidmock.storage.store import resync_ids
from vidmock.vendor import SeedContext, VendorApi
from vidmock.world import World


def seed_world(world: World, seed: int | None = None, size: Size | None = None) -> None:
    """Replace the whole store with the world of `seed` and `size`, built around the clock's now."""
    world.seed = world.seed if seed is None else seed
    world.scenario = None
    world.size = size or world.size
    now = world.clock.now()
    with world.store.begin() as conn:
        world.store.clear(conn)
        with world.store.indexes_deferred(conn):
            for api in all_apis():
                api.seed(conn, seed_context(api, world.seed, world.size, now))
        resync_ids(conn)
    world.facts_changed()


def seed_context(api: VendorApi, seed: int, size: Size, now) -> SeedContext:
    rng = random.Random(f"{seed}/{api.key}")
    faker = Faker("en_US")
    faker.seed_instance(rng.getrandbits(64))
    return SeedContext(rng=rng, faker=faker, now=now, size=size)
