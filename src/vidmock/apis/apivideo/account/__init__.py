"""api.video's (deprecated) account: its video quota and its term."""
