/*
 * An exclusive lock on a file beside the database, so that two snapshot
 * runs (an overlapping cron job, a hand run) never both write. The lock
 * dies with its process, so a killed run never leaves a stale lock. It
 * is a file of its own: SQLite holds POSIX locks on the database file,
 * and closing any descriptor of a file drops all of a process's locks
 * on it.
 */
#ifndef TL_LOCK_H
#define TL_LOCK_H

/*
 * Take the lock on 'path', waiting up to 'wait_ms'. Return the open
 * descriptor (>= 0), -2 when another process kept it that long, or -1
 * with *cause for any other failure.
 */
int	 lock_take(const char *, long, char **);
/*
 * lock_take on the lock file of the database 'db': its real path
 * (symlinks, "." and ".." resolved, so that every spelling of one
 * database names one lock) and ".lock". The lock file's path goes to
 * *path (a new string; NULL if the path could not be resolved) unless
 * path is NULL.
 */
int	 lock_take_db(const char *, long, char **, char **);
void	 lock_release(int);
/*
 * Does another process hold the lock of the database 'db' now? Asked
 * without taking it or making the lock file: 0 when there is none.
 */
int	 lock_held_db(const char *);

#endif
