"""A real server on a free loopback port, for tests that need real sockets and concurrency."""

from vidmock.testing import serving

__all__ = ["serving"]
