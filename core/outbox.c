/* outbox.c -- letters, e-mails, placements and reviews of the strategies. */
#include "i18n.h"
#include "outbox.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "event.h"
#include "library.h"
#include "queue.h"
#include "rules.h"
#include "strategy.h"
#include "work.h"

/* ---- Headers ---------------------------------------------------------- */

static const char b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

size_t cb_mime_header(const char *text, char *buf, size_t size)
{
	size_t len = 0, n = strlen(text);
	bool plain = true;
	for (size_t i = 0; i < n; i++)
		plain &= (unsigned char)text[i] >= 0x20 &&
		    (unsigned char)text[i] < 0x7f;
	if (plain || n == 0)
		return (size_t)snprintf(buf, size, "%s", text);
#define PUT(c) do { if (len + 1 < size) buf[len] = (c); len++; } while (0)
	/* Words of at most 45 bytes (60 in base 64), cut between characters,
	 * one per folded line. */
	for (size_t at = 0; at < n; ) {
		size_t take = n - at < 45 ? n - at : 45;
		while (at + take < n && ((unsigned char)text[at + take] & 0xc0) == 0x80)
			take--;
		if (at > 0) {
			PUT('\n');
			PUT(' ');
		}
		for (const char *p = "=?UTF-8?B?"; *p; p++)
			PUT(*p);
		for (size_t i = 0; i < take; i += 3) {
			const unsigned char *s = (const unsigned char *)text + at + i;
			size_t k = take - i;
			unsigned v = (unsigned)s[0] << 16 | (k > 1 ? s[1] << 8 : 0) |
			    (k > 2 ? s[2] : 0);
			PUT(b64[v >> 18 & 63]);
			PUT(b64[v >> 12 & 63]);
			PUT(k > 1 ? b64[v >> 6 & 63] : '=');
			PUT(k > 2 ? b64[v & 63] : '=');
		}
		PUT('?');
		PUT('=');
		at += take;
	}
#undef PUT
	if (size > 0)
		buf[len < size ? len : size - 1] = '\0';
	return len;
}

/* An RFC 5322 date, in English whatever the locale: "Mon, 02 Mar 2026
 * 11:00:00 +0000". */
