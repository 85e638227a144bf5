/*
 * The census's hashed mode: a follower's id kept as a keyed hash, so that
 * the same follower is the same row run after run while the database
 * alone does not say who it is (a hash without a key could be undone by
 * hashing every id the platform has).
 */
#ifndef TL_UTIL_KEYHASH_H
#define TL_UTIL_KEYHASH_H

#define KEYHASH_SIZE	65	/* 64 hex digits and a NUL */

/* HMAC-SHA-256 of "platform:id" under key, in hex; 0, or -1 on failure. */
int	 keyhash(const char *, const char *, const char *,
	    char [KEYHASH_SIZE]);

/*
 * A key's check: its keyed hash of a fixed text, kept beside the hashes
 * so that a run with another key is found out. Fewer than KEYHASH_MIN
 * characters are too few to be a key: -1.
 */
#define KEYHASH_MIN	16
int	 keyhash_check(const char *, char [KEYHASH_SIZE]);

#endif
