/* test_event.c -- tests of event.c: the append-only log, its hash chain
 * and the index of events by account. */
#include "event.h"

#include "error.h"
#include "fixture.h"
#include "sha256.h"
#include "store.h"

static const char *dir;
static struct cb_store *store;

static void setup(void)
{
	dir = fixture_dir();
	int rc = cb_store_open(dir, CB_OPEN_CREATE, &store);
	cr_assert_eq(rc, CB_OK, "create: %s", cb_strerror(rc));
}

static void teardown(void)
{
	cb_store_close(&store);
	fixture_cleanup();
}

TestSuite(event, .init = setup, .fini = teardown);

/* What one append writes; the accounts are (portfolio, debtor) or NULL. */
struct spec {
	const char *kind, *user, *portfolio, *debtor, *key, *value;
	time_t time;
};

struct append_job {
	const struct spec *specs;
	size_t n;
	uint64_t seqs[32];
};

static int append_all(struct cb_txn *txn, void *arg)
{
	struct append_job *j = arg;
	for (size_t i = 0; i < j->n; i++) {
		const struct spec *s = &j->specs[i];
		struct cb_event ev;
		cb_event_init(&ev, s->kind, s->user, s->time);
		ev.portfolio = s->portfolio;
		ev.debtor = s->debtor;
		if (s->key)
			cr_assert_eq(cb_event_add(&ev, s->key, s->value), CB_OK);
		int rc = cb_event_append(txn, &ev);
		if (rc != CB_OK)
			return rc;
		j->seqs[i] = ev.seq;
	}
	return CB_OK;
}

static void append(const struct spec *specs, size_t n, uint64_t *seqs)
{
	struct append_job j = { specs, n, { 0 } };
	cr_assert_leq(n, 32);
	int rc = cb_store_write(store, append_all, &j);
	cr_assert_eq(rc, CB_OK, "append: %s", cb_strerror(rc));
	if (seqs)
		memcpy(seqs, j.seqs, n * sizeof *seqs);
}

/* Five events: two accounts of p1 (d1 and d10, whose keys share a
 * beginning), one of p2, two about no account. */
static const struct spec five[] = {
	{ "import", "alice", NULL, NULL, "file", "a.csv", 1700000000 },
	{ "payment", "alice", "p1", "d1", "amount", "100", 1700000100 },
	{ "invoice_changed", "bob", "p1", "d10", "invoice", "F-1", 1700000200 },
	{ "payment", "bob", "p1", "d1", "amount", "", 1700000300 },
	{ "note", "carol", "p2", "d1", NULL, NULL, 1700000400 },
	{ "import", "carol", NULL, NULL, "file", "b.csv", 1700000500 },
	{ "payment", "alice", "p1", "d1", "amount", "300", 1700000600 },
};
#define NFIVE (sizeof five / sizeof five[0])

static void key_of(unsigned char kb[8], uint64_t seq)
{
	for (int i = 0; i < 8; i++)
		kb[i] = (unsigned char)(seq >> (56 - 8 * i));
}

/* Copies the stored bytes of event seq. */
static size_t stored(struct cb_txn *txn, uint64_t seq, unsigned char *out,
    size_t size)
{
	unsigned char kb[8];
	struct cb_val v;
	key_of(kb, seq);
	int rc = cb_get(txn, CB_T_EVENTS, (struct cb_val){ kb, 8 }, &v);
	cr_assert_eq(rc, CB_OK, "event %llu: %s", (unsigned long long)seq,
	    cb_strerror(rc));
	cr_assert_leq(v.size, size);
	memcpy(out, v.data, v.size);
	return v.size;
}

Test(event, sequence_numbers_count_from_one)
{
	uint64_t seqs[NFIVE];
	append(five, 3, seqs);
	cr_expect_eq(seqs[0], 1);
	cr_expect_eq(seqs[1], 2);
	cr_expect_eq(seqs[2], 3);
	/* A later transaction goes on from the last. */
	append(five + 3, NFIVE - 3, seqs + 3);
	for (size_t i = 0; i < NFIVE; i++)
		cr_expect_eq(seqs[i], i + 1, "event %zu", i);
}

