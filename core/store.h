/*
 * store.h -- the LMDB environment every cobrador process shares.
 *
 * One database is one folder holding LMDB's data.mdb and lock.mdb, with the
 * named databases ("tables") below.  Transactions are short and belong to
 * core: read ones are opened and closed around one screen's worth of
 * copying; write ones run a function and commit, so that a full map can be
 * grown and the function run again.  Every LMDB code is translated here,
 * and only here, into the codes of error.h.
 */
#ifndef CB_STORE_H
#define CB_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The schema this program writes; store.c migrates older ones. */
#define CB_SCHEMA_VERSION 6

enum cb_table {
	CB_T_META,           /* name -> value: schema, chain head */
	CB_T_PORTFOLIOS,     /* code -> portfolio */
	CB_T_DEBTORS,        /* debtor id -> debtor */
	CB_T_ACCOUNTS,       /* portfolio \0 debtor -> account */
	CB_T_INVOICES,       /* portfolio \0 debtor \0 invoice id -> invoice */
	CB_T_INVOICE_IDS,    /* portfolio \0 invoice id -> debtor id */
	CB_T_PAYMENTS,       /* portfolio \0 debtor \0 payment id -> payment */
	CB_T_PAYMENT_IDS,    /* payment id -> portfolio \0 debtor */
	CB_T_EVENTS,         /* sequence (8 bytes, big-endian) -> event */
	CB_T_ACCOUNT_EVENTS, /* portfolio \0 debtor \0 sequence -> "" */
	CB_T_USERS,          /* login -> user */
	CB_T_SEARCH,         /* folded word \0 debtor \0 -> "" */
	CB_T_WORK,           /* portfolio \0 debtor \0 -> work (work.h) */
	CB_T_QUEUE,          /* tier, score, portfolio \0 debtor \0 -> "" */
	CB_T_PROMISES,       /* portfolio \0 debtor \0 id -> promise */
	CB_T_CALLBACKS,      /* time, portfolio \0 debtor \0 -> agent */
	CB_T_RULES,          /* "pack" \0 code, "holiday" \0 code \0 date */
	CB_T_LIBRARY,        /* "script"|"strategy" \0 id \0 version -> text */
	CB_T_COUNT
};

struct cb_store;
struct cb_txn;
struct cb_cursor;

struct cb_val {
	const void *data;
	size_t size;
};

/* Opens the database in folder dir.  Flags: CB_OPEN_CREATE makes a new
 * one and fails with CB_ERR_EXISTS when dir already holds a database;
 * without it a missing database is CB_ERR_NOTFOUND.  A database of a newer
 * schema is CB_ERR_VERSION.  The handle is for one thread. */
#define CB_OPEN_CREATE 1
int cb_store_open(const char *dir, int flags, struct cb_store **out);

/* Closes the database and sets *store to NULL.  Accepts NULL. */
void cb_store_close(struct cb_store **store);

/* The folder of the database, as given to cb_store_open(). */
const char *cb_store_path(const struct cb_store *store);

/* Begins a read transaction: a consistent snapshot.  End it soon with
 * cb_txn_end(); values read through it live until then. */
int cb_store_read(struct cb_store *store, struct cb_txn **out);

/*
 * Runs fn(txn, arg) in a write transaction and commits it when fn returns
 * CB_OK; any other result aborts it and is returned.  When the map is full
 * it is grown and fn runs again from the start, so fn must keep no state
 * outside the transaction.  The commit is durable (synced) on return: its
 * pages are synced under the write lock, its meta page after the lock is
 * given up, while the next writer goes on.  So another process may read
 * the transaction for the length of that one sync before it is on the
 * disk; anything it writes after is synced with it.  Should that second
 * sync fail, the error is returned though the transaction is committed:
 * its change is visible but may not outlive a crash of the machine.
 */
int cb_store_write(struct cb_store *store,
    int (*fn)(struct cb_txn *txn, void *arg), void *arg);

/*
 * Makes room in the map for a write that adds about bytes to the data, so
 * that a long write (an import) does not meet the end of the map halfway
 * and run again from the start.  The map grows in doublings, as it does
 * when full.  When the address space cannot be had the map stays as it
 * was (the write then grows it if it must, or fails): CB_OK all the same.
 * No transaction of store may be open.
 */
int cb_store_reserve(struct cb_store *store, uint64_t bytes);

/*
 * For a long run of short write transactions (the re-score): while on,
 * a commit syncs its pages but leaves its meta page to the next commit,
 * which saves a sync per transaction.  A crash of the machine may then
 * undo the last transaction, never harm the database.  Turning it off
 * syncs everything, so the run is durable when it returns.
 */
int cb_store_lazy_meta(struct cb_store *store, bool on);

/* Ends (aborts) a read transaction and sets *txn to NULL.  Accepts NULL. */
void cb_txn_end(struct cb_txn **txn);

/* The store a transaction belongs to. */
struct cb_store *cb_txn_store(struct cb_txn *txn);

