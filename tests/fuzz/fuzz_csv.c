/* fuzz_csv.c -- any file read whole by the CSV reader: with the encoding
 * and delimiter detected, and with encodings given whose characters are
 * more than one byte wide or map every byte. */
#include "fuzz.h"

#include "csv.h"
#include "text.h"

/* The ways an import may open a file. */
static const struct {
	const char *encoding;
	char delimiter;
} ways[] = {
	{ NULL, 0 },
	{ "UTF-16LE", 0 },
	{ "ISO-8859-1", ';' },
};

/* Checks what the reader promises of a record it gives. */
static void check_record(const struct cb_csv_record *rec, int rc, long *last)
{
	if (rec->nfields == 0 || rec->line < *last) {
		fprintf(stderr, "fuzz: record of %zu fields on line %ld after %ld\n",
		    rec->nfields, rec->line, *last);
		abort();
	}
	*last = rec->line;
	if (rc == CB_ERR_INPUT && (rec->why == NULL || rec->bad_line < rec->line))
		fuzz_die("a bad record says no fault or a line before it", rc);
	for (size_t i = 0; i < rec->nfields; i++) {
		size_t n = strlen(rec->fields[i]);
		if (rc == CB_OK && !cb_text_valid_utf8(rec->fields[i], n))
			fuzz_die("a good record holds a field that is not UTF-8", rc);
	}
}

/* Reads the file at path to its end in one way; a file of size bytes
 * has at most size + 1 records. */
static void read_all(const char *path, size_t size, const char *encoding,
    char delimiter)
{
	struct cb_csv *csv;
	struct cb_csv_record rec;
	const char *why;
	long last = 0;
	size_t records = 0;
	int rc = cb_csv_open(path, encoding, delimiter, &csv, &why);
	if (rc == CB_ERR_INPUT && why != NULL)
		return;
	if (rc != CB_OK)
		fuzz_die("open", rc);
	while ((rc = cb_csv_next(csv, &rec)) == CB_OK || rc == CB_ERR_INPUT) {
		check_record(&rec, rc, &last);
		if (++records > size + 1)
			fuzz_die("more records than bytes", rc);
	}
	if (rc != CB_ERR_NOTHING)
		fuzz_die("read", rc);
	cb_csv_close(&csv);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_file("input.csv", data, size);
	for (size_t i = 0; i < sizeof ways / sizeof ways[0]; i++)
		read_all(path, size, ways[i].encoding, ways[i].delimiter);
	return 0;
}
