/*
 * Kaplan-Meier survival of followers by follow age (survival.h).
 *
 * Why Kaplan-Meier with delayed entry, and why midpoints: the census
 * watches each follower from the first walk that listed them to the
 * last, so every follower still following is censored, at a different
 * age; and a follow or a loss is known only to lie between two walks,
 * which the midpoint stands for (a Turnbull estimate would use the
 * intervals whole, at a cost that walks a day or a week apart do not
 * repay at ages of 30 days and more).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/stats.h"
#include "analyze/survival.h"
#include "util/xmalloc.h"

#define DAY		86400.0
#define EDGE_P		0.05	/* each tail of a 90% interval */

static const int ages[SURVIVAL_NAGES] = { 30, 90, 365 };

/* Under watch at age t: entered before it, not yet out. */
static int64_t
at_risk(const struct survival_table *tb, double t)
{
	return ((int64_t)stats_lower_bound(tb->entries, tb->nsub, t) -
	    (int64_t)stats_lower_bound(tb->exits, tb->nsub, t));
}

void
survival_table_build(const struct survival_subject *sub, size_t n,
    struct survival_table *tb)
{
	double	*ev, s = 1, var = 0;
	size_t	 i, j, nev = 0;
	int64_t	 risk, d;

	memset(tb, 0, sizeof *tb);
	tb->nsub = n;
	tb->entries = xcalloc(n + 1, sizeof *tb->entries);
	tb->exits = xcalloc(n + 1, sizeof *tb->exits);
	ev = xcalloc(n + 1, sizeof *ev);
	for (i = 0; i < n; i++) {
		tb->entries[i] = sub[i].entry;
		tb->exits[i] = sub[i].exit;
		if (sub[i].event)
			ev[nev++] = sub[i].exit;
	}
	qsort(tb->entries, n, sizeof *tb->entries, stats_cmp_double);
	qsort(tb->exits, n, sizeof *tb->exits, stats_cmp_double);
	qsort(ev, nev, sizeof *ev, stats_cmp_double);
	tb->t = xcalloc(nev + 1, sizeof *tb->t);
	tb->s = xcalloc(nev + 1, sizeof *tb->s);
	tb->var = xcalloc(nev + 1, sizeof *tb->var);
	tb->n = xcalloc(nev + 1, sizeof *tb->n);
	for (i = 0; i < nev; i = j) {
		for (j = i; j < nev && ev[j] == ev[i]; j++)
			;
		d = (int64_t)(j - i);
		/*
		 * A subject whose event is at its entry is not at risk by
		 * the rule (entry excluded); it still failed there.
		 */
		if ((risk = at_risk(tb, ev[i])) < d)
			risk = d;
		s *= 1 - (double)d / (double)risk;
		if (risk > d)
			var += (double)d / ((double)risk * (double)(risk - d));
		tb->t[tb->nt] = ev[i];
		tb->s[tb->nt] = s;
		tb->var[tb->nt] = var;
		tb->n[tb->nt++] = risk;
	}
	free(ev);
}

void
survival_table_free(struct survival_table *tb)
{
	free(tb->t);
	free(tb->s);
	free(tb->var);
	free(tb->n);
	free(tb->entries);
	free(tb->exits);
	memset(tb, 0, sizeof *tb);
}

void
survival_table_at(const struct survival_table *tb, double age,
    struct survival_km *km)
{
	size_t	 k;

	memset(km, 0, sizeof *km);
	km->s = 1;
	/* The steps at or before age: those below age + its own ties. */
	for (k = stats_lower_bound(tb->t, tb->nt, age); k < tb->nt &&
	    tb->t[k] == age; k++)
		;
	if (k > 0) {
		km->s = tb->s[k - 1];
		km->var = tb->var[k - 1];
	}
	km->at_risk = at_risk(tb, age);
	/* Anyone out at or after age was watched that long. */
	km->reached = tb->nsub > 0 && tb->exits[tb->nsub - 1] >= age;
	km->edge_n = km->at_risk;
	if (km->s <= 0) {
		km->reached = 1;
		km->edge_n = tb->n[k - 1];
	}
}

