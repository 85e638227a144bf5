/*
 * The gnuplot process (see plot.h). gnuplot runs with -d (no init files
 * of the user's), its script and data in a private folder (mode 0700,
 * files 0600), only the environment it needs (no secrets), stdin and
 * stdout on /dev/null and stderr on a pipe that is shown when it fails.
 * It is killed after a timeout. The chart is drawn into the private
 * folder and moved into place only when gnuplot succeeded, so a failure
 * never leaves a half-drawn file behind.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "plot/plot.h"
#include "plot/templates.h"
#include "util/xmalloc.h"

extern char **environ;

#define STDERR_MAX	8192	/* bytes of gnuplot's complaints kept */

static const struct {
	const char		*ext;
	enum plot_format	 format;
} extensions[] = {
	{ ".png", PLOT_PNG },
	{ ".svg", PLOT_SVG },
	{ ".pdf", PLOT_PDF },
};

int
plot_format_of(const char *path)
{
	size_t	 i, n = strlen(path), e;

	for (i = 0; i < sizeof extensions / sizeof extensions[0]; i++) {
		e = strlen(extensions[i].ext);
		if (n > e && strcasecmp(path + n - e, extensions[i].ext) == 0)
			return ((int)extensions[i].format);
	}
	return (-1);
}

static const char *
template_text(const char *chart)
{
	size_t	 i;

	for (i = 0; i < plot_template_count; i++)
		if (strcmp(plot_templates[i].name, chart) == 0)
			return (plot_templates[i].text);
	return (NULL);
}

int
plot_has_template(const char *chart)
{
	return (template_text(chart) != NULL);
}

void
plot_init(struct plot *p, const char *chart, enum plot_format format,
    int width, int height)
{
	memset(p, 0, sizeof *p);
	p->chart = chart;
	p->format = format;
	p->width = width;
	p->height = height;
	p->timeout = PLOT_TIMEOUT;
	buf_init(&p->script);
}

void
plot_free(struct plot *p)
{
	size_t	 i;

	for (i = 0; i < p->nfiles; i++) {
		free(p->files[i].name);
		buf_release(&p->files[i].data);
	}
	free(p->files);
	free(p->kept);
	buf_release(&p->script);
	memset(p, 0, sizeof *p);
}

struct buf *
plot_file(struct plot *p, const char *name)
{
	size_t	 i;

	for (i = 0; i < p->nfiles; i++)
		if (strcmp(p->files[i].name, name) == 0)
			return (&p->files[i].data);
	p->files = xreallocarray(p->files, p->nfiles + 1, sizeof *p->files);
	p->files[p->nfiles].name = xstrdup(name);
	buf_init(&p->files[p->nfiles].data);
	return (&p->files[p->nfiles++].data);
}

/* The terminal line for the format; fonts sized for the pixels. */
static void
terminal(struct buf *s, const struct plot *p)
{
	switch (p->format) {
	case PLOT_PNG:
		buf_printf(s, "set terminal pngcairo size %d,%d noenhanced "
		    "font 'Sans,10' background '#ffffff'\n", p->width,
		    p->height);
		break;
	case PLOT_SVG:
		buf_printf(s, "set terminal svg size %d,%d noenhanced "
		    "font 'Sans,11' background '#ffffff'\n", p->width,
		    p->height);
		break;
	case PLOT_PDF:
		buf_printf(s, "set terminal pdfcairo size %.2fin,%.2fin "
		    "noenhanced font 'Sans,8'\n", p->width / 96.0,
		    p->height / 96.0);
		break;
	case PLOT_DUMB:
		buf_printf(s, "set terminal dumb size %d,%d noenhanced\n",
		    p->width, p->height);
		break;
	case PLOT_SIXEL:
		buf_printf(s, "set terminal sixelgd size %d,%d truecolor "
		    "noenhanced font 'Sans,10'\n", p->width, p->height);
		break;
	}
	buf_printf(s, "set output 'chart.out'\nTERMINAL_TEXT = %d\n",
	    p->format == PLOT_DUMB);
	/*
	 * Room for the title and the legend above the panels and for the
	 * time axis below them, the same whatever the height: as fractions
	 * of the screen for the templates' multiplot margins.
	 */
	if (p->format == PLOT_DUMB)
		buf_printf(s, "SCREEN_TOP = %.4f\nSCREEN_BOTTOM = %.4f\n"
		    "KEY_Y = %.4f\n", 1 - 5.0 / p->height, 2.0 / p->height,
		    1 - 1.0 / p->height);
	else
		buf_printf(s, "SCREEN_TOP = %.4f\nSCREEN_BOTTOM = %.4f\n"
		    "KEY_Y = %.4f\n", 1 - 100.0 / p->height, 45.0 / p->height,
		    1 - 38.0 / p->height);
}

