"""Live-stream thumbnails: the uploaded image kept as a blob (`apivideo/<liveStreamId>/thumbnail`)
and the address the mock serves it at, `<api base>/live/<liveStreamId>/thumbnail.jpg`."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, select

from vidmock.apis.apivideo import images
from vidmock.apis.apivideo.live.domain import find_live_stream
from vidmock.apis.apivideo.urls import served_url
from vidmock.http.errors import ApiError
from vidmock.storage import blobs

UNSUPPORTED = "fileextension"  # api.video's error code for an image it does not take


def blob_id(live_stream_id: str) -> str:
    return f"apivideo/{live_stream_id}/thumbnail"


def upload(conn: Connection, live_stream_id: str, data: bytes, now_ms: int) -> None:
    """Keep `data` as the stream's thumbnail. A 404 naming `liveStreamId` for an unknown
    stream; a 400 naming `file` unless the bytes are a whole JPEG or PNG."""
    find_live_stream(conn, live_stream_id)
    info = images.sniff(data)
    if info is None:
        raise ApiError(400, "The file is not a JPEG or PNG image", parameter="file", code=UNSUPPORTED)
    blobs.put(conn, blob_id(live_stream_id), data, info.media_type, now_ms)


def remove(conn: Connection, live_stream_id: str) -> None:
    find_live_stream(conn, live_stream_id)
    blobs.remove(conn, blob_id(live_stream_id))


def image(conn: Connection, live_stream_id: str) -> blobs.Blob:
    found = blobs.get(conn, blob_id(live_stream_id))
    if found is None:
        raise ApiError(
            404,
            f"No thumbnail was uploaded for the liveStreamId '{live_stream_id}'",
            parameter="liveStreamId",
        )
    return found


def with_thumbnails(conn: Connection, live_stream_ids: Iterable[str]) -> set[str]:
    """Which of the streams have an uploaded thumbnail."""
    wanted = {blob_id(i): i for i in live_stream_ids}
    if not wanted:
        return set()
    found = conn.execute(select(blobs.blobs.c.blob_id).where(blobs.blobs.c.blob_id.in_(wanted)))
    return {wanted[row] for row in found.scalars()}


def url(live_stream_id: str) -> str:
    """Where this mock serves the stream's thumbnail, below the API base the request came to."""
    return served_url(f"/live/{live_stream_id}/thumbnail.jpg")
