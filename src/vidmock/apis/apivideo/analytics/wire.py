"""api.video's wire format of a player session and of a session event: camelCase, times in RFC 3339
milliseconds."""

from __future__ import annotations

from typing import Any

from vidmock.apis.apivideo.wire import iso_millis


def session(row: dict[str, Any], with_metadata: bool) -> dict[str, Any]:
    about: dict[str, Any] = {
        "sessionId": row["session_id"],
        "loadedAt": iso_millis(row["loaded_at"]),
        "endedAt": iso_millis(row["ended_at"]),
    }
    if with_metadata:
        about["metadata"] = list(row["metadata"])
    return {
        "session": about,
        "location": {"country": row["country"], "city": row["city"]},
        "referrer": {
            "url": row["referrer_url"],
            "medium": row["referrer_medium"],
            "source": row["referrer_source"],
            "searchTerm": row["referrer_search_term"],
        },
        "device": {"type": row["device_type"], "vendor": row["device_vendor"], "model": row["device_model"]},
        "os": {"name": row["os_name"], "shortname": row["os_shortname"], "version": row["os_version"]},
        "client": {"name": row["client_name"], "version": row["client_version"], "type": row["client_type"]},
    }


def event(row: dict[str, Any]) -> dict[str, Any]:
    answer: dict[str, Any] = {"type": row["type"], "emittedAt": iso_millis(row["emitted_at"])}
    if row["at"] is not None:
        answer["at"] = row["at"]
    if row["from_second"] is not None:
        answer["from"] = row["from_second"]
        answer["to"] = row["to_second"]
    return answer
