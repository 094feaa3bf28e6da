/* import.c -- reading an ERP file and walking its rows in one transaction;
 * the columns and rules of each kind are in import_<kind>.c. */
#include "import.h"

#include <ctype.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csvout.h"
#include "error.h"
#include "event.h"
#include "import_impl.h"
#include "ledger.h"
#include "text.h"
#include "work.h"

#define PROGRESS_EVERY 8192
/* What an import may add to the database per byte of its file, at most:
 * a first load of the benchmark's files adds about 4 (the rows, their
 * keys and indexes, the accounts settled), and pages copied on write
 * count too.  The map is made this big beforehand. */
#define IMPORT_GROWTH 8

/* What the transaction function needs; cb_store_write() may run it twice. */
struct import_job {
	struct cb_session *s;
	enum cb_import_kind kind;
	const char *path;
	const struct cb_import_options *opt;
	struct cb_import_result *r;
};

const char *cb_import_kind_name(enum cb_import_kind kind)
{
	static const char *const names[] = { "debtors", "invoices", "payments" };
	return kind <= CB_IMPORT_PAYMENTS ? names[kind] : "?";
}

int cb_import_kind_parse(const char *text, enum cb_import_kind *out)
{
	for (int k = CB_IMPORT_DEBTORS; k <= CB_IMPORT_PAYMENTS; k++) {
		if (strcmp(text, cb_import_kind_name((enum cb_import_kind)k)) == 0) {
			*out = (enum cb_import_kind)k;
			return CB_OK;
		}
	}
	return CB_ERR_INPUT;
}

/* Records a problem of the file as a whole (line 0) or of one row. */
static void problem(struct cb_import_result *r, long line, const char *column,
    const char *msg)
{
	r->problems++;
	if (r->nkept < CB_IMPORT_PROBLEMS_KEPT) {
		struct cb_import_problem *p = &r->kept[r->nkept++];
		p->line = line;
		snprintf(p->column, sizeof p->column, "%s", column ? column : "");
		snprintf(p->message, sizeof p->message, "%s", msg);
	}
}

/* Writes the current row, every field of it, and its reason to the
 * rejects file. */
