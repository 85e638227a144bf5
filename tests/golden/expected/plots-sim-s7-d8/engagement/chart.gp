cd '@DIR@'
set terminal pngcairo size 1200,650 noenhanced font 'Sans,10' background '#ffffff'
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
TITLE = 'Engagement of posts over their age'
CAPTION = 'data 2024-12-22 to 2026-11-01, as of 2026-11-01T12:00:00Z; tideline'
NLINES = 5
LINE_1 = 'bluesky:author.bsky.social: '.'Patch for kswapd finally merged 🎉 Took …'
LINE_2 = 'bluesky:author.bsky.social: '.'Reminder that `vmstat 1` exists and wil…'
LINE_3 = 'x:example_author: '.'gdb is the most underrated tool in my k…'
LINE_4 = 'x:example_author: '.'Small Linux joy: `lsof -p` told me exac…'
LINE_5 = 'mastodon:@author@mastodon.example: '.'Rule of thumb: if it only fails on Frid…'
set xrange [0:178]
set ytics ('0' 0, '2,000' 2000, '4,000' 4000, '6,000' 6000, '8,000' 8000)
set yrange [0:8110]
# Posts' engagement over their age (see src/plot/engagement.c): the
# cumulative likes, reposts, replies and quotes at each metric snapshot.
# A second life shows as a climb long after the first days' plateau.
# Set before this: NLINES, LINE_1 ... (legend titles), TITLE, CAPTION,
# the ranges and y tics; post-i.dat (age in days, engagement).
set title TITLE font ',13'
set xlabel 'age of the post (days)'
set ylabel 'engagement (likes + reposts + replies + quotes)'
set key below maxcols 1 noopaque height 1.5
set label 999 CAPTION at screen 0.995, screen 0.985 right font ',8' textcolor rgb '#666666'
plot for [i=1:NLINES] sprintf('post-%d.dat', i) using 1:2 with linespoints linestyle i pointtype 7 pointsize 0.6 title value(sprintf('LINE_%d', i))
