"""What contract runs must know of each vendor that a schema cannot say: its credentials flow,
cross-field rules and the ids it accepts."""
