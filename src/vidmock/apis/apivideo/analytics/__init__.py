"""api.video analytics (seed 003's "raw statistics"): player sessions of a video or live stream in a
period, and each session's events."""
