/* store.c -- the LMDB environment, its tables, transactions and schema. */
#include "store.h"

#include <errno.h>
#include <fcntl.h>
#include <lmdb.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "error.h"

/* A new map starts at 256 MiB of address space (the file grows only as it
 * is written) and doubles whenever a write meets MDB_MAP_FULL. */
#define MAP_INITIAL ((size_t)256 << 20)
#define MAP_LIMIT ((size_t)1 << 40)
/* One reader slot per process at a time: room for hundreds of agents. */
#define MAX_READERS 1022
/* Less free room than this after a failed write is a full disk. */
#define ROOM_MIN ((unsigned long long)1 << 20)

static const char *const table_names[CB_T_COUNT] = {
	[CB_T_META] = "meta",
	[CB_T_PORTFOLIOS] = "portfolios",
	[CB_T_DEBTORS] = "debtors",
	[CB_T_ACCOUNTS] = "accounts",
	[CB_T_INVOICES] = "invoices",
	[CB_T_INVOICE_IDS] = "invoice_ids",
	[CB_T_PAYMENTS] = "payments",
	[CB_T_PAYMENT_IDS] = "payment_ids",
	[CB_T_EVENTS] = "events",
	[CB_T_ACCOUNT_EVENTS] = "account_events",
	[CB_T_USERS] = "users",
	[CB_T_SEARCH] = "search",
	[CB_T_WORK] = "work",
	[CB_T_QUEUE] = "queue",
	[CB_T_PROMISES] = "promises",
	[CB_T_CALLBACKS] = "callbacks",
	[CB_T_RULES] = "rules",
	[CB_T_LIBRARY] = "library",
};

struct cb_store {
	MDB_env *env;
	MDB_dbi dbi[CB_T_COUNT];
	char *path;
	bool map_full; /* the last write met the end of the map, not the disk */
	bool lazy_run; /* cb_store_lazy_meta(): commits leave their meta */
};

struct cb_txn {
	MDB_txn *txn;
	struct cb_store *store;
	uint64_t serial; /* cb_txn_serial() */
	/* A write transaction's own cursor on each table, opened when first
	 * used, that its gets and puts go through: a key near the one before
	 * is then found in the leaf page the cursor is on, where mdb_get()
	 * and mdb_put() search down from the root each time (in a large
	 * transaction, a search of its list of written pages at each level).
	 * LMDB closes them when the transaction ends. */
	bool writing;
	MDB_cursor *cursor[CB_T_COUNT];
	/* The puts and deletions kept to be written in key order
	 * (cb_txn_defer()). */
	struct deferred *deferred[CB_T_COUNT];
};

#define DEFERRED_DEL UINT32_MAX /* the vlen of a deletion */
#define DEFERRED_MAX (256u << 20) /* bytes of keys and values kept */

struct deferred {
	char *bytes; /* each operation's key, then its value */
	size_t size, cap;
	struct deferred_op {
		struct cb_key_head head;
		size_t at; /* of the key in bytes: a later one lies further */
		uint32_t klen, vlen;
	} *ops;
	size_t n, nops;
};

/* The transactions begun by this process, counted. */
static uint64_t txn_count;

struct cb_cursor {
	MDB_cursor *cur;
};

/* The one place where LMDB's and the system's codes become cobrador's. */
static int store_error(int rc)
{
	switch (rc) {
	case MDB_SUCCESS: return CB_OK;
	case MDB_NOTFOUND: return CB_ERR_NOTFOUND;
	case MDB_KEYEXIST: return CB_ERR_EXISTS;
	case MDB_MAP_FULL:
	case MDB_TXN_FULL:
	case ENOSPC:
	case EDQUOT:
	case EFBIG: /* past a file-size limit: to the user, a full disk */
		return CB_ERR_NOSPACE;
	case ENOMEM: return CB_ERR_NOMEM;
	case MDB_READERS_FULL: return CB_ERR_BUSY;
	case MDB_CORRUPTED:
	case MDB_PAGE_NOTFOUND:
	case MDB_INVALID:
	case MDB_BAD_VALSIZE: return CB_ERR_CORRUPT;
	case MDB_VERSION_MISMATCH: return CB_ERR_VERSION;
	case EACCES:
	case EPERM: return CB_ERR_PERM;
	}
	if (rc > 0)
		errno = rc;
	return rc > 0 ? CB_ERR_IO : CB_ERR_INTERNAL;
}

/* Translates the result of a write, noting a full map so that
 * cb_store_write() grows it rather than failing. */
static int write_error(struct cb_txn *txn, int rc)
{
	if (rc == MDB_MAP_FULL)
		txn->store->map_full = true;
	return store_error(rc);
}