void
survival_interval(double s, double var, int64_t n, double z, double *lo,
    double *hi)
{
	double	 se;

	if (n <= 0) {
		*lo = *hi = NAN;
		return;
	}
	if (s <= 0) {
		*lo = 0;
		*hi = 1 - pow(EDGE_P, 1.0 / (double)n);
		return;
	}
	if (s >= 1) {
		*lo = pow(EDGE_P, 1.0 / (double)n);
		*hi = 1;
		return;
	}
	se = sqrt(var) / fabs(log(s));
	*lo = pow(s, exp(z * se));
	*hi = pow(s, exp(-z * se));
}

/* The follower's follow time, or 0 when not known. */
static double
follow_time(const struct survival_follower *f)
{
	if (f->followed_at != 0)
		return ((double)f->followed_at);
	if (f->followed_after != 0)
		return (((double)f->followed_after + (double)f->first_seen) /
		    2);
	return (0);
}

/*
 * The follower's watch by age: in from first sight, out at the loss
 * (midway between the last walk that listed them and the one that found
 * them gone) or at the last time known to follow by as_of. Returns the
 * exit time (seconds) for the activity's watch.
 */
static double
follow_subject(const struct survival_input *in,
    const struct survival_follower *f, double t0, struct survival_subject *s)
{
	double	 out, last = (double)f->last_seen;

	s->entry = fmax(((double)f->first_seen - t0) / DAY, 0);
	if (f->left_at != 0 && f->left_at <= in->as_of) {
		out = (fmin(last, (double)f->left_at) + (double)f->left_at) / 2;
		s->event = 1;
	} else if (f->last_seen <= in->as_of)
		out = last;
	else
		out = (double)(f->first_seen > in->last_full ? f->first_seen :
		    in->last_full);
	s->exit = fmax((out - t0) / DAY, s->entry);
	return (out);
}

/*
 * The follower's activity by age, up to 'out' (when they stopped
 * following, or were last known to follow): quiet from 30 days after
 * their last post where a check by as_of saw that, else active up to
 * the check. 0 when no check tells anything as of as_of.
 */
static int
quiet_subject(const struct survival_input *in,
    const struct survival_follower *f, double t0, double out,
    struct survival_subject *s)
{
	double	 check = (double)f->active_checked, onset;

	if (f->active_checked == 0)
		return (0);
	if (f->active_checked > in->as_of) {
		/* A later check's last post, if by as_of, held then too. */
		if (f->last_active == 0 || f->last_active > in->as_of)
			return (0);
		check = (double)in->as_of;
	}
	/* The newest post tells back to the follow: in from it. */
	s->entry = -1;
	s->event = 0;
	onset = f->last_active == 0 ? t0 : (double)f->last_active +
	    SURVIVAL_QUIET_DAYS * DAY;
	if (onset <= check && onset <= out) {
		s->exit = fmax((onset - t0) / DAY, 0);
		s->event = 1;
	} else
		s->exit = fmax((fmin(check, out) - t0) / DAY, 0);
	return (1);
}

/* The estimates at each age, with their intervals and notes. */
static void
read_ages(const struct survival_table *fol, const struct survival_table *q,
    struct survival_result *r)
{
	struct survival_point	*p;
	struct survival_km	 kf, kq;
	double			 s, var;
	size_t			 i;

