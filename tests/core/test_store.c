/* test_store.c -- tests of store.c: opening, transactions, tables, cursors,
 * the schema version, growing the map and copying a database. */
#include "store.h"

#include <lmdb.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#else
#define RUNNING_ON_VALGRIND 0
#endif

#include "error.h"
#include "fixture.h"

static const char *dir;
static struct cb_store *store;
/* A table a new database leaves empty, for the tests' own keys. */
#define SPARE CB_T_PAYMENT_IDS

static void setup(void)
{
	dir = fixture_dir();
	int rc = cb_store_open(dir, CB_OPEN_CREATE, &store);
	cr_assert_eq(rc, CB_OK, "create: %s", cb_strerror(rc));
	cr_assert_not_null(store);
}

static void teardown(void)
{
	cb_store_close(&store);
	fixture_cleanup();
}

TestSuite(store, .init = setup, .fini = teardown);

static struct cb_val text(const char *s)
{
	return (struct cb_val){ s, strlen(s) };
}

/* Writes a NULL-terminated list of key, value pairs to a table. */
struct pairs {
	enum cb_table table;
	const char *const *kv;
};

static int put_pairs(struct cb_txn *txn, void *arg)
{
	const struct pairs *p = arg;
	for (size_t i = 0; p->kv[i]; i += 2) {
		int rc = cb_put(txn, p->table, text(p->kv[i]), text(p->kv[i + 1]));
		if (rc != CB_OK)
			return rc;
	}
	return CB_OK;
}

static void write_pairs(enum cb_table table, const char *const *kv)
{
	struct pairs p = { table, kv };
	int rc = cb_store_write(store, put_pairs, &p);
	cr_assert_eq(rc, CB_OK, "write: %s", cb_strerror(rc));
}

/* Expects table[key] to be want (NULL: absent) in a new read txn. */
static void expect_value(enum cb_table table, const char *key,
    const char *want)
{
	struct cb_txn *txn;
	struct cb_val v = { 0 };
	cr_assert_eq(cb_store_read(store, &txn), CB_OK);
	int rc = cb_get(txn, table, text(key), &v);
	if (want == NULL) {
		cr_expect_eq(rc, CB_ERR_NOTFOUND, "key %s: %s", key, cb_strerror(rc));
	} else {
		cr_expect_eq(rc, CB_OK, "key %s: %s", key, cb_strerror(rc));
		if (rc == CB_OK) {
			cr_expect_eq(v.size, strlen(want), "key %s", key);
			cr_expect(v.size == strlen(want) &&
			    memcmp(v.data, want, v.size) == 0, "key %s", key);
		}
	}
	cb_txn_end(&txn);
}

static uint64_t count(enum cb_table table)
{
	struct cb_txn *txn;
	uint64_t n = 0;
	cr_assert_eq(cb_store_read(store, &txn), CB_OK);
	cr_assert_eq(cb_count(txn, table, &n), CB_OK);
	cb_txn_end(&txn);
	return n;
}

static int64_t meta_int(const char *name)
{
	struct cb_txn *txn;
	int64_t v = 12345;
	cr_assert_eq(cb_store_read(store, &txn), CB_OK);
	cr_assert_eq(cb_meta_get_int(txn, name, &v), CB_OK);
	cb_txn_end(&txn);
	return v;
}

Test(store, create_refuses_an_existing_database)
{
	struct cb_store *other = NULL;
	cr_expect_str_eq(cb_store_path(store), dir);
	cb_store_close(&store);
	cr_expect_null(store);
	cr_expect_eq(cb_store_open(dir, CB_OPEN_CREATE, &other), CB_ERR_EXISTS);
	cr_expect_null(other);
	/* Without CREATE it opens. */
	cr_assert_eq(cb_store_open(dir, 0, &store), CB_OK);
}

Test(store, opening_a_missing_database_is_notfound)
{
	struct cb_store *other = NULL;
	char path[400];
	snprintf(path, sizeof path, "%s/nowhere", dir);
	cr_expect_eq(cb_store_open(path, 0, &other), CB_ERR_NOTFOUND);
	cr_expect_null(other);
	/* An existing but empty folder holds no database either. */
	snprintf(path, sizeof path, "%s/empty", dir);
	cr_assert_eq(mkdir(path, 0700), 0);
	cr_expect_eq(cb_store_open(path, 0, &other), CB_ERR_NOTFOUND);
	cr_expect_null(other);
	/* ... and no database was made there by trying. */
	snprintf(path, sizeof path, "%s/empty/data.mdb", dir);
	struct stat st;
	cr_expect_neq(stat(path, &st), 0);
	/* Creating in a new folder works. */
	snprintf(path, sizeof path, "%s/new", dir);
	cr_assert_eq(cb_store_open(path, CB_OPEN_CREATE, &other), CB_OK);
	cb_store_close(&other);
	cr_expect_null(other);
	cb_store_close(&other); /* accepts NULL */
}

Test(store, schema_version_is_stored)
{
	cr_expect_eq(meta_int("schema"), CB_SCHEMA_VERSION);
	cb_store_close(&store);
	cr_assert_eq(cb_store_open(dir, 0, &store), CB_OK);
	cr_expect_eq(meta_int("schema"), CB_SCHEMA_VERSION);
}

static int set_schema(struct cb_txn *txn, void *arg)
{
	return cb_meta_put_int(txn, "schema", *(const int64_t *)arg);
}

