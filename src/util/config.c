/* Secrets from the environment or a private config file (see config.h). */
#define _XOPEN_SOURCE 700	/* realpath */

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef HAVE_PR_SET_DUMPABLE
#include <sys/prctl.h>
#endif

#include "util/buf.h"
#include "util/config.h"
#include "util/xmalloc.h"

#define CONFIG_MAX	(1024 * 1024)	/* bytes of config file at most */

static struct {
	int		 loaded;	/* the file was looked at */
	char		*error;		/* why it may not be used, or NULL */
	char		*text;		/* its contents, or NULL if none */
	size_t		 len;
} config_file;

char *
config_path(void)
{
	const char	*env;

	if ((env = getenv("TIDELINE_CONFIG")) != NULL && *env != '\0')
		return (xstrdup(env));
	if ((env = getenv("XDG_CONFIG_HOME")) != NULL && *env == '/')
		return (xasprintf("%s/tideline/config", env));
	if ((env = getenv("HOME")) != NULL && *env != '\0')
		return (xasprintf("%s/.config/tideline/config", env));
	return (NULL);
}

/* The file's type in words, for one that is no regular file. */
static const char *
file_kind(mode_t mode)
{
	if (S_ISDIR(mode))
		return ("a folder");
	if (S_ISFIFO(mode))
		return ("a FIFO");
	if (S_ISSOCK(mode))
		return ("a socket");
	if (S_ISCHR(mode) || S_ISBLK(mode))
		return ("a device");
	if (S_ISLNK(mode))
		return ("a symbolic link");
	return ("not a regular file");
}

/*
 * Refuse a file others may read or write, or that is not the user's.
 * 'name' is the file itself (a link's target), 'shown' how to say it.
 */
static int
check_private(const char *name, const char *shown, const struct stat *sb,
    char **cause)
{
	if (!S_ISREG(sb->st_mode)) {
		*cause = xasprintf("config file %s is %s, not a regular file",
		    shown, file_kind(sb->st_mode));
		return (-1);
	}
	if (sb->st_uid != geteuid()) {
		*cause = xasprintf("config file %s belongs to another user; "
		    "it holds secrets, so it must be yours", shown);
		return (-1);
	}
	if ((sb->st_mode & 077) != 0) {
		*cause = xasprintf("config file %s can be read by others "
		    "(mode %03o) and holds secrets: run chmod 600 '%s'", shown,
		    (unsigned)(sb->st_mode & 0777), name);
		return (-1);
	}
	return (0);
}

/*
 * The file the config path names: itself, or the target of a link (then
 * *shown says both). 0; 1 when there is none; -1 with *cause.
 */
static int
config_target(const char *path, char **name, char **shown, char **cause)
{
	struct stat	 sb;

	*name = *shown = NULL;
	if (lstat(path, &sb) != 0) {
		if (errno == ENOENT)
			return (1);
		*cause = xasprintf("cannot read config file '%s': %s", path,
		    strerror(errno));
		return (-1);
	}
	if (!S_ISLNK(sb.st_mode)) {
		*name = xstrdup(path);
		*shown = xasprintf("'%s'", path);
		return (0);
	}
	if ((*name = realpath(path, NULL)) == NULL) {
		*cause = xasprintf("config file '%s' is a symbolic link to "
		    "nothing readable: %s", path, strerror(errno));
		return (-1);
	}
	*shown = xasprintf("'%s' (linked from '%s')", *name, path);
	return (0);
}

/*
 * Read the whole file, at most CONFIG_MAX bytes, into config_file. It is
 * opened without following a last link (config_target resolved any) and
 * without waiting (a FIFO would block until a writer came, for ever),
 * then checked on the open file.
 */
