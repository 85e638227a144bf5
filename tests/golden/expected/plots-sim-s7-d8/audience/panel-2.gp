PANEL_TITLE = 'mastodon:@author@mastodon.example'
HAS_CENSUS = 0
NOTE = 'no census yet: the next snapshot reads the list'
WARNING = ''
HAS_CURVE = 0
CURVE_NOTE = 'no follower seen come has been watched a day yet'
CURVE_MAX = 30
FLOW_LO = -2
FLOW_HI = 2
AUD_LO = 1395
AUD_HI = 2328
set ytics ('1,600' 1600, '1,800' 1800, '2,000' 2000, '2,200' 2200)
