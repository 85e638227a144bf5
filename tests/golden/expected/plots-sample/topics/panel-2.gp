PANEL_TITLE = 'mastodon:@author@mastodon.example'
NBARS = 7
set yrange [-0.7:6.3]
set ytics ('kernel' 6, 'debugging' 5, 'linux' 4, 'performance' 3, 'life' 2, 'music' 1, 'food' 0)
set xrange [0:1.80]
