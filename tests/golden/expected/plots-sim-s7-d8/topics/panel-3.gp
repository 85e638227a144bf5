PANEL_TITLE = 'x:example_author'
NBARS = 6
set yrange [-0.7:5.3]
set ytics ('kernel' 5, 'linux' 4, 'debugging' 3, 'performance' 2, 'food' 1, 'life' 0)
set xrange [0:1.40]