/* True when the data file has no room left to grow: its file system is
 * (all but) full, or it has reached the process's file-size limit. */
static bool out_of_room(const struct cb_store *s)
{
	char data[4096];
	struct statvfs fs;
	struct rlimit limit;
	struct stat st;
	if (statvfs(s->path, &fs) == 0 &&
	    (unsigned long long)fs.f_bavail * fs.f_frsize < ROOM_MIN)
		return true;
	snprintf(data, sizeof data, "%s/data.mdb", s->path);
	return getrlimit(RLIMIT_FSIZE, &limit) == 0 &&
	    limit.rlim_cur != RLIM_INFINITY && stat(data, &st) == 0 &&
	    (rlim_t)st.st_size + ROOM_MIN > limit.rlim_cur;
}

/* Commits txn.  LMDB reports a short write of the data file as EIO, and a
 * short write is how a disk that fills during the commit answers: the
 * file takes what room there was and the rest is refused.  So an EIO with
 * no room left is a full disk; with room, a real input/output error. */
static int commit(struct cb_txn *txn)
{
	struct cb_store *s = txn->store;
	int rc = mdb_txn_commit(txn->txn);
	if (rc == EIO && out_of_room(s))
		return CB_ERR_NOSPACE;
	/* The environment is opened MDB_NOMETASYNC (see env_open()): the
	 * meta page the commit wrote is synced here, after the write lock is
	 * given up, so that the next writer's commit goes on meanwhile. */
	if (rc == MDB_SUCCESS && !s->lazy_run)
		rc = mdb_env_sync(s->env, 1);
	return write_error(txn, rc);
}

static MDB_val mdb_val(struct cb_val v)
{
	return (MDB_val){ .mv_size = v.size, .mv_data = (void *)v.data };
}

static struct cb_val cb_val_of(MDB_val v)
{
	return (struct cb_val){ .data = v.mv_data, .size = v.mv_size };
}

/* Opens every table in txn, creating missing ones when create is set. */
static int open_tables(struct cb_store *s, MDB_txn *txn, int create)
{
	for (int t = 0; t < CB_T_COUNT; t++) {
		int rc = mdb_dbi_open(txn, table_names[t], create ? MDB_CREATE : 0,
		    &s->dbi[t]);
		if (rc != MDB_SUCCESS)
			return store_error(rc);
	}
	return CB_OK;
}

/* Makes s->env and opens it on the folder s->path, the map at its first
 * size (LMDB takes the size of the data when that is larger).  On failure
 * s->env is NULL. */
static int env_open(struct cb_store *s)
{
	int rc = store_error(mdb_env_create(&s->env));
	if (rc != CB_OK)
		return rc;
	rc = store_error(mdb_env_set_maxdbs(s->env, CB_T_COUNT + 4));
	if (rc == CB_OK)
		rc = store_error(mdb_env_set_maxreaders(s->env, MAX_READERS));
	if (rc == CB_OK)
		rc = store_error(mdb_env_set_mapsize(s->env, MAP_INITIAL));
	/* The files are the group's to read and write whatever the umask of
	 * whoever makes them (the data file at init, the lock file at any
	 * open): the installed program is setgid to the group that owns the
	 * folder, and the others must not read them at all. */
	mode_t old = umask(007);
	if (rc == CB_OK)
		rc = store_error(mdb_env_open(s->env, s->path,
		    MDB_NOTLS | MDB_NOMETASYNC, 0660));
	umask(old);
	if (rc != CB_OK) {
		mdb_env_close(s->env);
		s->env = NULL;
	}
	return rc;
}

/*
 * Gives s a new environment in place of one whose map LMDB failed to
 * move.  mdb_env_set_mapsize() unmaps the old map before it makes the new
 * one, and when that fails (not enough address space) it leaves the
 * environment with no map at all, which the next transaction would read:
 * a crash.  Opening again maps the data at the size it has.  When even
 * that fails, s->env stays NULL and every later transaction fails with
 * CB_ERR_NOSPACE.  No transaction of s may be open.
 */
static void env_reopen(struct cb_store *s)
{
	MDB_txn *txn;
	mdb_env_close(s->env);
	s->env = NULL;
	int rc = env_open(s);
	if (rc == CB_OK)
		rc = store_error(mdb_txn_begin(s->env, NULL, MDB_RDONLY, &txn));
	if (rc == CB_OK) {
		rc = open_tables(s, txn, 0);
		if (rc == CB_OK)
			rc = store_error(mdb_txn_commit(txn));
		else
			mdb_txn_abort(txn);
	}
	if (rc != CB_OK && s->env != NULL) {
		mdb_env_close(s->env);
		s->env = NULL;
	}
}

