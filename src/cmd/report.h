/* What report.c (building the page) and report-render.c (writing it) share. */
#ifndef TL_CMD_REPORT_H
#define TL_CMD_REPORT_H

#include <jansson.h>

/* Write one group's page (the JSON report.c builds) as text or Markdown. */
void	 report_render_text(json_t *);
void	 report_render_markdown(json_t *);

#endif
