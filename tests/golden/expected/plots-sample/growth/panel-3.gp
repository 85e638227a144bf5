set yrange [920:5109]
set ytics ('1,000' 1000, '2,000' 2000, '3,000' 3000, '4,000' 4000, '5,000' 5000)
FEW = 0
set ylabel 'followers'
PANEL_TITLE = 'x:example_author'
unset object
unset label
set object rect from 1738368000, graph 0 to 1738713600, graph 1 behind fillcolor rgb '#E69F00' fillstyle solid 0.35 noborder
set label 1 'cgroup v2 memory limits, de…'.' (+128)' at 1738368000, graph 0.950 left front font ',8' textcolor rgb '#7a4a00' noenhanced
set object rect from 1741910400, graph 0 to 1742256000, graph 1 behind fillcolor rgb '#E69F00' fillstyle solid 0.35 noborder
set label 2 'Rule of thumb: if it only f…'.' (+149)' at 1741910400, graph 0.875 left front font ',8' textcolor rgb '#7a4a00' noenhanced
set object rect from 1760054400, graph 0 to 1760317409, graph 1 behind fillcolor rgb '#E69F00' fillstyle solid 0.35 noborder
set label 3 'Small Linux joy: `cat /proc…'.' (+120)' at 1760054400, graph 0.950 left front font ',8' textcolor rgb '#7a4a00' noenhanced
set object rect from 1788134400, graph 0 to 1788397409, graph 1 behind fillcolor rgb '#E69F00' fillstyle solid 0.35 noborder
set label 4 '"It''s never the VFS layer."…'.' (+40)' at 1788307200, graph 0.950 right front font ',8' textcolor rgb '#7a4a00' noenhanced