Test(store, a_newer_schema_is_refused)
{
	int64_t v = CB_SCHEMA_VERSION + 1;
	struct cb_store *other = NULL;
	cr_assert_eq(cb_store_write(store, set_schema, &v), CB_OK);
	cb_store_close(&store);
	cr_expect_eq(cb_store_open(dir, 0, &other), CB_ERR_VERSION);
	cr_expect_null(other);
}

Test(store, an_older_schema_is_migrated)
{
	int64_t v = CB_SCHEMA_VERSION - 1;
	cr_assert_eq(cb_store_write(store, set_schema, &v), CB_OK);
	cr_assert_eq(meta_int("schema"), CB_SCHEMA_VERSION - 1);
	cb_store_close(&store);
	cr_assert_eq(cb_store_open(dir, 0, &store), CB_OK);
	cr_expect_eq(meta_int("schema"), CB_SCHEMA_VERSION);
}

/* Whether the database in dir has a table called name: the names of
 * LMDB's tables are the keys of its main table. */
static bool has_table(const char *name)
{
	MDB_env *env;
	MDB_txn *txn;
	MDB_dbi dbi;
	cr_assert_eq(mdb_env_create(&env), 0);
	cr_assert_eq(mdb_env_set_maxdbs(env, 64), 0);
	cr_assert_eq(mdb_env_open(env, dir, 0, 0660), 0);
	cr_assert_eq(mdb_txn_begin(env, NULL, MDB_RDONLY, &txn), 0);
	int rc = mdb_dbi_open(txn, name, 0, &dbi);
	mdb_txn_abort(txn);
	mdb_env_close(env);
	cr_assert(rc == 0 || rc == MDB_NOTFOUND, "%s", mdb_strerror(rc));
	return rc == 0;
}

/* Makes a table called name, holding one key, with LMDB alone. */
static void make_table(const char *name)
{
	MDB_env *env;
	MDB_txn *txn;
	MDB_dbi dbi;
	MDB_val k = { 1, "k" }, v = { 1, "v" };
	cr_assert_eq(mdb_env_create(&env), 0);
	cr_assert_eq(mdb_env_set_maxdbs(env, 64), 0);
	cr_assert_eq(mdb_env_open(env, dir, 0, 0660), 0);
	cr_assert_eq(mdb_txn_begin(env, NULL, 0, &txn), 0);
	cr_assert_eq(mdb_dbi_open(txn, name, MDB_CREATE, &dbi), 0);
	cr_assert_eq(mdb_put(txn, dbi, &k, &v, 0), 0);
	cr_assert_eq(mdb_txn_commit(txn), 0);
	mdb_env_close(env);
}

Test(store, a_table_of_an_older_schema_that_is_gone_is_deleted)
{
	/* Schema 5 kept an import's working keys in a table, scratch. */
	int64_t v = 5;
	cr_assert_eq(cb_store_write(store, set_schema, &v), CB_OK);
	cb_store_close(&store);
	make_table("scratch");
	make_table("kept"); /* not ours to delete */
	cr_assert(has_table("scratch"));
	cr_assert_eq(cb_store_open(dir, 0, &store), CB_OK);
	cr_expect_eq(meta_int("schema"), CB_SCHEMA_VERSION);
	cb_store_close(&store);
	cr_expect_not(has_table("scratch"));
	cr_expect(has_table("kept"));
}

Test(store, put_get_del)
{
	static const char *const kv[] = { "alpha", "1", "beta", "22",
		"gamma", "", NULL };
	write_pairs(SPARE, kv);
	expect_value(SPARE, "alpha", "1");
	expect_value(SPARE, "beta", "22");
	expect_value(SPARE, "gamma", "");
	expect_value(SPARE, "delta", NULL);
	/* Tables are apart: the same key is absent from another. */
	expect_value(CB_T_USERS, "alpha", NULL);
	cr_expect_eq(count(SPARE), 3);

	static const char *const again[] = { "alpha", "one", NULL };
	write_pairs(SPARE, again);
	expect_value(SPARE, "alpha", "one");
	cr_expect_eq(count(SPARE), 3, "replaced, not added");
}

struct del_job {
	const char *key;
	int rc;
};

static int del_one(struct cb_txn *txn, void *arg)
{
	struct del_job *j = arg;
	j->rc = cb_del(txn, SPARE, text(j->key));
	return CB_OK;
}

Test(store, del_removes_and_reports_absent_keys)
{
	static const char *const kv[] = { "a", "1", "b", "2", NULL };
	write_pairs(SPARE, kv);
	struct del_job j = { "a", -1 };
	cr_assert_eq(cb_store_write(store, del_one, &j), CB_OK);
	cr_expect_eq(j.rc, CB_OK);
	expect_value(SPARE, "a", NULL);
	expect_value(SPARE, "b", "2");
	j = (struct del_job){ "a", -1 };
	cr_assert_eq(cb_store_write(store, del_one, &j), CB_OK);
	cr_expect_eq(j.rc, CB_ERR_NOTFOUND);
	cr_expect_eq(count(SPARE), 1);
}

struct failing_job {
	int result;
	int calls;
};

static int put_then_fail(struct cb_txn *txn, void *arg)
{
	struct failing_job *j = arg;
	j->calls++;
	int rc = cb_put(txn, SPARE, text("left"), text("behind"));
	if (rc == CB_OK)
		rc = cb_meta_put_int(txn, "trace", 99);
	return rc == CB_OK ? j->result : rc;
}

