"""vidmock: a stateful mock server and contract-testing toolkit for video-platform APIs."""

__version__ = "0.1.0"
