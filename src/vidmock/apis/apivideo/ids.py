"""Identifiers in api.video's style: a two-letter kind and base-62 characters
(`vi4k0jvEUuaTdRAEjQ4Prklg`, `li400mYKSgQ6xs7taUeSaEKr`, `psEmFwGQUAXR2lFHj5nDOpy`)."""

from __future__ import annotations

import random
import secrets
import string
import uuid

ALPHABET = string.digits + string.ascii_letters
# Characters after the prefix, as in the vendor's examples.
LENGTHS = {"vi": 22, "li": 22, "ps": 21, "pl": 20, "to": 22, "webhook_": 22, "sig_sec_": 22}


def new_id(prefix: str, rng: random.Random | None = None) -> str:
    """A fresh id; from `rng` when given (seeding), else from the system's randomness."""
    pick = rng.choice if rng is not None else secrets.choice
    return prefix + "".join(pick(ALPHABET) for _ in range(LENGTHS[prefix]))


def new_stream_key(rng: random.Random | None = None) -> str:
    bits = rng.getrandbits(128) if rng is not None else secrets.randbits(128)
    return str(uuid.UUID(int=bits, version=4))