Test(store, a_failing_write_leaves_nothing)
{
	static const int results[] = { CB_ERR_INPUT, CB_ERR_NOTHING,
		CB_ERR_CONFLICT, CB_ERR_PERM };
	for (size_t i = 0; i < sizeof results / sizeof results[0]; i++) {
		struct failing_job j = { results[i], 0 };
		cr_expect_eq(cb_store_write(store, put_then_fail, &j), results[i]);
		cr_expect_eq(j.calls, 1, "run once");
		expect_value(SPARE, "left", NULL);
		cr_expect_eq(count(SPARE), 0);
		cr_expect_eq(meta_int("trace"), 0);
	}
	/* The same function returning OK does commit. */
	struct failing_job ok = { CB_OK, 0 };
	cr_expect_eq(cb_store_write(store, put_then_fail, &ok), CB_OK);
	expect_value(SPARE, "left", "behind");
	cr_expect_eq(meta_int("trace"), 99);
}

static const int64_t meta_values[] = { 0, 1, -1, 255, 256, -256,
	INT64_MAX, INT64_MIN, 1234567890123LL };
#define NMETA (sizeof meta_values / sizeof meta_values[0])

static int put_metas(struct cb_txn *txn, void *arg)
{
	char name[32];
	(void)arg;
	for (size_t i = 0; i < NMETA; i++) {
		snprintf(name, sizeof name, "value%zu", i);
		int rc = cb_meta_put_int(txn, name, meta_values[i]);
		if (rc != CB_OK)
			return rc;
	}
	return CB_OK;
}

Test(store, meta_int_round_trip)
{
	char name[32];
	cr_assert_eq(cb_store_write(store, put_metas, NULL), CB_OK);
	cb_store_close(&store);
	cr_assert_eq(cb_store_open(dir, 0, &store), CB_OK);
	for (size_t i = 0; i < NMETA; i++) {
		snprintf(name, sizeof name, "value%zu", i);
		cr_expect_eq(meta_int(name), meta_values[i], "%s", name);
	}
	cr_expect_eq(meta_int("never written"), 0);
	/* Stored big-endian in 8 bytes. */
	struct cb_txn *txn;
	struct cb_val v;
	cr_assert_eq(cb_store_read(store, &txn), CB_OK);
	cr_assert_eq(cb_get(txn, CB_T_META, text("value4"), &v), CB_OK);
	cr_assert_eq(v.size, 8);
	cr_expect(memcmp(v.data, "\0\0\0\0\0\0\1\0", 8) == 0);
	cb_txn_end(&txn);
}

static int put_short_meta(struct cb_txn *txn, void *arg)
{
	(void)arg;
	return cb_put(txn, CB_T_META, text("odd"), text("abc"));
}

Test(store, meta_int_of_another_size_is_corrupt)
{
	struct cb_txn *txn;
	int64_t v = 5;
	cr_assert_eq(cb_store_write(store, put_short_meta, NULL), CB_OK);
	cr_assert_eq(cb_store_read(store, &txn), CB_OK);
	cr_expect_eq(cb_meta_get_int(txn, "odd", &v), CB_ERR_CORRUPT);
	cb_txn_end(&txn);
}

Test(store, data_outlives_the_process_handle)
{
	static const char *const kv[] = { "kept", "yes", NULL };
	write_pairs(CB_T_DEBTORS, kv);
	cb_store_close(&store);
	cr_assert_eq(cb_store_open(dir, 0, &store), CB_OK);
	expect_value(CB_T_DEBTORS, "kept", "yes");
}

Test(store, a_read_transaction_is_a_snapshot)
{
	static const char *const one[] = { "a", "1", NULL };
	static const char *const two[] = { "a", "2", "b", "3", NULL };
	struct cb_txn *txn;
	struct cb_val v;
	uint64_t n;
	write_pairs(SPARE, one);
	cr_assert_eq(cb_store_read(store, &txn), CB_OK);
	write_pairs(SPARE, two);
	cr_assert_eq(cb_get(txn, SPARE, text("a"), &v), CB_OK);
	cr_expect(v.size == 1 && memcmp(v.data, "1", 1) == 0);
	cr_expect_eq(cb_get(txn, SPARE, text("b"), &v), CB_ERR_NOTFOUND);
	cr_assert_eq(cb_count(txn, SPARE, &n), CB_OK);
	cr_expect_eq(n, 1);
	cr_expect_eq(cb_txn_store(txn), store);
	cb_txn_end(&txn);
	cr_expect_null(txn);
	cb_txn_end(&txn); /* accepts NULL */
	expect_value(SPARE, "a", "2");
	expect_value(SPARE, "b", "3");
}

Test(store, get_key_gives_the_stored_key)
{
	static const char *const kv[] = { "stored-key", "v", NULL };
	struct cb_txn *txn;
	struct cb_val k, v;
	char mine[] = "stored-key";
	write_pairs(SPARE, kv);
	cr_assert_eq(cb_store_read(store, &txn), CB_OK);
	cr_assert_eq(cb_get_key(txn, SPARE, text(mine), &k, &v), CB_OK);
	cr_expect_neq(k.data, (const void *)mine, "a pointer into the map");
	cr_assert_eq(k.size, strlen(mine));
	memset(mine, 'x', sizeof mine - 1);
	cr_expect(memcmp(k.data, "stored-key", k.size) == 0);
	cr_expect(v.size == 1 && memcmp(v.data, "v", 1) == 0);
	cr_expect_eq(cb_get_key(txn, SPARE, text("nokey"), &k, &v),
	    CB_ERR_NOTFOUND);
	cb_txn_end(&txn);
}