/* A number no other transaction of this process has had: what was read
 * under one serial holds for all its reads (a snapshot). */
uint64_t cb_txn_serial(const struct cb_txn *txn);

/* Reads key from table.  Returns CB_OK with *val pointing into the map
 * (valid until the transaction ends), or CB_ERR_NOTFOUND. */
int cb_get(struct cb_txn *txn, enum cb_table table, struct cb_val key,
    struct cb_val *val);

/* Like cb_get(), and sets *stored to the key as kept in the map, so that
 * text taken from the key outlives the caller's copy. */
int cb_get_key(struct cb_txn *txn, enum cb_table table, struct cb_val key,
    struct cb_val *stored, struct cb_val *val);

/* Writes key -> val, replacing any old value. */
int cb_put(struct cb_txn *txn, enum cb_table table, struct cb_val key,
    struct cb_val val);

/* Like cb_put(), but writes nothing when key already holds val: a page
 * written is copied and synced at the commit, and the nightly re-score
 * finds most records as they were. */
int cb_put_changed(struct cb_txn *txn, enum cb_table table, struct cb_val key,
    struct cb_val val);

/*
 * Writes n keys and their values, item(i, &val, arg) giving the i-th key
 * and setting its value, in increasing order with none twice: an index
 * built at the end of a bulk load.  Those past the table's last key are
 * appended (MDB_APPEND: no search, full pages), which is every one into
 * an empty table.
 */
int cb_put_sorted(struct cb_txn *txn, enum cb_table table, size_t n,
    struct cb_val (*item)(size_t i, struct cb_val *val, void *arg), void *arg);

/*
 * From now on in this write transaction, puts into table and deletions
 * from it are kept and written together in key order as late as they can
 * be: before anything reads the table, and before the commit (or when
 * they fill 256 MiB).  Of two on one key, the later wins; a deletion
 * kept so returns CB_OK whether or not the key was there.  Many writes
 * spread over a large table (the search words of a million debtors, the
 * queue's places of their accounts) go in far faster so than one by one,
 * each to a page of its own.
 */
int cb_txn_defer(struct cb_txn *txn, enum cb_table table);

/* Deletes key; CB_ERR_NOTFOUND when it was absent. */
int cb_del(struct cb_txn *txn, enum cb_table table, struct cb_val key);

/* Deletes every record of table (the table stays). */
int cb_clear(struct cb_txn *txn, enum cb_table table);

/* Number of records in table. */
int cb_count(struct cb_txn *txn, enum cb_table table, uint64_t *out);

/* Opens a cursor over table; it is closed by cb_cursor_close() or when
 * the transaction ends (close it first). */
int cb_cursor_open(struct cb_txn *txn, enum cb_table table,
    struct cb_cursor **out);

/* Moves to the first key >= key (the first of all when key.size is 0). */
int cb_cursor_seek(struct cb_cursor *c, struct cb_val key, struct cb_val *k,
    struct cb_val *v);

/* Moves to the next record; CB_ERR_NOTHING after the last. */
int cb_cursor_next(struct cb_cursor *c, struct cb_val *k, struct cb_val *v);

/* Moves to the last record of the table. */
int cb_cursor_last(struct cb_cursor *c, struct cb_val *k, struct cb_val *v);

void cb_cursor_close(struct cb_cursor **c);

/* True when k starts with the size bytes of prefix. */
int cb_has_prefix(struct cb_val k, const void *prefix, size_t size);

/* LMDB's order of keys: <0, 0 or >0 as a sorts before, with or after b
 * (bytes, then the shorter first). */
int cb_key_cmp(struct cb_val a, struct cb_val b);

/*
 * The first 16 bytes of a key as two big-endian integers, zeros past its
 * end: two heads compare as those bytes do, so that a sort of many keys
 * (a bulk load's index) mostly compares integers kept beside each key,
 * and reads the keys themselves only when the heads are equal.
 */
struct cb_key_head {
	uint64_t w[2];
};
void cb_key_head(struct cb_key_head *h, struct cb_val key);
static inline int cb_key_head_cmp(const struct cb_key_head *a,
    const struct cb_key_head *b)
{
	if (a->w[0] != b->w[0])
		return a->w[0] < b->w[0] ? -1 : 1;
	return (a->w[1] > b->w[1]) - (a->w[1] < b->w[1]);
}

/* Makes a consistent compacted copy of the database in the empty or new
 * folder dest, keeping the files' modes. */
int cb_store_copy(struct cb_store *store, const char *dest);

/* The step that brings a database of schema version - 1 to version
 * (migrate.c); the tables already exist. */
int cb_migrate_to(struct cb_txn *txn, int version);

/* What a new database starts with (migrate.c): the shipped call scripts
 * and strategies. */
int cb_migrate_new(struct cb_txn *txn);

/* The value of a CB_T_META entry as an integer (0 when absent). */
int cb_meta_get_int(struct cb_txn *txn, const char *name, int64_t *out);
int cb_meta_put_int(struct cb_txn *txn, const char *name, int64_t value);

#endif
