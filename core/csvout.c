/* csvout.c -- RFC 4180 rows. */
#include "csvout.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "error.h"

/* Writes one field, quoted when it must be. */
static void write_field(FILE *f, char delimiter, const char *s)
{
	char specials[] = { delimiter, '"', '\r', '\n', '\0' };
	if (s == NULL)
		return;
	if (strpbrk(s, specials) == NULL) {
		fputs(s, f);
		return;
	}
	putc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			putc('"', f);
		putc(*s, f);
	}
	putc('"', f);
}

int cb_csv_write_row(FILE *f, char delimiter, const char *const *fields,
    size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			putc(delimiter, f);
		write_field(f, delimiter, fields[i]);
	}
	putc('\n', f);
	return ferror(f) ? CB_ERR_IO : CB_OK;
}

struct cb_csv_writer {
	FILE *f;
	iconv_t cd; /* (iconv_t)-1: UTF-8, written as it is */
	char delimiter;
	char *row;  /* the row in UTF-8, from open_memstream() */
	size_t size;
	FILE *mem;
};

int cb_csv_writer_open(FILE *f, const char *encoding, char delimiter,
    struct cb_csv_writer **out)
{
	struct cb_csv_writer *w = calloc(1, sizeof *w);
	if (w == NULL)
		return CB_ERR_NOMEM;
	w->f = f;
	w->delimiter = delimiter;
	w->cd = (iconv_t)-1;
	if (encoding && strcasecmp(encoding, "UTF-8") && strcasecmp(encoding, "UTF8")) {
		w->cd = iconv_open(encoding, "UTF-8");
		if (w->cd == (iconv_t)-1) {
			free(w);
			return CB_ERR_INPUT;
		}
	}
	if ((w->mem = open_memstream(&w->row, &w->size)) == NULL) {
		cb_csv_writer_close(&w);
		return CB_ERR_NOMEM;
	}
	*out = w;
	return CB_OK;
}

/* Converts the row held in w->row and writes it. */
static int write_converted(struct cb_csv_writer *w)
{
	char buf[4096];
	char *in = w->row;
	size_t left = w->size;
	/* Convert whole before writing, so a bad row writes nothing. */
	char *conv = NULL;
	size_t convsize = 0;
	FILE *out = open_memstream(&conv, &convsize);
	if (out == NULL)
		return CB_ERR_NOMEM;
	iconv(w->cd, NULL, NULL, NULL, NULL);
	while (left > 0) {
		char *o = buf;
		size_t room = sizeof buf;
		size_t r = iconv(w->cd, &in, &left, &o, &room);
		fwrite(buf, 1, sizeof buf - room, out);
		if (r == (size_t)-1 && errno != E2BIG) {
			fclose(out);
			free(conv);
			return CB_ERR_INPUT;
		}
	}
	fclose(out);
	size_t n = fwrite(conv, 1, convsize, w->f);
	free(conv);
	return n == convsize ? CB_OK : CB_ERR_IO;
}

int cb_csv_writer_row(struct cb_csv_writer *w, const char *const *fields,
    size_t n)
{
	if (w->cd == (iconv_t)-1)
		return cb_csv_write_row(w->f, w->delimiter, fields, n);
	rewind(w->mem);
	cb_csv_write_row(w->mem, w->delimiter, fields, n);
	fflush(w->mem);
	w->size = (size_t)ftell(w->mem);
	return write_converted(w);
}

void cb_csv_writer_close(struct cb_csv_writer **w)
{
	if (*w == NULL)
		return;
	if ((*w)->cd != (iconv_t)-1)
		iconv_close((*w)->cd);
	if ((*w)->mem)
		fclose((*w)->mem);
	free((*w)->row);
	free(*w);
	*w = NULL;
}