static int
read_private(const char *name, const char *shown, char **cause)
{
	struct buf	 b = BUF_INIT;
	struct stat	 sb;
	char		 chunk[4096];
	ssize_t		 n;
	int		 fd, rc = -1;

	fd = open(name, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_NOCTTY |
	    O_CLOEXEC);
	if (fd < 0) {
		*cause = xasprintf("cannot read config file %s: %s", shown,
		    errno == ELOOP ? "it is a symbolic link" : strerror(errno));
		return (-1);
	}
	if (fstat(fd, &sb) != 0) {
		*cause = xasprintf("cannot read config file %s: %s", shown,
		    strerror(errno));
		goto out;
	}
	if (check_private(name, shown, &sb, cause) != 0)
		goto out;
	while ((n = read(fd, chunk, sizeof chunk)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || b.len + (size_t)n > CONFIG_MAX) {
			*cause = n < 0 ? xasprintf("cannot read config file "
			    "%s: %s", shown, strerror(errno)) : xasprintf(
			    "config file %s is larger than %d KiB", shown,
			    CONFIG_MAX / 1024);
			goto out;
		}
		buf_add(&b, chunk, (size_t)n);
	}
	config_file.text = buf_detach(&b, &config_file.len);
	rc = 0;
out:
	secret_wipe(chunk, sizeof chunk);
	if (b.data != NULL)
		secret_wipe(b.data, b.len);
	buf_release(&b);
	close(fd);
	return (rc);
}

static int
load(char **cause)
{
	char	*path, *name = NULL, *shown = NULL;
	int	 rc;

	config_file.loaded = 1;
	if ((path = config_path()) == NULL)
		return (0);
	if ((rc = config_target(path, &name, &shown, cause)) == 0)
		rc = read_private(name, shown, cause);
	free(path);
	free(name);
	free(shown);
	return (rc < 0 ? -1 : 0);
}

/* Find "key = value" in the file's text; a new string, or NULL. */
static char *
lookup(const char *key)
{
	const char	*line, *end, *p, *v;
	size_t		 klen = strlen(key), vlen;

	for (line = config_file.text; line != NULL && *line != '\0';
	    line = *end ? end + 1 : end) {
		end = line + strcspn(line, "\n");
		for (p = line; *p == ' ' || *p == '\t'; p++)
			;
		if (*p == '#' || (size_t)(end - p) <= klen ||
		    strncmp(p, key, klen) != 0)
			continue;
		for (v = p + klen; *v == ' ' || *v == '\t'; v++)
			;
		if (*v != '=')
			continue;
		for (v++; *v == ' ' || *v == '\t'; v++)
			;
		vlen = (size_t)(end - v);
		while (vlen > 0 && (v[vlen - 1] == ' ' || v[vlen - 1] == '\t' ||
		    v[vlen - 1] == '\r'))
			vlen--;
		if (vlen > 0)
			return (xstrndup(v, vlen));
	}
	return (NULL);
}

int
config_secret(const char *env_name, const char *key, char **out,
    char **cause)
{
	const char	*env;

	*out = NULL;
	if (env_name != NULL && (env = getenv(env_name)) != NULL &&
	    *env != '\0') {
		*out = xstrdup(env);
		return (1);
	}
	if (key == NULL)
		return (0);
	if (!config_file.loaded && load(&config_file.error) != 0 &&
	    config_file.error == NULL)
		config_file.error = xstrdup("cannot read the config file");
	if (config_file.error != NULL) {
		*cause = xstrdup(config_file.error);
		return (-1);
	}
	*out = lookup(key);
	return (*out != NULL);
}

void
config_release(void)
{
	if (config_file.text != NULL) {
		secret_wipe(config_file.text, config_file.len);
		free(config_file.text);
	}
	free(config_file.error);
	memset(&config_file, 0, sizeof config_file);
}

int
config_protect_secrets(char **cause)
{
	struct rlimit	 rl;

	rl.rlim_cur = rl.rlim_max = 0;
	if (setrlimit(RLIMIT_CORE, &rl) != 0) {
		*cause = xasprintf("cannot turn core dumps off: %s",
		    strerror(errno));
		return (-1);
	}
#ifdef HAVE_PR_SET_DUMPABLE
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) {
		*cause = xasprintf("cannot make the process undumpable: %s",
		    strerror(errno));
		return (-1);
	}
#endif
	return (0);
}
