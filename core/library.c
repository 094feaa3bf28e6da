/* library.c -- the call scripts and strategies kept in the database. */
#include "library.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "event.h"
#include "promise.h"
#include "sha256.h"
#include "shipped.h"
#include "work.h"

/* Keys of the library table: book \0 id \0 version (4 bytes, big-endian),
 * so that the versions of an id follow one another, the latest last. */
static const char *const book_names[] = { "script", "strategy" };

static size_t id_prefix(char *buf, size_t size, enum cb_book book,
    const char *id)
{
	int n = snprintf(buf, size, "%s%c%s%c", book_names[book], '\0', id, '\0');
	return n > 0 && (size_t)n < size ? (size_t)n : 0;
}

static struct cb_val version_key(char *buf, size_t size, enum cb_book book,
    const char *id, int version)
{
	size_t n = id_prefix(buf, size - 4, book, id);
	for (int i = 0; i < 4; i++)
		buf[n + (size_t)i] = (char)((unsigned)version >> (24 - 8 * i));
	return (struct cb_val){ buf, n + 4 };
}

/* Splits a key into id and version; false when it is not of book. */
static bool key_split(struct cb_val k, enum cb_book book, const char **id,
    int *version)
{
	size_t blen = strlen(book_names[book]) + 1;
	const unsigned char *p = k.data;
	if (k.size < blen + 6 || memcmp(p, book_names[book], blen) != 0 ||
	    p[k.size - 5] != '\0')
		return false;
	*id = (const char *)p + blen;
	*version = (int)((unsigned)p[k.size - 4] << 24 | p[k.size - 3] << 16 |
	    p[k.size - 2] << 8 | p[k.size - 1]);
	return true;
}

int cb_library_text(struct cb_txn *txn, enum cb_book book, const char *id,
    int version, const char **text, size_t *size, int *version_out)
{
	char buf[64];
	struct cb_cursor *c;
	struct cb_val k, v;
	size_t plen = id_prefix(buf, sizeof buf, book, id);
	int rc = plen ? cb_cursor_open(txn, CB_T_LIBRARY, &c) : CB_ERR_NOTFOUND;
	if (rc != CB_OK)
		return rc;
	int found = 0;
	for (rc = cb_cursor_seek(c, (struct cb_val){ buf, plen }, &k, &v);
	    rc == CB_OK && cb_has_prefix(k, buf, plen) && k.size == plen + 4;
	    rc = cb_cursor_next(c, &k, &v)) {
		const char *kid;
		int kv;
		if (!key_split(k, book, &kid, &kv))
			break;
		if (version == 0 || kv == version) {
			*text = v.data;
			*size = v.size;
			found = kv;
		}
	}
	cb_cursor_close(&c);
	if (rc != CB_OK && rc != CB_ERR_NOTHING && rc != CB_ERR_NOTFOUND)
		return rc;
	if (version_out)
		*version_out = found;
	return found ? CB_OK : CB_ERR_NOTFOUND;
}

int cb_library_each(struct cb_txn *txn, enum cb_book book,
    int (*fn)(const char *id, int version, const char *text, size_t size,
    void *arg), void *arg)
{
	struct cb_cursor *c;
	struct cb_val k, v, last_v = { NULL, 0 };
	const char *last_id = NULL;
	int last_version = 0;
	size_t blen = strlen(book_names[book]) + 1;
	int rc = cb_cursor_open(txn, CB_T_LIBRARY, &c);
	if (rc != CB_OK)
		return rc;
	/* Each id's versions come in a run; its last is the latest. */
	for (rc = cb_cursor_seek(c, (struct cb_val){ book_names[book], blen },
	    &k, &v); rc == CB_OK; rc = cb_cursor_next(c, &k, &v)) {
		const char *id;
		int version;
		if (!key_split(k, book, &id, &version))
			break;
		if (last_id && strcmp(last_id, id) != 0 &&
		    (rc = fn(last_id, last_version, last_v.data, last_v.size,
		    arg)) != CB_OK)
			break;
		last_id = id;
		last_version = version;
		last_v = v;
	}
	cb_cursor_close(&c);
	if (rc == CB_ERR_NOTHING || rc == CB_ERR_NOTFOUND || rc == CB_OK)
		rc = last_id ? fn(last_id, last_version, last_v.data, last_v.size,
		    arg) : CB_OK;
	return rc;
}

