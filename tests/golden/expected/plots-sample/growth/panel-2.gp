set yrange [183:1222]
set ytics ('200' 200, '400' 400, '600' 600, '800' 800, '1,000' 1000, '1,200' 1200)
FEW = 0
set ylabel 'followers'
PANEL_TITLE = 'mastodon:@author@mastodon.example'
unset object
unset label
set object rect from 1733184000, graph 0 to 1733447009, graph 1 behind fillcolor rgb '#E69F00' fillstyle solid 0.35 noborder
set label 1 'What the OOM killer is actu…'.' (+25)' at 1733184000, graph 0.950 left front font ',8' textcolor rgb '#7a4a00' noenhanced
set object rect from 1746662400, graph 0 to 1747094400, graph 1 behind fillcolor rgb '#E69F00' fillstyle solid 0.35 noborder
set label 2 'gdb is the most underrated …'.' (+21)' at 1746662400, graph 0.875 left front font ',8' textcolor rgb '#7a4a00' noenhanced
set object rect from 1766880000, graph 0 to 1767143009, graph 1 behind fillcolor rgb '#E69F00' fillstyle solid 0.35 noborder
set label 3 'Rule of thumb: if it only f…'.' (+14)' at 1766880000, graph 0.950 left front font ',8' textcolor rgb '#7a4a00' noenhanced
