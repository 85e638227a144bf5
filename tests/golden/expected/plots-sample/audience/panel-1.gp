PANEL_TITLE = 'bluesky:author.bsky.social'
HAS_CENSUS = 0
NOTE = 'no census yet: the next snapshot reads the list'
WARNING = ''
HAS_CURVE = 0
CURVE_NOTE = 'no follower seen come has been watched a day yet'
CURVE_MAX = 30
FLOW_LO = -2
FLOW_HI = 2
AUD_LO = 0
AUD_HI = 1046
set ytics ('200' 200, '400' 400, '600' 600, '800' 800)