static int append_then_fail(struct cb_txn *txn, void *arg)
{
	struct append_job j = { five, 2, { 0 } };
	(void)arg;
	int rc = append_all(txn, &j);
	return rc == CB_OK ? CB_ERR_INPUT : rc;
}

Test(event, an_aborted_append_takes_no_number)
{
	uint64_t seqs[2], count, bad;
	const char *why;
	struct cb_txn *txn;
	append(five, 1, seqs);
	cr_assert_eq(cb_store_write(store, append_then_fail, NULL), CB_ERR_INPUT);
	append(five + 1, 1, seqs + 1);
	cr_expect_eq(seqs[1], 2);
	cr_assert_eq(cb_store_read(store, &txn), CB_OK);
	cr_expect_eq(cb_event_verify(txn, &count, &bad, &why), CB_OK, "%s",
	    why ? why : "");
	cr_expect_eq(count, 2);
	cb_txn_end(&txn);
}

Test(event, events_read_back_whole)
{
	struct cb_txn *txn;
	struct cb_event ev;
	append(five, NFIVE, NULL);
	cr_assert_eq(cb_store_read(store, &txn), CB_OK);
	for (size_t i = 0; i < NFIVE; i++) {
		cr_assert_eq(cb_event_get(txn, i + 1, &ev), CB_OK, "event %zu", i + 1);
		cr_expect_eq(ev.seq, i + 1);
		cr_expect_eq(ev.time, five[i].time);
		cr_expect_str_eq(ev.kind, five[i].kind);
		cr_expect_str_eq(ev.user, five[i].user);
		if (five[i].portfolio) {
			cr_assert_not_null(ev.portfolio);
			cr_assert_not_null(ev.debtor);
			cr_expect_str_eq(ev.portfolio, five[i].portfolio);
			cr_expect_str_eq(ev.debtor, five[i].debtor);
		} else {
			cr_expect_null(ev.portfolio);
			cr_expect_null(ev.debtor);
		}
		if (five[i].key) {
			cr_assert_eq(ev.nfields, 1);
			cr_expect_str_eq(ev.fields[0].key, five[i].key);
			cr_assert_not_null(cb_event_value(&ev, five[i].key));
			cr_expect_str_eq(cb_event_value(&ev, five[i].key),
			    five[i].value, "event %zu", i + 1);
		} else {
			cr_expect_eq(ev.nfields, 0);
		}
		cr_expect_null(cb_event_value(&ev, "absent"));
	}
	cr_expect_eq(cb_event_get(txn, NFIVE + 1, &ev), CB_ERR_NOTFOUND);
	cr_expect_eq(cb_event_get(txn, 0, &ev), CB_ERR_NOTFOUND);
	cb_txn_end(&txn);
}

static int append_full(struct cb_txn *txn, void *arg)
{
	struct cb_event ev;
	char *big = arg;
	static char keys[CB_EVENT_FIELDS_MAX][16], values[CB_EVENT_FIELDS_MAX][16];
	cb_event_init(&ev, "many", "zed", -86400);
	for (int i = 0; i < CB_EVENT_FIELDS_MAX; i++) {
		snprintf(keys[i], sizeof keys[i], "k%d", i);
		snprintf(values[i], sizeof values[i], "v%d", i);
		cr_assert_eq(cb_event_add(&ev, keys[i], i == 3 ? big : values[i]),
		    CB_OK);
	}
	cr_expect_eq(cb_event_add(&ev, "one", "too many"), CB_ERR_INTERNAL);
	cr_expect_eq(ev.nfields, CB_EVENT_FIELDS_MAX);
	return cb_event_append(txn, &ev);
}

