"""The OpenAPI documents, read once, and what is built from them at start-up: Connexion's
operations and security handlers, examples that follow the clock, the methods each path answers,
the checks a request's head gets before its body, and Swagger UI's files."""
