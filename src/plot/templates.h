/* The gnuplot templates of plots/, compiled in by tools/embed-plots.py. */
#ifndef TL_PLOT_TEMPLATES_H
#define TL_PLOT_TEMPLATES_H

#include <stddef.h>

struct plot_template {
	const char	*name;		/* "growth" for plots/growth.gp */
	const char	*text;
};

extern const struct plot_template plot_templates[];
extern const size_t plot_template_count;

#endif