/* Write a file of the private folder, 0600, whole. */
static int
write_file(int dir, const char *name, const struct buf *b, char **cause)
{
	size_t	 off = 0;
	ssize_t	 w;
	int	 fd, rc = -1;

	if ((fd = openat(dir, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0600)) == -1) {
		*cause = xasprintf("%s: %s", name, strerror(errno));
		return (-1);
	}
	while (off < b->len) {
		if ((w = write(fd, b->data + off, b->len - off)) == -1) {
			if (errno == EINTR)
				continue;
			*cause = xasprintf("%s: %s", name, strerror(errno));
			goto out;
		}
		off += (size_t)w;
	}
	rc = 0;
out:
	if (close(fd) == -1 && rc == 0) {
		*cause = xasprintf("%s: %s", name, strerror(errno));
		rc = -1;
	}
	return (rc);
}

/* Remove the private folder and everything in it. */
static void
remove_folder(const char *path)
{
	DIR		*d;
	struct dirent	*e;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return;
	if ((d = fdopendir(fd)) == NULL) {
		close(fd);
		return;
	}
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			unlinkat(fd, e->d_name, 0);
	closedir(d);
	rmdir(path);
}

static int64_t
now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

/*
 * While gnuplot runs, INT, TERM and HUP are caught (so that gnuplot is
 * stopped and the folder removed before tideline dies of them: they are
 * raised again afterwards), SIGPIPE is ignored (a closed standard output
 * is an error to report, not a silent death) and SIGCHLD is the default
 * (an ignored SIGCHLD, inherited, would make the child unwaitable).
 */
static volatile sig_atomic_t	 caught;

static void
on_signal(int sig)
{
	caught = sig;
}

static const int	 caught_signals[] = { SIGINT, SIGTERM, SIGHUP };

struct saved_signals {
	struct sigaction	 old[3];
	struct sigaction	 pipe, chld;
};

static void
signals_catch(struct saved_signals *saved)
{
	struct sigaction	 sa;
	size_t			 i;

	caught = 0;
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_signal;	/* no SA_RESTART: poll returns */
	for (i = 0; i < 3; i++)
		sigaction(caught_signals[i], &sa, &saved->old[i]);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, &saved->pipe);
	sa.sa_handler = SIG_DFL;
	sigaction(SIGCHLD, &sa, &saved->chld);
}

/* Put the signals back; die of one that came meanwhile. */
static void
signals_restore(const struct saved_signals *saved)
{
	size_t	 i;

	for (i = 0; i < 3; i++)
		sigaction(caught_signals[i], &saved->old[i], NULL);
	sigaction(SIGPIPE, &saved->pipe, NULL);
	sigaction(SIGCHLD, &saved->chld, NULL);
	if (caught != 0)
		raise(caught);
}

#define WAIT_LATE	-1	/* past the deadline: killed */
#define WAIT_SIGNAL	-2	/* tideline was told to stop: killed */
#define WAIT_ERROR	-3	/* waitpid failed; errno says why */

/*
 * Read what the child wrote to stderr, up to STDERR_MAX bytes kept: 1
 * when something was read, -1 when nothing is there yet, 0 at the end.
 */
static int
drain(int err, struct buf *msg)
{
	char	 chunk[1024];
	ssize_t	 n;

	if ((n = read(err, chunk, sizeof chunk)) == -1)
		return (errno == EINTR || errno == EAGAIN ? -1 : 0);
	if (n > 0 && msg->len < STDERR_MAX)
		buf_add(msg, chunk, (size_t)n);
	return (n > 0);
}

static int
imin(int a, int b)
{
	return (a < b ? a : b);
}