/* Begins a transaction, adopting a map grown by another process and
 * clearing stale reader slots when the table of readers is full. */
static int txn_begin(struct cb_store *s, unsigned flags, MDB_txn **out)
{
	if (s->env == NULL) /* lost with a map that could not be made */
		return CB_ERR_NOSPACE;
	int rc = mdb_txn_begin(s->env, NULL, flags, out);
	if (rc == MDB_MAP_RESIZED && mdb_env_set_mapsize(s->env, 0) != 0) {
		/* Its map as big as the other process's does not fit: the data
		 * alone may. */
		env_reopen(s);
		if (s->env == NULL)
			return CB_ERR_NOSPACE;
	}
	if (rc == MDB_MAP_RESIZED)
		rc = mdb_txn_begin(s->env, NULL, flags, out);
	if (rc == MDB_READERS_FULL) {
		int dead = 0;
		mdb_reader_check(s->env, &dead);
		rc = mdb_txn_begin(s->env, NULL, flags, out);
	}
	return store_error(rc);
}

/* The tables an older schema kept and a newer one does not, with the
 * version that gave each up. */
static const struct {
	const char *name;
	int64_t gone_in;
} retired_tables[] = {
	{ "scratch", 6 }, /* an import's working keys: kept in memory now */
};

/* Deletes the tables a database of schema version kept that are gone. */
static int drop_retired(MDB_txn *txn, int64_t version)
{
	size_t n = sizeof retired_tables / sizeof retired_tables[0];
	for (size_t i = 0; i < n; i++) {
		MDB_dbi dbi;
		if (version >= retired_tables[i].gone_in)
			continue;
		int rc = mdb_dbi_open(txn, retired_tables[i].name, 0, &dbi);
		if (rc == MDB_SUCCESS)
			rc = mdb_drop(txn, dbi, 1);
		if (rc != MDB_SUCCESS && rc != MDB_NOTFOUND)
			return store_error(rc);
	}
	return CB_OK;
}

/* Brings the tables and the schema up to CB_SCHEMA_VERSION, run by the
 * first writer after an upgrade: new tables are made here, retired ones
 * deleted, and each version's step (migrate.c) fills them. */
static int migrate(struct cb_txn *txn, void *arg)
{
	int64_t version = 0;
	int rc = open_tables(txn->store, txn->txn, 1);
	(void)arg;
	if (rc == CB_OK)
		rc = cb_meta_get_int(txn, "schema", &version);
	if (rc == CB_OK && version > CB_SCHEMA_VERSION)
		return CB_ERR_VERSION;
	if (rc == CB_OK && version > 0)
		rc = drop_retired(txn->txn, version);
	/* A new database (version 0) has nothing to migrate, only the
	 * shipped texts to take in. */
	if (rc == CB_OK && version == 0)
		rc = cb_migrate_new(txn);
	for (int v = version ? (int)version + 1 : CB_SCHEMA_VERSION + 1;
	     rc == CB_OK && v <= CB_SCHEMA_VERSION; v++)
		rc = cb_migrate_to(txn, v);
	if (rc == CB_OK && version < CB_SCHEMA_VERSION)
		rc = cb_meta_put_int(txn, "schema", CB_SCHEMA_VERSION);
	return rc;
}

/* Opens the tables of an existing database, migrating when needed. */
static int attach(struct cb_store *s, int creating)
{
	MDB_txn *txn;
	int64_t version = 0;
	int rc = txn_begin(s, MDB_RDONLY, &txn);
	if (rc != CB_OK)
		return rc;
	rc = creating ? CB_ERR_NOTFOUND : open_tables(s, txn, 0);
	if (rc == CB_OK) {
		struct cb_txn t = { .txn = txn, .store = s, .serial = ++txn_count };
		rc = cb_meta_get_int(&t, "schema", &version);
	}
	if (rc == CB_OK) {
		rc = store_error(mdb_txn_commit(txn));
		if (rc == CB_OK && version == CB_SCHEMA_VERSION)
			return CB_OK;
		if (rc == CB_OK && version > CB_SCHEMA_VERSION)
			return CB_ERR_VERSION;
	} else {
		mdb_txn_abort(txn);
		if (rc != CB_ERR_NOTFOUND)
			return rc;
	}
	return cb_store_write(s, migrate, NULL);
}

