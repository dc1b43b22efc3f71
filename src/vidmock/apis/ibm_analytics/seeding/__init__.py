"""IBM's seeded world: channels and videos, a population of viewers on their devices, and their player
sessions split into view segments."""