/*
 * Collect the child's stderr and wait for it, until it exits or the
 * deadline passes (then it is killed): its wait status, or WAIT_LATE,
 * WAIT_SIGNAL or WAIT_ERROR. The child is reaped in every case. A child
 * that exits while something it started keeps stderr open is not waited
 * for beyond its own exit.
 */
static int
wait_child(pid_t pid, int err, int timeout, struct buf *msg)
{
	struct pollfd	 pfd = { .fd = err, .events = POLLIN };
	int64_t		 deadline = now_ms() + (int64_t)timeout * 1000;
	pid_t		 r;
	int		 status, reading = 1, rc, left, wait_ms, nap = 1;

	fcntl(err, F_SETFL, O_NONBLOCK);
	for (;;) {
		if ((r = waitpid(pid, &status, WNOHANG)) == pid) {
			/* What it wrote before it exited, not what follows. */
			while (reading && drain(err, msg) > 0)
				;
			return (status);
		}
		if (r == -1 && errno != EINTR)
			return (WAIT_ERROR);
		rc = caught != 0 ? WAIT_SIGNAL : WAIT_LATE;
		if (caught != 0 || (left = (int)(deadline - now_ms())) <= 0)
			break;
		/*
		 * Wake for output, or every 20 ms to see if it exited. Once
		 * its stderr has closed it is usually exiting, but closes its
		 * files before it can be reaped: look again after 1 ms, then
		 * less and less often, rather than sleep 20 ms at every end.
		 */
		pfd.fd = reading ? err : -1;
		wait_ms = reading ? 20 : nap;
		if (!reading)
			nap = imin(nap * 2, 20);
		if (poll(&pfd, 1, imin(left, wait_ms)) > 0 &&
		    (pfd.revents & (POLLIN | POLLHUP)) != 0)
			reading = drain(err, msg) != 0;
	}
	kill(-pid, SIGKILL);
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	return (rc);
}

/* gnuplot's own words, trimmed, for the error message. */
static char *
complaint(const struct buf *msg)
{
	size_t	 n = msg->len;

	while (n > 0 && (msg->data[n - 1] == '\n' || msg->data[n - 1] == ' '))
		n--;
	return (n == 0 ? xstrdup("(it said nothing)") :
	    xstrndup(msg->data, n));
}

/*
 * What of tideline's environment gnuplot sees: where to find programs
 * and fonts, the language, the time zone, the terminal and the folders
 * it may use. Nothing else: never a TIDELINE_* secret (a token in the
 * environment of a cron job), nor whatever else a caller exported.
 */
static int
gnuplot_needs(const char *var)
{
	static const char *const names[] = {
		"PATH", "HOME", "LANG", "LANGUAGE", "TZ", "TMPDIR", "TERM",
		"COLUMNS", "LINES", "GDFONTPATH", "FONTCONFIG_FILE",
		"FONTCONFIG_PATH", "XDG_CONFIG_HOME", "XDG_CONFIG_DIRS",
		"XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_DATA_DIRS",
		"LD_LIBRARY_PATH",
	};
	static const char *const prefixes[] = { "LC_", "GNUPLOT_" };
	size_t	 i, n = strcspn(var, "=");

	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (strlen(names[i]) == n && strncmp(var, names[i], n) == 0)
			return (1);
	}
	for (i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
		if (strncmp(var, prefixes[i], strlen(prefixes[i])) == 0)
			return (1);
	}
	return (0);
}

/* gnuplot's environment: a new array of strings borrowed from ours. */
static char **
gnuplot_environment(void)
{
	char	**env;
	size_t	 i, n = 0;

	for (i = 0; environ[i] != NULL; i++)
		;
	env = xreallocarray(NULL, i + 1, sizeof *env);
	for (i = 0; environ[i] != NULL; i++) {
		if (strchr(environ[i], '=') != NULL &&
		    gnuplot_needs(environ[i]))
			env[n++] = environ[i];
	}
	env[n] = NULL;
	return (env);
}

