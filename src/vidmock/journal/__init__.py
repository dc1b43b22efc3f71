"""The request journal: what each request sent and got back, with credentials redacted, so a
test (or a person at the terminal) can read back what an app did."""