/* Checks that dir holds (or, creating, does not hold) a database. */
static int check_folder(const char *dir, int create)
{
	char data[4096];
	struct stat st;
	if (snprintf(data, sizeof data, "%s/data.mdb", dir) >= (int)sizeof data)
		return CB_ERR_INPUT;
	if (stat(data, &st) == 0)
		return create ? CB_ERR_EXISTS : CB_OK;
	if (errno != ENOENT)
		return store_error(errno);
	if (!create)
		return CB_ERR_NOTFOUND;
	mode_t old = umask(007); /* the team's group shares it: see below */
	int made = mkdir(dir, 02770);
	umask(old);
	if (made != 0 && errno != EEXIST)
		return store_error(errno);
	/* mkdir() leaves out the setgid bit (Linux): new files then take the
	 * folder's group, as the installed data folder does. */
	if (made == 0 && chmod(dir, 02770) != 0)
		return store_error(errno);
	return CB_OK;
}

int cb_store_open(const char *dir, int flags, struct cb_store **out)
{
	int create = flags & CB_OPEN_CREATE;
	int rc = check_folder(dir, create);
	if (rc != CB_OK)
		return rc;
	struct cb_store *s = calloc(1, sizeof *s);
	if (s == NULL || (s->path = strdup(dir)) == NULL) {
		free(s);
		return CB_ERR_NOMEM;
	}
	rc = env_open(s);
	if (rc == CB_OK) {
		int dead = 0;
		mdb_reader_check(s->env, &dead);
		rc = attach(s, create);
	}
	if (rc != CB_OK) {
		cb_store_close(&s);
		return rc;
	}
	*out = s;
	return CB_OK;
}

void cb_store_close(struct cb_store **store)
{
	struct cb_store *s = *store;
	if (s == NULL)
		return;
	if (s->env != NULL)
		mdb_env_close(s->env);
	free(s->path);
	free(s);
	*store = NULL;
}

const char *cb_store_path(const struct cb_store *store)
{
	return store->path;
}

int cb_store_read(struct cb_store *store, struct cb_txn **out)
{
	struct cb_txn *t = calloc(1, sizeof *t);
	if (t == NULL)
		return CB_ERR_NOMEM;
	t->store = store;
	t->serial = ++txn_count;
	int rc = txn_begin(store, MDB_RDONLY, &t->txn);
	if (rc != CB_OK) {
		free(t);
		return rc;
	}
	*out = t;
	return CB_OK;
}

void cb_txn_end(struct cb_txn **txn)
{
	if (*txn == NULL)
		return;
	mdb_txn_abort((*txn)->txn);
	free(*txn);
	*txn = NULL;
}

struct cb_store *cb_txn_store(struct cb_txn *txn)
{
	return txn->store;
}

uint64_t cb_txn_serial(const struct cb_txn *txn)
{
	return txn->serial;
}

/* cb_put_sorted() itself; write_deferred() writes through it too. */
static int put_sorted(struct cb_txn *txn, enum cb_table table, size_t n,
    struct cb_val (*item)(size_t i, struct cb_val *val, void *arg), void *arg)
{
	MDB_cursor *c;
	MDB_val last, last_val;
	char copy[512]; /* LMDB's largest key: the page it lies in may move */
	int rc = mdb_cursor_open(txn->txn, txn->store->dbi[table], &c);
	if (rc != MDB_SUCCESS)
		return store_error(rc);
	rc = mdb_cursor_get(c, &last, &last_val, MDB_LAST);
	bool appending = rc == MDB_NOTFOUND;
	if (rc == MDB_SUCCESS) {
		last.mv_size = last.mv_size < sizeof copy ? last.mv_size : sizeof copy;
		memcpy(copy, last.mv_data, last.mv_size);
		last.mv_data = copy;
	}
	rc = rc == MDB_NOTFOUND ? MDB_SUCCESS : rc;
	for (size_t i = 0; i < n && rc == MDB_SUCCESS; i++) {
		struct cb_val val = { "", 0 };
		MDB_val k = mdb_val(item(i, &val, arg)), v = mdb_val(val);
		/* Sorted keys: once one is past the old last, all after are. */
		if (!appending)
			appending = cb_key_cmp(cb_val_of(k), cb_val_of(last)) > 0;
		rc = mdb_cursor_put(c, &k, &v, appending ? MDB_APPEND : 0);
	}
	mdb_cursor_close(c);
	return write_error(txn, rc);
}

static void deferred_free(struct deferred **d)
{
	if (*d) {
		free((*d)->bytes);
		free((*d)->ops);
		free(*d);
		*d = NULL;
	}
}

static struct cb_val deferred_key(const struct deferred *d,
    const struct deferred_op *op)
{
	return (struct cb_val){ d->bytes + op->at, op->klen };
}