/* Start gnuplot on script, stdin and stdout on /dev/null, stderr on err. */
static int
spawn(const char *prog, const char *script, int err, pid_t *pid)
{
	posix_spawn_file_actions_t	 fa;
	posix_spawnattr_t		 attr;
	sigset_t			 all, none;
	char				*argv[4], **env;
	size_t				 i;
	int				 e;

	argv[0] = (char *)prog;
	argv[1] = (char *)"-d";		/* no init files of the user's */
	argv[2] = (char *)script;
	argv[3] = NULL;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, err, 2);
	/* gnuplot starts with default signals and none blocked. */
	posix_spawnattr_init(&attr);
	sigemptyset(&all);
	for (i = 0; i < 3; i++)
		sigaddset(&all, caught_signals[i]);
	sigaddset(&all, SIGPIPE);
	sigaddset(&all, SIGCHLD);
	sigemptyset(&none);
	posix_spawnattr_setsigdefault(&attr, &all);
	posix_spawnattr_setsigmask(&attr, &none);
	/* Its own process group, so that stopping it stops all of it. */
	posix_spawnattr_setpgroup(&attr, 0);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF |
	    POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETPGROUP);
	env = gnuplot_environment();
	e = posix_spawnp(pid, prog, &fa, &attr, argv, env);
	free(env);
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&fa);
	return (e);
}

/* Run gnuplot on the script in folder dir. */
static enum plot_status
run_gnuplot(const struct plot *p, const char *dir, char **cause)
{
	struct buf		 msg = BUF_INIT;
	const char		*prog;
	char			*script, *said = NULL;
	pid_t			 pid;
	int			 pipefd[2], status, e;
	enum plot_status	 rc = PLOT_FAILED;

	if ((prog = getenv("TIDELINE_GNUPLOT")) == NULL || *prog == '\0')
		prog = "gnuplot";
	if (pipe(pipefd) == -1) {
		*cause = xasprintf("pipe: %s", strerror(errno));
		return (PLOT_FAILED);
	}
	/* Only the child's stderr stays open past exec. */
	if (fcntl(pipefd[0], F_SETFD, FD_CLOEXEC) == -1 ||
	    fcntl(pipefd[1], F_SETFD, FD_CLOEXEC) == -1) {
		*cause = xasprintf("pipe: %s", strerror(errno));
		close(pipefd[0]);
		close(pipefd[1]);
		return (PLOT_FAILED);
	}
	script = xasprintf("%s/chart.gp", dir);
	e = spawn(prog, script, pipefd[1], &pid);
	close(pipefd[1]);
	if (e != 0) {
		if (e == ENOENT) {
			*cause = xasprintf("gnuplot is not installed (%s not "
			    "found); install it, on Debian: apt-get install "
			    "gnuplot-nox", prog);
			rc = PLOT_NO_GNUPLOT;
		} else
			*cause = xasprintf("cannot run %s: %s", prog,
			    strerror(e));
		goto out;
	}
	status = wait_child(pid, pipefd[0], p->timeout, &msg);
	said = complaint(&msg);
	if (status == WAIT_LATE)
		*cause = xasprintf("gnuplot took longer than %d s and was "
		    "stopped: %s", p->timeout, said);
	else if (status == WAIT_SIGNAL)
		*cause = xasprintf("stopped by signal %d", (int)caught);
	else if (status == WAIT_ERROR)
		*cause = xasprintf("waiting for gnuplot: %s", strerror(errno));
	else if (WIFSIGNALED(status))
		*cause = xasprintf("gnuplot was killed by signal %d: %s",
		    WTERMSIG(status), said);
	else if (WEXITSTATUS(status) == 127)
		*cause = xasprintf("cannot run %s: %s", prog, said);
	else if (WEXITSTATUS(status) != 0)
		*cause = xasprintf("gnuplot failed on the %s chart: %s",
		    p->chart, said);
	else
		rc = PLOT_OK;
out:
	close(pipefd[0]);
	buf_release(&msg);
	free(said);
	free(script);
	return (rc);
}

/* Copy a file of the folder to fd. */
static int
copy_out(int dir, const char *name, int to, char **cause)
{
	char	 chunk[8192];
	ssize_t	 n, w, off;
	int	 fd, rc = -1;

	if ((fd = openat(dir, name, O_RDONLY | O_CLOEXEC)) == -1) {
		*cause = xasprintf("gnuplot drew nothing (%s)",
		    strerror(errno));
		return (-1);
	}
	while ((n = read(fd, chunk, sizeof chunk)) != 0) {
		if (n == -1) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		for (off = 0; off < n; off += w)
			if ((w = write(to, chunk + off, (size_t)(n - off))) ==
			    -1) {
				if (errno == EINTR) {
					w = 0;
					continue;
				}
				goto fail;
			}
	}
	rc = 0;
	goto out;
fail:
	*cause = xasprintf("copying the chart: %s", strerror(errno));
out:
	close(fd);
	return (rc);
}

