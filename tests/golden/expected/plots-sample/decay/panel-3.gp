PANEL_TITLE = 'x:example_author'
FLOOR = 0.0800
HAS_FIT = 1
FIT_TITLE = 'fit: half-life 19 d, floor 0.08'
AUD_LO = 120
AUD_HI = 4287
set ytics ('1,000' 1000, '2,000' 2000, '3,000' 3000, '4,000' 4000)
