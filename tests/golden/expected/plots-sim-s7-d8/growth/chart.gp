cd '@DIR@'
set terminal pngcairo size 1200,960 noenhanced font 'Sans,10' background '#ffffff'
set output 'chart.out'
TERMINAL_TEXT = 0
SCREEN_TOP = 0.8958
SCREEN_BOTTOM = 0.0469
KEY_Y = 0.9604
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
TITLE = 'Followers over time'
CAPTION = 'data 2024-11-01 to 2026-11-01, as of 2026-11-01T12:00:00Z; tideline'
NPANELS = 3
set xrange [1730441468:1793620800]
set xtics ('2025-01' 1735689600, '2025-04' 1743465600, '2025-07' 1751328000, '2025-10' 1759276800, '2026-01' 1767225600, '2026-04' 1775001600, '2026-07' 1782864000, '2026-10' 1790812800)
# Followers over time, one panel per account (see src/plot/growth.c).
# Set before this: NPANELS, TITLE, CAPTION, the x range and tics; per
# panel i, panel-i.gp (y range and tics, PANEL_TITLE, ROUNDED = 1 for
# rounded counts, the bursts' shading and labels), followers-i.dat (time,
# followers; blank lines at gaps), band-i.dat (for rounded counts: time,
# low, high, as steps) and posts-i.dat (time, 1 for a feed's article).
set y2range [0:1]
# Post ticks: a twentieth of the panel, one character in a terminal.
TICK = TERMINAL_TEXT ? 0.01 : 0.05
unset y2tics
set multiplot layout NPANELS,1 margins 0.08,0.98,SCREEN_BOTTOM,SCREEN_TOP spacing 0,0.08 title TITLE font ',13'
do for [i=1:NPANELS] {
	ROUNDED = 0
	load sprintf('panel-%d.gp', i)
	set title PANEL_TITLE font ',11'
	# One legend, across the top, for all the panels.
	if (i == 1) {
		set key horizontal maxcols 4 maxrows 1 center top at screen 0.5, screen KEY_Y noopaque
	} else {
		unset key
	}
	if (i == NPANELS) {
		set label 999 CAPTION at screen 0.995, screen 0.985 right font ',8' textcolor rgb '#666666'
	}
	# A rounded series moves in steps, within its band.
	plot sprintf('band-%d.dat', i) using 1:2:3 with filledcurves fillcolor rgb '#56B4E9' fillstyle solid 0.25 noborder notitle, \
	     sprintf('followers-%d.dat', i) using 1:(ROUNDED ? 1/0 : $2) with lines linestyle 1 title 'followers', \
	     sprintf('followers-%d.dat', i) using 1:(ROUNDED ? $2 : 1/0) with steps linestyle 1 notitle, \
	     sprintf('followers-%d.dat', i) using 1:(FEW ? $2 : 1/0) with points linestyle 1 pointtype 7 pointsize 0.8 notitle, \
	     sprintf('posts-%d.dat', i) using 1:($2 == 0 ? TICK : 1/0) axes x1y2 with impulses linestyle 8 title 'posts', \
	     sprintf('posts-%d.dat', i) using 1:($2 == 1 ? 2 * TICK : 1/0) axes x1y2 with impulses linestyle 3 title 'blog articles', \
	     NaN with boxes fillstyle solid 0.3 noborder linecolor rgb '#E69F00' title 'bursts, with their top post'
}
unset multiplot
