"""The one meaning of "base URL": where a vendor's own API sits, the URL its spec's paths are
appended to (`http://127.0.0.1:8000/ibm-analytics/v1`, `.../syngrafii/api/v1`, `.../apivideo`).
The banner prints it, `vidmock contract API --base-url` takes it, and the pytest fixture's
`client(key)` is rooted at it. A vendor's other mounts (IBM's OAuth server) sit beside it: the
base URL with the API's base path (`/v1`) swapped for theirs (`/oauth2`)."""

from __future__ import annotations

from vidmock.vendor import Mount, VendorApi


def mount_prefix(api: VendorApi, base_path: str, alone: bool) -> str:
    """`/<key>` + the vendor's base path; just the base path when one API is served alone."""
    return base_path if alone else f"/{api.key}{base_path}"


def api_mount(api: VendorApi) -> Mount:
    """The vendor's own API: its first mount. The others (an OAuth server) are auxiliary."""
    return api.mounts[0]


def base_url(api: VendorApi, mock_url: str, alone: bool = False) -> str:
    """The base URL of `api` on a mock served at `mock_url` (all APIs, or `alone` with --api)."""
    return mock_url.rstrip("/") + mount_prefix(api, api_mount(api).base_path, alone)


def vendor_root(api: VendorApi, base: str) -> str | None:
    """The base URL without the API's own base path, where the vendor's mounts sit side by side;
    None when the base URL does not end in that base path (a deployment behind another path)."""
    base = base.rstrip("/")
    own = api_mount(api).base_path
    if not own:
        return base
    return base[: -len(own)] if base.endswith(own) else None


def mount_url(api: VendorApi, base: str, mount: Mount) -> str | None:
    """Where `mount` of `api` sits given the API's base URL; None when it cannot be told."""
    if mount == api_mount(api):
        return base.rstrip("/")
    root = vendor_root(api, base)
    return None if root is None else root + mount.base_path


def mount_urls(api: VendorApi, base: str) -> list[tuple[Mount, str | None]]:
    """Every mount of `api` with its URL, the API's own first."""
    return [(mount, mount_url(api, base, mount)) for mount in api.mounts]
