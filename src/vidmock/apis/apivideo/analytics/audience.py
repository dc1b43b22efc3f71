"""Who watched a recorded playback, as api.video's analytics describe a session: the device, OS
and client read from the browser's User-Agent by Matomo's device detector (the `device_detector`
package, whose vocabulary api.video's answers use: device types `desktop`, `smartphone`,
`tablet`, `tv`; OS short names `MAC`, `IOS`, `AND`; client type `browser`), the referrer, and the
place (the mock knows none). A value the parser cannot tell is `unknown`, as api.video writes it."""

from __future__ import annotations

import threading
from functools import cache, lru_cache
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

import yaml

UNKNOWN = "unknown"
# One parse at a time: the detector compiles its rules lazily, in caches no lock guards.
_PARSING = threading.Lock()


def _rules(text: str) -> Any:
    """One of the detector's rule files, read by libyaml. The detector's own reader (`yaml_rs`
    0.1.6) crashed the process (SIGSEGV) on some loads in a server's worker thread, seldom and
    depending on what ran before. libyaml reads all 170 of the package's files to equal values;
    the 58 a first parse reads take it 0.7 s where `yaml_rs` took 0.04 s, once per process and
    beside 1.8 s of compiling the rules."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@cache
def _detector() -> Any:
    """Matomo's device detector, its rules read by `_rules`."""
    from device_detector import DeviceDetector, yaml_loader  # loaded by a first playback

    yaml_loader.yaml_rs = SimpleNamespace(loads=_rules)
    return DeviceDetector


@lru_cache(maxsize=256)
def platform(user_agent: str) -> dict[str, str]:
    """`device_*`, `os_*` and `client_*` columns of a session. Slow the first time in a process
    (the parser compiles its rules, seconds): call it off the event loop."""
    with _PARSING:
        parsed = _detector()(user_agent).parse()
        system = parsed.all_details.get("os") or {}
        return {
            "device_type": _text(parsed.device_type(), 50),
            "device_vendor": _text(parsed.device_brand(), 100),
            "device_model": _text(parsed.device_model(), 100),
            "os_name": _text(parsed.os_name(), 100),
            "os_shortname": _text(system.get("short_name"), 20),
            "os_version": _text(parsed.os_version(), 50),
            "client_name": _text(parsed.client_name(), 100),
            "client_version": _text(parsed.client_version(), 50),
            "client_type": _text(parsed.client_type(), 50),
        }


def referrer(url: str) -> dict[str, str]:
    """`referrer_*` columns: none is a `direct` visit; any other page a `referral` from its origin."""
    if not url:
        return {
            "referrer_url": UNKNOWN,
            "referrer_medium": "direct",
            "referrer_source": UNKNOWN,
            "referrer_search_term": UNKNOWN,
        }
    parts = urlsplit(url)
    source = f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else UNKNOWN
    return {
        "referrer_url": url,
        "referrer_medium": "referral",
        "referrer_source": source,
        "referrer_search_term": UNKNOWN,
    }


def place() -> dict[str, str]:
    """`country` and `city`: a mock on this machine has no address to place a viewer by."""
    return {"country": UNKNOWN, "city": UNKNOWN}


def _text(value: Any, limit: int) -> str:
    """The parser's value (some are enums) as the column takes it (at most `limit` characters)."""
    text = str(getattr(value, "value", value) or "")
    return text[:limit] or UNKNOWN