/* ---- Storing ---------------------------------------------------------- */

/* Parses text as a script or strategy, writing its id. */
static int book_parse(enum cb_book book, const char *text, size_t size,
    const char *name, char *id, char *why, size_t why_size)
{
	struct cb_script *sc;
	struct cb_strategy *st;
	int rc;
	if (book == CB_BOOK_SCRIPT) {
		rc = cb_script_parse(text, size, name, &sc, why, why_size);
		if (rc == CB_OK)
			snprintf(id, CB_SCRIPT_ID_MAX + 1, "%s", sc->id);
		cb_script_free(&sc);
	} else {
		rc = cb_strategy_parse(text, size, name, &st, why, why_size);
		if (rc == CB_OK)
			snprintf(id, CB_SCRIPT_ID_MAX + 1, "%s", st->id);
		cb_strategy_free(&st);
	}
	return rc;
}

/* Stores text as the next version of id; writes which. */
static int store_version(struct cb_txn *txn, enum cb_book book,
    const char *id, const char *text, size_t size, int *version)
{
	const char *old;
	size_t old_size;
	char key[64];
	int latest = 0;
	int rc = cb_library_text(txn, book, id, 0, &old, &old_size, &latest);
	if (rc != CB_OK && rc != CB_ERR_NOTFOUND)
		return rc;
	*version = latest + 1;
	return cb_put(txn, CB_T_LIBRARY, version_key(key, sizeof key, book, id,
	    *version), (struct cb_val){ text, size });
}

struct load {
	struct cb_session *s;
	enum cb_book book;
	const char *text;
	size_t size;
	const char *id;
	int version;
};

static int load_txn(struct cb_txn *txn, void *arg)
{
	struct load *l = arg;
	struct cb_event ev;
	char hex[65], version[16];
	unsigned char digest[CB_SHA256_LEN];
	int rc = store_version(txn, l->book, l->id, l->text, l->size,
	    &l->version);
	cb_sha256(l->text, l->size, digest);
	cb_sha256_hex(digest, hex);
	snprintf(version, sizeof version, "%d", l->version);
	cb_event_init(&ev, l->book == CB_BOOK_SCRIPT ? "script_load"
	    : "strategy_load", l->s->login, l->s->now);
	cb_event_add(&ev, book_names[l->book], l->id);
	cb_event_add(&ev, "version", version);
	cb_event_add(&ev, "sha256", hex);
	return rc == CB_OK ? cb_event_append(txn, &ev) : rc;
}

int cb_library_load(struct cb_session *s, enum cb_book book,
    const char *text, size_t size, const char *name, char *why,
    size_t why_size, char id[CB_SCRIPT_ID_MAX + 1], int *version)
{
	if (!cb_may(s->role, CB_DO_SUPERVISE))
		return CB_ERR_PERM;
	int rc = book_parse(book, text, size, name, id, why, why_size);
	if (rc == CB_OK) {
		struct load l = { s, book, text, size, id, 0 };
		rc = cb_store_write(s->store, load_txn, &l);
		*version = l.version;
	}
	return rc;
}

