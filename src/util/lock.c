/* An exclusive lock on a file, with a bounded wait (see lock.h). */
#define _XOPEN_SOURCE	700	/* realpath(3) is XSI in POSIX.1-2008 */

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/lock.h"
#include "util/xmalloc.h"

#define LOCK_POLL_MS	100

static int
try_lock(int fd)
{
	struct flock	 fl;

	memset(&fl, 0, sizeof fl);
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	return (fcntl(fd, F_SETLK, &fl));
}

int
lock_take(const char *path, long wait_ms, char **cause)
{
	struct timespec	 pause = { 0, LOCK_POLL_MS * 1000000L };
	long		 waited = 0;
	int		 fd;

	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) < 0) {
		*cause = xasprintf("cannot open lock file '%s': %s", path,
		    strerror(errno));
		return (-1);
	}
	while (try_lock(fd) != 0) {
		if (errno != EACCES && errno != EAGAIN) {
			*cause = xasprintf("cannot lock '%s': %s", path,
			    strerror(errno));
			close(fd);
			return (-1);
		}
		if (waited >= wait_ms) {
			close(fd);
			return (-2);
		}
		nanosleep(&pause, NULL);
		waited += LOCK_POLL_MS;
	}
	return (fd);
}

void
lock_release(int fd)
{
	if (fd >= 0)
		close(fd);
}

int
lock_take_db(const char *db, long wait_ms, char **path, char **cause)
{
	char	*real, *lock;
	int	 fd;

	if (path != NULL)
		*path = NULL;
	if ((real = realpath(db, NULL)) == NULL) {
		*cause = xasprintf("cannot resolve the path '%s': %s", db,
		    strerror(errno));
		return (-1);
	}
	lock = xasprintf("%s.lock", real);
	free(real);
	fd = lock_take(lock, wait_ms, cause);
	if (path != NULL)
		*path = lock;
	else
		free(lock);
	return (fd);
}

int
lock_held_db(const char *db)
{
	struct flock	 fl;
	char		*real, *lock;
	int		 fd, held = 0;

	if ((real = realpath(db, NULL)) == NULL)
		return (0);
	lock = xasprintf("%s.lock", real);
	free(real);
	fd = open(lock, O_RDONLY | O_CLOEXEC);
	free(lock);
	if (fd < 0)
		return (0);
	memset(&fl, 0, sizeof fl);
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	if (fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK)
		held = 1;
	close(fd);
	return (held);
}
