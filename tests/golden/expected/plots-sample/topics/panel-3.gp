PANEL_TITLE = 'x:example_author'
NBARS = 7
set yrange [-0.7:6.3]
set ytics ('kernel' 6, 'performance' 5, 'linux' 4, 'debugging' 3, 'life' 2, 'music' 1, 'food' 0)
set xrange [0:1.60]