static void write_reject(struct import *im, const char *reason)
{
	size_t n = im->rec.nfields > im->nheader ? im->rec.nfields : im->nheader;
	const char **fields = calloc(n + 1, sizeof *fields);
	if (fields == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		fields[i] = i < im->rec.nfields ? im->rec.fields[i] : "";
	fields[n] = reason;
	cb_csv_writer_row(im->rejects, fields, n + 1);
	free(fields);
}

int imp_reject(struct import *im, int column, const char *fmt, ...)
{
	char msg[200], reason[300];
	const char *name = column >= 0 ? im->kind->columns[column].name : NULL;
	va_list ap;
	if (im->row_bad)
		return CB_ERR_INPUT;
	im->row_bad = true;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	problem(im->r, im->rec.line, name, msg);
	im->r->rejected++;
	if (im->rejects && im->header) {
		snprintf(reason, sizeof reason, "line %ld: %s%s%s", im->rec.line,
		    name ? name : "", name ? ": " : "", msg);
		write_reject(im, reason);
	}
	return CB_ERR_INPUT;
}

const char *imp_field(struct import *im, int column)
{
	int at = im->at[column];
	if (at < 0 || (size_t)at >= im->rec.nfields)
		return NULL;
	char *s = im->rec.fields[at];
	while (*s == ' ')
		s++;
	size_t n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		s[--n] = '\0';
	return *s ? s : NULL;
}

int imp_required(struct import *im, int column, const char **out)
{
	*out = imp_field(im, column);
	return *out ? CB_OK : imp_reject(im, column, "missing");
}

int imp_check_length(struct import *im, int column, size_t max)
{
	const char *s = imp_field(im, column);
	if (s && strlen(s) > max)
		return imp_reject(im, column, "longer than %zu bytes", max);
	return CB_OK;
}

/* The place of the date text s in the table of those read: where it is,
 * or the empty place where it would go; NULL when it is not there and the
 * table is half full (or cannot be made). */
static struct imp_known_date *known_date(struct import *im, const char *s)
{
	uint32_t h = imp_hash(s, strlen(s));
	if (im->dates == NULL &&
	    (im->dates = calloc(IMP_KNOWN_DATES, sizeof *im->dates)) == NULL)
		return NULL;
	for (size_t i = h % IMP_KNOWN_DATES;; i = (i + 1) % IMP_KNOWN_DATES) {
		struct imp_known_date *d = &im->dates[i];
		if (strcmp(d->text, s) == 0)
			return d;
		if (d->text[0] == '\0')
			return im->ndates < IMP_KNOWN_DATES / 2 ? d : NULL;
	}
}

int imp_date(struct import *im, int column, bool required, cb_day *out)
{
	const char *s = imp_field(im, column), *why;
	*out = CB_DAY_NONE;
	if (s == NULL)
		return required ? imp_reject(im, column, "missing") : CB_OK;
	/* A file holds few distinct dates (the benchmark's 10 million are
	 * 790), and libc's calendar (timegm(), gmtime_r()) is slow: each
	 * text is read once, then found in the table. */
	struct imp_known_date *known = strlen(s) < sizeof known->text
	    ? known_date(im, s) : NULL;
	if (known && known->text[0]) {
		*out = known->day;
		return CB_OK;
	}
	if (cb_day_parse(s, im->opt->date_format, out, &why) != CB_OK)
		return imp_reject(im, column, "%s: '%s'", why, s);
	if (known) {
		strcpy(known->text, s);
		known->day = *out;
		im->ndates++;
	}
	return CB_OK;
}

int imp_amount(struct import *im, int column, const struct cb_currency *cur,
    int64_t *out)
{
	const char *s, *why;
	int rc = imp_required(im, column, &s);
	if (rc == CB_OK && cb_money_parse(s, cur, out, &why) != CB_OK)
		return imp_reject(im, column, "%s: '%s' in %s", why, s, cur->code);
	return rc;
}

int imp_debtor(struct import *im, int column, char canon[CB_ID_MAX],
    struct cb_debtor *d)
{
	const char *text, *why;
	int rc = imp_required(im, column, &text);
	if (rc == CB_OK)
		rc = cb_debtor_find(im->txn, text, canon, d, &why);
	if (rc == CB_ERR_NOTFOUND)
		return imp_reject(im, column, "unknown debtor '%s'%s%s%s", text,
		    why ? " (" : "", why ? why : "", why ? ")" : "");
	return rc;
}

int imp_portfolio_code(struct import *im, int column, const char **out)
{
	const char *s = imp_field(im, column);
	*out = s ? s : "default";
	if (strlen(*out) > CB_PORTFOLIO_MAX)
		return imp_reject(im, column, "longer than %d bytes", CB_PORTFOLIO_MAX);
	if (strchr(*out, '/'))
		return imp_reject(im, column, "'/' is not allowed in a portfolio code");
	return CB_OK;
}

/* The key of something this file named: tag, a \0, b \0 (cut to the
 * key's room, as ids are checked for length before). */
static struct cb_val named_key(struct cb_key *k, char tag, const char *a,
    const char *b)
{
	size_t na = strnlen(a, sizeof k->buf - 3);
	size_t nb = b ? strnlen(b, sizeof k->buf - 3 - na) : 0;
	k->buf[0] = tag;
	memcpy(k->buf + 1, a, na);
	k->buf[1 + na] = '\0';
	memcpy(k->buf + 2 + na, b ? b : "", nb);
	k->buf[2 + na + nb] = '\0';
	k->len = 3 + na + nb;
	return cb_key_val(k);
}

long imp_seen(struct import *im, char tag, const char *a, const char *b,
    const char **value)
{
	struct cb_key k;
	struct cb_val key = named_key(&k, tag, a, b);
	return imp_named_line(&im->named, key.data, key.size, value);
}

void imp_prefetch(struct import *im, char tag, const char *a, const char *b)
{
	struct cb_key k;
	struct cb_val key = named_key(&k, tag, a, b);
	imp_named_prefetch(&im->named, key.data, key.size);
}

int imp_mark_seen(struct import *im, char tag, const char *a, const char *b)
{
	struct cb_key k;
	struct cb_val key = named_key(&k, tag, a, b);
	return imp_named_put(&im->named, key.data, key.size, NULL, im->rec.line,
	    true);
}

int imp_mark_first(struct import *im, char tag, const char *a, const char *b,
    const char *value)
{
	struct cb_key k;
	struct cb_val key = named_key(&k, tag, a, b);
	return imp_named_put(&im->named, key.data, key.size, value, im->rec.line,
	    false);
}

int imp_touch(struct import *im, const char *portfolio, const char *debtor)
{
	struct cb_key k;
	struct cb_val key = named_key(&k, 'a', portfolio, debtor);
	/* A file's rows come grouped by debtor: the account of the row
	 * before is not looked up again. */
	if (key.size == im->touched_len && memcmp(k.buf, im->touched, key.size) == 0)
		return CB_OK;
	if (key.size <= sizeof im->touched) {
		memcpy(im->touched, k.buf, key.size);
		im->touched_len = key.size;
	}
	return imp_named_put(&im->named, key.data, key.size, NULL, im->rec.line,
	    false);
}

int imp_event(struct import *im, struct cb_event *ev)
{
	ev->user = im->s->login;
	ev->time = im->s->now;
	return cb_event_append(im->txn, ev);
}

/* True when the folded header name h is column c's name or an alias. */
static bool column_matches(const struct imp_column *c, const char *h)
{
	size_t n = strlen(h);
	if (strcmp(c->name, h) == 0)
		return true;
	for (const char *a = c->aliases; n > 0 && (a = strstr(a, h)) != NULL; a += n)
		if ((a == c->aliases || a[-1] == ' ') && (a[n] == ' ' || a[n] == '\0'))
			return true;
	return false;
}

/* Finds the column a header field names; -1 for one the import ignores. */
static int header_column(struct import *im, const char *text)
{
	char folded[128];
	cb_text_fold(text, folded, sizeof folded);
	for (int c = 0; c < im->kind->ncolumns; c++)
		if (column_matches(&im->kind->columns[c], folded))
			return c;
	return -1;
}

/* Keeps the header row: the rejects file repeats it. */
static int keep_header(struct import *im)
{
	im->header = calloc(im->rec.nfields + 2, sizeof *im->header);
	if (im->header == NULL)
		return CB_ERR_NOMEM;
	im->nheader = im->rec.nfields;
	for (size_t i = 0; i < im->nheader; i++)
		if ((im->header[i] = strdup(im->rec.fields[i])) == NULL)
			return CB_ERR_NOMEM;
	if (im->opt->rejects == NULL)
		return CB_OK;
	int rc = cb_csv_writer_open(im->opt->rejects, cb_csv_encoding(im->csv),
	    cb_csv_delimiter(im->csv), &im->rejects);
	if (rc != CB_OK)
		return rc;
	im->header[im->nheader] = "reason";
	cb_csv_writer_row(im->rejects, (const char *const *)im->header,
	    im->nheader + 1);
	im->header[im->nheader] = NULL;
	return CB_OK;
}

/* Maps the header row's names to the columns of the import. */
static int read_header(struct import *im)
{
	char msg[100];
	int rc = cb_csv_next(im->csv, &im->rec);
	if (rc == CB_ERR_NOTHING)
		problem(im->r, 0, NULL, "the file is empty");
	if (rc == CB_ERR_INPUT) {
		snprintf(msg, sizeof msg, "character %ld: %s", im->rec.bad_column,
		    im->rec.why);
		problem(im->r, im->rec.bad_line, NULL, msg);
	}
	if (rc != CB_OK)
		return rc == CB_ERR_NOTHING ? CB_ERR_INPUT : rc;
	for (int c = 0; c < IMP_COLUMNS_MAX; c++)
		im->at[c] = -1;
	for (size_t i = 0; i < im->rec.nfields; i++) {
		int c = header_column(im, im->rec.fields[i]);
		if (c >= 0 && im->at[c] >= 0) {
			snprintf(msg, sizeof msg, "named twice, by fields %d and %zu",
			    im->at[c] + 1, i + 1);
			problem(im->r, im->rec.line, im->kind->columns[c].name, msg);
			rc = CB_ERR_INPUT;
		} else if (c >= 0) {
			im->at[c] = (int)i;
		}
	}
	for (int c = 0; c < im->kind->ncolumns; c++) {
		if (im->kind->columns[c].required && im->at[c] < 0) {
			problem(im->r, im->rec.line, im->kind->columns[c].name,
			    "required column missing");
			rc = CB_ERR_INPUT;
		}
	}
	return rc == CB_OK ? keep_header(im) : rc;
}

/* Refuses a row whose shape or characters are wrong before reading it. */
static int check_row(struct import *im)
{
	uint32_t cp;
	if (im->rec.nfields != im->nheader)
		return imp_reject(im, -1, "%zu fields where the header has %zu",
		    im->rec.nfields, im->nheader);
	for (size_t i = 0; i < im->rec.nfields; i++) {
		if (cb_text_find_control(im->rec.fields[i], &cp) == NULL)
			continue;
		int c = header_column(im, im->header[i]);
		if (c >= 0)
			return imp_reject(im, c,
			    "control character U+%04X in the field", (unsigned)cp);
		return imp_reject(im, -1, "%s: control character U+%04X",
		    im->header[i], (unsigned)cp);
	}
	return CB_OK;
}

/* Reads every row after the header; a bad row is counted, not final. */
static int read_rows(struct import *im)
{
	int rc;
	uint64_t done, total;
	while ((rc = cb_csv_next(im->csv, &im->rec)) != CB_ERR_NOTHING) {
		im->row_bad = false;
		im->r->rows++;
		if (rc == CB_ERR_INPUT) {
			long bad = im->rec.bad_line;
			im->rec.line = bad; /* name the line of the fault */
			imp_reject(im, -1, "character %ld: %s", im->rec.bad_column,
			    im->rec.why);
			continue;
		}
		if (rc != CB_OK)
			return rc;
		if (check_row(im) == CB_OK)
			rc = im->kind->row(im);
		if (rc != CB_OK && rc != CB_ERR_INPUT)
			return rc;
		if (im->opt->progress && im->r->rows % PROGRESS_EVERY == 0) {
			cb_csv_progress(im->csv, &done, &total);
			im->opt->progress(done, total, im->opt->progress_arg);
		}
	}
	return CB_OK;
}

/* Where settle_touched() is: the portfolio of the account before, and
 * its today. */
struct settling {
	struct import *im;
	char portfolio[CB_PORTFOLIO_MAX + 1];
	cb_day today;
};

static int settle_account(struct settling *st, const struct imp_name *name)
{
	struct cb_txn *txn = st->im->txn;
	const char *portfolio, *debtor;
	struct cb_portfolio p;
	int rc = cb_key_split((struct cb_val){ name->bytes + 1, name->len - 1 },
	    &portfolio, &debtor);
	if (rc == CB_OK && strcmp(portfolio, st->portfolio) != 0) {
		cb_text_copy(st->portfolio, sizeof st->portfolio, portfolio);
		rc = cb_portfolio_get(txn, portfolio, &p);
		if (rc == CB_OK)
			rc = cb_tz_today(st->im->s->now, p.timezone, &st->today);
	}
	if (rc == CB_OK)
		rc = cb_ledger_settle(txn, portfolio, debtor, st->today);
	if (rc == CB_OK)
		rc = cb_work_refresh(txn, portfolio, debtor, st->today,
		    st->im->s->now, NULL);
	return rc;
}

/* Settles every account the file touched, as of its portfolio's today,
 * in the order of their keys.  Their places in the queue are written
 * together at the end, sorted. */
static int settle_touched(struct import *im)
{
	struct settling st = { .im = im };
	const struct imp_name **names = NULL;
	size_t n = 0;
	int rc = cb_txn_defer(im->txn, CB_T_QUEUE);
	if (rc == CB_OK)
		rc = imp_named_sorted(&im->named, 'a', &names, &n);
	for (size_t i = 0; i < n && rc == CB_OK; i++)
		rc = settle_account(&st, names[i]);
	free(names);
	return rc;
}

/* The names the kind's end needs, sorted on a second thread while the
 * touched accounts are settled: for a file of five million invoices, the
 * sort alone took over a second.  Neither writes the names. */
struct end_sort {
	const struct imp_named *named;
	char tag; /* 0: the end needs none */
	const struct imp_name **names;
	size_t n;
	int rc;
	bool threaded;
	pthread_t thread;
};

static void *sort_end_names(void *arg)
{
	struct end_sort *s = arg;
	s->rc = imp_named_sorted(s->named, s->tag, &s->names, &s->n);
	return NULL;
}

static void start_end_sort(struct end_sort *s)
{
	if (s->tag == 0)
		return;
	/* Without a thread, the sort is done here and now. */
	s->threaded = pthread_create(&s->thread, NULL, sort_end_names, s) == 0;
	if (!s->threaded)
		sort_end_names(s);
}

/* Waits for the sort; what it returned. */
static int finish_end_sort(struct end_sort *s)
{
	if (s->threaded)
		pthread_join(s->thread, NULL);
	return s->rc;
}

/* The import event: what file, how it went. */
static int log_import(struct import *im, const char *path)
{
	struct cb_event ev;
	char counts[6][24];
	const uint64_t n[6] = { im->r->rows, im->r->added, im->r->updated,
		im->r->unchanged, im->r->skipped, im->r->rejected };
	static const char *const keys[6] = { "rows", "added", "updated",
		"unchanged", "skipped", "rejected" };
	const char *base = strrchr(path, '/');
	cb_event_init(&ev, "import", im->s->login, im->s->now);
	cb_event_add(&ev, "file", base ? base + 1 : path);
	cb_event_add(&ev, "kind", cb_import_kind_name(
	    im->kind == &imp_debtors ? CB_IMPORT_DEBTORS
	    : im->kind == &imp_invoices ? CB_IMPORT_INVOICES : CB_IMPORT_PAYMENTS));
	for (int i = 0; i < 6; i++) {
		snprintf(counts[i], sizeof counts[i], "%llu", (unsigned long long)n[i]);
		cb_event_add(&ev, keys[i], counts[i]);
	}
	cb_event_add(&ev, "encoding", im->r->encoding);
	return imp_event(im, &ev);
}

/* Starts the result afresh: a map that grew runs the import again. */
static void reset_result(struct import_job *job)
{
	memset(job->r, 0, sizeof *job->r);
	if (job->opt->rejects) {
		rewind(job->opt->rejects);
		if (ftruncate(fileno(job->opt->rejects), 0) != 0)
			clearerr(job->opt->rejects);
	}
}

static void import_free(struct import *im)
{
	free(im->dates);
	imp_named_free(&im->named);
	cb_csv_writer_close(&im->rejects);
	cb_csv_close(&im->csv);
	if (im->header)
		for (size_t i = 0; i < im->nheader; i++)
			free(im->header[i]);
	free(im->header);
}

/* The whole import, inside one write transaction. */
static int import_txn(struct cb_txn *txn, void *arg)
{
	static const struct imp_kind *const kinds[] = { &imp_debtors,
		&imp_invoices, &imp_payments };
	struct import_job *job = arg;
	struct import im = { .s = job->s, .kind = kinds[job->kind],
		.opt = job->opt, .r = job->r, .txn = txn };
	const char *why = NULL;
	reset_result(job);
	int rc = cb_csv_open(job->path, job->opt->encoding, job->opt->delimiter,
	    &im.csv, &why);
	if (rc == CB_ERR_INPUT)
		problem(job->r, 0, NULL, why);
	if (rc == CB_OK) {
		snprintf(job->r->encoding, sizeof job->r->encoding, "%s",
		    cb_csv_encoding(im.csv));
		job->r->encoding_guessed = cb_csv_encoding_guessed(im.csv);
		job->r->delimiter = cb_csv_delimiter(im.csv);
	}
	if (rc == CB_OK)
		rc = read_header(&im);
	/* The search words of the debtors a file adds land all over the
	 * index: they go in at its end, sorted. */
	if (rc == CB_OK)
		rc = cb_txn_defer(txn, CB_T_SEARCH);
	if (rc == CB_OK)
		rc = read_rows(&im);
	if (rc == CB_OK && job->r->problems > 0 && job->opt->rejects == NULL)
		rc = CB_ERR_INPUT;
	struct end_sort sort = { .named = &im.named, .tag = im.kind->end_tag };
	if (rc == CB_OK)
		start_end_sort(&sort);
	if (rc == CB_OK)
		rc = settle_touched(&im);
	int sorted = finish_end_sort(&sort);
	if (rc == CB_OK && im.kind->end)
		rc = sorted != CB_OK ? sorted : im.kind->end(&im, sort.names, sort.n);
	free(sort.names);
	if (rc == CB_OK)
		rc = log_import(&im, job->path);
	if (rc == CB_OK && im.opt->progress) {
		uint64_t done, total;
		cb_csv_progress(im.csv, &done, &total);
		im.opt->progress(total, total, im.opt->progress_arg);
	}
	import_free(&im);
	/* A dry run goes all the way, then gives everything back. */
	return rc == CB_OK && job->opt->dry_run ? CB_ERR_NOTHING : rc;
}

int cb_import(struct cb_session *s, enum cb_import_kind kind,
    const char *path, const struct cb_import_options *opt,
    struct cb_import_result *result)
{
	struct import_job job = { s, kind, path, opt, result };
	struct stat st;
	if (!cb_may(s->role, CB_DO_IMPORT))
		return CB_ERR_PERM;
	/* A map that filled halfway would run the whole import again. */
	if (stat(path, &st) == 0 && st.st_size > 0 &&
	    cb_store_reserve(s->store, (uint64_t)st.st_size * IMPORT_GROWTH) != CB_OK)
		return CB_ERR_NOSPACE;
	int rc = cb_store_write(s->store, import_txn, &job);
	return rc == CB_ERR_NOTHING && opt->dry_run ? CB_OK : rc;
}
