set yrange [3422:7306]
set ytics ('4,000' 4000, '5,000' 5000, '6,000' 6000, '7,000' 7000)
FEW = 0
set ylabel 'followers'
PANEL_TITLE = 'x:example_author'
unset object
unset label
set object rect from 1739404800, graph 0 to 1739668170, graph 1 behind fillcolor rgb '#E69F00' fillstyle solid 0.35 noborder
set label 1 'gdb is the most underrated …'.' (+67)' at 1739404800, graph 0.950 left front font ',8' textcolor rgb '#7a4a00' noenhanced
set object rect from 1748131200, graph 0 to 1748394570, graph 1 behind fillcolor rgb '#E69F00' fillstyle solid 0.35 noborder
set label 2 'TIL the OOM killer has a tu…'.' (+64)' at 1748131200, graph 0.875 left front font ',8' textcolor rgb '#7a4a00' noenhanced
set object rect from 1765065600, graph 0 to 1765328970, graph 1 behind fillcolor rgb '#E69F00' fillstyle solid 0.35 noborder
set label 3 'Small Linux joy: `vmstat 1`…'.' (+12)' at 1765065600, graph 0.950 left front font ',8' textcolor rgb '#7a4a00' noenhanced
set object rect from 1784505600, graph 0 to 1784768970, graph 1 behind fillcolor rgb '#E69F00' fillstyle solid 0.35 noborder
set label 4 'Small Linux joy: `lsof -p` …'.' (+32)' at 1784678400, graph 0.875 right front font ',8' textcolor rgb '#7a4a00' noenhanced
set object rect from 1790035200, graph 0 to 1790298570, graph 1 behind fillcolor rgb '#E69F00' fillstyle solid 0.35 noborder
set label 5 'Setting up a fresh box: fir…'.' (+38)' at 1790294400, graph 0.800 right front font ',8' textcolor rgb '#7a4a00' noenhanced
