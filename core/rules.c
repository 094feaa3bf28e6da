/* rules.c -- the rule packs in force and the checks made with them. */
#include "rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "error.h"
#include "event.h"
#include "sha256.h"
#include "shipped.h"
#include "text.h"
#include "zone.h"

#define DAY_SECONDS 86400
#define SEARCH_DAYS 400   /* how far ahead the next allowed time is sought */
#define PACKS_MAX 32      /* packs one walk keeps parsed */
#define WINDOWS_MAX 64    /* pack and zone pairs one walk keeps judged */
#define ZONES_MAX 32      /* zones one walk keeps known */

/* ---- The packs in force ----------------------------------------------- */

/* A pack, a zone and a moment judged once for a whole walk. */
struct window {
	const struct cb_pack *pack;
	char zone[64];
	time_t at;
	struct cb_contact_check check; /* the window's verdict only */
};

struct cb_rules {
	struct cb_txn *txn;
	size_t npacks;
	struct cb_pack *packs[PACKS_MAX];
	size_t nwindows, next_window;
	struct window windows[WINDOWS_MAX];
	char holiday[64];
	char found[CB_PACK_CODE_MAX + 1]; /* the pack code cb_rules_debtor() found */
	char zones[ZONES_MAX][64];        /* zones known to exist */
	size_t nzones;
	struct {                          /* countries' packs found already */
		char country[3];
		char code[CB_PACK_CODE_MAX + 1]; /* "" when none */
	} countries[ZONES_MAX];
	size_t ncountries;
};

static struct cb_val text_val(const char *s)
{
	return (struct cb_val){ s, strlen(s) };
}

/* The key of a loaded pack: "pack" \0 code. */
static struct cb_val pack_key(char *buf, size_t size, const char *code)
{
	int n = snprintf(buf, size, "pack%c%s", '\0', code);
	return (struct cb_val){ buf, (size_t)n };
}

/* The key of a supervisors' holiday: "holiday" \0 code \0 YYYY-MM-DD. */
static struct cb_val holiday_key(char *buf, size_t size, const char *code,
    cb_day day)
{
	char date[11];
	cb_day_format(day, date);
	int n = snprintf(buf, size, "holiday%c%s%c%s", '\0', code, '\0', date);
	return (struct cb_val){ buf, (size_t)n };
}

static const char *shipped_text(const char *code)
{
	for (const struct cb_shipped *s = cb_shipped_packs; s->text; s++)
		if (strcmp(s->name, code) == 0)
			return s->text;
	return NULL;
}

int cb_rules_text(struct cb_txn *txn, const char *code, const char **text,
    size_t *size, bool *loaded)
{
	char key[64];
	struct cb_val v;
	int rc = cb_get(txn, CB_T_RULES, pack_key(key, sizeof key, code), &v);
	if (rc == CB_OK) {
		*text = v.data;
		*size = v.size;
		*loaded = true;
		return CB_OK;
	}
	if (rc != CB_ERR_NOTFOUND)
		return rc;
	if ((*text = shipped_text(code)) == NULL)
		return CB_ERR_NOTFOUND;
	*size = strlen(*text);
	*loaded = false;
	return CB_OK;
}

int cb_rules_open(struct cb_txn *txn, struct cb_rules **out)
{
	if ((*out = calloc(1, sizeof **out)) == NULL)
		return CB_ERR_NOMEM;
	(*out)->txn = txn;
	return CB_OK;
}

void cb_rules_close(struct cb_rules **r)
{
	if (*r == NULL)
		return;
	for (size_t i = 0; i < (*r)->npacks; i++)
		free((*r)->packs[i]);
	free(*r);
	*r = NULL;
}

const struct cb_pack *cb_rules_pack(struct cb_rules *r, const char *code)
{
	const char *text;
	size_t size;
	bool loaded;
	char why[160];
	struct cb_pack *p;
	for (size_t i = 0; i < r->npacks; i++)
		if (strcmp(r->packs[i]->code, code) == 0)
			return r->packs[i];
	if (r->npacks == PACKS_MAX ||
	    cb_rules_text(r->txn, code, &text, &size, &loaded) != CB_OK ||
	    (p = malloc(sizeof *p)) == NULL)
		return NULL;
	/* A stored pack was checked when loaded; a shipped one by the tests. */
	if (cb_pack_parse(text, size, code, p, why, sizeof why) != CB_OK) {
		free(p);
		return NULL;
	}
	r->packs[r->npacks++] = p;
	return p;
}

