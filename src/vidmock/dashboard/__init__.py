"""The dashboard at `/__admin/ui`: server-rendered Flask pages over the world (overview, state,
requests, faults, clock, scenarios, charts), mounted in the same process as the APIs."""
