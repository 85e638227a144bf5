PANEL_TITLE = 'mastodon:@author@mastodon.example'
FLOOR = 0.4200
HAS_FIT = 1
FIT_TITLE = 'fit: half-life 41 d, floor 0.42'
AUD_LO = 1028
AUD_HI = 2365
set ytics ('1,200' 1200, '1,400' 1400, '1,600' 1600, '1,800' 1800, '2,000' 2000, '2,200' 2200)
