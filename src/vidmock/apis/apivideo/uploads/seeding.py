"""Seeded upload tokens: one that never expires and a few with a time to live still running at
the clock's now (expired ones would not be listed, so none is seeded)."""

from __future__ import annotations

import random

from sqlalchemy import Connection

from vidmock.apis.apivideo.ids import new_id
from vidmock.apis.apivideo.uploads.tables import upload_tokens
from vidmock.apis.apivideo.uploads.tokens import expires_at
from vidmock.vendor import SeedContext

# (ttl seconds, created this many seconds before now) per size
TOKENS = {
    "small": ((0, 30 * 86_400), (3_600, 600), (86_400, 7_200)),
    "medium": ((0, 60 * 86_400), (0, 5 * 86_400), (3_600, 600), (86_400, 7_200), (604_800, 86_400)),
}


def seed_upload_tokens(conn: Connection, ctx: SeedContext) -> None:
    # A stream of its own, derived from (not drawn from) the vendor's, so seeding tokens leaves
    # every draw that follows as it was.
    rng = random.Random("apivideo/upload-tokens/" + repr(ctx.rng.getstate()))
    now_ms = int(ctx.now.timestamp()) * 1000
    rows = []
    for ttl, age in TOKENS.get(ctx.size, TOKENS["medium"]):
        created = now_ms - age * 1000
        rows.append(
            {
                "token": new_id("to", rng),
                "ttl": ttl,
                "created_at": created,
                "expires_at": expires_at(created, ttl),
            }
        )
    conn.execute(upload_tokens.insert(), rows)
