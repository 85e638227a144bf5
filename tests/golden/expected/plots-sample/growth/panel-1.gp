set yrange [0:1362]
set ytics ('0' 0, '200' 200, '400' 400, '600' 600, '800' 800, '1,000' 1000, '1,200' 1200)
FEW = 0
set ylabel 'followers'
PANEL_TITLE = 'bluesky:author.bsky.social'
unset object
unset label
set object rect from 1759017600, graph 0 to 1759363200, graph 1 behind fillcolor rgb '#E69F00' fillstyle solid 0.35 noborder
set label 1 'A flame graph is worth a th…'.' (+68)' at 1759017600, graph 0.950 left front font ',8' textcolor rgb '#7a4a00' noenhanced
set object rect from 1765238400, graph 0 to 1765501409, graph 1 behind fillcolor rgb '#E69F00' fillstyle solid 0.35 noborder
set label 2 'bpftrace is the most underr…'.' (+13)' at 1765238400, graph 0.875 left front font ',8' textcolor rgb '#7a4a00' noenhanced
set object rect from 1784246400, graph 0 to 1784592000, graph 1 behind fillcolor rgb '#E69F00' fillstyle solid 0.35 noborder
set label 3 'Debugging transparent huge …'.' (+81)' at 1784592000, graph 0.800 right front font ',8' textcolor rgb '#7a4a00' noenhanced