/* The code of the pack that lists country, into code (16 bytes). */
static bool find_pack_of_country(struct cb_rules *r, const char *country,
    char *code)
{
	struct cb_cursor *c;
	struct cb_val k;
	char key[64];
	if (country == NULL)
		return false;
	/* A loaded pack may claim a country; the shipped ones are named after
	 * theirs. */
	if (cb_cursor_open(r->txn, CB_T_RULES, &c) == CB_OK) {
		int rc = cb_cursor_seek(c, text_val("pack"), &k, NULL);
		for (; rc == CB_OK && cb_has_prefix(k, "pack", 5);
		     rc = cb_cursor_next(c, &k, NULL)) {
			const struct cb_pack *p;
			snprintf(key, sizeof key, "%.*s", (int)(k.size - 5),
			    (const char *)k.data + 5);
			if ((p = cb_rules_pack(r, key)) != NULL &&
			    strstr(p->countries, country) != NULL) {
				cb_cursor_close(&c);
				snprintf(code, CB_PACK_CODE_MAX + 1, "%s", p->code);
				return true;
			}
		}
		cb_cursor_close(&c);
	}
	for (const struct cb_shipped *s = cb_shipped_packs; s->text; s++) {
		const struct cb_pack *p = cb_rules_pack(r, s->name);
		if (p && strstr(p->countries, country) != NULL) {
			snprintf(code, CB_PACK_CODE_MAX + 1, "%s", p->code);
			return true;
		}
	}
	return false;
}

/* The same, looked up once per country and walk: a walk visits thousands
 * of debtors of a few countries. */
static bool pack_of_country(struct cb_rules *r, const char *country,
    char *code)
{
	if (country == NULL || strlen(country) != 2)
		return false;
	for (size_t i = 0; i < r->ncountries; i++)
		if (strcmp(r->countries[i].country, country) == 0) {
			snprintf(code, CB_PACK_CODE_MAX + 1, "%s", r->countries[i].code);
			return code[0] != '\0';
		}
	bool found = find_pack_of_country(r, country, code);
	if (r->ncountries < ZONES_MAX) {
		strcpy(r->countries[r->ncountries].country, country);
		snprintf(r->countries[r->ncountries++].code, CB_PACK_CODE_MAX + 1,
		    "%s", found ? code : "");
	}
	return found;
}

/* True when the zone exists; asks the system once per zone and walk. */
static bool zone_ok(struct cb_rules *r, const char *zone)
{
	if (zone == NULL)
		return false;
	for (size_t i = 0; i < r->nzones; i++)
		if (strcmp(r->zones[i], zone) == 0)
			return true;
	if (!cb_tz_exists(zone))
		return false;
	if (r->nzones < ZONES_MAX && strlen(zone) < sizeof r->zones[0])
		strcpy(r->zones[r->nzones++], zone);
	return true;
}

void cb_rules_debtor(struct cb_rules *r, const struct cb_debtor *d,
    const struct cb_portfolio *p, const struct cb_pack **pack,
    const char **code, const char **zone)
{
	const char *z = d->timezone;
	if (d->rules) {
		*code = d->rules;
	} else if (pack_of_country(r, d->country, r->found) ||
	    pack_of_country(r, p->country, r->found)) {
		*code = r->found;
	} else {
		*code = d->country ? d->country : p->country;
	}
	*pack = cb_rules_pack(r, *code);
	if (!zone_ok(r, z))
		z = cb_zone_default(d->country, d->region, d->city);
	*zone = zone_ok(r, z) ? z : p->timezone;
}

