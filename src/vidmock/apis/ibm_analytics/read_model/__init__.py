"""IBM's read model: sorted arrays derived from the store (segment and view indexes, peak steps,
pre-written JSON texts) that answer every read, and the plain SQL recounts they must agree with."""
