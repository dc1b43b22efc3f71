"""api.video players: themes with an optional logo that videos and live streams are shown with."""
