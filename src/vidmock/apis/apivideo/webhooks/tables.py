"""api.video webhook state: the subscriptions, the delivery of each due event to each of them
(with its attempts), which outbox events have been handed out, and the broadcasts under way.
Times are Unix milliseconds on the mock's clock."""

from sqlalchemy import JSON, BigInteger, Boolean, Column, Index, Integer, String, Table

from vidmock.storage.instants import UNIX_MS
from vidmock.storage.store import metadata

webhooks = Table(
    "apivideo_webhooks",
    metadata,
    Column("webhook_id", String(40), primary_key=True),
    Column("url", String(2048), nullable=False),
    Column("events", JSON, nullable=False),  # list of event names, in the order given
    Column("signature_secret", String(40), nullable=False),  # HMAC-SHA256 key of X-Api-Video-Signature
    Column("created_at", BigInteger, nullable=False, info=UNIX_MS),
)

deliveries = Table(
    "apivideo_webhook_deliveries",
    metadata,
    Column("delivery_id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", Integer, nullable=False),  # apivideo_outbox.event_id (the outbox keeps it)
    Column("webhook_id", String(40), nullable=False),  # kept after the webhook is deleted
    Column("event_type", String(64), nullable=False),
    Column("url", String(2048), nullable=False),  # the webhook's URL when the event was due
    Column("payload", JSON, nullable=False),
    Column("due_at", BigInteger, nullable=False, info=UNIX_MS),
    Column("attempts", JSON, nullable=False),  # list of {at, status} or {at, error}
    Column("delivered", Boolean, nullable=False),
    # When the next attempt is due; NULL once delivered or given up.
    Column("next_attempt_at", BigInteger, info=UNIX_MS),
    Column("reason", String(500)),  # why it was not (or no longer) attempted
    Index("ix_apivideo_deliveries_next", "next_attempt_at"),
)

# Outbox events already handed out to the webhooks subscribed when they fell due.
relayed = Table(
    "apivideo_outbox_relayed",
    metadata,
    Column("event_id", Integer, primary_key=True),
    Column("relayed_at", BigInteger, nullable=False, info=UNIX_MS),
)

# The broadcast under way on a live stream (one row while `broadcasting` is true, when the
# control API started it), so its recording knows how long it lasted.
broadcasts = Table(
    "apivideo_broadcasts",
    metadata,
    Column("live_stream_id", String(32), primary_key=True),
    Column("started_at", BigInteger, nullable=False, info=UNIX_MS),
)