Test(event, sixteen_fields_and_long_values)
{
	struct cb_txn *txn;
	struct cb_event ev;
	char *big = malloc(20000);
	cr_assert_not_null(big);
	memset(big, 'q', 19999);
	big[19999] = '\0';
	cr_assert_eq(cb_store_write(store, append_full, big), CB_OK);
	cr_assert_eq(cb_store_read(store, &txn), CB_OK);
	cr_assert_eq(cb_event_get(txn, 1, &ev), CB_OK);
	cr_expect_eq(ev.time, -86400);
	cr_assert_eq(ev.nfields, CB_EVENT_FIELDS_MAX);
	for (int i = 0; i < CB_EVENT_FIELDS_MAX; i++) {
		char k[16], v[16];
		snprintf(k, sizeof k, "k%d", i);
		snprintf(v, sizeof v, "v%d", i);
		cr_expect_str_eq(ev.fields[i].key, k);
		cr_expect_str_eq(ev.fields[i].value, i == 3 ? big : v);
	}
	cb_txn_end(&txn);
	free(big);
}

Test(event, each_event_holds_the_hash_of_the_one_before)
{
	struct cb_txn *txn;
	struct cb_event ev;
	unsigned char bytes[4096], hash[CB_SHA256_LEN], zero[CB_SHA256_LEN] = { 0 };
	append(five, 4, NULL);
	append(five + 4, NFIVE - 4, NULL);
	cr_assert_eq(cb_store_read(store, &txn), CB_OK);
	cr_assert_eq(cb_event_get(txn, 1, &ev), CB_OK);
	cr_expect(memcmp(ev.prev, zero, sizeof zero) == 0, "the first has zeros");
	for (uint64_t seq = 2; seq <= NFIVE; seq++) {
		size_t n = stored(txn, seq - 1, bytes, sizeof bytes);
		cb_sha256(bytes, n, hash);
		cr_assert_eq(cb_event_get(txn, seq, &ev), CB_OK);
		cr_expect(memcmp(ev.prev, hash, sizeof hash) == 0,
		    "event %llu", (unsigned long long)seq);
	}
	/* The hash of the last is kept in meta. */
	struct cb_val head;
	size_t n = stored(txn, NFIVE, bytes, sizeof bytes);
	cb_sha256(bytes, n, hash);
	cr_assert_eq(cb_get(txn, CB_T_META, (struct cb_val){ "chain_head", 10 },
	    &head), CB_OK);
	cr_assert_eq(head.size, CB_SHA256_LEN);
	cr_expect(memcmp(head.data, hash, sizeof hash) == 0);
	cb_txn_end(&txn);
}

/* Runs cb_event_verify in a new read transaction. */
static int verify(uint64_t *count, uint64_t *bad, const char **why)
{
	struct cb_txn *txn;
	cr_assert_eq(cb_store_read(store, &txn), CB_OK);
	int rc = cb_event_verify(txn, count, bad, why);
	cb_txn_end(&txn);
	return rc;
}

Test(event, verify_accepts_a_whole_log)
{
	uint64_t count = 99, bad = 99;
	const char *why = "x";
	cr_expect_eq(verify(&count, &bad, &why), CB_OK, "empty log");
	cr_expect_eq(count, 0);
	append(five, NFIVE, NULL);
	cr_expect_eq(verify(&count, &bad, &why), CB_OK, "%s", why ? why : "");
	cr_expect_eq(count, NFIVE);
	cr_expect_eq(bad, 0);
}

struct tamper {
	uint64_t seq;
	const char *find, *replace; /* same length */
};

/* Rewrites one byte run of the stored value of event seq. */
static int tamper_event(struct cb_txn *txn, void *arg)
{
	const struct tamper *t = arg;
	unsigned char kb[8], buf[4096];
	struct cb_val v;
	key_of(kb, t->seq);
	int rc = cb_get(txn, CB_T_EVENTS, (struct cb_val){ kb, 8 }, &v);
	if (rc != CB_OK)
		return rc;
	cr_assert_leq(v.size, sizeof buf);
	memcpy(buf, v.data, v.size);
	unsigned char *at = memmem(buf, v.size, t->find, strlen(t->find));
	cr_assert_not_null(at, "'%s' in event %llu", t->find,
	    (unsigned long long)t->seq);
	memcpy(at, t->replace, strlen(t->replace));
	return cb_put(txn, CB_T_EVENTS, (struct cb_val){ kb, 8 },
	    (struct cb_val){ buf, v.size });
}

