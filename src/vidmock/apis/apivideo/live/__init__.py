"""api.video live streams: listing, creation, update, deletion, their thumbnails, and broadcasts
started through the control API."""
