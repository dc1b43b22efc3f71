"""The seeded world's viewers: people in places, each on one to three devices (clients), as
columns so a world of a million segments is drawn in vectorised steps.

A client is what IBM counts as a unique device: its `client_id` is a 64-bit number written in
decimal. A share of devices never signed in, so their segments carry no viewer identifier."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from vidmock.apis.ibm_analytics.domain.devices import device_class

if TYPE_CHECKING:
    from faker import Faker

ANONYMOUS_SHARE = 0.35  # of devices, whose viewer never signed in
DEVICES_PER_PERSON = (1, 1, 1, 2, 2, 3)
# Faker's user names are slow to make; emails are unique by the person's number in them anyway.
USER_NAMES = 500
EMAIL_DOMAINS = 20

# (country, region, city, weight)
PLACES = [
    ("US", "California", "Los Angeles", 9),
    ("US", "California", "San Francisco", 6),
    ("US", "New York", "New York", 9),
    ("US", "Texas", "Austin", 4),
    ("US", "Illinois", "Chicago", 5),
    ("GB", "England", "London", 7),
    ("GB", "England", "Manchester", 3),
    ("GB", "Scotland", "Edinburgh", 2),
    ("DE", "Berlin", "Berlin", 4),
    ("DE", "Bavaria", "Munich", 3),
    ("HU", "Budapest", "Budapest", 3),
    ("FR", "Île-de-France", "Paris", 4),
    ("ES", "Madrid", "Madrid", 3),
    ("NL", "North Holland", "Amsterdam", 2),
    ("IN", "Maharashtra", "Mumbai", 5),
    ("IN", "Karnataka", "Bengaluru", 4),
    ("BR", "São Paulo", "São Paulo", 4),
    ("MX", "Mexico City", "Mexico City", 3),
    ("CA", "Ontario", "Toronto", 4),
    ("JP", "Tokyo", "Tokyo", 4),
    ("AU", "New South Wales", "Sydney", 3),
]


def _device(browser, b_ver, os_name, os_ver, family, brand=None, model=None) -> dict[str, Any]:
    major, minor, patch = [*b_ver.split("."), None, None, None][:3]
    os_major, os_minor, os_patch = [*os_ver.split("."), None, None, None][:3] if os_ver else [None] * 3
    return {
        "browser": {"family": browser, "major": major, "minor": minor, "patch": patch},
        "os": {
            "family": os_name,
            "major": os_major,
            "minor": os_minor,
            "patch": os_patch,
            "patch_minor": None,
        },
        "device": {"family": family, "brand": brand, "model": model},
    }


# (device_info, is_mobile, weight)
DEVICES = [
    (_device("Chrome", "130.0.6723", "Windows", "10", "Other"), False, 22),
    (_device("Chrome", "129.0.6668", "Mac OS X", "10.15.7", "Mac", "Apple", "Mac"), False, 10),
    (_device("Safari", "18.1", "Mac OS X", "10.15.7", "Mac", "Apple", "Mac"), False, 7),
    (_device("Firefox", "132.0", "Windows", "10", "Other"), False, 5),
    (_device("Edge", "130.0.2849", "Windows", "10", "Other"), False, 5),
    (_device("Chrome", "130.0.6723", "Linux", None, "Other"), False, 2),
    (_device("Mobile Safari", "18.1", "iOS", "18.1", "iPhone", "Apple", "iPhone"), True, 18),
    (_device("Mobile Safari", "17.6", "iOS", "17.6.1", "iPad", "Apple", "iPad"), True, 5),
    (
        _device("Chrome Mobile", "130.0.6723", "Android", "14", "Samsung SM-S921B", "Samsung", "SM-S921B"),
        True,
        10,
    ),
    (_device("Chrome Mobile", "130.0.6723", "Android", "15", "Pixel 8", "Google", "Pixel 8"), True, 6),
    (
        _device("Samsung Internet", "26.0", "Android", "14", "Samsung SM-A546B", "Samsung", "SM-A546B"),
        True,
        4,
    ),
    (_device("Roku", "13.0", "Roku OS", "13.0", "Roku Ultra", "Roku", "Ultra"), False, 3),
]
# Each device's `device_info` as the store's JSON column writes it, and its device class.
DEVICE_JSON = [json.dumps(info) for info, _mobile, _weight in DEVICES]
DEVICE_CLASS = [device_class(info, mobile) for info, mobile, _weight in DEVICES]


@dataclass(frozen=True)
class Clients:
    """One entry per client (device), all arrays of the same length."""

    client_id: np.ndarray  # object: decimal text
    viewer_identifier: np.ndarray  # object: an email, or None when anonymous
    device: np.ndarray  # int: index into DEVICES
    place: np.ndarray  # int: index into PLACES

    def __len__(self) -> int:
        return len(self.client_id)


def draw_clients(gen: np.random.Generator, faker: Faker, n_people: int) -> Clients:
    """`n_people` people, each in one place (by PLACES' weights) on one to three devices (by
    DEVICES' weights); every person has a unique email, which anonymous devices do not carry."""
    names = [faker.user_name() for _ in range(min(USER_NAMES, n_people))]
    domains = [faker.free_email_domain() for _ in range(EMAIL_DOMAINS)]
    person_names = gen.integers(0, len(names), n_people)
    person_domains = gen.integers(0, len(domains), n_people)
    emails = [
        f"{names[name]}{person}@{domains[domain]}"
        for person, (name, domain) in enumerate(
            zip(person_names.tolist(), person_domains.tolist(), strict=True)
        )
    ]
    place = gen.choice(len(PLACES), n_people, p=_shares(p[3] for p in PLACES))
    per_person = gen.choice(DEVICES_PER_PERSON, n_people)
    owner = np.repeat(np.arange(n_people), per_person)
    count = len(owner)
    anonymous = gen.random(count) < ANONYMOUS_SHARE
    viewer = np.array(emails, dtype=object)[owner]
    viewer[anonymous] = None
    client_ids = gen.integers(0, np.iinfo(np.uint64).max, count, dtype=np.uint64, endpoint=True)
    return Clients(
        client_id=np.array([str(v) for v in client_ids.tolist()], dtype=object),
        viewer_identifier=viewer,
        device=gen.choice(len(DEVICES), count, p=_shares(d[2] for d in DEVICES)),
        place=place[owner],
    )


def _shares(weights) -> np.ndarray:
    weights = np.fromiter(weights, dtype=np.float64)
    return weights / weights.sum()
