# Engagement index per tag (see src/plot/topics.c): sorted bars, the
# highest at the top, and the 1.0 line where a tag does as well as the
# account's typical post. Set before this: NPANELS, TITLE, CAPTION; per
# panel i, panel-i.gp (PANEL_TITLE, NBARS, y tics with the tags, x
# range) and topics-i.dat (row, index, posts).
set xlabel 'engagement index (1.0 = typical post); in brackets, its posts'
if (!TERMINAL_TEXT) {
	set grid xtics noytics linecolor rgb '#e4e4e4'
}

# Side by side on paper; one above another in a terminal.
ROWS = TERMINAL_TEXT ? NPANELS : 1
COLS = TERMINAL_TEXT ? 1 : NPANELS
LEFT = TERMINAL_TEXT ? 0.2 : 0.09
set multiplot layout ROWS,COLS margins LEFT,0.98,SCREEN_BOTTOM + 0.05,SCREEN_TOP spacing 0.1,0 title TITLE font ',13'
do for [i=1:NPANELS] {
	load sprintf('panel-%d.gp', i)
	set title PANEL_TITLE font ',11'
	set arrow 1 from 1, graph 0 to 1, graph 1 nohead linestyle 2 dashtype 2 front
	if (i == NPANELS) {
		set label 999 CAPTION at screen 0.995, screen 0.985 right font ',8' textcolor rgb '#666666'
	}
	plot sprintf('topics-%d.dat', i) using ($2/2):1:($2/2):(0.35) with boxxyerror fillstyle solid 0.85 noborder linecolor rgb (TERMINAL_TEXT ? '#000000' : '#0072B2') notitle, \
	     '' using ($2 + 0.03):1:(sprintf('%.2f (%d)', $2, $3)) with labels left font ',8' notitle
}
unset multiplot