/* In key order; of one key's operations, the earlier first. */
static int deferred_order(const void *a, const void *b, void *arg)
{
	const struct deferred_op *x = a, *y = b;
	int c = cb_key_head_cmp(&x->head, &y->head);
	if (c == 0)
		c = cb_key_cmp(deferred_key(arg, x), deferred_key(arg, y));
	return c != 0 ? c : (x->at > y->at) - (x->at < y->at);
}

/* How many items ahead of the one being written a walk in key order asks
 * for the bytes of: they lie all over memory, so each is a miss of the
 * processor's caches, which the writes of those before it then hide. */
#define FETCH_AHEAD 8

static struct cb_val deferred_item(size_t i, struct cb_val *val, void *arg)
{
	const struct deferred *d = arg;
	const struct deferred_op *op = &d->ops[i];
	if (i + FETCH_AHEAD < d->n)
		__builtin_prefetch(d->bytes + d->ops[i + FETCH_AHEAD].at);
	*val = (struct cb_val){ d->bytes + op->at + op->klen, op->vlen };
	return deferred_key(d, op);
}

/* Below this many items, one thread sorts faster than two start. */
#define SORT_SPLIT_MIN 100000

struct sort_run {
	void *base;
	size_t n, size;
	int (*cmp)(const void *, const void *, void *);
	void *arg;
};

static void *sort_run(void *arg)
{
	struct sort_run *r = arg;
	qsort_r(r->base, r->n, r->size, r->cmp, r->arg);
	return NULL;
}

/* As qsort_r(), on two cores: each half is sorted by a thread of its own,
 * then the two are merged.  Sorting the search words of a million debtors
 * took over a second on one. */
static void sort_on_two(void *base, size_t n, size_t size,
    int (*cmp)(const void *, const void *, void *), void *arg)
{
	struct sort_run lo = { base, n / 2, size, cmp, arg };
	struct sort_run hi = { (char *)base + n / 2 * size, n - n / 2, size,
		cmp, arg };
	char *merged = n >= SORT_SPLIT_MIN ? malloc(n * size) : NULL;
	pthread_t thread;
	if (merged == NULL || pthread_create(&thread, NULL, sort_run, &hi) != 0) {
		free(merged);
		qsort_r(base, n, size, cmp, arg);
		return;
	}
	sort_run(&lo);
	pthread_join(thread, NULL);
	const char *a = lo.base, *b = hi.base;
	const char *a_end = a + lo.n * size, *b_end = b + hi.n * size;
	char *out = merged;
	while (a < a_end && b < b_end) {
		const char **next = cmp(b, a, arg) < 0 ? &b : &a;
		memcpy(out, *next, size);
		*next += size;
		out += size;
	}
	memcpy(out, a, (size_t)(a_end - a));
	memcpy(out + (a_end - a), b, (size_t)(b_end - b));
	memcpy(base, merged, n * size);
	free(merged);
}

/* Writes what was kept for table, in key order, and empties the list:
 * only the last operation on a key counts, and the deletions go first. */
static int write_deferred(struct cb_txn *txn, enum cb_table table)
{
	struct deferred *d = txn->deferred[table];
	size_t puts = 0;
	int rc = MDB_SUCCESS;
	if (d == NULL || d->n == 0)
		return CB_OK;
	sort_on_two(d->ops, d->n, sizeof *d->ops, deferred_order, d);
	for (size_t i = 0; i < d->n && rc == MDB_SUCCESS; i++) {
		struct deferred_op *op = &d->ops[i], *next = op + 1;
		MDB_val k = mdb_val(deferred_key(d, op));
		/* Keys whose heads differ differ: their bytes stay unread. */
		if (i + 1 < d->n && cb_key_head_cmp(&op->head, &next->head) == 0 &&
		    cb_key_cmp(deferred_key(d, op), deferred_key(d, next)) == 0)
			continue;
		if (op->vlen != DEFERRED_DEL)
			d->ops[puts++] = *op;
		else if ((rc = mdb_del(txn->txn, txn->store->dbi[table], &k,
		    NULL)) == MDB_NOTFOUND)
			rc = MDB_SUCCESS;
	}
	d->n = puts;
	rc = rc == MDB_SUCCESS ? put_sorted(txn, table, puts, deferred_item, d)
	                       : write_error(txn, rc);
	d->n = d->size = 0;
	return rc;
}

/* Keeps an operation for later (cb_txn_defer()): a put of v, or with v
 * NULL a deletion. */
