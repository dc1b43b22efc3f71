"""Fault rules, latency and `Prefer`-forced answers: the controls for testing an app's error handling."""
