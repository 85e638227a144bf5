PANEL_TITLE = 'x:example_author'
HAS_CENSUS = 0
NOTE = 'no census: the platform bills each follower'."\n".'read (track --census full asks for it)'
WARNING = ''
HAS_CURVE = 0
CURVE_NOTE = 'no follower seen come has been watched a day yet'
CURVE_MAX = 30
FLOW_LO = -2
FLOW_HI = 2
AUD_LO = 3472
AUD_HI = 6465
set ytics ('4,000' 4000, '4,500' 4500, '5,000' 5000, '5,500' 5500, '6,000' 6000)
