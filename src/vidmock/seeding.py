"""Builds the default world: every vendor seeds its own collections, deterministically.

Each vendor draws from its own random stream derived from (seed, vendor key), so the same
seed and size give byte-identical data, and adding a vendor never changes another's data.
"""

from __future__ import annotations

import random
from datetime import datetime

from vidmock.apis import all_apis
from vidmock.config import Size
from vidmock.storage import world_files
from vidmock.storage.store import resync_ids
from vidmock.vendor import SeedContext, VendorApi
from vidmock.world import World


def seed_world(world: World, seed: int | None = None, size: Size | None = None) -> None:
    """Replace the whole store with the world of `seed` and `size`, built around the clock's now
    (a running clock's to the whole second).

    An in-memory store is copied from the file a first seeding of the same world left in the
    cache folder, moved to now, and leaves one there (vidmock.storage.world_files)."""
    world.seed = world.seed if seed is None else seed
    world.scenario = None
    world.size = size or world.size
    now = world.clock.now()
    if not world.clock.frozen:
        # Seeded at a whole second, a world can be kept and moved to any later start's.
        now = now.replace(microsecond=0)
    if not world.store.in_memory:
        _seed(world, now)
    elif world_files.load(world.store, world.seed, world.size, now):
        world.store.forget_derived()
    else:
        _seed(world, now)
        world_files.keep(world.store, world.seed, world.size, now)
    world.facts_changed()


def _seed(world: World, now: datetime) -> None:
    with world.store.begin() as conn:
        world.store.clear(conn)
        with world.store.indexes_deferred(conn):
            for api in all_apis():
                api.seed(conn, seed_context(api, world.seed, world.size, now))
        resync_ids(conn)


def seed_context(api: VendorApi, seed: int, size: Size, now) -> SeedContext:
    rng = random.Random(f"{seed}/{api.key}")
    from faker import Faker  # here: 40 ms of import a world loaded from its file never needs

    faker = Faker("en_US")
    faker.seed_instance(rng.getrandbits(64))
    return SeedContext(rng=rng, faker=faker, now=now, size=size)
