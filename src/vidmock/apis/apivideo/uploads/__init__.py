"""api.video uploads: a video's source in one request or in chunks (`Content-Range`), and
delegated-upload tokens."""