const char *cb_rules_holiday(struct cb_rules *r, const char *pack, cb_day day)
{
	char key[96];
	struct cb_val v;
	if (cb_get(r->txn, CB_T_RULES, holiday_key(key, sizeof key, pack, day),
	    &v) != CB_OK)
		return NULL;
	snprintf(r->holiday, sizeof r->holiday, "%.*s", (int)v.size,
	    (const char *)v.data);
	return r->holiday;
}

/* ---- Checks ----------------------------------------------------------- */

/* The holiday that blocks contact on day, or NULL. */
static const char *blocking_holiday(struct cb_rules *r,
    const struct cb_pack *p, cb_day day)
{
	const char *name;
	if (!p->holidays_block)
		return NULL;
	if ((name = cb_pack_holiday(p, day)) != NULL)
		return name;
	return cb_rules_holiday(r, p->code, day);
}

/* The first moment at or after t inside the pack's window, or 0. */
static time_t window_opens(struct cb_rules *r, const struct cb_pack *p,
    const char *zone, time_t t)
{
	struct tm local;
	cb_day day;
	time_t open, close;
	if (cb_tz_localtime(t, zone, &local) != CB_OK ||
	    cb_day_from_ymd(local.tm_year + 1900, local.tm_mon + 1,
	    local.tm_mday, &day) != CB_OK)
		return 0;
	for (int i = 0; i < SEARCH_DAYS; i++, day++) {
		if (!(p->days & 1u << cb_day_weekday(day)) ||
		    blocking_holiday(r, p, day) != NULL)
			continue;
		if (cb_tz_mktime(zone, day, p->open_minute, &open) != CB_OK ||
		    cb_tz_mktime(zone, day, p->close_minute, &close) != CB_OK)
			return 0;
		if (t < open)
			return open;
		if (t < close)
			return t;
	}
	return 0;
}

/* The verdict of the window alone at the moment at. */
static void judge_window(struct cb_rules *r, const struct cb_pack *p,
    const char *zone, time_t at, struct cb_contact_check *out)
{
	struct tm *l = &out->local;
	cb_day day = 0;
	const char *holiday;
	int minute = l->tm_hour * 60 + l->tm_min;
	cb_day_from_ymd(l->tm_year + 1900, l->tm_mon + 1, l->tm_mday, &day);
	out->block = CB_BLOCK_NONE;
	if (!(p->days & 1u << l->tm_wday)) {
		out->block = CB_BLOCK_DAY;
	} else if ((holiday = blocking_holiday(r, p, day)) != NULL) {
		out->block = CB_BLOCK_HOLIDAY;
		snprintf(out->holiday, sizeof out->holiday, "%s", holiday);
	} else if (minute < p->open_minute) {
		out->block = CB_BLOCK_EARLY;
	} else if (minute >= p->close_minute) {
		out->block = CB_BLOCK_LATE;
	}
	out->next = out->block ? window_opens(r, p, zone, at) : at;
}

/* The window's verdict for a pack, zone and moment, judged once. */
static int window_check(struct cb_rules *r, const struct cb_pack *p,
    const char *zone, time_t at, struct cb_contact_check *out)
{
	struct window *w;
	for (size_t i = 0; i < r->nwindows; i++) {
		w = &r->windows[i];
		if (w->pack == p && w->at == at && strcmp(w->zone, zone) == 0) {
			*out = w->check;
			return CB_OK;
		}
	}
	/* Replaces the oldest when full: one walk has few pairs. */
	w = &r->windows[r->next_window];
	r->next_window = (r->next_window + 1) % WINDOWS_MAX;
	if (r->nwindows < WINDOWS_MAX)
		r->nwindows++;
	memset(w, 0, sizeof *w);
	w->pack = p;
	w->at = at;
	snprintf(w->zone, sizeof w->zone, "%s", zone);
	snprintf(w->check.pack, sizeof w->check.pack, "%s", p->code);
	snprintf(w->check.zone, sizeof w->check.zone, "%s", zone);
	int rc = cb_tz_localtime(at, zone, &w->check.local);
	if (rc != CB_OK) {
		w->pack = NULL;
		return rc;
	}
	judge_window(r, p, zone, at, &w->check);
	if (w->check.block && w->check.next &&
	    (rc = cb_tz_localtime(w->check.next, zone, &w->check.next_local)) != CB_OK) {
		w->pack = NULL;
		return rc;
	}
	*out = w->check;
	return CB_OK;
}