Test(event, a_changed_event_breaks_the_chain_at_the_next)
{
	uint64_t count, bad;
	const char *why = NULL;
	struct tamper t = { 3, "bob", "bub" }; /* still readable */
	append(five, NFIVE, NULL);
	cr_assert_eq(cb_store_write(store, tamper_event, &t), CB_OK);
	/* The event itself still reads, with the changed user. */
	struct cb_txn *txn;
	struct cb_event ev;
	cr_assert_eq(cb_store_read(store, &txn), CB_OK);
	cr_assert_eq(cb_event_get(txn, 3, &ev), CB_OK);
	cr_expect_str_eq(ev.user, "bub");
	cb_txn_end(&txn);
	cr_expect_eq(verify(&count, &bad, &why), CB_ERR_CORRUPT);
	cr_expect_eq(bad, 4, "bad = %llu", (unsigned long long)bad);
	cr_expect_not_null(why);
}

Test(event, a_changed_value_is_found)
{
	uint64_t count, bad;
	const char *why = NULL;
	struct tamper t = { 2, "100", "900" };
	append(five, NFIVE, NULL);
	cr_assert_eq(cb_store_write(store, tamper_event, &t), CB_OK);
	cr_expect_eq(verify(&count, &bad, &why), CB_ERR_CORRUPT);
	cr_expect_eq(bad, 3);
}

Test(event, a_changed_last_event_is_found)
{
	uint64_t count, bad = 0;
	const char *why = NULL;
	struct tamper t = { NFIVE, "300", "301" };
	append(five, NFIVE, NULL);
	cr_assert_eq(cb_store_write(store, tamper_event, &t), CB_OK);
	cr_expect_eq(verify(&count, &bad, &why), CB_ERR_CORRUPT);
	cr_expect_eq(bad, NFIVE, "bad = %llu", (unsigned long long)bad);
	cr_expect_not_null(why);
}

static int delete_event(struct cb_txn *txn, void *arg)
{
	unsigned char kb[8];
	key_of(kb, *(const uint64_t *)arg);
	return cb_del(txn, CB_T_EVENTS, (struct cb_val){ kb, 8 });
}

Test(event, a_removed_middle_event_is_found)
{
	uint64_t count, bad, seq = 3;
	const char *why = NULL;
	append(five, NFIVE, NULL);
	cr_assert_eq(cb_store_write(store, delete_event, &seq), CB_OK);
	cr_expect_eq(verify(&count, &bad, &why), CB_ERR_CORRUPT);
	cr_expect_eq(bad, 3, "bad = %llu", (unsigned long long)bad);
	cr_expect_not_null(why);
}

Test(event, a_removed_first_event_is_found)
{
	uint64_t count, bad, seq = 1;
	const char *why = NULL;
	append(five, NFIVE, NULL);
	cr_assert_eq(cb_store_write(store, delete_event, &seq), CB_OK);
	cr_expect_eq(verify(&count, &bad, &why), CB_ERR_CORRUPT);
	cr_expect_eq(bad, 1);
}

Test(event, a_removed_last_event_is_found)
{
	uint64_t count, bad, seq = NFIVE;
	const char *why = NULL;
	append(five, NFIVE, NULL);
	cr_assert_eq(cb_store_write(store, delete_event, &seq), CB_OK);
	cr_expect_eq(verify(&count, &bad, &why), CB_ERR_CORRUPT);
	cr_expect_not_null(why);
}

static int delete_all_events(struct cb_txn *txn, void *arg)
{
	(void)arg;
	return cb_clear(txn, CB_T_EVENTS);
}

Test(event, a_log_emptied_whole_is_found)
{
	uint64_t count, bad;
	const char *why = NULL;
	append(five, NFIVE, NULL);
	cr_assert_eq(cb_store_write(store, delete_all_events, NULL), CB_OK);
	cr_expect_eq(verify(&count, &bad, &why), CB_ERR_CORRUPT,
	    "the chain head still names a last event");
	cr_expect_not_null(why);
}

