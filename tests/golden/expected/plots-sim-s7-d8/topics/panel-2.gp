PANEL_TITLE = 'mastodon:@author@mastodon.example'
NBARS = 7
set yrange [-0.7:6.3]
set ytics ('linux' 6, 'debugging' 5, 'performance' 4, 'kernel' 3, 'life' 2, 'food' 1, 'music' 0)
set xrange [0:1.60]