/* True when a kept contact counts for a limit. */
static bool counts(const struct cb_pack *p, const struct cb_contact *c,
    unsigned channels, bool conversations)
{
	if (!(channels & 1u << c->channel))
		return false;
	if (c->channel != CB_CHANNEL_CALL)
		return true;
	return (conversations ? p->conversation_codes : p->attempt_codes) &
	    1u << c->code;
}

/* Applies one limit at the moment at: when it blocks, fills out (the
 * first block found stays) and returns when it stops blocking. */
static time_t limit_release(const struct cb_pack *p, const struct cb_limit *l,
    const struct cb_work *w, time_t at, struct cb_contact_check *out)
{
	time_t window = (time_t)l->window_days * DAY_SECONDS;
	time_t gap = (time_t)l->gap_hours * 3600;
	time_t times[CB_WORK_CONTACTS_MAX] = { 0 }, last = 0;
	int used = 0;
	for (size_t i = 0; i < w->ncontacts; i++) {
		const struct cb_contact *c = &w->contacts[i];
		if (!counts(p, c, l->channels, l->conversations) || c->at > at)
			continue;
		last = c->at; /* the gap may reach past the window */
		if (c->at > at - window)
			times[used++] = c->at;
	}
	time_t release = 0;
	enum cb_block block = CB_BLOCK_NONE;
	if (used >= l->count) {
		release = times[used - l->count] + window;
		block = CB_BLOCK_LIMIT;
	}
	if (last && gap && last + gap > at && last + gap > release) {
		release = last + gap;
		block = block ? block : CB_BLOCK_GAP;
	}
	if (block && out->block == CB_BLOCK_NONE) {
		out->block = block;
		out->conversations = l->conversations;
		out->used = used;
		out->limit = l->count;
		out->window_days = l->window_days;
	}
	return release;
}

/* The limits at the moment at; returns when they all allow contact. */
static time_t limits_release(const struct cb_pack *p, const struct cb_work *w,
    enum cb_channel channel, time_t at, struct cb_contact_check *out)
{
	time_t release = 0, t;
	for (size_t i = 0; i < p->nlimits; i++)
		if ((p->limits[i].channels & 1u << channel) &&
		    (t = limit_release(p, &p->limits[i], w, at, out)) > release)
			release = t;
	if (channel != CB_CHANNEL_CALL || p->after_conversation_days == 0)
		return release;
	for (size_t i = w->ncontacts; i-- > 0;) {
		const struct cb_contact *c = &w->contacts[i];
		time_t end = c->at + (time_t)p->after_conversation_days * DAY_SECONDS;
		if (!counts(p, c, 1u << CB_CHANNEL_CALL, true) || c->at > at)
			continue;
		if (end > at) {
			if (out->block == CB_BLOCK_NONE) {
				out->block = CB_BLOCK_CONVERSATION;
				out->window_days = p->after_conversation_days;
			}
			release = end > release ? end : release;
		}
		break;
	}
	return release;
}

/* Whether the window applies to a channel: calls and SMS. */
static bool windowed(enum cb_channel channel)
{
	return channel == CB_CHANNEL_CALL || channel == CB_CHANNEL_SMS;
}

