"""The store: SQLAlchemy Core over SQLite or PostgreSQL, its generations, blobs, snapshots
(export/import) and the process heap."""
