cd '@DIR@'
set terminal pngcairo size 1500,1120 noenhanced font 'Sans,10' background '#ffffff'
set output 'chart.out'
TERMINAL_TEXT = 0
SCREEN_TOP = 0.9107
SCREEN_BOTTOM = 0.0402
KEY_Y = 0.9661
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
TITLE = 'The audience measured'
CAPTION = 'data 2024-11-01 to 2026-10-31, as of 2026-10-31T12:00:00Z; tideline'
NPANELS = 3
FROM = 1730441546
TO = 1793534400
BAR = 604800
BAR_NAME = 'week'
KEY_BOTTOM = 0.9429
ANY_CENSUS = 0
ANY_CURVE = 0
ANY_ACTIVE = 0
# The audience census, a row per account (see src/plot/audience.c).
# Left: the platform's follower count over time, and each whole walk's
# listed followers and active followers (with the 90% interval as error
# bars). Middle: the gains and losses the walks found, a bar a day (or a
# week), losses below zero. Right: the share still following by days
# since the follow (Kaplan-Meier). Without a census, its note stands in
# the middle panel (across both census panels in a terminal). Set
# before this: NPANELS, TITLE, CAPTION, FROM, TO, BAR (seconds),
# BAR_NAME, ANY_CENSUS, ANY_ACTIVE and ANY_CURVE (1: some row has a
# census, an active count, a curve: for the legend), KEY_BOTTOM (where
# the legends stand), xtics.gp (the time tics); per panel i,
# panel-i.gp (PANEL_TITLE, HAS_CENSUS, NOTE, WARNING, HAS_CURVE,
# CURVE_NOTE, CURVE_MAX, FLOW_LO, FLOW_HI, AUD_LO, AUD_HI, y tics),
# followers-i.dat (time, count), walks-i.dat (time, listed, active,
# low, high), flows-i.dat (time, gained, minus lost), flowtics-i.gp
# (its y tics, whole followers) and curve-i.dat (days, share).
set style fill solid 0.8 noborder
# Characters: the account once, short titles, no y labels, and the note
# across the two census panels (one is too narrow for it).
TEXT_NOTE_X = 1.0
set multiplot layout NPANELS,3 margins 0.07,0.98,SCREEN_BOTTOM * 1.6,SCREEN_TOP spacing 0.07,0.13 title TITLE font ',13'
# Where a panel has no y axis it is unset, which forgets the house
# style's tics (style.gp: outwards, not mirrored); the next to set them
# sets the style again.
do for [i=1:NPANELS] {
	load sprintf('panel-%d.gp', i)
	set ytics nomirror out scale 0.6
	# Left: followers counted and measured.
	set title (TERMINAL_TEXT ? PANEL_TITLE : PANEL_TITLE.': followers') font ',11'
	set xrange [FROM:TO]
	set yrange [AUD_LO:AUD_HI]
	load 'xtics.gp'
	set xlabel ''
	set ylabel (TERMINAL_TEXT ? '' : 'followers')
	# One legend a column, above the panels, clear of the data: the
	# first row's, naming what any row shows, on one line where the
	# chart is wide enough (gnuplot's reckoning of the width of text
	# is generous: one character less a column for three of them).
	if (i == 1) {
		set key horizontal maxcols 3 width -1 center bottom at graph 0.5, screen KEY_BOTTOM noopaque
	} else {
		unset key
	}
	unset label 998
	unset label 999
	if (!HAS_CENSUS && !TERMINAL_TEXT) {
		set label 998 'no census: counts only' at graph 0.5, graph 0.1 center font ',9' textcolor rgb '#D55E00'
	}
	# The legend's entries stand apart from the data (keyentry): the
	# first row may lack what another row draws.
	plot sprintf('followers-%d.dat', i) using 1:2 with lines linestyle 1 notitle, \
	     sprintf('walks-%d.dat', i) using 1:2 with points linestyle 6 pointtype 7 pointsize 0.7 notitle, \
	     sprintf('walks-%d.dat', i) using 1:3:4:5 with yerrorbars linestyle 3 pointtype 5 pointsize 0.6 notitle, \
	     keyentry with lines linestyle 1 title (i == 1 ? 'counted' : ''), \
	     keyentry with points linestyle 6 pointtype 7 pointsize 0.7 title (i == 1 && ANY_CENSUS ? 'listed' : ''), \
	     keyentry with yerrorbars linestyle 3 pointtype 5 pointsize 0.6 title (i == 1 && ANY_ACTIVE ? 'active (90%)' : '')
	# Middle: gains and losses as bars.
	unset label 998
	set title (TERMINAL_TEXT ? '' : PANEL_TITLE.': ').'gained and lost a '.BAR_NAME font ',11'
	set yrange [FLOW_LO:FLOW_HI]
	load sprintf('flowtics-%d.gp', i)
	set ytics nomirror out scale 0.6
	if (!HAS_CENSUS) {
		unset ytics
	}
	# Without a census no y axis: the note, in lines that fit, instead.
	set ylabel (TERMINAL_TEXT || !HAS_CENSUS ? '' : 'followers')
	set boxwidth BAR * 0.8 absolute
	set key width 0
	if (!HAS_CENSUS && !TERMINAL_TEXT) {
		set label 998 NOTE at graph 0.5, graph 0.5 center font ',9' textcolor rgb '#D55E00'
	}
	# Walks drawn, but the census failed or is off since: it says so.
	if (HAS_CENSUS && strlen(WARNING) > 0) {
		set label 997 WARNING at graph 0.5, graph 0.9 center front font ',9' textcolor rgb '#D55E00'
	}
	plot sprintf('flows-%d.dat', i) using 1:2 with boxes linecolor rgb '#009E73' notitle, \
	     sprintf('flows-%d.dat', i) using 1:3 with boxes linecolor rgb '#D55E00' notitle, \
	     keyentry with boxes linecolor rgb '#009E73' title (i == 1 && ANY_CENSUS ? 'gained' : ''), \
	     keyentry with boxes linecolor rgb '#D55E00' title (i == 1 && ANY_CENSUS ? 'lost' : ''), \
	     (HAS_CENSUS ? 0 : 1/0) with lines linestyle 8 notitle
	# Right: still following by days since the follow.
	unset label 997
	unset label 998
	set title (TERMINAL_TEXT ? '' : PANEL_TITLE.': ').'still following' font ',11'
	set xrange [0:CURVE_MAX]
	set yrange [0:1.05]
	set xtics autofreq
	set ytics nomirror out scale 0.6 ('0' 0, '25%%' 0.25, '50%%' 0.5, '75%%' 0.75, '100%%' 1)
	set xlabel 'days since they followed'
	set ylabel ''
	if (!HAS_CENSUS) {
		unset ytics
		# Characters: the note runs across both census panels; else
		# it stands in the middle one, and this says no more than why
		# it is empty.
		if (TERMINAL_TEXT) {
			set label 998 NOTE at graph TEXT_NOTE_X, graph 0.5 right front
		} else {
			set label 998 'no census' at graph 0.5, graph 0.5 center font ',9' textcolor rgb '#D55E00'
		}
	} else {
		if (!HAS_CURVE) {
			set label 998 CURVE_NOTE at graph 0.5, graph 0.5 center font ',9' textcolor rgb '#D55E00'
		}
	}
	if (i == NPANELS) {
		set label 999 CAPTION at screen 0.995, screen 0.985 right font ',8' textcolor rgb '#666666'
	}
	plot sprintf('curve-%d.dat', i) using 1:2 with steps linestyle 1 notitle, \
	     keyentry with steps linestyle 1 title (i == 1 && ANY_CURVE ? 'Kaplan-Meier' : '')
}
unset multiplot
