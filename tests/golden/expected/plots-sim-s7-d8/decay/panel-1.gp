PANEL_TITLE = 'bluesky:author.bsky.social'
FLOOR = 0.3600
HAS_FIT = 1
FIT_TITLE = 'fit: half-life 45 d, floor 0.36'
AUD_LO = 143
AUD_HI = 1164
set ytics ('200' 200, '400' 400, '600' 600, '800' 800, '1,000' 1000)
