set yrange [143:1444]
set ytics ('200' 200, '400' 400, '600' 600, '800' 800, '1,000' 1000, '1,200' 1200, '1,400' 1400)
FEW = 0
set ylabel 'followers'
PANEL_TITLE = 'bluesky:author.bsky.social'
unset object
unset label
set object rect from 1733529600, graph 0 to 1733792970, graph 1 behind fillcolor rgb '#E69F00' fillstyle solid 0.35 noborder
set label 1 'When fsync lies (and when i…'.' (+14)' at 1733529600, graph 0.950 left front font ',8' textcolor rgb '#7a4a00' noenhanced
set object rect from 1757721600, graph 0 to 1758067200, graph 1 behind fillcolor rgb '#E69F00' fillstyle solid 0.35 noborder
set label 2 'Shaved 40% off RSS today. T…'.' (+40)' at 1757721600, graph 0.950 left front font ',8' textcolor rgb '#7a4a00' noenhanced
set object rect from 1760054400, graph 0 to 1760317770, graph 1 behind fillcolor rgb '#E69F00' fillstyle solid 0.35 noborder
set label 3 'Bisected a regression down …'.' (+21)' at 1760054400, graph 0.875 left front font ',8' textcolor rgb '#7a4a00' noenhanced
set object rect from 1773014400, graph 0 to 1773277770, graph 1 behind fillcolor rgb '#E69F00' fillstyle solid 0.35 noborder
set label 4 'Patch for kswapd finally me…'.' (+31)' at 1773014400, graph 0.950 left front font ',8' textcolor rgb '#7a4a00' noenhanced
set object rect from 1775779200, graph 0 to 1776042570, graph 1 behind fillcolor rgb '#E69F00' fillstyle solid 0.35 noborder
set label 5 'Reminder that `vmstat 1` ex…'.' (+28)' at 1775779200, graph 0.875 left front font ',8' textcolor rgb '#7a4a00' noenhanced