	for (i = 0; i < SURVIVAL_NAGES; i++) {
		p = &r->points[i];
		p->age_days = ages[i];
		p->following = p->following_lo = p->following_hi = NAN;
		p->active = p->active_lo = p->active_hi = NAN;
		survival_table_at(fol, ages[i], &kf);
		survival_table_at(q, ages[i], &kq);
		p->at_risk = kf.at_risk;
		if (r->used == 0) {
			p->note = "no follower whose follow time is known";
			continue;
		}
		if (!kf.reached) {
			p->note = "no follower has been watched this long "
			    "since following";
			continue;
		}
		p->following = kf.s;
		survival_interval(kf.s, kf.var, kf.edge_n, STATS_Z90,
		    &p->following_lo, &p->following_hi);
		if (r->checked == 0)
			p->note = "no follower's activity checked";
		else if (!kq.reached)
			p->note = "no follower's activity has been watched "
			    "this long since following";
		if (p->note != NULL)
			continue;
		s = kf.s * kq.s;
		var = kf.var + kq.var;
		p->active = s;
		survival_interval(s, var, s >= 1 ? kq.edge_n : s <= 0 ?
		    (kf.s <= 0 ? kf.edge_n : kq.edge_n) : 1, STATS_Z90,
		    &p->active_lo, &p->active_hi);
	}
}

/* Under watch at age t by the table's rule: entered before it, not out. */
static int
watched_at(const struct survival_subject *s, double t)
{
	return (s->entry < t && s->exit >= t);
}

/*
 * Of the followers watched at each age, those whose activity is watched
 * then too. The activity's watch reaches back to the follow, before the
 * census first listed them: its own risk set counts followers not yet
 * watched as followers, and would outnumber them.
 */
static void
count_active_at_risk(const struct survival_subject *fs,
    const struct survival_subject *qs, const size_t *qof, size_t nq,
    struct survival_result *r)
{
	size_t	 i, j;
	double	 t;

	for (i = 0; i < SURVIVAL_NAGES; i++) {
		t = ages[i];
		for (j = 0; j < nq; j++)
			if (watched_at(&qs[j], t) && watched_at(&fs[qof[j]], t))
				r->points[i].active_at_risk++;
	}
}

/* Still following at each whole day, while anyone was watched so long. */
static void
make_curve(const struct survival_table *fol, struct survival_result *r)
{
	struct survival_km	 km;
	size_t			 d;

	r->curve = xcalloc(SURVIVAL_CURVE_DAYS + 1, sizeof *r->curve);
	for (d = 0; d <= SURVIVAL_CURVE_DAYS; d++) {
		survival_table_at(fol, (double)d, &km);
		if (!km.reached)
			break;
		r->curve[r->ncurve++] = km.s;
	}
}

void
survival_estimate(const struct survival_input *in, struct survival_result *r)
{
	struct survival_subject	*fs, *qs;
	struct survival_table	 fol, q;
	double			 t0, out;
	size_t			 i, nf = 0, nq = 0, *qof;

	memset(r, 0, sizeof *r);
	fs = xcalloc(in->n + 1, sizeof *fs);
	qs = xcalloc(in->n + 1, sizeof *qs);
	qof = xcalloc(in->n + 1, sizeof *qof);
	for (i = 0; i < in->n; i++) {
		if (in->f[i].first_seen > in->as_of)
			continue;
		if ((t0 = follow_time(&in->f[i])) == 0) {
			r->excluded++;
			continue;
		}
		out = follow_subject(in, &in->f[i], t0, &fs[nf]);
		if (quiet_subject(in, &in->f[i], t0, out, &qs[nq]))
			qof[nq++] = nf;
		nf++;
	}
	r->used = (int64_t)nf;
	r->checked = (int64_t)nq;
	survival_table_build(fs, nf, &fol);
	survival_table_build(qs, nq, &q);
	read_ages(&fol, &q, r);
	count_active_at_risk(fs, qs, qof, nq, r);
	if (nf > 0)
		make_curve(&fol, r);
	survival_table_free(&q);
	survival_table_free(&fol);
	free(qof);
	free(qs);
	free(fs);
}

void
survival_result_release(struct survival_result *r)
{
	free(r->curve);
	r->curve = NULL;
	r->ncurve = 0;
}
