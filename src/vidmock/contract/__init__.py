"""Contract tests from the same hand-written specs, against the mock or any real deployment:
Schemathesis with every check on, each vendor's credentials in its own way, and a per-operation
summary. `vidmock contract` is the command; `run_contract` is what it calls."""