static int clear_scratch(struct cb_txn *txn, void *arg)
{
	(void)arg;
	return cb_clear(txn, SPARE);
}

Test(store, clear_empties_one_table)
{
	static const char *const kv[] = { "a", "1", "b", "2", "c", "3", NULL };
	write_pairs(SPARE, kv);
	write_pairs(CB_T_SEARCH, kv);
	cr_assert_eq(count(SPARE), 3);
	cr_assert_eq(cb_store_write(store, clear_scratch, NULL), CB_OK);
	cr_expect_eq(count(SPARE), 0);
	cr_expect_eq(count(CB_T_SEARCH), 3, "other tables stay");
	/* The table is still there to write to. */
	write_pairs(SPARE, kv);
	cr_expect_eq(count(SPARE), 3);
}

static const char *const cursor_keys[] = { "a", "1", "ab", "2", "abc", "3",
	"b", "4", "ba", "5", "c", "6", NULL };

/* Reads the key at the cursor as a string. */
static const char *key_str(struct cb_val k)
{
	static char buf[64];
	cr_assert_lt(k.size, sizeof buf);
	memcpy(buf, k.data, k.size);
	buf[k.size] = '\0';
	return buf;
}

/* Writes the NULL-ended keys given, with cb_put_sorted(); each key's
 * value is its first letter. */
static struct cb_val nth_key(size_t i, struct cb_val *val, void *arg)
{
	const char *const *keys = arg;
	*val = (struct cb_val){ keys[i], 1 };
	return (struct cb_val){ keys[i], strlen(keys[i]) };
}

static int put_sorted_txn(struct cb_txn *txn, void *arg)
{
	size_t n = 0;
	while (((const char *const *)arg)[n])
		n++;
	return cb_put_sorted(txn, CB_T_SEARCH, n, nth_key, arg);
}

/* The keys of the search table, in its order, joined by spaces. */
static const char *search_keys(void)
{
	static char out[256];
	struct cb_txn *txn;
	struct cb_cursor *c;
	struct cb_val k;
	size_t n = 0;
	out[0] = '\0';
	cr_assert_eq(cb_store_read(store, &txn), CB_OK);
	cr_assert_eq(cb_cursor_open(txn, CB_T_SEARCH, &c), CB_OK);
	for (int rc = cb_cursor_seek(c, (struct cb_val){ 0 }, &k, NULL);
	     rc == CB_OK; rc = cb_cursor_next(c, &k, NULL))
		n += (size_t)snprintf(out + n, sizeof out - n, "%s%s", n ? " " : "",
		    key_str(k));
	cb_cursor_close(&c);
	cb_txn_end(&txn);
	return out;
}

/* Heads, then the keys when the heads are equal: LMDB's order. */
static int by_head(const void *a, const void *b)
{
	const char *const *x = a, *const *y = b;
	struct cb_key_head hx, hy;
	cb_key_head(&hx, text(*x));
	cb_key_head(&hy, text(*y));
	int d = cb_key_head_cmp(&hx, &hy);
	return d ? d : cb_key_cmp(text(*x), text(*y));
}

Test(store, keys_sorted_by_their_heads_come_in_the_tables_order)
{
	/* Keys that differ in the first 16 bytes, after them, and only in
	 * length; bytes above 127, which must count as unsigned. */
	const char *keys[] = { "contreras 5000007-9", "contreras 5000000-1",
		"contreras 5000000-10", "b", "ab", "a", "ñandú",
		"abcdefghijklmnopq", "abcdefghijklmnop", "abcdefghijklmnoz",
		"zz" };
	size_t n = sizeof keys / sizeof keys[0];
	qsort(keys, n, sizeof keys[0], by_head);
	/* The table, written one key at a time, gives the same order. */
	write_pairs(SPARE, (const char *const[]){ "contreras 5000007-9", "",
	    "contreras 5000000-1", "", "contreras 5000000-10", "", "b", "",
	    "ab", "", "a", "", "ñandú", "",
	    "abcdefghijklmnopq", "", "abcdefghijklmnop", "",
	    "abcdefghijklmnoz", "", "zz", "", NULL });
	struct cb_txn *txn;
	struct cb_cursor *c;
	struct cb_val k;
	size_t i = 0;
	cr_assert_eq(cb_store_read(store, &txn), CB_OK);
	cr_assert_eq(cb_cursor_open(txn, SPARE, &c), CB_OK);
	for (int rc = cb_cursor_seek(c, (struct cb_val){ 0 }, &k, NULL);
	     rc == CB_OK; rc = cb_cursor_next(c, &k, NULL), i++) {
		cr_assert_lt(i, n);
		cr_expect_eq(cb_key_cmp(k, text(keys[i])), 0, "key %zu: %s", i,
		    key_str(k));
	}
	cr_expect_eq(i, n);
	cb_cursor_close(&c);
	cb_txn_end(&txn);
}