static int defer(struct cb_txn *txn, enum cb_table table, MDB_val *k,
    MDB_val *v)
{
	struct deferred *d = txn->deferred[table];
	size_t vlen = v ? v->mv_size : 0, need = k->mv_size + vlen;
	/* Memory is bounded: a list grown large is written then and there. */
	if (d->size + need > DEFERRED_MAX) {
		int rc = write_deferred(txn, table);
		if (rc != CB_OK)
			return rc;
	}
	if (d->size + need > d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 1 << 16;
		while (cap < d->size + need)
			cap *= 2;
		char *p = realloc(d->bytes, cap);
		if (p == NULL)
			return CB_ERR_NOMEM;
		d->bytes = p;
		d->cap = cap;
	}
	if (d->n == d->nops) {
		size_t cap = d->nops ? d->nops * 2 : 4096;
		struct deferred_op *p = realloc(d->ops, cap * sizeof *p);
		if (p == NULL)
			return CB_ERR_NOMEM;
		d->ops = p;
		d->nops = cap;
	}
	struct deferred_op *op = &d->ops[d->n++];
	cb_key_head(&op->head, (struct cb_val){ k->mv_data, k->mv_size });
	op->at = d->size;
	op->klen = (uint32_t)k->mv_size;
	op->vlen = v ? (uint32_t)vlen : DEFERRED_DEL;
	memcpy(d->bytes + d->size, k->mv_data, k->mv_size);
	if (vlen > 0)
		memcpy(d->bytes + d->size + k->mv_size, v->mv_data, vlen);
	d->size += need;
	return CB_OK;
}

int cb_txn_defer(struct cb_txn *txn, enum cb_table table)
{
	if (!txn->writing)
		return CB_ERR_INTERNAL;
	if (txn->deferred[table] == NULL &&
	    (txn->deferred[table] = calloc(1, sizeof (struct deferred))) == NULL)
		return CB_ERR_NOMEM;
	return CB_OK;
}

/* Doubles the map after MDB_MAP_FULL; no transaction may be open.  When
 * the bigger map cannot be made, the environment is opened again at the
 * old size (env_reopen()), so that the process can go on. */
static int grow_map(struct cb_store *s)
{
	MDB_envinfo info;
	mdb_env_info(s->env, &info);
	if (info.me_mapsize >= MAP_LIMIT)
		return CB_ERR_NOSPACE;
	if (mdb_env_set_mapsize(s->env, info.me_mapsize * 2) == 0)
		return CB_OK;
	env_reopen(s);
	return CB_ERR_NOSPACE;
}

int cb_store_write(struct cb_store *store,
    int (*fn)(struct cb_txn *txn, void *arg), void *arg)
{
	for (;;) {
		struct cb_txn t = { .store = store, .serial = ++txn_count,
			.writing = true };
		int rc = txn_begin(store, 0, &t.txn);
		if (rc != CB_OK)
			return rc;
		store->map_full = false;
		rc = fn(&t, arg);
		for (int table = 0; table < CB_T_COUNT && rc == CB_OK; table++)
			rc = write_deferred(&t, table);
		for (int table = 0; table < CB_T_COUNT; table++)
			deferred_free(&t.deferred[table]);
		if (rc == CB_OK) {
			rc = commit(&t);
		} else {
			mdb_txn_abort(t.txn);
		}
		/* A full map (not a full disk) is grown and fn runs again. */
		if (rc != CB_ERR_NOSPACE || !store->map_full)
			return rc;
		if (grow_map(store) != CB_OK)
			return CB_ERR_NOSPACE;
	}
}

int cb_store_reserve(struct cb_store *store, uint64_t bytes)
{
	MDB_envinfo info;
	MDB_stat st;
	if (store->env == NULL)
		return CB_ERR_NOSPACE;
	mdb_env_info(store->env, &info);
	mdb_env_stat(store->env, &st);
	uint64_t want = ((uint64_t)info.me_last_pgno + 1) * st.ms_psize + bytes;
	size_t size = info.me_mapsize;
	while (size < want && size < MAP_LIMIT)
		size *= 2;
	if (size == info.me_mapsize ||
	    mdb_env_set_mapsize(store->env, size) == 0)
		return CB_OK;
	env_reopen(store); /* LMDB left no map: see env_reopen() */
	return store->env ? CB_OK : CB_ERR_NOSPACE;
}

int cb_store_lazy_meta(struct cb_store *store, bool on)
{
	store->lazy_run = on;
	if (on)
		return CB_OK;
	return store->env ? store_error(mdb_env_sync(store->env, 1))
	                  : CB_ERR_NOSPACE;
}

/* The write transaction's cursor on table (see struct cb_txn), or NULL
 * in a read transaction. */
static MDB_cursor *own_cursor(struct cb_txn *txn, enum cb_table table)
{
	if (txn->writing && txn->cursor[table] == NULL &&
	    mdb_cursor_open(txn->txn, txn->store->dbi[table],
	        &txn->cursor[table]) != MDB_SUCCESS)
		txn->cursor[table] = NULL;
	return txn->cursor[table];
}

