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
