PANEL_TITLE = 'mastodon:@author@mastodon.example'
FLOOR = 0.2400
HAS_FIT = 1
FIT_TITLE = 'fit: half-life 29 d, floor 0.24'
AUD_LO = 150
AUD_HI = 1001
set ytics ('200' 200, '400' 400, '600' 600, '800' 800, '1,000' 1000)