int cb_rules_check(struct cb_rules *r, const struct cb_debtor *d,
    const struct cb_portfolio *p, const struct cb_work *w,
    enum cb_channel channel, time_t at, struct cb_contact_check *out)
{
	const struct cb_pack *pack;
	const char *code, *zone;
	struct cb_contact_check limits = { 0 };
	int rc;
	cb_rules_debtor(r, d, p, &pack, &code, &zone);
	memset(out, 0, sizeof *out);
	out->channel = channel;
	snprintf(out->pack, sizeof out->pack, "%s", code);
	snprintf(out->zone, sizeof out->zone, "%s", zone);
	if (pack == NULL) {
		out->at = at;
		out->block = CB_BLOCK_NO_PACK;
		return cb_tz_localtime(at, zone, &out->local);
	}
	if (windowed(channel)) {
		if ((rc = window_check(r, pack, zone, at, out)) != CB_OK)
			return rc;
	} else if ((rc = cb_tz_localtime(at, zone, &out->local)) != CB_OK) {
		return rc;
	} else {
		out->next = at;
	}
	out->channel = channel;
	out->at = at;
	time_t release = limits_release(pack, w, channel, at, &limits);
	/* A limit says more than the hour: it lasts longer. */
	if (limits.block != CB_BLOCK_NONE) {
		out->block = limits.block;
		out->conversations = limits.conversations;
		out->used = limits.used;
		out->limit = limits.limit;
		out->window_days = limits.window_days;
		out->next = windowed(channel) ? window_opens(r, pack, zone, release)
		                              : release;
		if (out->next &&
		    (rc = cb_tz_localtime(out->next, zone, &out->next_local)) != CB_OK)
			return rc;
	}
	return CB_OK;
}

static const char *const english_days[7] = {
	"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
	"Saturday"
};

void cb_contact_describe(const struct cb_contact_check *c, char *buf,
    size_t size)
{
	size_t n = 0;
	const struct tm *l = &c->local;
	switch (c->block) {
	case CB_BLOCK_NONE:
		snprintf(buf, size, "allowed (%s)", c->pack);
		return;
	case CB_BLOCK_NO_PACK:
		snprintf(buf, size, "no rule pack %s", c->pack);
		return;
	case CB_BLOCK_DAY:
		n = (size_t)snprintf(buf, size, "%s (%s)", english_days[l->tm_wday],
		    c->pack);
		break;
	case CB_BLOCK_HOLIDAY:
		n = (size_t)snprintf(buf, size, "holiday: %s (%s)", c->holiday,
		    c->pack);
		break;
	case CB_BLOCK_EARLY:
		n = (size_t)snprintf(buf, size, "before hours (%s)", c->pack);
		break;
	case CB_BLOCK_LATE:
		n = (size_t)snprintf(buf, size, "after hours (%s)", c->pack);
		break;
	case CB_BLOCK_LIMIT:
		n = (size_t)snprintf(buf, size, "%d/%d %s in %d days (%s)", c->used,
		    c->limit, c->conversations ? "conversations"
		    : c->channel == CB_CHANNEL_CALL ? "calls" : "messages",
		    c->window_days, c->pack);
		break;
	case CB_BLOCK_GAP:
		n = (size_t)snprintf(buf, size, "too soon after the last (%s)",
		    c->pack);
		break;
	case CB_BLOCK_CONVERSATION:
		n = (size_t)snprintf(buf, size, "within %d days after a "
		    "conversation (%s)", c->window_days, c->pack);
		break;
	}
	if (n >= size)
		return;
	if (c->next == 0) {
		snprintf(buf + n, size - n, "; not within a year");
		return;
	}
	char when[24];
	strftime(when, sizeof when, "%Y-%m-%d %H:%M", &c->next_local);
	snprintf(buf + n, size - n, "; next %.3s %s", english_days[
	    c->next_local.tm_wday], when);
}

/* ---- Changes ---------------------------------------------------------- */

struct load {
	struct cb_session *s;
	const char *text;
	size_t size;
	const struct cb_pack *pack;
};

static int load_txn(struct cb_txn *txn, void *arg)
{
	struct load *l = arg;
	struct cb_event ev;
	char key[64], hex[65];
	unsigned char digest[CB_SHA256_LEN];
	int rc = cb_put(txn, CB_T_RULES, pack_key(key, sizeof key, l->pack->code),
	    (struct cb_val){ l->text, l->size });
	cb_sha256(l->text, l->size, digest);
	cb_sha256_hex(digest, hex);
	cb_event_init(&ev, "rules_load", l->s->login, l->s->now);
	cb_event_add(&ev, "pack", l->pack->code);
	cb_event_add(&ev, "sha256", hex);
	return rc == CB_OK ? cb_event_append(txn, &ev) : rc;
}

