"""One grammar of durations wherever vidmock takes one (`vidmock.reltime`): short (`90m`,
`200ms`) or ISO 8601 (`PT1H30M`), in the control API, fault rules and latency, and the
dashboard; the specs state it with the same pattern."""

from __future__ import annotations

from datetime import timedelta

import pytest
import regress

from conftest import make_app
from vidmock.reltime import PATTERN, SIGNED_PATTERN, parse_duration
from vidmock.specs.documents import load


@pytest.mark.parametrize(
    ("text", "length"),
    [
        ("90m", timedelta(minutes=90)),
        ("1.5s", timedelta(seconds=1.5)),
        ("200ms", timedelta(milliseconds=200)),
        ("2d", timedelta(days=2)),
        ("-1h", timedelta(hours=-1)),
        ("1w", timedelta(weeks=1)),
        ("PT1H30M", timedelta(minutes=90)),
        ("P2D", timedelta(days=2)),
        ("PT0.5S", timedelta(seconds=0.5)),
        ("P1DT12H", timedelta(hours=36)),
        ("P1W", timedelta(weeks=1)),
        ("-PT15M", timedelta(minutes=-15)),
        ("+PT10M", timedelta(minutes=10)),
    ],
)
def test_short_and_iso_8601_durations_read_alike(text, length):
    assert parse_duration(text) == length
    assert bool(regress.Regex(SIGNED_PATTERN).find(text))


@pytest.mark.parametrize("text", ["P", "PT", "P1DT", "P1D1H", "1.2345s", "2 days", "90", "pt1h", ""])
def test_anything_else_is_refused_by_the_parser_and_the_pattern(text):
    with pytest.raises(ValueError, match="is not a duration such as 90m"):
        parse_duration(text)
    assert not regress.Regex(SIGNED_PATTERN).find(text)


@pytest.mark.parametrize("text", ["P1Y", "P2M", "P1Y2M3D", "-P1M"])
def test_months_and_years_are_refused_for_having_no_fixed_length(text):
    with pytest.raises(ValueError, match="months or years, which have no fixed length"):
        parse_duration(text)


def test_the_specs_state_the_grammar_the_parser_reads():
    admin = load("admin.yaml")
    clock = admin["paths"]["/clock"]["put"]["requestBody"]["content"]["application/json"]["schema"]
    assert clock["properties"]["advance"]["pattern"] == SIGNED_PATTERN
    assert admin["components"]["schemas"]["Duration"]["pattern"] == PATTERN


def test_the_clock_advances_by_an_iso_8601_duration():
    client = make_app().test_client()
    moved = client.put("/__admin/clock", json={"advance": "PT1H30M"})
    assert moved.json() == {"now": "2026-11-24T13:30:00+00:00", "frozen": True}
    months = client.put("/__admin/clock", json={"advance": "P1M"})
    assert months.status_code == 400 and months.json()["pointer"] == "/advance"


def test_latency_takes_an_iso_8601_duration_and_keeps_it_as_given():
    client = make_app().test_client()
    answer = client.put("/__admin/latency", json={"delay": {"fixed": "PT0.02S"}})
    assert answer.status_code == 200, answer.json()
    assert client.get("/__admin/latency").json() == {"delay": {"fixed": "PT0.02S"}}
    negative = client.put("/__admin/latency", json={"delay": {"fixed": "-PT1S"}})
    assert negative.status_code == 400 and negative.json()["pointer"] == "/delay/fixed"


def test_the_dashboards_clock_form_takes_what_its_hint_suggests():
    client = make_app().test_client()
    client.post("/__admin/ui/clock", data={"action": "advance", "advance": "PT1H30M"})
    assert client.get("/__admin/clock").json()["now"] == "2026-11-24T13:30:00+00:00"
