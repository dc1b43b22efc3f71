"""api.video webhooks: subscriptions, the transactional outbox of events, and their delivery with
retries off the request path."""
