/*
 * csv.h -- a reader of ERP exports: RFC 4180 over iconv.
 *
 * The reader converts the file from its encoding to UTF-8 with iconv(3)
 * as it goes, detects the delimiter (',' ';' or tab) from the header line,
 * follows RFC 4180 quoting (quoted delimiters and line breaks, "" for a
 * quote) and accepts both LF and CRLF line ends.  It never stops at a bad
 * record: it reports it and goes on with the next, so that an import can
 * list every bad row at once.
 *
 * From cb_csv_open() to cb_csv_close() a thread of the reader's own parses
 * ahead of the caller (a few batches of records at most); the caller sees
 * the same records, errors and progress as if it read the file itself.
 */
#ifndef CB_CSV_H
#define CB_CSV_H

#include <stddef.h>
#include <stdint.h>

struct cb_csv;

/* One record.  Its memory belongs to the reader and stays valid until the
 * next cb_csv_next() or cb_csv_close(). */
struct cb_csv_record {
	size_t nfields;
	char **fields; /* UTF-8, NUL-terminated; a field holds no NUL */
	long line;     /* the line the record starts on, from 1 */
	/* Set when the call returned CB_ERR_INPUT: */
	long bad_line;   /* the line of the fault */
	long bad_column; /* its character position in that line, from 1 */
	const char *why; /* static English sentence */
};

/*
 * Opens path for reading.  encoding is any iconv name, or NULL to detect:
 * a file that is valid UTF-8 throughout is read as UTF-8 (a BOM is
 * dropped), any other as WINDOWS-1252.  delimiter is ',' ';' or '\t', or 0
 * to detect it from the first line (the one of the three found most often
 * outside quotes; a tie is an error).
 * Returns CB_OK and the reader in *out; CB_ERR_IO when the file cannot be
 * read (errno kept); CB_ERR_INPUT when the encoding is unknown to iconv or
 * no delimiter can be told, with *why set.
 */
int cb_csv_open(const char *path, const char *encoding, char delimiter,
    struct cb_csv **out, const char **why);

/*
 * Reads the next record into *rec, skipping empty lines.
 * Returns CB_OK; CB_ERR_NOTHING at the end of the file; CB_ERR_INPUT for a
 * bad record (an invalid byte sequence, an unterminated quoted field,
 * characters after a closing quote), with rec->line, bad_line, bad_column
 * and why set; the next call goes on after it.  CB_ERR_IO or CB_ERR_NOMEM
 * are final.
 */
int cb_csv_next(struct cb_csv *csv, struct cb_csv_record *rec);

/* The encoding being read: the name given, "UTF-8", or "WINDOWS-1252". */
const char *cb_csv_encoding(const struct cb_csv *csv);

/* True when the encoding was detected rather than given. */
int cb_csv_encoding_guessed(const struct cb_csv *csv);

/* The delimiter in use. */
char cb_csv_delimiter(const struct cb_csv *csv);

/* Bytes of the file read so far and its size, for progress. */
void cb_csv_progress(const struct cb_csv *csv, uint64_t *done, uint64_t *total);

/* Closes the reader and sets *csv to NULL.  Accepts NULL. */
void cb_csv_close(struct cb_csv **csv);

#endif
