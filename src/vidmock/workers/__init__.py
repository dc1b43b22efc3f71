"""What the workers of one mock (`vidmock serve --workers N`) keep in the store: the clock, the
fault rules, the request journal and the facts of the world, and how each worker keeps its view
of them current."""