int cb_library_install_shipped(struct cb_txn *txn)
{
	static const struct {
		enum cb_book book;
		const struct cb_shipped *set;
	} sets[] = {
		{ CB_BOOK_SCRIPT, cb_shipped_scripts },
		{ CB_BOOK_STRATEGY, cb_shipped_strategies },
	};
	for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++)
		for (const struct cb_shipped *s = sets[i].set; s->text; s++) {
			char id[CB_SCRIPT_ID_MAX + 1], why[256];
			const char *old;
			size_t size = strlen(s->text), old_size;
			int version;
			/* A shipped text that does not parse is a bug the tests
			 * catch; it is not stored. */
			if (book_parse(sets[i].book, s->text, size, s->name, id, why,
			    sizeof why) != CB_OK)
				return CB_ERR_INTERNAL;
			int rc = cb_library_text(txn, sets[i].book, id, 0, &old,
			    &old_size, NULL);
			if (rc == CB_ERR_NOTFOUND)
				rc = store_version(txn, sets[i].book, id, s->text, size,
				    &version);
			if (rc != CB_OK)
				return rc;
		}
	return CB_OK;
}

/* ---- Scripts ---------------------------------------------------------- */

int cb_script_get(struct cb_txn *txn, const char *id, int version,
    struct cb_script **out, int *version_out)
{
	const char *text;
	size_t size;
	char why[256];
	int rc = cb_library_text(txn, CB_BOOK_SCRIPT, id, version, &text, &size,
	    version_out);
	if (rc == CB_OK && cb_script_parse(text, size, id, out, why,
	    sizeof why) != CB_OK)
		rc = CB_ERR_CORRUPT;
	return rc;
}

struct choice {
	const struct cb_script_facts *f;
	const char *language;
	struct cb_script *best;
	int best_version, best_rank;
};

static int choose_visit(const char *id, int version, const char *text,
    size_t size, void *arg)
{
	struct choice *ch = arg;
	struct cb_script *sc;
	char why[256];
	if (cb_script_parse(text, size, id, &sc, why, sizeof why) != CB_OK)
		return CB_OK; /* check reports it */
	/* Only scripts with `when` lines are chosen by themselves; the
	 * language asked for counts before how specific a script is. */
	int rank = sc->when.conditions +
	    (strcmp(sc->language, ch->language) == 0 ? 100 : 0);
	if (sc->when.conditions > 0 && cb_script_matches(sc, ch->f) &&
	    rank > ch->best_rank) {
		cb_script_free(&ch->best);
		ch->best = sc;
		ch->best_rank = rank;
		ch->best_version = version;
	} else {
		cb_script_free(&sc);
	}
	return CB_OK;
}

int cb_script_choose(struct cb_txn *txn, const struct cb_script_facts *f,
    const char *language, struct cb_script **out, int *version_out)
{
	struct choice ch = { f, language, NULL, 0, -1 };
	int rc = cb_library_each(txn, CB_BOOK_SCRIPT, choose_visit, &ch);
	if (rc == CB_OK && ch.best == NULL)
		rc = CB_ERR_NOTFOUND;
	if (rc == CB_OK) {
		*out = ch.best;
		if (version_out)
			*version_out = ch.best_version;
	} else {
		cb_script_free(&ch.best);
	}
	return rc;
}

/* ---- Facts ------------------------------------------------------------ */

static int facts_invoice(const struct cb_invoice *inv, void *arg)
{
	struct cb_script_facts *f = arg;
	if (inv->type == CB_DOC_CREDIT_NOTE || inv->open <= 0)
		return CB_OK;
	if (f->today - inv->due_date >= 1) {
		f->overdue_count++;
		f->overdue_amount += inv->open;
	}
	if (f->oldest_due == CB_DAY_NONE || inv->due_date < f->oldest_due) {
		f->oldest_due = inv->due_date;
		f->oldest_amount = inv->open;
		snprintf(f->oldest_invoice, sizeof f->oldest_invoice, "%s", inv->id);
	}
	return CB_OK;
}

static int facts_promise(const struct cb_promise *p, void *arg)
{
	struct cb_script_facts *f = arg;
	if (p->status == CB_PROMISE_PENDING || p->status == CB_PROMISE_BROKEN) {
		f->promise_amount = p->amount;
		f->promise_date = p->due;
	}
	return CB_OK;
}