Test(store, put_sorted_appends_to_an_empty_table_and_merges_into_a_full_one)
{
	static const char *const first[] = { "b", "ba", "bb", "d", NULL };
	/* Below the last key, between, equal to one there, and past it. */
	static const char *const more[] = { "a", "bab", "d", "e", "f", NULL };
	cr_assert_eq(cb_store_write(store, put_sorted_txn, (void *)first), CB_OK);
	cr_expect_str_eq(search_keys(), "b ba bb d");
	cr_assert_eq(cb_store_write(store, put_sorted_txn, (void *)more), CB_OK);
	cr_expect_str_eq(search_keys(), "a b ba bab bb d e f");
	cr_expect_eq(count(CB_T_SEARCH), 8);
	/* Each with its value, appended or put in place. */
	struct cb_txn *txn;
	struct cb_val v;
	cr_assert_eq(cb_store_read(store, &txn), CB_OK);
	for (const char *const *k = more; *k; k++) {
		cr_assert_eq(cb_get(txn, CB_T_SEARCH,
		    (struct cb_val){ *k, strlen(*k) }, &v), CB_OK, "%s", *k);
		cr_expect(v.size == 1 && *(const char *)v.data == **k, "%s", *k);
	}
	cb_txn_end(&txn);
}

/* Puts deferred in a table that holds keys already (b, d): before them,
 * between, over one, past the last, and one key twice. */
static int deferred_puts(struct cb_txn *txn, void *arg)
{
	static const char *const kv[] = { "e", "5", "a", "1", "c", "3",
		"d", "4", "c", "3 again", NULL };
	const bool *fail = arg;
	int rc = cb_txn_defer(txn, CB_T_SEARCH);
	for (size_t i = 0; kv[i] && rc == CB_OK; i += 2)
		rc = cb_put(txn, CB_T_SEARCH, text(kv[i]), text(kv[i + 1]));
	return rc == CB_OK && *fail ? CB_ERR_INPUT : rc;
}

Test(store, deferred_puts_are_written_in_key_order_at_the_commit)
{
	static const char *const first[] = { "b", "d", NULL };
	bool fail = false;
	cr_assert_eq(cb_store_write(store, put_sorted_txn, (void *)first), CB_OK);
	cr_assert_eq(cb_store_write(store, deferred_puts, &fail), CB_OK);
	cr_expect_str_eq(search_keys(), "a b c d e");
	expect_value(CB_T_SEARCH, "c", "3 again"); /* the later put wins */
	expect_value(CB_T_SEARCH, "d", "4");
	expect_value(CB_T_SEARCH, "b", "b");
}

/* Many puts deferred, in a shuffled order and some keys twice: more than
 * one thread sorts at once. */
#define MANY_DEFERRED 150000
static int many_deferred(struct cb_txn *txn, void *arg)
{
	int rc = cb_txn_defer(txn, SPARE);
	(void)arg;
	for (uint32_t i = 0; i < MANY_DEFERRED + 1000 && rc == CB_OK; i++) {
		/* i * 7919 mod MANY_DEFERRED visits every key once; the last
		 * thousand puts write keys again, with other values. */
		uint32_t n = (uint32_t)((uint64_t)i * 7919 % MANY_DEFERRED);
		char key[16], val[16];
		snprintf(key, sizeof key, "k%07u", n);
		snprintf(val, sizeof val, "%u", i);
		rc = cb_put(txn, SPARE, text(key), text(val));
	}
	return rc;
}

Test(store, many_deferred_puts_come_out_in_order_the_last_of_a_key_winning)
{
	static uint32_t last[MANY_DEFERRED]; /* the last put of each key */
	struct cb_txn *txn;
	struct cb_cursor *c;
	struct cb_val k, v;
	uint32_t i = 0;
	for (uint32_t j = 0; j < MANY_DEFERRED + 1000; j++)
		last[(uint64_t)j * 7919 % MANY_DEFERRED] = j;
	cr_assert_eq(cb_store_write(store, many_deferred, NULL), CB_OK);
	cr_assert_eq(cb_store_read(store, &txn), CB_OK);
	cr_assert_eq(cb_cursor_open(txn, SPARE, &c), CB_OK);
	for (int rc = cb_cursor_seek(c, (struct cb_val){ 0 }, &k, &v);
	     rc == CB_OK; rc = cb_cursor_next(c, &k, &v), i++) {
		char want[16], val[16];
		cr_assert_lt(i, MANY_DEFERRED);
		snprintf(want, sizeof want, "k%07u", i);
		cr_assert_str_eq(key_str(k), want);
		snprintf(val, sizeof val, "%u", last[i]);
		cr_assert(v.size == strlen(val) && memcmp(v.data, val, v.size) == 0,
		    "%s", want);
	}
	cr_expect_eq(i, MANY_DEFERRED);
	cb_cursor_close(&c);
	cb_txn_end(&txn);
}

Test(store, deferred_puts_of_a_failed_write_are_not_written)
{
	bool fail = true;
	cr_assert_eq(cb_store_write(store, deferred_puts, &fail), CB_ERR_INPUT);
	cr_expect_eq(count(CB_T_SEARCH), 0);
}

/* Reads and deletions in a table with puts deferred, in the same
 * transaction. */
