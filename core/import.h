/*
 * import.h -- loading the ERP's debtors, invoices and payments files.
 *
 * An import is one write transaction: with any bad row nothing changes
 * (CB_ERR_INPUT, the problems listed), unless the caller gives a rejects
 * file, which receives the bad rows with their reason while the good ones
 * load.  Importing the same file twice changes nothing; an invoice re-sent
 * with a new amount or due date is updated and the change is an event; a
 * payment id already loaded is skipped.  doc/formats.md gives the columns.
 */
#ifndef CB_IMPORT_H
#define CB_IMPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "user.h"

enum cb_import_kind { CB_IMPORT_DEBTORS, CB_IMPORT_INVOICES, CB_IMPORT_PAYMENTS };

/* "debtors", "invoices", "payments"; parse returns CB_ERR_INPUT. */
const char *cb_import_kind_name(enum cb_import_kind kind);
int cb_import_kind_parse(const char *text, enum cb_import_kind *out);

struct cb_import_options {
	const char *encoding;    /* iconv name, or NULL to detect */
	char delimiter;          /* 0 to detect */
	const char *date_format; /* strptime(3) format, or NULL */
	bool dry_run;            /* check everything, change nothing */
	FILE *rejects;           /* bad rows go here and good ones load */
	/* Called now and then with bytes read of the file's size. */
	void (*progress)(uint64_t done, uint64_t total, void *arg);
	void *progress_arg;
};

#define CB_IMPORT_PROBLEMS_KEPT 50

struct cb_import_problem {
	long line;          /* 0: the file as a whole */
	char column[40];    /* the column's name, or "" */
	char message[200];
};

struct cb_import_result {
	uint64_t rows;      /* data rows read */
	uint64_t added, updated, unchanged, skipped, rejected;
	uint64_t problems;  /* bad rows found, kept or not */
	size_t nkept;       /* the first CB_IMPORT_PROBLEMS_KEPT of them */
	struct cb_import_problem kept[CB_IMPORT_PROBLEMS_KEPT];
	char encoding[40];
	bool encoding_guessed;
	char delimiter;
};

/*
 * Imports the file at path as kind on behalf of the session (admins).
 * Returns CB_OK when it loaded (or, with dry_run, would load); CB_ERR_INPUT
 * when rows were bad and nothing was loaded (see result->kept);
 * CB_ERR_PERM; CB_ERR_IO when the file cannot be read; CB_ERR_NOSPACE.
 */
int cb_import(struct cb_session *s, enum cb_import_kind kind,
    const char *path, const struct cb_import_options *opt,
    struct cb_import_result *result);

#endif
