"""api.video players: the theme a video or live stream is shown with. The logo is a blob
(`apivideo/<playerId>/logo`, PNG). Times are Unix milliseconds (UTC)."""

from sqlalchemy import BigInteger, Boolean, Column, String, Table

from vidmock.storage.instants import UNIX_MS
from vidmock.storage.store import metadata

# API field -> column of each colour (all `rgba(r, g, b, a)` strings).
COLOURS = {
    "text": "text",
    "link": "link",
    "linkHover": "link_hover",
    "linkActive": "link_active",
    "trackPlayed": "track_played",
    "trackUnplayed": "track_unplayed",
    "trackBackground": "track_background",
    "backgroundTop": "background_top",
    "backgroundBottom": "background_bottom",
    "backgroundText": "background_text",
}
# API field -> column of each switch.
SWITCHES = {
    "enableApi": "enable_api",
    "enableControls": "enable_controls",
    "forceAutoplay": "force_autoplay",
    "hideTitle": "hide_title",
    "forceLoop": "force_loop",
}

players = Table(
    "apivideo_players",
    metadata,
    Column("player_id", String(32), primary_key=True),
    Column("name", String(100)),
    *(Column(column, String(64), nullable=False) for column in COLOURS.values()),
    *(Column(column, Boolean, nullable=False) for column in SWITCHES.values()),
    # Where a click on the logo leads; NULL while the player has no logo.
    Column("logo_link", String(2048)),
    Column("created_at", BigInteger, nullable=False, info=UNIX_MS),
    Column("updated_at", BigInteger, nullable=False, info=UNIX_MS),
)
