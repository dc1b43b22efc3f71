"""Tenants: many isolated worlds in one mock.

A request names its tenant with the header `Vidmock-Tenant: NAME` or the path prefix
`/t/NAME/` (`names`); none names `default`, the server's own world. Each tenant is a whole
`World` (store, clock, journal, fault rules and latency, tokens, scenario), made on first use
as a copy of a seeded template (`templates`), or on `PUT /__admin/tenants/NAME`, and kept in
the app's registry (`registry`) up to `--max-tenants`, dropped after `--tenant-idle` unused.
The middleware (`middleware`) binds each request to its tenant's world before anything runs.
"""