/* Finds key: with op MDB_SET_KEY, k then holds the key as stored. */
static int get(struct cb_txn *txn, enum cb_table table, MDB_val *k,
    MDB_val *v, MDB_cursor_op op)
{
	MDB_cursor *c = own_cursor(txn, table);
	if (c != NULL)
		return mdb_cursor_get(c, k, v, op);
	if (op == MDB_SET)
		return mdb_get(txn->txn, txn->store->dbi[table], k, v);
	int rc = mdb_cursor_open(txn->txn, txn->store->dbi[table], &c);
	if (rc != MDB_SUCCESS)
		return rc;
	rc = mdb_cursor_get(c, k, v, op);
	mdb_cursor_close(c);
	return rc;
}

int cb_get(struct cb_txn *txn, enum cb_table table, struct cb_val key,
    struct cb_val *val)
{
	MDB_val k = mdb_val(key), v;
	int rc = write_deferred(txn, table);
	if (rc != CB_OK)
		return rc;
	rc = get(txn, table, &k, &v, MDB_SET);
	if (rc == MDB_SUCCESS && val != NULL)
		*val = cb_val_of(v);
	return store_error(rc);
}

int cb_get_key(struct cb_txn *txn, enum cb_table table, struct cb_val key,
    struct cb_val *stored, struct cb_val *val)
{
	MDB_val k = mdb_val(key), v;
	int rc = write_deferred(txn, table);
	if (rc != CB_OK)
		return rc;
	rc = get(txn, table, &k, &v, MDB_SET_KEY);
	if (rc == MDB_SUCCESS) {
		*stored = cb_val_of(k);
		*val = cb_val_of(v);
	}
	return store_error(rc);
}

int cb_put(struct cb_txn *txn, enum cb_table table, struct cb_val key,
    struct cb_val val)
{
	MDB_val k = mdb_val(key), v = mdb_val(val);
	if (txn->deferred[table])
		return defer(txn, table, &k, &v);
	MDB_cursor *c = own_cursor(txn, table);
	int rc = c ? mdb_cursor_put(c, &k, &v, 0)
	           : mdb_put(txn->txn, txn->store->dbi[table], &k, &v, 0);
	return write_error(txn, rc);
}

int cb_put_changed(struct cb_txn *txn, enum cb_table table, struct cb_val key,
    struct cb_val val)
{
	struct cb_val old;
	int rc = cb_get(txn, table, key, &old);
	if (rc == CB_OK && old.size == val.size &&
	    memcmp(old.data, val.data, val.size) == 0)
		return CB_OK;
	if (rc != CB_OK && rc != CB_ERR_NOTFOUND)
		return rc;
	return cb_put(txn, table, key, val);
}

/* As LMDB orders keys (mdb_cmp_memn). */
int cb_key_cmp(struct cb_val a, struct cb_val b)
{
	size_t n = a.size < b.size ? a.size : b.size;
	int d = n ? memcmp(a.data, b.data, n) : 0;
	return d ? d : (a.size > b.size) - (a.size < b.size);
}

void cb_key_head(struct cb_key_head *h, struct cb_val key)
{
	const unsigned char *p = key.data;
	for (size_t w = 0; w < 2; w++) {
		h->w[w] = 0;
		for (size_t i = 8 * w; i < 8 * w + 8; i++)
			h->w[w] = h->w[w] << 8 | (i < key.size ? p[i] : 0);
	}
}

int cb_put_sorted(struct cb_txn *txn, enum cb_table table, size_t n,
    struct cb_val (*item)(size_t i, struct cb_val *val, void *arg), void *arg)
{
	int rc = write_deferred(txn, table);
	return rc == CB_OK ? put_sorted(txn, table, n, item, arg) : rc;
}

int cb_del(struct cb_txn *txn, enum cb_table table, struct cb_val key)
{
	MDB_val k = mdb_val(key);
	if (txn->deferred[table])
		return defer(txn, table, &k, NULL);
	return write_error(txn, mdb_del(txn->txn, txn->store->dbi[table], &k, NULL));
}

int cb_clear(struct cb_txn *txn, enum cb_table table)
{
	int rc = write_deferred(txn, table);
	return rc != CB_OK ? rc
	    : write_error(txn, mdb_drop(txn->txn, txn->store->dbi[table], 0));
}

int cb_count(struct cb_txn *txn, enum cb_table table, uint64_t *out)
{
	MDB_stat st;
	int rc = write_deferred(txn, table);
	if (rc != CB_OK)
		return rc;
	rc = mdb_stat(txn->txn, txn->store->dbi[table], &st);
	if (rc == MDB_SUCCESS)
		*out = st.ms_entries;
	return store_error(rc);
}

