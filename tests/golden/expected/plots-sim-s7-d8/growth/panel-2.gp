set yrange [1379:2590]
set ytics ('1,400' 1400, '1,600' 1600, '1,800' 1800, '2,000' 2000, '2,200' 2200, '2,400' 2400)
FEW = 0
set ylabel 'followers'
PANEL_TITLE = 'mastodon:@author@mastodon.example'
unset object
unset label
set object rect from 1742083200, graph 0 to 1742346570, graph 1 behind fillcolor rgb '#E69F00' fillstyle solid 0.35 noborder
set label 1 'Rule of thumb: if it only f…'.' (+24)' at 1742083200, graph 0.950 left front font ',8' textcolor rgb '#7a4a00' noenhanced
set object rect from 1765324800, graph 0 to 1765588170, graph 1 behind fillcolor rgb '#E69F00' fillstyle solid 0.35 noborder
set label 2 'cgroup v2 memory limits, de…'.' (+16)' at 1765324800, graph 0.950 left front font ',8' textcolor rgb '#7a4a00' noenhanced
set object rect from 1778284800, graph 0 to 1778548170, graph 1 behind fillcolor rgb '#E69F00' fillstyle solid 0.35 noborder
set label 3 'Build time down 23% after a…'.' (+26)' at 1778284800, graph 0.875 left front font ',8' textcolor rgb '#7a4a00' noenhanced
