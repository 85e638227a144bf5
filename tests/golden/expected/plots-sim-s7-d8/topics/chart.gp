cd '@DIR@'
set terminal pngcairo size 1700,650 noenhanced font 'Sans,10' background '#ffffff'
set output 'chart.out'
TERMINAL_TEXT = 0
SCREEN_TOP = 0.8462
SCREEN_BOTTOM = 0.0692
KEY_Y = 0.9415
# The house style of every chart, read before the chart's settings and
# its template. Colours are Okabe and Ito's, safe for colour-blind
# readers: blue for followers, orange for bursts, vermillion for the
# fitted curve, green for a feed's articles, grey for the rest.
set encoding utf8
set termoption noenhanced
set style line 1 linecolor rgb '#0072B2' linewidth 2
set style line 2 linecolor rgb '#D55E00' linewidth 2
set style line 3 linecolor rgb '#009E73' linewidth 1.5
set style line 4 linecolor rgb '#CC79A7' linewidth 2
set style line 5 linecolor rgb '#E69F00' linewidth 2
set style line 6 linecolor rgb '#56B4E9' linewidth 2
set style line 7 linecolor rgb '#000000' linewidth 2
set style line 8 linecolor rgb '#999999' linewidth 1
set border 3 linecolor rgb '#444444'
set tics nomirror out scale 0.6
set grid ytics linecolor rgb '#e4e4e4' linetype 1
set key noenhanced top left Left reverse samplen 2 opaque
set datafile separator "\t"
set datafile missing 'NaN'
# Characters in a terminal: grid lines would drown the data.
if (TERMINAL_TEXT) {
	unset grid
}
TITLE = 'Engagement by topic'
CAPTION = 'data 2024-11-01 to 2026-11-01, as of 2026-11-01T12:00:00Z; tideline'
NPANELS = 3
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
