/* Secrets from the environment or a private config file (see config.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/config.h"
#include "util/xmalloc.h"

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

/* Refuse a file others may read or write, or that is not the user's. */
static int
check_private(const char *path, const struct stat *sb, char **cause)
{
	if (!S_ISREG(sb->st_mode)) {
		*cause = xasprintf("config file '%s' is not a regular file",
		    path);
		return (-1);
	}
	if (sb->st_uid != geteuid()) {
		*cause = xasprintf("config file '%s' belongs to another user; "
		    "it holds secrets, so it must be yours", path);
		return (-1);
	}
	if ((sb->st_mode & 077) != 0) {
		*cause = xasprintf("config file '%s' can be read by others "
		    "(mode %03o) and holds secrets: run chmod 600 '%s'", path,
		    (unsigned)(sb->st_mode & 0777), path);
		return (-1);
	}
	return (0);
}

static int
load(char **cause)
{
	struct buf	 b = BUF_INIT;
	struct stat	 sb;
	char		*path, chunk[4096];
	FILE		*fp = NULL;
	size_t		 n;
	int		 rc = -1;

	config_file.loaded = 1;
	if ((path = config_path()) == NULL)
		return (0);
	if ((fp = fopen(path, "r")) == NULL) {
		rc = errno == ENOENT ? 0 : -1;
		if (rc != 0)
			*cause = xasprintf("cannot read config file '%s': %s",
			    path, strerror(errno));
		goto out;
	}
	if (fstat(fileno(fp), &sb) != 0 || check_private(path, &sb,
	    cause) != 0) {
		if (*cause == NULL)
			*cause = xasprintf("cannot stat '%s'", path);
		goto out;
	}
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		buf_add(&b, chunk, n);
	secret_wipe(chunk, sizeof chunk);
	config_file.text = buf_detach(&b, &config_file.len);
	rc = 0;
out:
	if (fp != NULL)
		fclose(fp);
	free(path);
	return (rc);
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
