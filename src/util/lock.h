/*
 * An exclusive lock on a file beside the database, so that two snapshot
 * runs (an overlapping cron job, a hand run) never both write. The lock
 * dies with its process, so a killed run never leaves a stale lock.
 */
#ifndef TL_LOCK_H
#define TL_LOCK_H

/*
 * Take the lock on 'path', waiting up to 'wait_ms'. Return the open
 * descriptor (>= 0), -2 when another process kept it that long, or -1
 * with *cause for any other failure.
 */
int	 lock_take(const char *, long, char **);
void	 lock_release(int);

#endif
