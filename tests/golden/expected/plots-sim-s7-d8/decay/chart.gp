cd '@DIR@'
set terminal pngcairo size 1200,1180 noenhanced font 'Sans,10' background '#ffffff'
set output 'chart.out'
TERMINAL_TEXT = 0
SCREEN_TOP = 0.9153
SCREEN_BOTTOM = 0.0381
KEY_Y = 0.9678
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
TITLE = 'Effective audience after silences'
CAPTION = 'data 2024-11-01 to 2026-11-01, as of 2026-11-01T12:00:00Z; tideline'
NPANELS = 3
FROM = 1730441468
TO = 1793620800
# Effective-audience decay, a row per account (see src/plot/decay.c).
# Left: each post's engagement rate over the account's typical rate just
# after another post, against the days since its previous post (log
# axes), with the fitted effective fraction, its 90% band and the floor.
# Right: followers and the effective audience over time. Set before
# this: NPANELS, TITLE, CAPTION, FROM, TO, xtics.gp (the time tics);
# per panel i, panel-i.gp (PANEL_TITLE, FLOOR, HAS_FIT, FIT_TITLE,
# AUD_LO, AUD_HI, y tics), obs-i.dat (gap, relative rate), curve-i.dat
# (days, fraction, low, high) and audience-i.dat (time, followers,
# effective).
set multiplot layout NPANELS,2 margins 0.07,0.98,SCREEN_BOTTOM * 1.6,SCREEN_TOP spacing 0.09,0.1 title TITLE font ',13'
do for [i=1:NPANELS] {
	load sprintf('panel-%d.gp', i)
	# Left: engagement against silence.
	set title PANEL_TITLE.': engagement after a silence' font ',11'
	set logscale xy
	set xrange [0.1:365]
	set yrange [0.02:50]
	set xtics ('0.1' 0.1, '1' 1, '7' 7, '30' 30, '90' 90, '365' 365)
	set ytics ('0.05' 0.05, '0.1' 0.1, '0.25' 0.25, '0.5' 0.5, '1' 1, '2' 2, '5' 5, '10' 10, '20' 20)
	set xlabel 'days since the previous post'
	set ylabel 'engagement rate (1 = typical)'
	set key top right noopaque
	unset label 999
	# Without an estimate, say so where the curve would be.
	if (HAS_FIT) {
		unset label 998
	} else {
		set label 998 FIT_TITLE at graph 0.5, graph 0.15 center font ',10' textcolor rgb '#D55E00'
	}
	plot sprintf('curve-%d.dat', i) using 1:3:4 with filledcurves fillstyle solid 0.25 noborder linecolor rgb '#D55E00' title (HAS_FIT ? '90% interval' : ''), \
	     sprintf('obs-%d.dat', i) using 1:2 with points pointtype 7 pointsize 0.4 linecolor rgb '#56B4E9' title 'posts', \
	     sprintf('curve-%d.dat', i) using 1:2 with lines linestyle 2 title FIT_TITLE, \
	     (FLOOR >= 0 ? FLOOR : 1/0) with lines linestyle 8 dashtype 2 title (FLOOR >= 0 ? 'floor' : '')
	# Right: followers and effective audience over time.
	unset logscale xy
	unset label 998
	set title PANEL_TITLE.': effective audience' font ',11'
	set xrange [FROM:TO]
	set yrange [AUD_LO:AUD_HI]
	load 'xtics.gp'
	load sprintf('panel-%d.gp', i)
	set xlabel ''
	set ylabel 'followers'
	set key top left
	if (i == NPANELS) {
		set label 999 CAPTION at screen 0.995, screen 0.985 right font ',8' textcolor rgb '#666666'
	}
	plot sprintf('audience-%d.dat', i) using 1:2 with lines linestyle 1 title 'followers', \
	     '' using 1:3 with lines linestyle 2 title 'effective audience'
}
unset multiplot
