"""Nomad's wire shapes: the login answer and the continue-watching lists."""

from __future__ import annotations

from typing import Any

from vidmock.auth import IssuedToken


def login_answer(
    user: dict[str, Any], access: IssuedToken, refresh: IssuedToken, session_id: str
) -> dict[str, Any]:
    return {
        "id": user["id"],
        "userName": user["user_name"],
        "firstName": user["first_name"],
        "lastName": user["last_name"],
        # The vendor's LoginResponseStatuses has no success value: success leaves it empty.
        "loginStatus": None,
        "cookies": [],
        "token": access.value,
        "refreshToken": refresh.value,
        "expirationSeconds": float(access.expires_in),
        "scopeId": None,
        "scopeName": None,
        "twoFactorQRCodeImage": None,
        "twoFactorQRCode": None,
        "claims": [],
        "isAdmin": user["is_admin"],
        "isGuest": False,
        "userSessionId": session_id,
    }


def lookup(record: dict[str, Any]) -> dict[str, Any]:
    """One tracked item as the vendor's LookupModel, with what a player needs to resume."""
    return {
        "id": record["asset_id"],
        "description": record.get("title"),
        "type": "Asset",
        "properties": {
            "contentId": record["content_id"],
            "lastSecond": record["last_second"],
            "maxSecond": record["max_second"],
            "totalSeconds": record["total_seconds"],
            "lastBeaconDate": record["last_beacon_date"],
        },
    }


def my_content(watchlist: list[dict[str, Any]], watching: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "watchlist": [lookup(r) for r in watchlist],
        "watching": [lookup(r) for r in watching],
        "likedContent": [],
        "dislikedContent": [],
    }
