"""A client that sends a request's head with `Expect: 100-continue` over a raw socket and sends
the body only once the server says `100 Continue`, as curl and .NET do for large bodies
(RFC 9110 §10.1.1); h11 reads the server's answers."""

from __future__ import annotations

import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

import h11

# Long enough for a loaded machine to answer; a server that neither continues nor answers
# within it fails the test instead of hanging it.
WAIT_SECONDS = 20.0


@dataclass(frozen=True)
class Exchange:
    continued: bool  # the server sent `100 Continue` (and then got the body)
    status: int
    body: bytes


def send_expecting_continue(
    root: str, method: str, target: str, headers: dict[str, str], body: bytes
) -> Exchange:
    """Send `method target` to the server at `root` (`http://127.0.0.1:PORT`) with `headers`,
    `Content-Length` and `Expect: 100-continue`; `body` follows only after a `100 Continue`.
    Returns whether the server continued, and its final status and body."""
    address = urlsplit(root)
    client = h11.Connection(our_role=h11.CLIENT)
    head = [
        ("Host", address.netloc),
        *headers.items(),
        ("Content-Length", str(len(body))),
        ("Expect", "100-continue"),
        ("Connection", "close"),
    ]
    with socket.create_connection((address.hostname, address.port), timeout=WAIT_SECONDS) as sock:
        sock.sendall(client.send(h11.Request(method=method, target=target, headers=head)))
        continued = False
        answer: h11.Response | None = None
        parts: list[bytes] = []
        while True:
            event = client.next_event()
            if event is h11.NEED_DATA:
                client.receive_data(sock.recv(65536))
            elif isinstance(event, h11.InformationalResponse):
                assert event.status_code == 100, event
                continued = True
                sock.sendall(client.send(h11.Data(data=body)) + client.send(h11.EndOfMessage()))
            elif isinstance(event, h11.Response):
                answer = event
            elif isinstance(event, h11.Data):
                parts.append(bytes(event.data))
            elif isinstance(event, h11.EndOfMessage | h11.ConnectionClosed):
                break
    assert answer is not None, "the server closed the connection without an answer"
    return Exchange(continued, answer.status_code, b"".join(parts))


def multipart(file_name: str, data: bytes, media_type: str, **fields: str) -> tuple[dict[str, str], bytes]:
    """The `Content-Type` header and body of a multipart/form-data upload: `data` as the part
    `file`, then each of `fields` as a plain part."""
    boundary = "vidmock-expect-continue"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    head = (
        f"--{boundary}\r\n"
        f'Content-Disposition: form-data; name="file"; filename="{file_name}"\r\n'
        f"Content-Type: {media_type}\r\n\r\n"
    ).encode()
    body = b"".join(parts) + head + data + f"\r\n--{boundary}--\r\n".encode()
    return {"Content-Type": f"multipart/form-data; boundary={boundary}"}, body