/* How long after a promise was broken the call is about it. */
#define PROMISE_BROKEN_DAYS 30

/* The stage of the account in its collection (doc/scripts.md). */
static void facts_stage(struct cb_script_facts *f, const struct cb_work *w,
    time_t now)
{
	const char *stage = "collection";
	if (w->callback_at != 0 && w->callback_at <= now)
		stage = "callback";
	else if (w->promise_due != CB_DAY_NONE && w->promise_due <= f->today)
		stage = "promise-due";
	else if (w->promise_due == CB_DAY_NONE && w->broken_on != CB_DAY_NONE &&
	    f->today - w->broken_on <= PROMISE_BROKEN_DAYS)
		stage = "promise-broken";
	else if (w->step)
		stage = w->step;
	snprintf(f->stage, sizeof f->stage, "%s", stage);
}

int cb_script_facts_read(struct cb_txn *txn, const char *portfolio,
    const char *debtor, const char *agent, time_t now,
    struct cb_script_facts *out)
{
	struct cb_portfolio p;
	struct cb_debtor d;
	struct cb_account a;
	struct cb_work w;
	struct cb_user u;
	memset(out, 0, sizeof *out);
	out->oldest_due = out->promise_date = CB_DAY_NONE;
	int rc = cb_portfolio_get(txn, portfolio, &p);
	if (rc == CB_OK)
		rc = cb_debtor_get(txn, debtor, &d);
	if (rc == CB_OK)
		rc = cb_account_get(txn, portfolio, debtor, &a);
	if (rc == CB_OK)
		rc = cb_work_get(txn, portfolio, debtor, &w);
	if (rc == CB_OK)
		rc = cb_tz_today(now, p.timezone, &out->today);
	if (rc != CB_OK)
		return rc;
	snprintf(out->portfolio, sizeof out->portfolio, "%s", portfolio);
	snprintf(out->debtor_id, sizeof out->debtor_id, "%s", debtor);
	snprintf(out->debtor_name, sizeof out->debtor_name, "%s", d.name);
	snprintf(out->debtor_address, sizeof out->debtor_address, "%s",
	    d.address ? d.address : "");
	snprintf(out->debtor_city, sizeof out->debtor_city, "%s",
	    d.city ? d.city : "");
	snprintf(out->debtor_region, sizeof out->debtor_region, "%s",
	    d.region ? d.region : "");
	snprintf(out->portfolio_name, sizeof out->portfolio_name, "%s",
	    p.name ? p.name : p.code);
	bool known = agent && cb_user_get(txn, agent, &u) == CB_OK;
	snprintf(out->agent_name, sizeof out->agent_name, "%s",
	    known && u.name ? u.name : agent ? agent : "");
	out->currency = cb_currency_find(p.currency);
	out->segment = a.segment;
	out->balance = a.balance;
	rc = cb_invoice_each(txn, portfolio, debtor, facts_invoice, out);
	if (rc == CB_OK)
		rc = cb_promise_each(txn, portfolio, debtor, facts_promise, out);
	if (out->oldest_due != CB_DAY_NONE)
		out->oldest_dpd = out->today - out->oldest_due;
	facts_stage(out, &w, now);
	return rc;
}

/* ---- Strategies in force ---------------------------------------------- */

/* The strategies parsed, with the texts they came from: kept across
 * transactions (the program is single-threaded) and parsed again when a
 * stored text differs. */
#define STRATEGIES_MAX 32
static struct {
	uint64_t serial; /* the transaction it was last found right under */
	size_t n;
	char *text[STRATEGIES_MAX];
	size_t size[STRATEGIES_MAX];
	struct cb_strategy *parsed[STRATEGIES_MAX];
} cache;

struct scan {
	size_t n;
	bool same;
	bool full;
};

