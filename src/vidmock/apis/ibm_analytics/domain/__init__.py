"""IBM's counting rules over the store: view segments in a period, total views, unique devices,
authenticated viewers, peaks, calendar buckets and device classes."""