static int read_deferred(struct cb_txn *txn, void *arg)
{
	struct cb_cursor *c;
	struct cb_val k, v;
	uint64_t n = 0;
	(void)arg;
	cr_assert_eq(cb_txn_defer(txn, SPARE), CB_OK);
	cr_assert_eq(cb_put(txn, SPARE, text("k1"), text("v1")), CB_OK);
	cr_expect_eq(cb_get(txn, SPARE, text("k1"), &v), CB_OK);
	cr_expect(v.size == 2 && memcmp(v.data, "v1", 2) == 0);
	/* Still deferred after a read: a cursor and a count see them too. */
	cr_assert_eq(cb_put(txn, SPARE, text("k0"), text("v0")), CB_OK);
	cr_assert_eq(cb_cursor_open(txn, SPARE, &c), CB_OK);
	cr_expect_eq(cb_cursor_seek(c, (struct cb_val){ 0 }, &k, NULL), CB_OK);
	cr_expect_str_eq(key_str(k), "k0");
	cb_cursor_close(&c);
	cr_assert_eq(cb_put(txn, SPARE, text("k2"), text("v2")), CB_OK);
	cr_expect_eq(cb_count(txn, SPARE, &n), CB_OK);
	cr_expect_eq(n, 3);
	/* Deletions are kept too, in their order with the puts: of a key
	 * put then deleted, of one in the table deleted then put again, of
	 * one in the table deleted, and of one never there. */
	cr_assert_eq(cb_put(txn, SPARE, text("k3"), text("v3")), CB_OK);
	cr_expect_eq(cb_del(txn, SPARE, text("k3")), CB_OK);
	cr_expect_eq(cb_del(txn, SPARE, text("k1")), CB_OK);
	cr_assert_eq(cb_put(txn, SPARE, text("k1"), text("v1 again")), CB_OK);
	cr_expect_eq(cb_del(txn, SPARE, text("k0")), CB_OK);
	cr_expect_eq(cb_del(txn, SPARE, text("k9")), CB_OK);
	return CB_OK;
}

Test(store, a_table_with_writes_deferred_reads_them_in_the_same_transaction)
{
	cr_assert_eq(cb_store_write(store, read_deferred, NULL), CB_OK);
	cr_expect_eq(count(SPARE), 2);
	expect_value(SPARE, "k3", NULL);
	expect_value(SPARE, "k0", NULL);
	expect_value(SPARE, "k1", "v1 again");
	expect_value(SPARE, "k2", "v2");
}

Test(store, only_a_write_transaction_defers_puts)
{
	struct cb_txn *txn;
	cr_assert_eq(cb_store_read(store, &txn), CB_OK);
	cr_expect_eq(cb_txn_defer(txn, SPARE), CB_ERR_INTERNAL);
	cb_txn_end(&txn);
}

Test(store, cursor_seek_next_last)
{
	struct cb_txn *txn;
	struct cb_cursor *c;
	struct cb_val k, v;
	write_pairs(SPARE, cursor_keys);
	cr_assert_eq(cb_store_read(store, &txn), CB_OK);
	cr_assert_eq(cb_cursor_open(txn, SPARE, &c), CB_OK);

	/* The first of all. */
	cr_assert_eq(cb_cursor_seek(c, (struct cb_val){ 0 }, &k, &v), CB_OK);
	cr_expect_str_eq(key_str(k), "a");
	cr_expect(v.size == 1 && memcmp(v.data, "1", 1) == 0);
	/* Every key in order, then the end. */
	static const char *const order[] = { "ab", "abc", "b", "ba", "c" };
	for (size_t i = 0; i < 5; i++) {
		cr_assert_eq(cb_cursor_next(c, &k, &v), CB_OK);
		cr_expect_str_eq(key_str(k), order[i]);
		cr_expect_eq(((const char *)v.data)[0], (char)('2' + i));
	}
	cr_expect_eq(cb_cursor_next(c, &k, &v), CB_ERR_NOTHING);

	/* An exact key, and the first one after a missing key. */
	cr_assert_eq(cb_cursor_seek(c, text("ab"), &k, &v), CB_OK);
	cr_expect_str_eq(key_str(k), "ab");
	cr_assert_eq(cb_cursor_next(c, &k, NULL), CB_OK);
	cr_expect_str_eq(key_str(k), "abc");
	cr_assert_eq(cb_cursor_seek(c, text("abd"), &k, NULL), CB_OK);
	cr_expect_str_eq(key_str(k), "b");
	cr_assert_eq(cb_cursor_seek(c, text("0"), &k, NULL), CB_OK);
	cr_expect_str_eq(key_str(k), "a");
	cr_expect_eq(cb_cursor_seek(c, text("d"), &k, NULL), CB_ERR_NOTHING);

	cr_assert_eq(cb_cursor_last(c, &k, &v), CB_OK);
	cr_expect_str_eq(key_str(k), "c");
	cr_expect_eq(cb_cursor_next(c, &k, NULL), CB_ERR_NOTHING);
	cb_cursor_close(&c);
	cr_expect_null(c);
	cb_cursor_close(&c); /* accepts NULL */

	/* An empty table has no first nor last record. */
	cr_assert_eq(cb_cursor_open(txn, CB_T_USERS, &c), CB_OK);
	cr_expect_eq(cb_cursor_seek(c, (struct cb_val){ 0 }, &k, &v),
	    CB_ERR_NOTHING);
	cr_expect_eq(cb_cursor_last(c, &k, &v), CB_ERR_NOTHING);
	cb_cursor_close(&c);
	cb_txn_end(&txn);
}

/* The keys of table that start with prefix, joined by spaces. */
static const char *prefix_walk(struct cb_txn *txn, const char *prefix)
{
	static char out[256];
	struct cb_cursor *c;
	struct cb_val k;
	int rc;
	out[0] = '\0';
	cr_assert_eq(cb_cursor_open(txn, SPARE, &c), CB_OK);
	for (rc = cb_cursor_seek(c, text(prefix), &k, NULL);
	     rc == CB_OK && cb_has_prefix(k, prefix, strlen(prefix));
	     rc = cb_cursor_next(c, &k, NULL)) {
		if (out[0])
			strcat(out, " ");
		strcat(out, key_str(k));
	}
	cb_cursor_close(&c);
	return out;
}

