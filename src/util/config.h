/*
 * Secrets (API tokens and keys) come from the environment or from a
 * config file that only its owner can read (mode 0600); a file others
 * can read is refused, with the fix in the message, and so is anything
 * but a regular file of the user's (a FIFO is never waited on). A link is
 * followed; messages name the file it points to. Secrets are never
 * printed, logged or stored in the database.
 *
 * The file is $TIDELINE_CONFIG, else $XDG_CONFIG_HOME/tideline/config,
 * else ~/.config/tideline/config: lines "key = value", '#' comments.
 */
#ifndef TL_CONFIG_H
#define TL_CONFIG_H

/*
 * Find a secret: the environment variable first, then the file's key.
 * Return 1 with a new string in *out, 0 if set nowhere, -1 with *cause
 * when the config file exists but may not be used.
 */
int	 config_secret(const char *, const char *, char **, char **);
/* The config file's path (new string), or NULL when HOME is unknown. */
char	*config_path(void);
/* Forget the cached file, wiping its secrets from memory. */
void	 config_release(void);
/*
 * Keep the secrets this process holds out of core dumps, for the rest of
 * its life: no core file (RLIMIT_CORE 0) and, where the system can, not
 * dumpable at all (Linux: no core, no ptrace or /proc/PID/mem by the same
 * user). Call it before the first secret is read. 0, or -1 with *cause.
 */
int	 config_protect_secrets(char **);

#endif