static int scan_same(const char *id, int version, const char *text,
    size_t size, void *arg)
{
	struct scan *sc = arg;
	(void)id;
	(void)version;
	if (sc->n >= cache.n || cache.size[sc->n] != size ||
	    memcmp(cache.text[sc->n], text, size) != 0)
		sc->same = false;
	sc->n++;
	return CB_OK;
}

static void cache_clear(void)
{
	for (size_t i = 0; i < cache.n; i++) {
		free(cache.text[i]);
		cb_strategy_free(&cache.parsed[i]);
	}
	cache.n = 0;
}

static int scan_keep(const char *id, int version, const char *text,
    size_t size, void *arg)
{
	struct scan *sc = arg;
	char why[256];
	(void)version;
	if (cache.n == STRATEGIES_MAX) {
		sc->full = true;
		return CB_OK;
	}
	char *copy = malloc(size ? size : 1);
	struct cb_strategy *st = NULL;
	if (copy == NULL)
		return CB_ERR_NOMEM;
	memcpy(copy, text, size);
	/* A stored strategy that does not parse (check reports it) stays in
	 * the cache unparsed, so that it is not parsed at every call. */
	int rc = cb_strategy_parse(text, size, id, &st, why, sizeof why);
	if (rc == CB_ERR_NOMEM) {
		free(copy);
		return rc;
	}
	cache.text[cache.n] = copy;
	cache.size[cache.n] = size;
	cache.parsed[cache.n++] = st;
	return CB_OK;
}

const struct cb_strategy *cb_strategy_for(struct cb_txn *txn,
    const char *portfolio)
{
	struct scan sc = { 0, true, false };
	if (cache.serial != cb_txn_serial(txn)) {
		if (cb_library_each(txn, CB_BOOK_STRATEGY, scan_same, &sc) != CB_OK)
			return NULL;
		if (!sc.same || sc.n != cache.n) {
			cache_clear();
			if (cb_library_each(txn, CB_BOOK_STRATEGY, scan_keep,
			    &sc) != CB_OK)
				cache_clear();
		}
		cache.serial = cb_txn_serial(txn);
	}
	const struct cb_strategy *any = NULL;
	for (size_t i = 0; i < cache.n; i++) {
		const struct cb_strategy *st = cache.parsed[i];
		if (st == NULL || !cb_strategy_covers(st, portfolio))
			continue;
		if (st->portfolios)
			return st;
		if (any == NULL)
			any = st;
	}
	return any;
}

int cb_library_verify(struct cb_txn *txn,
    void (*fault)(const char *text, void *arg), void *arg)
{
	struct cb_cursor *c = NULL;
	struct cb_val k, v;
	int rc = cb_cursor_open(txn, CB_T_LIBRARY, &c);
	for (rc = rc == CB_OK ? cb_cursor_seek(c, (struct cb_val){ "", 0 }, &k,
	    &v) : rc; rc == CB_OK; rc = cb_cursor_next(c, &k, &v)) {
		char why[512], text[600], id[CB_SCRIPT_ID_MAX + 1];
		const char *kid;
		int version;
		enum cb_book book = CB_BOOK_SCRIPT;
		bool ok = key_split(k, book, &kid, &version) ||
		    key_split(k, book = CB_BOOK_STRATEGY, &kid, &version);
		if (!ok) {
			fault("a key of the library table is malformed", arg);
			continue;
		}
		if (book_parse(book, v.data, v.size, kid, id, why,
		    sizeof why) != CB_OK) {
			snprintf(text, sizeof text, "%s %s version %d: %s",
			    book_names[book], kid, version, why);
			fault(text, arg);
		} else if (strcmp(id, kid) != 0) {
			snprintf(text, sizeof text, "%s %s version %d holds %s",
			    book_names[book], kid, version, id);
			fault(text, arg);
		}
	}
	if (c)
		cb_cursor_close(&c);
	return rc == CB_ERR_NOTHING || rc == CB_ERR_NOTFOUND ? CB_OK : rc;
}