static int unreadable_event(struct cb_txn *txn, void *arg)
{
	unsigned char kb[8];
	(void)arg;
	key_of(kb, 2);
	return cb_put(txn, CB_T_EVENTS, (struct cb_val){ kb, 8 },
	    (struct cb_val){ "\x06\x01\x0d", 3 });
}

Test(event, an_unreadable_event_is_found)
{
	uint64_t count, bad;
	const char *why = NULL;
	append(five, NFIVE, NULL);
	cr_assert_eq(cb_store_write(store, unreadable_event, NULL), CB_OK);
	cr_expect_eq(verify(&count, &bad, &why), CB_ERR_CORRUPT);
	cr_expect_eq(bad, 2);
}

static int delete_index_entry(struct cb_txn *txn, void *arg)
{
	struct cb_cursor *c;
	struct cb_val k;
	unsigned char key[64];
	(void)arg;
	int rc = cb_cursor_open(txn, CB_T_ACCOUNT_EVENTS, &c);
	if (rc == CB_OK)
		rc = cb_cursor_seek(c, (struct cb_val){ 0 }, &k, NULL);
	if (rc == CB_OK) {
		cr_assert_leq(k.size, sizeof key);
		memcpy(key, k.data, k.size);
		k.data = key;
	}
	cb_cursor_close(&c);
	return rc == CB_OK ? cb_del(txn, CB_T_ACCOUNT_EVENTS, k) : rc;
}

Test(event, a_missing_index_entry_is_found)
{
	uint64_t count, bad;
	const char *why = NULL;
	append(five, NFIVE, NULL);
	cr_assert_eq(cb_store_write(store, delete_index_entry, NULL), CB_OK);
	cr_expect_eq(verify(&count, &bad, &why), CB_ERR_CORRUPT);
	cr_expect_not_null(why);
}

struct seen {
	uint64_t seqs[16];
	size_t n;
	int stop_after;
};

static int collect(const struct cb_event *ev, void *arg)
{
	struct seen *s = arg;
	cr_assert_lt(s->n, 16);
	s->seqs[s->n++] = ev->seq;
	return s->stop_after && (int)s->n == s->stop_after ? 42 : CB_OK;
}

static void walk(const char *portfolio, const char *debtor, struct seen *s)
{
	struct cb_txn *txn;
	cr_assert_eq(cb_store_read(store, &txn), CB_OK);
	int rc = cb_event_each_account(txn, portfolio, debtor, collect, s);
	cr_expect_eq(rc, s->stop_after ? 42 : CB_OK, "%s/%s", portfolio, debtor);
	cb_txn_end(&txn);
}

Test(event, each_account_gives_exactly_its_events_in_order)
{
	struct seen s = { { 0 }, 0, 0 };
	append(five, 3, NULL);
	append(five + 3, NFIVE - 3, NULL);

	walk("p1", "d1", &s);
	cr_assert_eq(s.n, 3);
	cr_expect_eq(s.seqs[0], 2);
	cr_expect_eq(s.seqs[1], 4);
	cr_expect_eq(s.seqs[2], 7);

	s = (struct seen){ { 0 }, 0, 0 };
	walk("p1", "d10", &s);
	cr_assert_eq(s.n, 1);
	cr_expect_eq(s.seqs[0], 3);

	s = (struct seen){ { 0 }, 0, 0 };
	walk("p2", "d1", &s);
	cr_assert_eq(s.n, 1);
	cr_expect_eq(s.seqs[0], 5);

	s = (struct seen){ { 0 }, 0, 0 };
	walk("p1", "d", &s);
	cr_expect_eq(s.n, 0, "a debtor whose id begins another's");
	s = (struct seen){ { 0 }, 0, 0 };
	walk("p9", "d1", &s);
	cr_expect_eq(s.n, 0);

	/* A non-zero result stops the walk and is returned. */
	s = (struct seen){ { 0 }, 0, 2 };
	walk("p1", "d1", &s);
	cr_expect_eq(s.n, 2);
}
