PANEL_TITLE = 'x:example_author'
FLOOR = 0.6800
HAS_FIT = 1
FIT_TITLE = 'fit: half-life 33 d, floor 0.68'
AUD_LO = 3237
AUD_HI = 6489
set ytics ('4,000' 4000, '5,000' 5000, '6,000' 6000)