int cb_cursor_open(struct cb_txn *txn, enum cb_table table,
    struct cb_cursor **out)
{
	int rc = write_deferred(txn, table);
	if (rc != CB_OK)
		return rc;
	struct cb_cursor *c = malloc(sizeof *c);
	if (c == NULL)
		return CB_ERR_NOMEM;
	rc = mdb_cursor_open(txn->txn, txn->store->dbi[table], &c->cur);
	if (rc != MDB_SUCCESS) {
		free(c);
		return store_error(rc);
	}
	*out = c;
	return CB_OK;
}

/* Runs one cursor operation; the end of the table is CB_ERR_NOTHING. */
static int cursor_op(struct cb_cursor *c, MDB_val *k, MDB_cursor_op op,
    struct cb_val *key, struct cb_val *val)
{
	MDB_val v;
	int rc = mdb_cursor_get(c->cur, k, &v, op);
	if (rc == MDB_NOTFOUND)
		return CB_ERR_NOTHING;
	if (rc != MDB_SUCCESS)
		return store_error(rc);
	if (key != NULL)
		*key = cb_val_of(*k);
	if (val != NULL)
		*val = cb_val_of(v);
	return CB_OK;
}

int cb_cursor_seek(struct cb_cursor *c, struct cb_val key, struct cb_val *k,
    struct cb_val *v)
{
	MDB_val mk = mdb_val(key);
	return cursor_op(c, &mk, key.size ? MDB_SET_RANGE : MDB_FIRST, k, v);
}

int cb_cursor_next(struct cb_cursor *c, struct cb_val *k, struct cb_val *v)
{
	MDB_val mk;
	return cursor_op(c, &mk, MDB_NEXT, k, v);
}

int cb_cursor_last(struct cb_cursor *c, struct cb_val *k, struct cb_val *v)
{
	MDB_val mk;
	return cursor_op(c, &mk, MDB_LAST, k, v);
}

void cb_cursor_close(struct cb_cursor **c)
{
	if (*c == NULL)
		return;
	mdb_cursor_close((*c)->cur);
	free(*c);
	*c = NULL;
}

int cb_has_prefix(struct cb_val k, const void *prefix, size_t size)
{
	return k.size >= size && memcmp(k.data, prefix, size) == 0;
}

int cb_store_copy(struct cb_store *store, const char *dest)
{
	struct stat st;
	char from[4096], to[4096];
	if (store->env == NULL) /* lost with a map that could not be made */
		return CB_ERR_NOSPACE;
	if (stat(store->path, &st) != 0)
		return store_error(errno);
	/* The copy's folder as private as the database's, whatever the umask
	 * (a 2770 folder stays 2770). */
	mode_t old = umask(0);
	int made = mkdir(dest, st.st_mode & 07777);
	umask(old);
	if (made != 0 && errno != EEXIST)
		return store_error(errno);
	/* mkdir() leaves out the setgid bit (Linux): set it as it is here. */
	if (made == 0 && chmod(dest, st.st_mode & 07777) != 0)
		return store_error(errno);
	snprintf(to, sizeof to, "%s/data.mdb", dest);
	if (access(to, F_OK) == 0)
		return CB_ERR_EXISTS;
	int rc = store_error(mdb_env_copy2(store->env, dest, MDB_CP_COMPACT));
	snprintf(from, sizeof from, "%s/data.mdb", store->path);
	if (rc == CB_OK && stat(from, &st) == 0 && chmod(to, st.st_mode & 0777))
		rc = store_error(errno);
	return rc;
}

int cb_meta_get_int(struct cb_txn *txn, const char *name, int64_t *out)
{
	struct cb_val v = { 0 };
	int rc = cb_get(txn, CB_T_META, (struct cb_val){ name, strlen(name) }, &v);
	*out = 0;
	if (rc == CB_ERR_NOTFOUND)
		return CB_OK;
	if (rc != CB_OK)
		return rc;
	if (v.size != 8)
		return CB_ERR_CORRUPT;
	uint64_t u = 0;
	for (int i = 0; i < 8; i++)
		u = u << 8 | ((const unsigned char *)v.data)[i];
	*out = (int64_t)u;
	return CB_OK;
}

int cb_meta_put_int(struct cb_txn *txn, const char *name, int64_t value)
{
	unsigned char b[8];
	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)((uint64_t)value >> (56 - 8 * i));
	return cb_put(txn, CB_T_META, (struct cb_val){ name, strlen(name) },
	    (struct cb_val){ b, 8 });
}
