"""Closing a client's connection without an answer, for the `drop` fault.

ASGI has no message for "hang up": an app that returns without answering gets a 500 from the
server. The app therefore keeps the server's own `send` in the scope, and a drop closes the
transport behind it (uvicorn's request cycle holds it) before anything is written.
"""

from __future__ import annotations

import asyncio

import connexion
from starlette.types import Receive, Scope, Send

SERVER_SEND = "vidmock.server_send"


class ConnectionDropped(BaseException):
    """Raised where no transport can be closed (an in-process client): being no `Exception`, no
    error handler turns it into an answer, and the client's call fails without a response
    (`vidmock.testing`'s in-process clients raise httpx's `RemoteProtocolError` for it)."""


class DroppableApp(connexion.AsyncApp):
    """A Connexion AsyncApp that leaves the server's `send` where a drop can find it."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        extensions = scope.setdefault("extensions", {})
        extensions[SERVER_SEND] = send
        try:
            await super().__call__(scope, receive, send)
        finally:
            # uvicorn's request cycle holds the scope; left here, its `send` would make each
            # request a reference cycle that only the collector's slow full pass frees.
            del extensions[SERVER_SEND]


async def drop(scope: Scope) -> None:
    """Close the request's connection; nothing more is written to it."""
    cycle = getattr(scope.get("extensions", {}).get(SERVER_SEND), "__self__", None)
    transport = getattr(cycle, "transport", None)
    if transport is None or not hasattr(cycle, "disconnected"):
        raise ConnectionDropped("the fault rule dropped the connection")
    transport.close()
    # The server hears of the close on a later turn of the loop; until it does it would
    # still answer the unanswered request with a 500.
    for _ in range(100):
        if cycle.disconnected:
            return
        await asyncio.sleep(0)
    cycle.disconnected = True
