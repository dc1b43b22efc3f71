"""api.video authentication: API key for access and refresh tokens, and the bearer check of every other
operation."""