Test(store, cursor_prefix_walk)
{
	struct cb_txn *txn;
	write_pairs(SPARE, cursor_keys);
	cr_assert_eq(cb_store_read(store, &txn), CB_OK);
	cr_expect_str_eq(prefix_walk(txn, "a"), "a ab abc");
	cr_expect_str_eq(prefix_walk(txn, "ab"), "ab abc");
	cr_expect_str_eq(prefix_walk(txn, "b"), "b ba");
	cr_expect_str_eq(prefix_walk(txn, "abcd"), "");
	cr_expect_str_eq(prefix_walk(txn, "c"), "c");
	cr_expect_str_eq(prefix_walk(txn, "z"), "");
	cb_txn_end(&txn);

	struct cb_val k = text("abc");
	cr_expect(cb_has_prefix(k, "ab", 2));
	cr_expect(cb_has_prefix(k, "abc", 3));
	cr_expect(cb_has_prefix(k, "", 0));
	cr_expect(!cb_has_prefix(k, "abcd", 4), "longer than the key");
	cr_expect(!cb_has_prefix(k, "b", 1));
	cr_expect(!cb_has_prefix(k, "abd", 3));
}

/* Map growth: values of 1 MiB whose bytes tell their key and offset. */
#define MIB ((size_t)1 << 20)

static void fill(unsigned char *buf, uint32_t id)
{
	uint32_t x = id * 2654435761u + 1;
	for (size_t i = 0; i < MIB; i += 4) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		memcpy(buf + i, &x, 4);
	}
}

struct big_job {
	uint32_t first, n;
	unsigned char *buf;
	int calls;
};

static int put_big(struct cb_txn *txn, void *arg)
{
	struct big_job *j = arg;
	j->calls++;
	for (uint32_t id = j->first; id < j->first + j->n; id++) {
		unsigned char key[4] = { (unsigned char)(id >> 24),
			(unsigned char)(id >> 16), (unsigned char)(id >> 8),
			(unsigned char)id };
		fill(j->buf, id);
		int rc = cb_put(txn, SPARE, (struct cb_val){ key, 4 },
		    (struct cb_val){ j->buf, MIB });
		if (rc != CB_OK)
			return rc;
	}
	return CB_OK;
}

static void check_big(uint32_t n, unsigned char *buf)
{
	struct cb_txn *txn;
	struct cb_cursor *c;
	struct cb_val k, v;
	uint32_t id = 0;
	int rc;
	cr_assert_eq(cb_store_read(store, &txn), CB_OK);
	cr_assert_eq(cb_cursor_open(txn, SPARE, &c), CB_OK);
	for (rc = cb_cursor_seek(c, (struct cb_val){ 0 }, &k, &v); rc == CB_OK;
	     rc = cb_cursor_next(c, &k, &v), id++) {
		const unsigned char *kb = k.data;
		cr_assert_eq(k.size, 4);
		cr_assert_eq((uint32_t)kb[0] << 24 | (uint32_t)kb[1] << 16 |
		    (uint32_t)kb[2] << 8 | kb[3], id);
		cr_assert_eq(v.size, MIB, "value %u", id);
		fill(buf, id);
		cr_assert(memcmp(v.data, buf, MIB) == 0, "value %u differs", id);
	}
	cr_expect_eq(rc, CB_ERR_NOTHING);
	cr_expect_eq(id, n);
	cb_cursor_close(&c);
	cb_txn_end(&txn);
}

Test(store, map_grows_over_many_writes, .timeout = 120)
{
	/* 300 MiB in 30 writes of 10 MiB: more than the first 256 MiB map. */
	unsigned char *buf = malloc(MIB);
	cr_assert_not_null(buf);
	for (uint32_t w = 0; w < 30; w++) {
		struct big_job j = { w * 10, 10, buf, 0 };
		int rc = cb_store_write(store, put_big, &j);
		cr_assert_eq(rc, CB_OK, "write %u: %s", w, cb_strerror(rc));
	}
	check_big(300, buf);
	/* And after opening again, with the map size of the file. */
	cb_store_close(&store);
	cr_assert_eq(cb_store_open(dir, 0, &store), CB_OK);
	check_big(300, buf);
	free(buf);
}

/* Writes 300 MiB in one write, after asking for room first or not, and
 * checks it; returns how many times the write ran its function. */
static int write_300_mib(uint64_t room)
{
	unsigned char *buf = malloc(MIB);
	cr_assert_not_null(buf);
	if (room > 0)
		cr_assert_eq(cb_store_reserve(store, room), CB_OK);
	struct big_job j = { 0, 300, buf, 0 };
	int rc = cb_store_write(store, put_big, &j);
	cr_assert_eq(rc, CB_OK, "%s", cb_strerror(rc));
	check_big(300, buf);
	free(buf);
	return j.calls;
}

Test(store, map_grows_inside_one_write, .timeout = 120)
{
	/* One write of 300 MiB cannot fit the first map: it must be grown
	 * and the function run again from the start. */
	int calls = write_300_mib(0);
	cr_expect_geq(calls, 2, "ran %d times", calls);
}

Test(store, a_write_with_room_reserved_runs_once, .timeout = 120)
{
	/* With the room made beforehand it runs once, not again. */
	int calls = write_300_mib((uint64_t)310 * MIB);
	cr_expect_eq(calls, 1, "ran %d times", calls);
}

/* The kibibytes of address space the process uses now. */
static long address_space_kib(void)
{
	char line[128];
	long kib = -1;
	FILE *f = fopen("/proc/self/status", "r");
	cr_assert_not_null(f);
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "VmSize: %ld kB", &kib) == 1)
			break;
	fclose(f);
	return kib;
}

