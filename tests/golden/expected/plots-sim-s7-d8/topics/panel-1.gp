PANEL_TITLE = 'bluesky:author.bsky.social'
NBARS = 7
set yrange [-0.7:6.3]
set ytics ('performance' 6, 'kernel' 5, 'linux' 4, 'debugging' 3, 'food' 2, 'life' 1, 'music' 0)
set xrange [0:1.80]
