/*
 * csvout.h -- writing CSV for exports and rejects files.
 *
 * Rows are RFC 4180: a field holding the delimiter, a quote, CR or LF is
 * quoted and its quotes doubled; lines end in LF.
 */
#ifndef CB_CSVOUT_H
#define CB_CSVOUT_H

#include <stddef.h>
#include <stdio.h>


/* Writes one row of n fields (a NULL field is empty).  Returns CB_OK or
 * CB_ERR_IO. */
int cb_csv_write_row(FILE *f, char delimiter, const char *const *fields,
    size_t n);

/* A writer that converts rows from UTF-8 to another encoding. */
struct cb_csv_writer;

/* Starts writing to f in encoding (any iconv name; NULL or "UTF-8" for no
 * conversion).  Returns CB_OK, CB_ERR_INPUT for an encoding iconv does not
 * know, CB_ERR_NOMEM. */
int cb_csv_writer_open(FILE *f, const char *encoding, char delimiter,
    struct cb_csv_writer **out);

/* Writes a row.  Returns CB_OK; CB_ERR_INPUT when a character has no form
 * in the encoding (nothing of the row is written); CB_ERR_IO. */
int cb_csv_writer_row(struct cb_csv_writer *w, const char *const *fields,
    size_t n);

/* Frees the writer (not the FILE) and sets *w to NULL. */
void cb_csv_writer_close(struct cb_csv_writer **w);

#endif
