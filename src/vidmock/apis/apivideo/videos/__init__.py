"""api.video videos: listing, creation, update, deletion and status, with their table and wire format."""