/* Leaves the process 128 MiB more address space than it uses now, too
 * little to double the map; returns the limit to put back. */
static struct rlimit limit_address_space(void)
{
	struct rlimit old, tight;
	cr_assert_eq(getrlimit(RLIMIT_AS, &old), 0);
	tight = old;
	tight.rlim_cur = (rlim_t)(address_space_kib() + 128 * 1024) * 1024;
	cr_assert_eq(setrlimit(RLIMIT_AS, &tight), 0);
	return old;
}

/* A map that cannot grow (no address space for the doubled map) fails the
 * write with CB_ERR_NOSPACE; the store goes on with the data it has, as a
 * workstation must (LMDB leaves no map when the new one cannot be made:
 * the next read would crash), and grows once there is room.  Asking for
 * room beforehand fails the same way, and is no error. */
Test(store, a_map_that_cannot_grow_fails_the_write_and_the_store_goes_on,
    .timeout = 120)
{
#if defined(__SANITIZE_ADDRESS__)
	cr_skip_test("the address sanitizer cannot run under an address-space limit");
#endif
	if (RUNNING_ON_VALGRIND)
		cr_skip_test("Valgrind keeps the address space of its own");
	unsigned char *buf = malloc(MIB);
	cr_assert_not_null(buf);
	for (uint32_t w = 0; w < 25; w++) {
		struct big_job j = { w * 10, 10, buf, 0 };
		cr_assert_eq(cb_store_write(store, put_big, &j), CB_OK, "write %u", w);
	}
	/* 250 MiB in the first map of 256: the next 10 MiB must double it. */
	struct rlimit old = limit_address_space();
	/* Room asked for beforehand is no error: the map stays as it was. */
	int reserved = cb_store_reserve(store, (uint64_t)4096 * MIB);
	struct big_job more = { 250, 10, buf, 0 };
	int rc = cb_store_write(store, put_big, &more);
	cr_assert_eq(setrlimit(RLIMIT_AS, &old), 0);
	cr_assert_eq(reserved, CB_OK, "%s", cb_strerror(reserved));
	cr_assert_eq(rc, CB_ERR_NOSPACE, "%s", cb_strerror(rc));
	check_big(250, buf);
	more.calls = 0;
	cr_assert_eq(cb_store_write(store, put_big, &more), CB_OK);
	check_big(260, buf);
	free(buf);
}

Test(store, copy_makes_a_database_with_the_same_data)
{
	static const char *const kv[] = { "one", "1", "two", "22", "three",
		"333", NULL };
	char dest[400];
	struct cb_store *copy = NULL;
	struct cb_txn *txn;
	struct cb_val v;
	uint64_t n;
	int64_t schema;
	write_pairs(CB_T_DEBTORS, kv);
	write_pairs(CB_T_USERS, kv);
	snprintf(dest, sizeof dest, "%s/backup", dir);
	int rc = cb_store_copy(store, dest);
	cr_assert_eq(rc, CB_OK, "%s", cb_strerror(rc));
	/* The original goes on working. */
	static const char *const later[] = { "four", "4", NULL };
	write_pairs(CB_T_DEBTORS, later);

	cr_assert_eq(cb_store_open(dest, 0, &copy), CB_OK);
	cr_expect_str_eq(cb_store_path(copy), dest);
	cr_assert_eq(cb_store_read(copy, &txn), CB_OK);
	cr_assert_eq(cb_count(txn, CB_T_DEBTORS, &n), CB_OK);
	cr_expect_eq(n, 3, "the copy is of the moment it was made");
	cr_assert_eq(cb_count(txn, CB_T_USERS, &n), CB_OK);
	cr_expect_eq(n, 3);
	for (size_t i = 0; kv[i]; i += 2) {
		cr_assert_eq(cb_get(txn, CB_T_DEBTORS, text(kv[i]), &v), CB_OK);
		cr_expect(v.size == strlen(kv[i + 1]) &&
		    memcmp(v.data, kv[i + 1], v.size) == 0, "%s", kv[i]);
	}
	cr_expect_eq(cb_get(txn, CB_T_DEBTORS, text("four"), &v), CB_ERR_NOTFOUND);
	cr_assert_eq(cb_meta_get_int(txn, "schema", &schema), CB_OK);
	cr_expect_eq(schema, CB_SCHEMA_VERSION);
	cb_txn_end(&txn);
	cb_store_close(&copy);

	/* A folder that holds a database already is not overwritten. */
	cr_expect_eq(cb_store_copy(store, dest), CB_ERR_EXISTS);
}

Test(store, copy_keeps_the_file_mode)
{
	char path[400], dest[400];
	struct stat a, b;
	snprintf(path, sizeof path, "%s/data.mdb", dir);
	cr_assert_eq(chmod(path, 0640), 0);
	snprintf(dest, sizeof dest, "%s/backup", dir);
	cr_assert_eq(cb_store_copy(store, dest), CB_OK);
	snprintf(path, sizeof path, "%s/backup/data.mdb", dir);
	cr_assert_eq(stat(path, &b), 0);
	snprintf(path, sizeof path, "%s/data.mdb", dir);
	cr_assert_eq(stat(path, &a), 0);
	cr_expect_eq(b.st_mode & 0777, a.st_mode & 0777, "%o vs %o",
	    (unsigned)(b.st_mode & 0777), (unsigned)(a.st_mode & 0777));
}