int cb_rules_load(struct cb_session *s, const char *text, size_t size,
    const char *name, char *why, size_t why_size)
{
	struct cb_pack *pack;
	int rc;
	if (!cb_may(s->role, CB_DO_MAINTAIN))
		return CB_ERR_PERM;
	if ((pack = malloc(sizeof *pack)) == NULL)
		return CB_ERR_NOMEM;
	rc = cb_pack_parse(text, size, name, pack, why, why_size);
	if (rc == CB_OK) {
		struct load l = { s, text, size, pack };
		rc = cb_store_write(s->store, load_txn, &l);
	}
	free(pack);
	return rc;
}

struct holiday_set {
	struct cb_session *s;
	const char *pack;
	cb_day day;
	const char *name;
};

static int holiday_txn(struct cb_txn *txn, void *arg)
{
	struct holiday_set *h = arg;
	struct cb_event ev;
	char key[96], date[11];
	struct cb_val k = holiday_key(key, sizeof key, h->pack, h->day);
	const char *text;
	size_t size;
	bool loaded;
	int rc = cb_rules_text(txn, h->pack, &text, &size, &loaded);
	if (rc == CB_ERR_NOTFOUND)
		return CB_ERR_INPUT;
	if (rc == CB_OK)
		rc = h->name ? cb_put(txn, CB_T_RULES, k, text_val(h->name))
		             : cb_del(txn, CB_T_RULES, k);
	if (rc == CB_ERR_NOTFOUND)
		return CB_ERR_NOTHING;
	cb_day_format(h->day, date);
	cb_event_init(&ev, h->name ? "holiday_add" : "holiday_remove",
	    h->s->login, h->s->now);
	cb_event_add(&ev, "pack", h->pack);
	cb_event_add(&ev, "date", date);
	if (h->name)
		cb_event_add(&ev, "name", h->name);
	return rc == CB_OK ? cb_event_append(txn, &ev) : rc;
}

int cb_rules_holiday_set(struct cb_session *s, const char *pack, cb_day day,
    const char *name)
{
	char code[CB_PACK_CODE_MAX + 1];
	struct holiday_set h = { s, code, day, name };
	if (!cb_may(s->role, CB_DO_SUPERVISE))
		return CB_ERR_PERM;
	snprintf(code, sizeof code, "%s", pack);
	for (char *c = code; *c; c++)
		*c = cb_ascii_upper(*c);
	if (!cb_pack_code_ok(pack) || (name && (*name == '\0' || strlen(name) >= 64 ||
	    cb_text_find_control(name, NULL))))
		return CB_ERR_INPUT;
	return cb_store_write(s->store, holiday_txn, &h);
}

int cb_rules_holiday_each(struct cb_txn *txn, const char *pack,
    int (*fn)(cb_day day, const char *name, void *arg), void *arg)
{
	struct cb_cursor *c;
	struct cb_val k, v;
	char prefix[64], name[64];
	int n = snprintf(prefix, sizeof prefix, "holiday%c%s%c", '\0', pack, '\0');
	int rc = cb_cursor_open(txn, CB_T_RULES, &c);
	if (rc != CB_OK)
		return rc;
	for (rc = cb_cursor_seek(c, (struct cb_val){ prefix, (size_t)n }, &k, &v);
	     rc == CB_OK && cb_has_prefix(k, prefix, (size_t)n);
	     rc = cb_cursor_next(c, &k, &v)) {
		char date[11];
		cb_day day;
		snprintf(date, sizeof date, "%.*s", (int)(k.size - (size_t)n),
		    (const char *)k.data + n);
		snprintf(name, sizeof name, "%.*s", (int)v.size,
		    (const char *)v.data);
		if (cb_day_parse(date, NULL, &day, NULL) != CB_OK) {
			rc = CB_ERR_CORRUPT;
			break;
		}
		if ((rc = fn(day, name, arg)) != CB_OK)
			break;
	}
	cb_cursor_close(&c);
	return rc == CB_ERR_NOTHING || (rc == CB_OK) ? CB_OK : rc;
}

