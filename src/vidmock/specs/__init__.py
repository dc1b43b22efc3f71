"""The OpenAPI documents, read once, and what Connexion builds from them at start-up: operations,
security handlers, clock-following examples."""
