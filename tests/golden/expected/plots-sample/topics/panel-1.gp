PANEL_TITLE = 'bluesky:author.bsky.social'
NBARS = 7
set yrange [-0.7:6.3]
set ytics ('debugging' 6, 'performance' 5, 'linux' 4, 'kernel' 3, 'music' 2, 'food' 1, 'life' 0)
set xrange [0:1.60]
