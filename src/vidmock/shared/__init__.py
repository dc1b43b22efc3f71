"""State every worker of one mock shares through the store (`vidmock serve --workers N`)."""