static void mail_date(time_t t, char buf[static 40])
{
	static const char days[] = "SunMonTueWedThuFriSat";
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	struct tm tm;
	gmtime_r(&t, &tm);
	snprintf(buf, 40, "%.3s, %02d %.3s %d %02d:%02d:%02d +0000",
	    days + 3 * tm.tm_wday, tm.tm_mday, months + 3 * tm.tm_mon,
	    tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* ---- Files ------------------------------------------------------------ */

/* Keeps letters, digits, '-' and '.' of s; anything else becomes '_'. */
static void file_word(const char *s, char *out, size_t size)
{
	size_t n = 0;
	for (; *s && n + 1 < size; s++, n++)
		out[n] = ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || *s == '-' || *s == '.') ? *s : '_';
	out[n] = '\0';
}

/* Writes text to path whole, through a temporary file.  It reaches the
 * disk with the rest of its batch (batch_end). */
static int file_write(const char *path, const char *text, size_t len)
{
	char tmp[4200];
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
	if (fd < 0)
		return CB_ERR_IO;
	bool ok = write(fd, text, len) == (ssize_t)len;
	ok &= close(fd) == 0;
	if (!ok || rename(tmp, path) != 0) {
		unlink(tmp);
		return CB_ERR_IO;
	}
	return CB_OK;
}

/* ---- A run ------------------------------------------------------------ */

struct outbox {
	struct cb_session *s;
	const char *dir, *from;
	struct cb_rules *rules;
	struct cb_weights weights;
	struct cb_outbox_report total, batch;
	/* The files of the transaction under way. */
	size_t nfiles;
	struct written_file {
		char path[4096];
		enum cb_channel channel;
	} *files;
	size_t files_cap;
	void (*written)(const char *path, enum cb_channel channel, void *arg);
	void (*progress)(uint64_t done, uint64_t total, void *arg);
	void *arg;
};

/* One account as it stands for the run. */
struct item {
	struct cb_portfolio p;
	struct cb_debtor d;
	struct cb_account a;
	struct cb_work w;
	cb_day today;
	const struct cb_strategy *st;
};

static int32_t step_key(const struct cb_strategy_step *s)
{
	return s->day * 8 + (int32_t)s->kind;
}

static bool step_done(const struct cb_work *w, const struct cb_strategy_step *s)
{
	for (size_t i = 0; i < w->ndone; i++)
		if (w->done[i] == step_key(s))
			return true;
	return false;
}

static void mark_done(struct cb_work *w, const struct cb_strategy_step *s)
{
	if (w->ndone == CB_WORK_DONE_MAX)
		memmove(w->done, w->done + 1, --w->ndone * sizeof w->done[0]);
	w->done[w->ndone++] = step_key(s);
}

static int remember_file(struct outbox *o, const char *path,
    enum cb_channel channel)
{
	if (o->nfiles == o->files_cap) {
		size_t cap = o->files_cap ? 2 * o->files_cap : 64;
		struct written_file *f = realloc(o->files, cap * sizeof *f);
		if (f == NULL)
			return CB_ERR_NOMEM;
		o->files = f;
		o->files_cap = cap;
	}
	snprintf(o->files[o->nfiles].path, sizeof o->files[0].path, "%s", path);
	o->files[o->nfiles++].channel = channel;
	return CB_OK;
}

/* The text of a message: a letter as rendered, an e-mail with headers. */
static char *compose(struct outbox *o, struct item *it,
    const struct cb_template *t, const struct cb_script_facts *f,
    const char *message_id, size_t *len)
{
	size_t body_size = 16384;
	char *body = malloc(body_size), *text = NULL;
	char subject[1024], subject_h[2048], name_h[512], date[40];
	if (body == NULL)
		return NULL;
	cb_script_render(t->body, t->language, f, NULL, body, body_size);
	if (t->channel == CB_CHANNEL_LETTER) {
		*len = strlen(body);
		return body;
	}
	cb_script_render(t->subject, t->language, f, NULL, subject,
	    sizeof subject);
	cb_mime_header(subject, subject_h, sizeof subject_h);
	cb_mime_header(it->d.name, name_h, sizeof name_h);
	mail_date(o->s->now, date);
	size_t size = strlen(body) + 8192;
	if ((text = malloc(size)) != NULL) {
		int n = snprintf(text, size,
		    "%s%s%s"
		    "To: %s <%s>\n"
		    "Subject: %s\n"
		    "Date: %s\n"
		    "Message-ID: <%s@cobrador>\n"
		    "MIME-Version: 1.0\n"
		    "Content-Type: text/plain; charset=UTF-8\n"
		    "Content-Transfer-Encoding: 8bit\n"
		    "X-Cobrador-Account: %s/%s\n"
		    "\n%s",
		    o->from ? "From: " : "", o->from ? o->from : "",
		    o->from ? "\n" : "", name_h, it->d.email, subject_h, date,
		    message_id, it->a.portfolio, it->a.debtor, body);
		*len = n > 0 ? (size_t)n : 0;
	}
	free(body);
	return text;
}

/* Writes the message of a letter or e-mail step, logs it and counts it as
 * a contact of the debtor's rule pack; or says why not. */
static int send_step(struct cb_txn *txn, struct outbox *o, struct item *it,
    const struct cb_strategy_step *s)
{
	enum cb_channel ch = s->kind == CB_STEP_LETTER ? CB_CHANNEL_LETTER
	                                               : CB_CHANNEL_EMAIL;
	const char *to = ch == CB_CHANNEL_LETTER ? it->d.address : it->d.email;
	if (to == NULL || *to == '\0') {
		o->batch.no_address++;
		mark_done(&it->w, s);
		return CB_OK;
	}
	struct cb_contact_check check;
	int rc = cb_rules_check(o->rules, &it->d, &it->p, &it->w, ch,
	    o->s->now, &check);
	if (rc != CB_OK || check.block != CB_BLOCK_NONE) {
		o->batch.held++;
		return rc;
	}
	const char *lang = it->st->language[0] ? it->st->language
	    : cb_language_of_country(it->d.country);
	const struct cb_template *t = cb_strategy_template(it->st, s->name, ch,
	    lang);
	struct cb_script_facts f;
	if (t == NULL)
		return CB_ERR_CORRUPT; /* parsing made sure of it */
	if ((rc = cb_script_facts_read(txn, it->a.portfolio, it->a.debtor, NULL,
	    o->s->now, &f)) != CB_OK)
		return rc;
	char day[11], pf[40], db[80], name[300], path[4096], id[400];
	cb_day_format(it->today, day);
	file_word(it->a.portfolio, pf, sizeof pf);
	file_word(it->a.debtor, db, sizeof db);
	snprintf(name, sizeof name, "%s_%s_%s_%s-%s.%s", day, pf, db,
	    cb_step_kind_name(s->kind), s->name,
	    ch == CB_CHANNEL_LETTER ? "txt" : "eml");
	snprintf(path, sizeof path, "%s/%s", o->dir, name);
	snprintf(id, sizeof id, "%s.%s-%s.%s.%s", day, cb_step_kind_name(s->kind),
	    s->name, db, pf);
	size_t len;
	char *text = compose(o, it, t, &f, id, &len);
	if (text == NULL)
		return CB_ERR_NOMEM;
	rc = file_write(path, text, len);
	free(text);
	struct cb_event ev;
	char step_day[16];
	snprintf(step_day, sizeof step_day, "%d", s->day);
	cb_event_init(&ev, cb_step_kind_name(s->kind), o->s->login, o->s->now);
	ev.portfolio = it->a.portfolio;
	ev.debtor = it->a.debtor;
	cb_event_add(&ev, "strategy", it->st->id);
	cb_event_add(&ev, "day", step_day);
	cb_event_add(&ev, "template", t->name);
	cb_event_add(&ev, "language", t->language);
	cb_event_add(&ev, "to", to);
	cb_event_add(&ev, "file", name);
	if (rc == CB_OK)
		rc = cb_event_append(txn, &ev);
	if (rc == CB_OK)
		rc = remember_file(o, path, ch);
	if (rc != CB_OK)
		return rc;
	cb_work_add_contact(&it->w, o->s->now, ch, 31);
	mark_done(&it->w, s);
	if (ch == CB_CHANNEL_LETTER)
		o->batch.letters++;
	else
		o->batch.emails++;
	return CB_OK;
}

/* Places the account with an agency, or sets it for a write-off review:
 * out of the queue, logged. */
static int take_out(struct cb_txn *txn, struct outbox *o, struct item *it,
    const struct cb_strategy_step *s)
{
	struct cb_event ev;
	char step_day[16];
	bool place = s->kind == CB_STEP_PLACE;
	snprintf(step_day, sizeof step_day, "%d", s->day);
	cb_event_init(&ev, place ? "placement" : "writeoff_review", o->s->login,
	    o->s->now);
	ev.portfolio = it->a.portfolio;
	ev.debtor = it->a.debtor;
	cb_event_add(&ev, "strategy", it->st->id);
	cb_event_add(&ev, "day", step_day);
	if (place)
		cb_event_add(&ev, "agency", s->name);
	it->w.flags |= place ? CB_WORK_PLACED : CB_WORK_REVIEW;
	if (place)
		it->w.agency = s->name;
	mark_done(&it->w, s);
	if (place)
		o->batch.placed++;
	else
		o->batch.reviews++;
	return cb_event_append(txn, &ev);
}

static int item_read(struct cb_txn *txn, struct outbox *o,
    const struct cb_account_ref *ref, struct item *it)
{
	int rc = cb_portfolio_get(txn, ref->portfolio, &it->p);
	if (rc == CB_OK)
		rc = cb_tz_today(o->s->now, it->p.timezone, &it->today);
	if (rc == CB_OK)
		rc = cb_account_get(txn, ref->portfolio, ref->debtor, &it->a);
	if (rc == CB_OK)
		rc = cb_debtor_get(txn, ref->debtor, &it->d);
	if (rc == CB_OK)
		rc = cb_work_get(txn, ref->portfolio, ref->debtor, &it->w);
	it->st = rc == CB_OK ? cb_strategy_for(txn, ref->portfolio) : NULL;
	return rc;
}

/* Starts a transaction: what it did so far is forgotten (it may be a
 * second run of the same one). */
static int batch_start(struct cb_txn *txn, struct outbox *o)
{
	memset(&o->batch, 0, sizeof o->batch);
	o->nfiles = 0;
	cb_rules_close(&o->rules);
	int rc = cb_rules_open(txn, &o->rules);
	return rc == CB_OK ? cb_weights_get(txn, &o->weights) : rc;
}

/* The files of a batch reach the disk before its events are committed:
 * one sync of the outbox's file system for them all. */
static int batch_end(struct cb_txn *txn, void *arg)
{
	struct outbox *o = arg;
	(void)txn;
	if (o->nfiles == 0)
		return CB_OK;
	int fd = open(o->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	bool ok = fd >= 0 && syncfs(fd) == 0;
	if (fd >= 0)
		close(fd);
	return ok ? CB_OK : CB_ERR_IO;
}

static int outbox_account(struct cb_txn *txn, const struct cb_account_ref *ref,
    void *arg)
{
	struct outbox *o = arg;
	struct item it;
	if (ref == NULL)
		return batch_start(txn, o);
	int rc = item_read(txn, o, ref, &it);
	if (rc != CB_OK || it.st == NULL || it.a.balance <= 0 ||
	    it.a.oldest_due == CB_DAY_NONE || (it.w.flags & (CB_WORK_STOP |
	    CB_WORK_DISPUTE | CB_WORK_PLACED | CB_WORK_REVIEW)))
		return rc;
	bool changed = it.w.cycle != it.a.oldest_due;
	if (changed) {
		it.w.cycle = it.a.oldest_due;
		it.w.ndone = 0;
	}
	/* The latest step of each kind that has come and is not done; the
	 * earlier ones are passed over. */
	const struct cb_strategy_step *latest[5] = { NULL };
	int dpd = it.today - it.a.oldest_due;
	for (size_t i = 0; i < it.st->nsteps[it.a.segment]; i++) {
		const struct cb_strategy_step *s = &it.st->steps[it.a.segment][i];
		if (s->day > dpd)
			break;
		if (s->kind == CB_STEP_CALL || step_done(&it.w, s))
			continue;
		if (latest[s->kind]) {
			mark_done(&it.w, latest[s->kind]);
			o->batch.passed++;
		}
		latest[s->kind] = s;
		changed = true;
	}
	if (latest[CB_STEP_LETTER])
		rc = send_step(txn, o, &it, latest[CB_STEP_LETTER]);
	if (rc == CB_OK && latest[CB_STEP_EMAIL])
		rc = send_step(txn, o, &it, latest[CB_STEP_EMAIL]);
	/* The account leaves the queue once its messages went: one the rule
	 * pack holds is sent at a later run first. */
	bool held = (latest[CB_STEP_LETTER] &&
	    !step_done(&it.w, latest[CB_STEP_LETTER])) ||
	    (latest[CB_STEP_EMAIL] && !step_done(&it.w, latest[CB_STEP_EMAIL]));
	if (rc == CB_OK && !held && latest[CB_STEP_REVIEW])
		rc = take_out(txn, o, &it, latest[CB_STEP_REVIEW]);
	else if (rc == CB_OK && !held && latest[CB_STEP_PLACE])
		rc = take_out(txn, o, &it, latest[CB_STEP_PLACE]);
	if (rc != CB_OK || !changed)
		return rc;
	it.w.portfolio = ref->portfolio;
	it.w.debtor = ref->debtor;
	return cb_work_put(txn, &it.w, &it.a, &o->weights, it.today, o->s->now);
}

/* After each commit: the batch's figures count, its files may go. */
static void batch_done(uint64_t done, uint64_t total, void *arg)
{
	struct outbox *o = arg;
	struct cb_outbox_report *t = &o->total, *b = &o->batch;
	t->letters += b->letters;
	t->emails += b->emails;
	t->placed += b->placed;
	t->reviews += b->reviews;
	t->held += b->held;
	t->no_address += b->no_address;
	t->passed += b->passed;
	for (size_t i = 0; o->written && i < o->nfiles; i++)
		o->written(o->files[i].path, o->files[i].channel, o->arg);
	o->nfiles = 0;
	if (o->progress)
		o->progress(done, total, o->arg);
}

int cb_outbox_run(struct cb_session *s, const char *dir, const char *from,
    void (*written)(const char *path, enum cb_channel channel, void *arg),
    void (*progress)(uint64_t done, uint64_t total, void *arg), void *arg,
    struct cb_outbox_report *out)
{
	struct outbox o = { .s = s, .dir = dir, .from = from,
		.written = written, .progress = progress, .arg = arg };
	if (!cb_may(s->role, CB_DO_SUPERVISE))
		return CB_ERR_PERM;
	if (mkdir(dir, 0750) != 0 && errno != EEXIST)
		return CB_ERR_IO;
	int rc = cb_accounts_batched(s, outbox_account, batch_end, &o,
	    batch_done, &o);
	cb_rules_close(&o.rules);
	free(o.files);
	*out = o.total;
	return rc;
}
