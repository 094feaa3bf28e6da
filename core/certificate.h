/*
 * certificate.h -- the certificate of collection efforts on one account.
 *
 * A creditor that writes a debt off as uncollectable (in Chile, the
 * castigo de deudas incobrables) must show that it exhausted prudent
 * collection efforts.  The certificate is that proof: the account as it
 * stands (creditor, debtor, balance, the documents still open), then every
 * event of the account's log in the order it was written (the calls and
 * their outcomes, the letters and e-mails, the promises and what became of
 * them, the payments, the claims and releases...), then the totals a
 * reader looks for.  Nothing is left out or summarised: the rows are
 * exactly the account's events (cb_event_each_account()).
 *
 * Each event falls in one channel, by its kind, from one table in
 * certificate.c:
 *
 *   outcome                       call
 *   letter                        letter
 *   email                         email
 *   placement                     placement (with a collection agency)
 *   anything else                 system (promise_kept, promise_broken,
 *                                 payment, claim, release, lapse, pin,
 *                                 assign, dispute_resolved, plan_*,
 *                                 writeoff_review, invoice_changed...)
 *
 * Everything is read in one read transaction, as of the session's now.
 * Supervisors and admins only (CB_DO_REPORT).
 */
#ifndef CB_CERTIFICATE_H
#define CB_CERTIFICATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "date.h"
#include "event.h"
#include "idcheck.h"
#include "model.h"
#include "queue.h"
#include "user.h"

enum cb_cert_channel {
	CB_CERT_CALL,
	CB_CERT_LETTER,
	CB_CERT_EMAIL,
	CB_CERT_PLACEMENT,
	CB_CERT_SYSTEM,
};

/* The channel of an event kind ("outcome" is a call); never fails: a kind
 * the table does not name is CB_CERT_SYSTEM. */
enum cb_cert_channel cb_cert_channel_of(const char *kind);

/* "call", "letter", "email", "placement", "system": the CSV's words, and
 * the English the program translates. */
const char *cb_cert_channel_name(enum cb_cert_channel channel);

/* One event of the account, as the certificate lists it.  Every pointer
 * is valid only while the callback runs (it points into the map or into
 * the walker's buffers). */
struct cb_certificate;
struct cb_cert_row {
	const struct cb_event *event; /* the event itself */
	/* The certificate being made: its header is filled (the currency, to
	 * write amounts), its totals are still being counted. */
	const struct cb_certificate *certificate;
	enum cb_cert_channel channel;
	/* An outcome's code; a letter's or e-mail's template; a placement's
	 * agency; else NULL. */
	const char *code;
	/* An outcome's English label (outcome.h), to translate; else NULL. */
	const char *label;
	/* The amount in the machine form ("150000", "1234.50"): an outcome's
	 * (PTP, PLAN) or a payment's as the event holds it; for promise_kept
	 * and promise_broken, the promise's own amount from the promise table.
	 * NULL when the event has none. */
	const char *amount;
	bool has_minor;  /* amount read as minor units into minor */
	int64_t minor;
	/* The event's date field (YYYY-MM-DD): a promise's day, a payment's
	 * date; else NULL. */
	const char *date;
	const char *details; /* cb_event_details() of the event */
};

/* A document still open when the certificate is made. */
struct cb_cert_document {
	char id[CB_DOC_ID_MAX + 1];
	enum cb_doc_type type;
	cb_day due;
	int64_t amount;  /* the document's amount; credit notes negative */
	int64_t open;    /* what is still open (credit notes: unapplied, < 0) */
	int days_late;   /* today - due for an overdue debit, else 0 */
};

/* What the certificate says besides the rows: the header and the totals.
 * The certificate owns every text; it outlives the transaction. */
struct cb_certificate {
	/* The creditor: the portfolio. */
	char portfolio[CB_PORTFOLIO_MAX + 1];
	char *portfolio_name;
	char currency[8];
	/* The debtor. */
	char debtor[CB_ID_MAX];
	char *debtor_name;
	char country[4];
	/* When it is made: the session's now, the portfolio's today there,
	 * and who made it. */
	time_t made;
	cb_day today;
	char made_by[CB_LOGIN_MAX + 1];
	/* The account now. */
	int64_t balance;
	cb_day oldest_due;  /* CB_DAY_NONE when nothing is overdue or open */
	size_t ndocuments;  /* open debits first by due day, then credits */
	struct cb_cert_document *documents;
	/* The totals. */
	uint64_t events;    /* rows: every event of the account */
	uint64_t calls;     /* call attempts: outcomes but the stop codes */
	uint64_t contacts;  /* right-party contacts: outcomes of kind
	                     * conversation */
	uint64_t letters, emails, placements;
	/* From the promise table (each installment of a plan is one). */
	uint64_t promises, kept, broken, pending, refused; /* pending counts
	                     * those waiting for a supervisor's approval too */
	/* From the payment table. */
	uint64_t payments;
	int64_t paid;
	/* Days from the oldest due date to today; 0 when there is none. */
	int days;
};

/*
 * Makes the certificate of account a as of s->now: calls fn(row, arg) for
 * each event of the account, oldest first (a non-zero result of fn stops
 * the walk and is returned), then gives the header and totals in *out, to
 * free with cb_certificate_free().  fn may be NULL.  Returns CB_OK,
 * CB_ERR_PERM (agents), CB_ERR_NOTFOUND (no such account), CB_ERR_NOMEM.
 */
int cb_certificate(struct cb_session *s, const struct cb_account_ref *a,
    int (*fn)(const struct cb_cert_row *row, void *arg), void *arg,
    struct cb_certificate **out);

/* Frees c and sets *c to NULL. */
void cb_certificate_free(struct cb_certificate **c);

/*
 * Writes the certificate's rows as CSV to f in encoding (NULL: UTF-8), a
 * header row then one row per event:
 *
 *   seq,time,channel,user,kind,code,amount,date,details
 *
 * time "YYYY-MM-DD HH:MM" in UTC, the fields of struct cb_cert_row, so
 * that the file reads back into the account's events.  *rows gets the
 * number of data rows.  Returns CB_OK; CB_ERR_INPUT for an encoding iconv
 * does not know (*bad_row 0) or a character the encoding cannot hold
 * (*bad_row names the data row, from 1; *bad_seq its event); CB_ERR_PERM,
 * CB_ERR_NOTFOUND, CB_ERR_IO.
 */
int cb_certificate_csv(struct cb_session *s, const struct cb_account_ref *a,
    FILE *f, const char *encoding, uint64_t *rows, uint64_t *bad_row,
    uint64_t *bad_seq);

#endif
