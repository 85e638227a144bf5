PANEL_TITLE = 'x:example_author'
HAS_CENSUS = 0
NOTE = 'no census: the platform bills each follower'."\n".'read (track --census full asks for it)'
WARNING = ''
HAS_CURVE = 0
CURVE_NOTE = 'no follower seen come has been watched a day yet'
CURVE_MAX = 30
FLOW_LO = -2
FLOW_HI = 2
AUD_LO = 973
AUD_HI = 4201
set ytics ('1,500' 1500, '2,000' 2000, '2,500' 2500, '3,000' 3000, '3,500' 3500)
