PANEL_TITLE = 'bluesky:author.bsky.social'
FLOOR = 0.3600
HAS_FIT = 1
FIT_TITLE = 'fit: half-life 26 d, floor 0.36'
AUD_LO = 0
AUD_HI = 1046
set ytics ('0' 0, '200' 200, '400' 400, '600' 600, '800' 800, '1,000' 1000)
