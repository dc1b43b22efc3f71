"""api.video media: what an uploaded file says of itself, the encoding that follows on the mock's
clock, thumbnails, and the files served behind a video's `assets`."""