/*
 * Move the chart to output: copied next to it into a new file of a name
 * no one can guess or plant (mkstemp), then renamed over it, so readers
 * see the old file or the new one.
 */
static int
install(int dir, const char *output, char **cause)
{
	mode_t	 mask;
	char	*tmp;
	int	 fd, rc = -1;

	tmp = xasprintf("%s.XXXXXX", output);
	if ((fd = mkstemp(tmp)) == -1) {
		*cause = xasprintf("%s: %s", output, strerror(errno));
		goto out;
	}
	/* mkstemp makes it 0600; a chart is as readable as any new file. */
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) == -1 ||
	    copy_out(dir, "chart.out", fd, cause) != 0) {
		if (*cause == NULL)
			*cause = xasprintf("%s: %s", tmp, strerror(errno));
		close(fd);
		unlink(tmp);
		goto out;
	}
	if (close(fd) == -1 || rename(tmp, output) == -1) {
		*cause = xasprintf("%s: %s", output, strerror(errno));
		unlink(tmp);
		goto out;
	}
	rc = 0;
out:
	free(tmp);
	return (rc);
}

enum plot_status
plot_render(struct plot *p, const char *output, char **cause)
{
	struct saved_signals	 saved;
	struct buf		 script = BUF_INIT;
	const char		*tmpdir, *text;
	char			*dir = NULL;
	size_t			 i;
	int			 dfd = -1, caught_set = 0;
	enum plot_status	 rc = PLOT_FAILED;

	if ((text = template_text(p->chart)) == NULL) {
		*cause = xasprintf("no chart called '%s'", p->chart);
		return (PLOT_FAILED);
	}
	if ((tmpdir = getenv("TMPDIR")) == NULL || *tmpdir == '\0')
		tmpdir = "/tmp";
	for (i = 0; tmpdir[i] != '\0'; i++)
		if ((unsigned char)tmpdir[i] < 0x20 || tmpdir[i] == 0x7f) {
			*cause = xstrdup("TMPDIR holds control characters; "
			    "point it at a plain folder");
			return (PLOT_FAILED);
		}
	dir = xasprintf("%s/tideline-plot-XXXXXX", tmpdir);
	if (mkdtemp(dir) == NULL) {	/* mode 0700 */
		*cause = xasprintf("%s: %s", dir, strerror(errno));
		free(dir);
		return (PLOT_FAILED);
	}
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		*cause = xasprintf("%s: %s", dir, strerror(errno));
		goto out;
	}
	/* gnuplot finds 'chart.out' and the data files in the folder. */
	buf_adds(&script, "cd ");
	plot_quote(&script, dir, 0);
	buf_addc(&script, '\n');
	terminal(&script, p);
	buf_adds(&script, template_text("style"));
	buf_add(&script, p->script.data, p->script.len);
	buf_adds(&script, text);
	if (write_file(dfd, "chart.gp", &script, cause) != 0)
		goto out;
	for (i = 0; i < p->nfiles; i++)
		if (write_file(dfd, p->files[i].name, &p->files[i].data,
		    cause) != 0)
			goto out;
	signals_catch(&saved);
	caught_set = 1;
	if ((rc = run_gnuplot(p, dir, cause)) != PLOT_OK)
		goto out;
	rc = PLOT_FAILED;
	if (output == NULL ? copy_out(dfd, "chart.out", STDOUT_FILENO,
	    cause) : install(dfd, output, cause))
		goto out;
	rc = PLOT_OK;
out:
	if (dfd != -1)
		close(dfd);
	/* For whoever works on a template: keep the script and data. */
	if (p->keep) {
		free(p->kept);
		p->kept = dir;
	} else {
		remove_folder(dir);
		free(dir);
	}
	buf_release(&script);
	if (caught_set)
		signals_restore(&saved);
	return (rc);
}
