/*
 * The one choice of what the census says of an account (audience.h):
 * each reason where it holds and the order when several do, and the
 * words of each: a name, a note where there is something to say, a
 * panel's short words where there are no numbers to draw.
 */
#include <string.h>

#include "check.h"
#include "analyze/audience.h"

#define NREASONS	(AUDIENCE_CENSUS_UNLISTED + 1)

/* A census read whole, recently, every follower listed. */
static struct audience_census_facts
read_whole(void)
{
	struct audience_census_facts	 f;

	memset(&f, 0, sizeof f);
	f.has_list = f.walked_ever = f.walked = f.complete = 1;
	return (f);
}

static void
test_each_reason(void)
{
	struct audience_census_facts	 f = read_whole();

	CHECK_INT(audience_census_reason(&f), AUDIENCE_CENSUS_READ);
	f.unlisted = 1;
	CHECK_INT(audience_census_reason(&f), AUDIENCE_CENSUS_UNLISTED);
	f.complete = 0;
	CHECK_INT(audience_census_reason(&f), AUDIENCE_CENSUS_INCOMPLETE);
	f.stale = 1;
	CHECK_INT(audience_census_reason(&f), AUDIENCE_CENSUS_STALE);
	f.empty = 1;
	CHECK_INT(audience_census_reason(&f), AUDIENCE_CENSUS_EMPTY);
	f.hidden = 1;
	CHECK_INT(audience_census_reason(&f), AUDIENCE_CENSUS_HIDDEN);
	f.hidden_to_owner = 1;
	CHECK_INT(audience_census_reason(&f), AUDIENCE_CENSUS_HIDDEN_TO_OWNER);
	f.hidden_to_owner = 0;
	/* Walks after the as-of time only: none by then, not none yet. */
	f.walked = 0;
	CHECK_INT(audience_census_reason(&f), AUDIENCE_CENSUS_NOT_BY);
	f.walked_ever = 0;
	CHECK_INT(audience_census_reason(&f), AUDIENCE_CENSUS_NOT_YET);
	/* A failure is said before "none yet", and before the numbers. */
	f.failed = 1;
	CHECK_INT(audience_census_reason(&f), AUDIENCE_CENSUS_FAILED);
	f = read_whole();
	f.failed = 1;
	CHECK_INT(audience_census_reason(&f), AUDIENCE_CENSUS_FAILED);
	f.not_asked = 1;
	CHECK_INT(audience_census_reason(&f), AUDIENCE_CENSUS_NOT_ASKED);
	/* Turned off: off, whatever failed before. */
	f.off = 1;
	CHECK_INT(audience_census_reason(&f), AUDIENCE_CENSUS_OFF);
	f.has_list = 0;
	CHECK_INT(audience_census_reason(&f), AUDIENCE_CENSUS_NO_LIST);
}

/* Numbers to draw: READ, STALE, INCOMPLETE, UNLISTED; no brief. */
static int
has_numbers(enum audience_reason r)
{
	return (r == AUDIENCE_CENSUS_READ || r == AUDIENCE_CENSUS_STALE ||
	    r == AUDIENCE_CENSUS_INCOMPLETE || r == AUDIENCE_CENSUS_UNLISTED);
}

static void
test_words(void)
{
	const struct audience_reason_words	*w, *v;
	int					 r, q;

	for (r = 0; r < NREASONS; r++) {
		w = audience_reason_words((enum audience_reason)r);
		CHECK(w->name != NULL);
		CHECK((w->note == NULL) == (r == AUDIENCE_CENSUS_READ));
		CHECK((w->brief == NULL) == has_numbers((enum audience_reason)r));
		for (q = 0; q < r; q++) {
			v = audience_reason_words((enum audience_reason)q);
			CHECK(strcmp(v->name, w->name) != 0);
		}
	}
	CHECK_STR(audience_reason_words(AUDIENCE_CENSUS_NOT_BY)->name,
	    "not_by");
	CHECK_STR(audience_reason_words(AUDIENCE_CENSUS_EMPTY)->brief,
	    "no census: the platform counts followers but lists none");
}

int
main(void)
{
	test_each_reason();
	test_words();
	return (CHECK_DONE());
}
