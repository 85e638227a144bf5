/*
 * Keyed hashes for the census's hashed mode. OpenSSL's libcrypto (which
 * libcurl links already) gives HMAC-SHA-256: a well-reviewed
 * implementation beats a hand-written one for anything keyed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "util/keyhash.h"
#include "util/xmalloc.h"

int
keyhash(const char *key, const char *platform, const char *id,
    char out[KEYHASH_SIZE])
{
	unsigned char	 mac[EVP_MAX_MD_SIZE];
	unsigned int	 len = 0, i;
	char		*msg;
	int		 rc = -1;

	msg = xasprintf("%s:%s", platform, id);
	if (HMAC(EVP_sha256(), key, (int)strlen(key),
	    (const unsigned char *)msg, strlen(msg), mac, &len) != NULL &&
	    len == 32) {
		for (i = 0; i < len; i++)
			snprintf(out + 2 * i, 3, "%02x", mac[i]);
		rc = 0;
	}
	free(msg);
	return (rc);
}

int
keyhash_check(const char *key, char out[KEYHASH_SIZE])
{
	if (strlen(key) < KEYHASH_MIN)
		return (-1);
	return (keyhash(key, "tideline", "census key check", out));
}
