/*
 * export.h -- CSV exports of accounts, invoices and payments.
 *
 * Each export can be read back by the matching import: the accounts file
 * by `import debtors` (its extra columns are ignored), the invoices file by
 * `import invoices`, the payments file by `import payments`; the
 * placements file, the accounts a strategy placed with an agency, by
 * `import debtors` too.  Machine form:
 * header row, '.' decimals, no grouping, dates YYYY-MM-DD.
 */
#ifndef CB_EXPORT_H
#define CB_EXPORT_H

#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "user.h"

enum cb_export_kind {
	CB_EXPORT_ACCOUNTS,
	CB_EXPORT_INVOICES,
	CB_EXPORT_PAYMENTS,
	CB_EXPORT_EVENTS, /* the event log: seq,time,user,kind,portfolio,debtor,details */
	CB_EXPORT_PLACEMENTS, /* accounts placed with an agency (outbox.h) */
};

int cb_export_kind_parse(const char *text, enum cb_export_kind *out);

/*
 * Writes the export to f in encoding (NULL: UTF-8); events from time since
 * on (0: all; the other exports ignore it).  *rows gets the number
 * of data rows.  Returns CB_OK; CB_ERR_INPUT for an unknown encoding or a
 * character the encoding cannot hold (*bad_row names the row, from 1);
 * CB_ERR_PERM (supervisors and admins only); CB_ERR_IO.
 */
int cb_export(struct cb_session *s, enum cb_export_kind kind, FILE *f,
    const char *encoding, time_t since, uint64_t *rows, uint64_t *bad_row);

#endif
