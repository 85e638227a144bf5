/* The schema migrations compiled in from schema/ (see tools/embed-sql.py). */
#ifndef TL_MIGRATIONS_H
#define TL_MIGRATIONS_H

struct migration {
	int		 version;	/* 1, 2, 3 ... */
	const char	*name;		/* file name in schema/ */
	const char	*sql;		/* the whole file */
};

extern const struct migration store_migrations[];
extern const int store_migration_count;

#endif
