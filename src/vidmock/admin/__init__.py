"""The mock's control plane (`/__admin`): health, reset, seeding, state and the request journal."""
