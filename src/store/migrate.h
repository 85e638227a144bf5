/*
 * Opening a database with a migration list of one's own: the tests of the
 * migration runner use it (tests/unit/test-migrate.c); tideline itself
 * opens with store_open(), which applies the list compiled from schema/.
 * The list is in version order, 1, 2, 3 ... without gaps.
 */
#ifndef TL_STORE_MIGRATE_H
#define TL_STORE_MIGRATE_H

#include "store/migrations.h"
#include "store/store.h"

int	 store_open_migrations(const char *, enum store_open_mode,
	    const struct migration *, int, struct store **, char **);

#endif