/* The codes of every pack in force, shipped and loaded, sorted. */
static int cmp_code(const void *a, const void *b)
{
	return strcmp(a, b);
}

int cb_rules_each(struct cb_txn *txn,
    int (*fn)(const struct cb_pack *p, bool loaded, void *arg), void *arg)
{
	char codes[PACKS_MAX][CB_PACK_CODE_MAX + 1];
	size_t n = 0;
	struct cb_cursor *c;
	struct cb_val k;
	struct cb_rules *r;
	for (const struct cb_shipped *s = cb_shipped_packs; s->text &&
	    n < PACKS_MAX; s++)
		snprintf(codes[n++], sizeof codes[0], "%s", s->name);
	int rc = cb_cursor_open(txn, CB_T_RULES, &c);
	for (rc = rc == CB_OK ? cb_cursor_seek(c, text_val("pack"), &k, NULL) : rc;
	     rc == CB_OK && cb_has_prefix(k, "pack", 5) && n < PACKS_MAX;
	     rc = cb_cursor_next(c, &k, NULL)) {
		char code[CB_PACK_CODE_MAX + 1];
		bool dup = false;
		snprintf(code, sizeof code, "%.*s", (int)(k.size - 5),
		    (const char *)k.data + 5);
		for (size_t i = 0; i < n; i++)
			dup = dup || strcmp(codes[i], code) == 0;
		if (!dup)
			snprintf(codes[n++], sizeof codes[0], "%s", code);
	}
	cb_cursor_close(&c);
	if (rc != CB_OK && rc != CB_ERR_NOTHING)
		return rc;
	qsort(codes, n, sizeof codes[0], cmp_code);
	if ((rc = cb_rules_open(txn, &r)) != CB_OK)
		return rc;
	for (size_t i = 0; i < n && rc == CB_OK; i++) {
		const struct cb_pack *p = cb_rules_pack(r, codes[i]);
		const char *text;
		size_t size;
		bool loaded = false;
		cb_rules_text(txn, codes[i], &text, &size, &loaded);
		if (p == NULL)
			rc = CB_ERR_CORRUPT;
		else
			rc = fn(p, loaded, arg);
	}
	cb_rules_close(&r);
	return rc;
}

int cb_rules_verify(struct cb_txn *txn,
    void (*fault)(const char *text, void *arg), void *arg)
{
	struct cb_cursor *c;
	struct cb_val k, v;
	struct cb_pack *pack = malloc(sizeof *pack);
	char why[300], text[400], name[80];
	int rc = pack ? cb_cursor_open(txn, CB_T_RULES, &c) : CB_ERR_NOMEM;
	if (rc != CB_OK) {
		free(pack);
		return rc;
	}
	for (rc = cb_cursor_seek(c, (struct cb_val){ 0 }, &k, &v); rc == CB_OK;
	     rc = cb_cursor_next(c, &k, &v)) {
		const char *key = k.data, *end = key + k.size;
		const char *code = memchr(key, '\0', k.size);
		code = code ? code + 1 : end;
		snprintf(name, sizeof name, "rule pack %.*s", (int)(end - code), code);
		if (cb_has_prefix(k, "pack", 5)) {
			if (cb_pack_parse(v.data, v.size, name, pack, why,
			    sizeof why) != CB_OK)
				fault(why, arg);
			continue;
		}
		const char *date = cb_has_prefix(k, "holiday", 8) ?
		    memchr(code, '\0', (size_t)(end - code)) : NULL;
		char day[11];
		cb_day parsed;
		if (date && end - date == 11) {
			memcpy(day, date + 1, 10);
			day[10] = '\0';
		}
		if (date == NULL || end - date != 11 ||
		    cb_day_parse(day, NULL, &parsed, NULL) != CB_OK ||
		    v.size == 0 || v.size >= 64) {
			snprintf(text, sizeof text, "a malformed entry in the rules "
			    "table (%zu bytes)", k.size);
			fault(text, arg);
		}
	}
	cb_cursor_close(&c);
	free(pack);
	return rc == CB_ERR_NOTHING ? CB_OK : rc;
}
