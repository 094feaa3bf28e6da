/*
 * csv.c -- the reader of csv.h: read(2) in chunks, iconv(3) to UTF-8, and
 * a state machine over the converted bytes.
 *
 * Bytes flow from the file into in[], iconv converts them into out[], and
 * the parser copies the bytes of the fields from out[] into buf, each
 * field NUL-terminated, so that out[] can be refilled in the middle of a
 * record.  When iconv meets an invalid sequence, its first byte is skipped
 * and a mark is left at that place of out[]; the parser stops at each mark
 * and reports the record it falls in.
 *
 * Once the file is open, a thread of the reader's own runs that parser
 * ahead of the caller, whose own work on each record (an import's writes)
 * is most of the time: it copies the records into batches and hands a
 * whole batch over at a time, so that the two threads meet once per batch
 * rather than once per record.  Nothing is kept of the file but one chunk
 * of it and the records of BATCHES batches.
 */
#include "csv.h"

#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "text.h"

#define IN_SIZE 65536
#define OUT_SIZE (4 * IN_SIZE)
#define MAX_RECORD (8u << 20) /* bytes of the fields of one record */
#define MAX_FIELDS 65536
/* A batch ends at whichever limit its records reach first; a batch of
 * that size pays for the hand-over many times, and a few of them keep the
 * memory bounded. */
#define BATCH_RECORDS 2048
#define BATCH_BYTES (1u << 20) /* of fields */
#define BATCHES 3 /* one the caller reads, one waiting, one being filled */

/*
 * The messages for an invalid byte, one per byte value, so that rec->why
 * stays a static string: ROW gives the 16 of a high nibble.
 */
#define ROW(p, h)                                                              \
	p #h "0)", p #h "1)", p #h "2)", p #h "3)", p #h "4)", p #h "5)",      \
	    p #h "6)", p #h "7)", p #h "8)", p #h "9)", p #h "A)", p #h "B)",  \
	    p #h "C)", p #h "D)", p #h "E)", p #h "F)"
#define TABLE(p)                                                               \
	ROW(p, 0), ROW(p, 1), ROW(p, 2), ROW(p, 3), ROW(p, 4), ROW(p, 5),      \
	    ROW(p, 6), ROW(p, 7), ROW(p, 8), ROW(p, 9), ROW(p, A), ROW(p, B),  \
	    ROW(p, C), ROW(p, D), ROW(p, E), ROW(p, F)

static const char *const why_utf8[256] = {
    TABLE("invalid byte sequence for UTF-8 (byte 0x")};
static const char *const why_1252[256] = {
    TABLE("invalid byte sequence for WINDOWS-1252 (byte 0x")};
static const char *const why_other[256] = {
    TABLE("invalid byte sequence for the encoding given (byte 0x")};

/* Where the parser is in a record. */
enum state {
	S_START,     /* at the start of a field */
	S_PLAIN,     /* in an unquoted field */
	S_QUOTED,    /* in a quoted field */
	S_QUOTE,     /* after a quote in a quoted field: "" or the end */
	S_CLOSED,    /* after the closing quote */
	S_CLOSED_CR, /* after the closing quote and a CR */
};

/* An invalid byte that iconv skipped, before out[off]. */
struct mark {
	size_t off;
	unsigned char byte;
};

/* A record read ahead: its fields are fields[first..first+nfields) of its
 * batch. */
struct ahead {
	size_t first, nfields;
	long line, bad_line, bad_col;
	const char *why;
	uint64_t done; /* bytes of the file read when it was, for progress */
};

/* Records read ahead, handed over together. */
struct batch {
	struct ahead *recs;
	size_t nrecs, cap_recs;
	char *bytes; /* the fields of the records, each NUL-terminated */
	size_t len, cap;
	size_t *starts; /* where each field starts in bytes */
	char **fields;  /* and its address, once bytes has stopped growing */
	size_t nfields, cap_starts, cap_fields;
	int end;           /* CB_OK, or what follows the records: the end of
	                    * the file or a final error */
	int err;           /* errno with a final error */
	uint64_t end_done; /* bytes read at end */
};

struct cb_csv {
	int fd;
	iconv_t cd;
	char *encoding;
	const char *const *why_byte; /* the messages of invalid bytes */
	bool guessed;
	bool utf8; /* drop a BOM */
	bool ascii_same; /* ASCII bytes are themselves (keeps_ascii()) */
	char delim;
	uint64_t size, done;

	/* Input not converted yet: in[in_pos..in_pos+in_len). */
	char *in;
	size_t in_pos, in_len;
	bool in_eof;     /* read(2) said end of file */
	bool in_partial; /* in[] ends inside a character */
	bool in_started; /* the BOM was looked for */

	/* Converted text: out[pos..out_len); the parser stops at lim, which is
	 * out_len or the next mark. */
	char *out;
	size_t pos, lim, out_len;
	bool out_eof;
	struct mark *marks;
	size_t nmarks, cap_marks, next_mark;

	long line, col; /* of the last character read; col 0 before any */

	/* The record: its fields in buf, starting at starts[]. */
	char *buf;
	size_t len, cap, fstart;
	size_t *starts;
	size_t nf, cap_starts;
	enum state state;
	bool quoted; /* a field of the record was quoted */
	bool nomem;
	long rec_line, quote_line, quote_col;
	long bad_line, bad_col;
	const char *why;

	/* The batches and their hand-over.  Once the thread runs, everything
	 * above but the settings of cb_csv_open() is its own. */
	struct batch batches[BATCHES];
	bool threaded; /* else the caller fills batches[0] itself */
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t filled, freed;
	size_t nready, nfree; /* batches full and not taken; free; under lock */
	atomic_bool stop;     /* set by cb_csv_close() */
	size_t fill_at;       /* the thread's next batch */

	/* The caller's side: the batch it reads, its next record in it. */
	struct batch *cur;
	size_t take_at, cur_next;
	uint64_t given_done; /* bytes read as of the record last given */
};

/* Grows *p, an array of *cap elements of size each, to hold at least
 * need of them.  Returns false when memory runs out. */
static bool grow(void *p, size_t *cap, size_t need, size_t size)
{
	size_t n = *cap ? *cap : 64;
	void *q;

	while (n < need)
		n *= 2;
	if (n == *cap)
		return true;
	if ((q = realloc(*(void **)p, n * size)) == NULL)
		return false;
	*(void **)p = q;
	*cap = n;
	return true;
}

/* Records the first fault of the record. */
static void fault(struct cb_csv *c, long line, long col, const char *why)
{
	if (c->why != NULL)
		return;
	c->why = why;
	c->bad_line = line;
	c->bad_col = col;
}

/* Drops a UTF-8 BOM at the start of the file. */
static void drop_bom(struct cb_csv *c)
{
	c->in_started = true;
	if (c->utf8 && c->in_len >= 3 &&
	    memcmp(c->in, "\xEF\xBB\xBF", 3) == 0) {
		c->in_pos += 3;
		c->in_len -= 3;
		c->done += 3;
	}
}

/* Moves the input not converted yet to the front of in[] and fills the
 * rest from the file. */
static int read_more(struct cb_csv *c)
{
	memmove(c->in, c->in + c->in_pos, c->in_len);
	c->in_pos = 0;
	while (c->in_len < IN_SIZE) {
		ssize_t n = read(c->fd, c->in + c->in_len, IN_SIZE - c->in_len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return CB_ERR_IO;
		if (n == 0) {
			c->in_eof = true;
			break;
		}
		c->in_len += (size_t)n;
	}
	c->in_partial = false;
	if (!c->in_started)
		drop_bom(c);
	return CB_OK;
}

/* Counts n bytes of input as consumed. */
static void consume(struct cb_csv *c, size_t n)
{
	c->in_pos += n;
	c->in_len -= n;
	c->done += n;
}

/* Marks an invalid byte at out[off] and skips it in the input. */
static int skip_invalid(struct cb_csv *c, size_t off)
{
	if (c->nmarks == c->cap_marks &&
	    !grow(&c->marks, &c->cap_marks, c->nmarks + 1, sizeof *c->marks))
		return CB_ERR_NOMEM;
	c->marks[c->nmarks].off = off;
	c->marks[c->nmarks].byte = (unsigned char)c->in[c->in_pos];
	c->nmarks++;
	consume(c, 1);
	return CB_OK;
}

/* Copies the ASCII bytes at the start of the pending input to out[] at
 * *op, as they are, as far as there is room; returns how many bytes of
 * the input to give iconv next: those up to the next ASCII byte, with it
 * (which ends any character they start), or all when none follows. */
static size_t copy_ascii(struct cb_csv *c, char **op, size_t *oleft)
{
	const char *ip = c->in + c->in_pos;
	size_t n = c->in_len < *oleft ? c->in_len : *oleft, k = 0;
	while (k < n && !(ip[k] & 0x80))
		k++;
	memcpy(*op, ip, k);
	*op += k;
	*oleft -= k;
	consume(c, k);
	ip += k;
	for (k = 1; k < c->in_len; k++)
		if (!(ip[k] & 0x80))
			return k + 1;
	return c->in_len;
}

/* Converts the pending input into out[] at *op; sets *full when out[] has
 * no room left. */
static int convert(struct cb_csv *c, char **op, size_t *oleft, bool *full)
{
	while (c->in_len > 0) {
		size_t ileft = c->in_len;
		/* Most of a file is ASCII, which iconv would convert a byte at
		 * a time. */
		if (c->ascii_same && (ileft = copy_ascii(c, op, oleft)) == 0)
			return CB_OK;
		if (*oleft == 0) {
			*full = true;
			return CB_OK;
		}
		char *ip = c->in + c->in_pos;
		size_t given = ileft;
		size_t r = iconv(c->cd, &ip, &ileft, op, oleft);
		int rc;

		consume(c, given - ileft);
		if (r != (size_t)-1)
			continue;
		if (errno == E2BIG) {
			*full = true;
			return CB_OK;
		}
		if (errno == EINVAL && !c->in_eof && ileft == c->in_len) {
			c->in_partial = true;
			return CB_OK;
		}
		if (errno != EILSEQ && errno != EINVAL)
			return CB_ERR_INTERNAL;
		if ((rc = skip_invalid(c, (size_t)(*op - c->out))) != CB_OK)
			return rc;
	}
	return CB_OK;
}

/* Empties out[] and converts input into it until it holds something or
 * the file ends (then out_eof is set). */
static int fill(struct cb_csv *c)
{
	char *op = c->out;
	size_t oleft = OUT_SIZE;
	bool full = false;
	int rc;

	c->pos = c->out_len = 0;
	c->nmarks = c->next_mark = 0;
	while (!c->out_eof && !full) {
		if ((c->in_len == 0 || c->in_partial) && !c->in_eof) {
			if (op != c->out || c->nmarks > 0)
				break;
			if ((rc = read_more(c)) != CB_OK)
				return rc;
		}
		if (c->in_len == 0) {
			iconv(c->cd, NULL, NULL, &op, &oleft);
			c->out_eof = true;
		} else if ((rc = convert(c, &op, &oleft, &full)) != CB_OK) {
			return rc;
		}
	}
	c->out_len = (size_t)(op - c->out);
	return CB_OK;
}

/* Goes back to the start of the file, after a look at its first line. */
static int rewind_input(struct cb_csv *c)
{
	if (lseek(c->fd, 0, SEEK_SET) < 0)
		return CB_ERR_IO;
	iconv(c->cd, NULL, NULL, NULL, NULL);
	c->in_pos = c->in_len = 0;
	c->in_eof = c->in_partial = c->in_started = false;
	c->pos = c->lim = c->out_len = 0;
	c->out_eof = false;
	c->nmarks = c->next_mark = 0;
	c->done = 0;
	return CB_OK;
}

/* Returns how many bytes at the end of s[0..len) begin a character that
 * the next chunk completes. */
static size_t incomplete_tail(const char *s, size_t len)
{
	for (size_t k = 1; k <= 3 && k <= len; k++) {
		unsigned char b = (unsigned char)s[len - k];
		size_t need;

		if ((b & 0xC0) == 0x80)
			continue;
		need = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
		return need > k ? k : 0;
	}
	return 0;
}

/* Reads the whole file once to tell whether it is UTF-8 throughout. */
static int scan_utf8(struct cb_csv *c, bool *valid)
{
	size_t carry = 0, len, keep;

	*valid = true;
	for (;;) {
		ssize_t n = read(c->fd, c->in + carry, IN_SIZE - carry);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return CB_ERR_IO;
		if (n == 0)
			break;
		len = carry + (size_t)n;
		keep = incomplete_tail(c->in, len);
		if (!cb_text_valid_utf8(c->in, len - keep)) {
			*valid = false;
			break;
		}
		memmove(c->in, c->in + len - keep, keep);
		carry = keep;
	}
	if (carry > 0)
		*valid = false;
	return lseek(c->fd, 0, SEEK_SET) < 0 ? CB_ERR_IO : CB_OK;
}

/* Picks the table of messages for the invalid bytes of encoding name. */
static const char *const *why_table(const char *name, bool utf8)
{
	if (utf8)
		return why_utf8;
	if (strcasecmp(name, "WINDOWS-1252") == 0 ||
	    strcasecmp(name, "CP1252") == 0)
		return why_1252;
	return why_other;
}

/* True for the encodings that write ASCII as itself and keep no state
 * between characters, so that their ASCII bytes need no converting: UTF-8
 * and the Latin ones of Western ERPs.  (Not UTF-16, nor ISO-2022, whose
 * bytes mean other characters after an escape.) */
static bool keeps_ascii(const char *name)
{
	static const char *const names[] = { "UTF-8", "UTF8", "WINDOWS-1252",
		"CP1252", "ISO-8859-1", "ISO8859-1", "LATIN1", "ISO-8859-15",
		"ISO8859-15", "LATIN-9", "ASCII", "US-ASCII" };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcasecmp(name, names[i]) == 0)
			return true;
	return false;
}

/* Settles the encoding (detecting it when name is NULL) and opens iconv. */
static int open_encoding(struct cb_csv *c, const char *name, const char **why)
{
	size_t len;

	if (name == NULL) {
		bool valid;
		int rc = scan_utf8(c, &valid);

		if (rc != CB_OK)
			return rc;
		name = valid ? "UTF-8" : "WINDOWS-1252";
		c->guessed = true;
	}
	len = strlen(name);
	if ((c->encoding = malloc(len + 1)) == NULL)
		return CB_ERR_NOMEM;
	memcpy(c->encoding, name, len + 1);
	c->utf8 =
	    strcasecmp(name, "UTF-8") == 0 || strcasecmp(name, "UTF8") == 0;
	c->ascii_same = keeps_ascii(name);
	c->why_byte = why_table(name, c->utf8);
	if ((c->cd = iconv_open("UTF-8", name)) == (iconv_t)-1) {
		if (errno != EINVAL)
			return CB_ERR_NOMEM;
		*why = "the encoding is unknown to iconv";
		return CB_ERR_INPUT;
	}
	return CB_OK;
}

/* Counts the delimiters of the first line in out[]; returns true at its
 * end.  *inq and *seen carry over from the chunk before. */
static bool count_delimiters(
    struct cb_csv *c, size_t n[3], bool *inq, bool *seen)
{
	for (; c->pos < c->out_len; c->pos++) {
		unsigned char b = (unsigned char)c->out[c->pos];

		if (b == '"') {
			*inq = !*inq;
		} else if (*inq) {
			continue;
		} else if (b == '\n' || b == '\r') {
			if (b == '\n' && *seen)
				return true;
			continue; /* an empty line, or a CR before LF */
		} else if (b == ',') {
			n[0]++;
		} else if (b == ';') {
			n[1]++;
		} else if (b == '\t') {
			n[2]++;
		}
		*seen = true;
	}
	return false;
}

/* Tells the delimiter from the first line that is not empty: the one of
 * ',' ';' and tab found most often outside quotes, ',' when none is. */
static int detect_delimiter(struct cb_csv *c, const char **why)
{
	static const char delims[3] = {',', ';', '\t'};
	size_t n[3] = {0, 0, 0}, best = 0;
	bool inq = false, seen = false, end = false;
	int rc;

	while (!end) {
		if (c->pos == c->out_len && c->out_eof)
			break;
		if (c->pos == c->out_len && (rc = fill(c)) != CB_OK)
			return rc;
		end = count_delimiters(c, n, &inq, &seen);
	}
	if ((rc = rewind_input(c)) != CB_OK)
		return rc;
	for (size_t i = 1; i < 3; i++)
		best = n[i] > n[best] ? i : best;
	for (size_t i = 0; i < 3; i++) {
		if (i != best && n[best] > 0 && n[i] == n[best]) {
			*why = "cannot tell the delimiter: give --delimiter";
			return CB_ERR_INPUT;
		}
	}
	c->delim = n[best] > 0 ? delims[best] : ',';
	return CB_OK;
}

/* Opens the file and makes the buffers of the reader. */
static int open_file(struct cb_csv *c, const char *path)
{
	struct stat st;

	if ((c->fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return CB_ERR_IO;
	if (fstat(c->fd, &st) < 0)
		return CB_ERR_IO;
	c->size = st.st_size > 0 ? (uint64_t)st.st_size : 0;
	c->in = malloc(IN_SIZE);
	c->out = malloc(OUT_SIZE);
	if (c->in == NULL || c->out == NULL)
		return CB_ERR_NOMEM;
	c->line = 1;
	return CB_OK;
}

/* Appends n bytes to the field being read. */
static void append(struct cb_csv *c, const char *s, size_t n)
{
	if (n == 0)
		return;
	if (c->len + n >= MAX_RECORD) {
		fault(c, c->line, c->col, "record longer than 8 MiB");
		return;
	}
	if (c->len + n + 1 > c->cap &&
	    !grow(&c->buf, &c->cap, c->len + n + 1, 1)) {
		c->nomem = true;
		return;
	}
	memcpy(c->buf + c->len, s, n);
	c->len += n;
}

/* Ends the field being read: terminates it and notes where it starts. */
static void end_field(struct cb_csv *c)
{
	if (c->nf == MAX_FIELDS) {
		fault(c, c->line, c->col, "more than 65536 fields");
		c->len = c->fstart;
		return;
	}
	if ((c->len == c->cap && !grow(&c->buf, &c->cap, c->len + 1, 1)) ||
	    (c->nf == c->cap_starts &&
	        !grow(&c->starts, &c->cap_starts, c->nf + 1, sizeof(size_t)))) {
		c->nomem = true;
		return;
	}
	c->buf[c->len++] = '\0';
	c->starts[c->nf++] = c->fstart;
	c->fstart = c->len;
	c->state = S_START;
}

/* Drops the CR that ends an unquoted field before LF (or end of file). */
static void strip_cr(struct cb_csv *c)
{
	if (c->len > c->fstart && c->buf[c->len - 1] == '\r')
		c->len--;
}

/* Passes a line end: the record is over. */
static bool end_line(struct cb_csv *c)
{
	end_field(c);
	c->pos++;
	c->line++;
	c->col = 0;
	return true;
}

/* Passes a NUL byte, which no field may hold. */
static bool skip_nul(struct cb_csv *c)
{
	c->col++;
	fault(c, c->line, c->col, "NUL byte in the file");
	c->pos++;
	return false;
}

/* At the start of a field: opens a quoted field or starts a plain one. */
static bool step_start(struct cb_csv *c)
{
	if (c->out[c->pos] != '"') {
		c->state = S_PLAIN;
		return false;
	}
	c->quoted = true;
	c->quote_line = c->line;
	c->quote_col = ++c->col;
	c->pos++;
	c->state = S_QUOTED;
	return false;
}

/* Copies a run of an unquoted field, then passes the byte that ends it:
 * a delimiter, a line end or a NUL.  Returns true at the end of the
 * record.  A quote here is an ordinary character. */
static bool step_plain(struct cb_csv *c)
{
	const unsigned char *s = (const unsigned char *)c->out;
	unsigned char d = (unsigned char)c->delim, b = 0;
	size_t i = c->pos, lim = c->lim;
	long col = c->col;

	for (; i < lim; i++) {
		b = s[i];
		if (b == d || b == '\n' || b == '\0')
			break;
		col += (b & 0xC0) != 0x80;
	}
	append(c, c->out + c->pos, i - c->pos);
	c->pos = i;
	c->col = col;
	if (i == lim)
		return false;
	if (b == '\0')
		return skip_nul(c);
	if (b == '\n') {
		strip_cr(c);
		return end_line(c);
	}
	c->col++;
	c->pos++;
	end_field(c);
	return false;
}

/* Copies a run of a quoted field, line ends included, up to a quote or a
 * NUL. */
static bool step_quoted(struct cb_csv *c)
{
	const unsigned char *s = (const unsigned char *)c->out;
	size_t i = c->pos, lim = c->lim;
	long col = c->col, line = c->line;
	unsigned char b = 0;

	for (; i < lim; i++) {
		b = s[i];
		if (b == '"' || b == '\0')
			break;
		if (b == '\n')
			line++, col = 0;
		else
			col += (b & 0xC0) != 0x80;
	}
	append(c, c->out + c->pos, i - c->pos);
	c->pos = i;
	c->col = col;
	c->line = line;
	if (i == lim)
		return false;
	if (b == '\0')
		return skip_nul(c);
	c->col++;
	c->pos++;
	c->state = S_QUOTE;
	return false;
}

/* After a quote in a quoted field: "" stands for a quote, anything else
 * means the quote closed the field. */
static bool step_quote(struct cb_csv *c)
{
	if (c->out[c->pos] != '"') {
		c->state = S_CLOSED;
		return false;
	}
	append(c, "\"", 1);
	c->col++;
	c->pos++;
	c->state = S_QUOTED;
	return false;
}

/* After a closing quote: only a delimiter or a line end may follow.  Other
 * characters are a fault; they are then kept as if the field went on
 * unquoted, which finds the end of the record in the usual cases. */
static bool step_closed(struct cb_csv *c)
{
	char b = c->out[c->pos];

	if (b == '\n')
		return end_line(c);
	if (b == '\r') {
		c->col++;
		c->pos++;
		c->state = S_CLOSED_CR;
		return false;
	}
	if (b == c->delim) {
		c->col++;
		c->pos++;
		end_field(c);
		return false;
	}
	fault(c, c->line, c->col + 1, "characters after a closing quote");
	c->state = S_PLAIN;
	return false;
}

/* After a closing quote and a CR: LF ends the record, anything else makes
 * the CR a character after the closing quote. */
static bool step_closed_cr(struct cb_csv *c)
{
	if (c->out[c->pos] == '\n')
		return end_line(c);
	fault(c, c->line, c->col, "characters after a closing quote");
	append(c, "\r", 1);
	c->state = S_PLAIN;
	return false;
}

/* Reads what it can at out[pos..lim) in the current state; returns true
 * when the record is over. */
static bool step(struct cb_csv *c)
{
	switch (c->state) {
	case S_START: return step_start(c);
	case S_PLAIN: return step_plain(c);
	case S_QUOTED: return step_quoted(c);
	case S_QUOTE: return step_quote(c);
	case S_CLOSED: return step_closed(c);
	case S_CLOSED_CR: return step_closed_cr(c);
	}
	return false;
}

/* At lim: reports the invalid byte marked there, or refills out[] when it
 * is all read.  Returns CB_ERR_NOTHING at the end of the file. */
static int advance(struct cb_csv *c)
{
	int rc;

	if (c->next_mark < c->nmarks && c->marks[c->next_mark].off == c->pos) {
		fault(c, c->line, c->col + 1,
		    c->why_byte[c->marks[c->next_mark].byte]);
		while (c->next_mark < c->nmarks &&
		    c->marks[c->next_mark].off == c->pos)
			c->next_mark++;
	} else if (c->pos == c->out_len) {
		if (c->out_eof)
			return CB_ERR_NOTHING;
		if ((rc = fill(c)) != CB_OK)
			return rc;
	}
	c->lim =
	    c->next_mark < c->nmarks ? c->marks[c->next_mark].off : c->out_len;
	return CB_OK;
}

/* Ends the record at the end of the file; CB_ERR_NOTHING when there is no
 * record left. */
static int end_of_file(struct cb_csv *c)
{
	switch (c->state) {
	case S_START:
		if (c->nf == 0 && c->why == NULL)
			return CB_ERR_NOTHING;
		break;
	case S_PLAIN: strip_cr(c); break;
	case S_QUOTED:
		c->why = NULL;
		fault(c, c->quote_line, c->quote_col,
		    "unterminated quoted field");
		break;
	default: break;
	}
	end_field(c);
	return c->nomem ? CB_ERR_NOMEM : CB_OK;
}

/* Reads one record, which may be an empty line, into buf and starts[]. */
static int read_record(struct cb_csv *c)
{
	int rc;

	c->len = c->fstart = c->nf = 0;
	c->state = S_START;
	c->quoted = false;
	c->why = NULL;
	c->bad_line = c->bad_col = 0;
	c->rec_line = c->line;
	for (;;) {
		if (c->pos == c->lim) {
			rc = advance(c);
			if (rc == CB_ERR_NOTHING)
				return end_of_file(c);
			if (rc != CB_OK)
				return rc;
		} else if (step(c)) {
			return c->nomem ? CB_ERR_NOMEM : CB_OK;
		}
	}
}

/* True when the record just read is an empty line, to be skipped. */
static bool empty_line(const struct cb_csv *c)
{
	return c->nf == 1 && c->buf[0] == '\0' && !c->quoted && c->why == NULL;
}

/* Reads the next record that is not an empty line: CB_OK (c->why set
 * when it is bad), CB_ERR_NOTHING at the end of the file, or a final
 * error. */
static int read_next(struct cb_csv *c)
{
	int rc;

	do
		rc = read_record(c);
	while (rc == CB_OK && empty_line(c));
	return rc;
}

/* Copies the record just read, its fields and where it was, into b. */
static int keep_record(struct cb_csv *c, struct batch *b)
{
	size_t nfields = b->nfields + c->nf;

	if (!grow(&b->recs, &b->cap_recs, b->nrecs + 1, sizeof *b->recs) ||
	    !grow(&b->bytes, &b->cap, b->len + c->len, 1) ||
	    !grow(&b->starts, &b->cap_starts, nfields, sizeof(size_t)) ||
	    !grow(&b->fields, &b->cap_fields, nfields, sizeof(char *)))
		return CB_ERR_NOMEM;
	memcpy(b->bytes + b->len, c->buf, c->len);
	for (size_t i = 0; i < c->nf; i++)
		b->starts[b->nfields + i] = b->len + c->starts[i];
	b->recs[b->nrecs++] = (struct ahead){ .first = b->nfields,
		.nfields = c->nf, .line = c->rec_line, .bad_line = c->bad_line,
		.bad_col = c->bad_col, .why = c->why, .done = c->done };
	b->nfields = nfields;
	b->len += c->len;
	return CB_OK;
}

/* Reads records into b until it is full, the file ends, a final error
 * comes or the reader is closing. */
static void fill_batch(struct cb_csv *c, struct batch *b)
{
	int rc;

	b->nrecs = b->len = b->nfields = 0;
	b->end = CB_OK;
	while (b->nrecs < BATCH_RECORDS && b->len < BATCH_BYTES &&
	    !atomic_load_explicit(&c->stop, memory_order_relaxed)) {
		rc = read_next(c);
		if (rc == CB_OK)
			rc = keep_record(c, b);
		if (rc != CB_OK) {
			b->end = rc;
			b->err = errno;
			break;
		}
	}
	for (size_t i = 0; i < b->nfields; i++)
		b->fields[i] = b->bytes + b->starts[i];
	b->end_done = c->done;
}

/* Waits for a batch the caller is done with; NULL when it is closing. */
static struct batch *free_batch(struct cb_csv *c)
{
	struct batch *b = NULL;

	pthread_mutex_lock(&c->lock);
	while (c->nfree == 0 && !atomic_load(&c->stop))
		pthread_cond_wait(&c->freed, &c->lock);
	if (!atomic_load(&c->stop)) {
		c->nfree--;
		b = &c->batches[c->fill_at];
		c->fill_at = (c->fill_at + 1) % BATCHES;
	}
	pthread_mutex_unlock(&c->lock);
	return b;
}

/* Gives the batch just filled to the caller. */
static void hand_over(struct cb_csv *c)
{
	pthread_mutex_lock(&c->lock);
	c->nready++;
	pthread_cond_signal(&c->filled);
	pthread_mutex_unlock(&c->lock);
}

/* The reader thread: fills the batches in turn until the end of the
 * file, a final error, or cb_csv_close(). */
static void *read_ahead(void *arg)
{
	struct cb_csv *c = arg;
	struct batch *b;

	while ((b = free_batch(c)) != NULL) {
		fill_batch(c, b);
		hand_over(c);
		if (b->end != CB_OK)
			break;
	}
	return NULL;
}

/* Makes the lock and conditions of the hand-over. */
static bool init_sync(struct cb_csv *c)
{
	if (pthread_mutex_init(&c->lock, NULL) != 0)
		return false;
	if (pthread_cond_init(&c->filled, NULL) == 0) {
		if (pthread_cond_init(&c->freed, NULL) == 0)
			return true;
		pthread_cond_destroy(&c->filled);
	}
	pthread_mutex_destroy(&c->lock);
	return false;
}

/* Undoes init_sync(). */
static void destroy_sync(struct cb_csv *c)
{
	pthread_cond_destroy(&c->freed);
	pthread_cond_destroy(&c->filled);
	pthread_mutex_destroy(&c->lock);
}

/* Starts the reader thread.  Without one the caller fills each batch
 * itself when it needs it, with the same results. */
static void start_thread(struct cb_csv *c)
{
	sigset_t all, old;
	int rc;

	if (!init_sync(c))
		return;
	atomic_init(&c->stop, false);
	c->nfree = BATCHES;
	/* The thread takes no signals, so that they wake the caller's waits
	 * (the workstation's for a key) as they did. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&c->thread, NULL, read_ahead, c);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		destroy_sync(c);
		return;
	}
	c->threaded = true;
}

/* Stops the reader thread, which may be waiting for a free batch or
 * filling one, and waits for its end. */
static void stop_thread(struct cb_csv *c)
{
	pthread_mutex_lock(&c->lock);
	atomic_store(&c->stop, true);
	pthread_cond_broadcast(&c->freed);
	pthread_mutex_unlock(&c->lock);
	pthread_join(c->thread, NULL);
	destroy_sync(c);
	c->threaded = false;
}

/* Gives the batch read back to the thread and takes the next, waiting for
 * it; or, without a thread, fills the one batch again. */
static void next_batch(struct cb_csv *c)
{
	c->cur_next = 0;
	if (!c->threaded) {
		c->cur = &c->batches[0];
		fill_batch(c, c->cur);
		return;
	}
	pthread_mutex_lock(&c->lock);
	if (c->cur != NULL) {
		c->nfree++;
		pthread_cond_signal(&c->freed);
	}
	while (c->nready == 0)
		pthread_cond_wait(&c->filled, &c->lock);
	c->nready--;
	pthread_mutex_unlock(&c->lock);
	c->cur = &c->batches[c->take_at];
	c->take_at = (c->take_at + 1) % BATCHES;
}

/* Hands the next record of the batch to the caller. */
static int give_record(struct cb_csv *c, struct cb_csv_record *rec)
{
	const struct ahead *r = &c->cur->recs[c->cur_next++];

	rec->nfields = r->nfields;
	rec->fields = c->cur->fields + r->first;
	rec->line = r->line;
	rec->bad_line = r->bad_line;
	rec->bad_column = r->bad_col;
	rec->why = r->why;
	c->given_done = r->done;
	return r->why != NULL ? CB_ERR_INPUT : CB_OK;
}

/* Gives what follows the last record: the end of the file or a final
 * error, at every call from then on. */
static int give_end(struct cb_csv *c)
{
	c->given_done = c->cur->end_done;
	if (c->cur->end != CB_ERR_NOTHING)
		errno = c->cur->err;
	return c->cur->end;
}

int cb_csv_open(const char *path, const char *encoding, char delimiter,
    struct cb_csv **out, const char **why)
{
	struct cb_csv *c;
	const char *ignored;
	int rc;

	if (why == NULL)
		why = &ignored;
	*out = NULL;
	*why = NULL;
	if (delimiter != 0 && delimiter != ',' && delimiter != ';' &&
	    delimiter != '\t') {
		*why = "the delimiter must be ',', ';' or a tab";
		return CB_ERR_INPUT;
	}
	if ((c = calloc(1, sizeof *c)) == NULL)
		return CB_ERR_NOMEM;
	c->fd = -1;
	c->cd = (iconv_t)-1;
	c->delim = delimiter;
	rc = open_file(c, path);
	if (rc == CB_OK)
		rc = open_encoding(c, encoding, why);
	if (rc == CB_OK && delimiter == 0)
		rc = detect_delimiter(c, why);
	if (rc != CB_OK) {
		if (rc == CB_ERR_IO)
			*why = "cannot read the file";
		int e = errno;

		cb_csv_close(&c);
		errno = e;
		return rc;
	}
	start_thread(c);
	*out = c;
	return CB_OK;
}

int cb_csv_next(struct cb_csv *csv, struct cb_csv_record *rec)
{
	memset(rec, 0, sizeof *rec);
	while (csv->cur == NULL || csv->cur_next == csv->cur->nrecs) {
		if (csv->cur != NULL && csv->cur->end != CB_OK)
			return give_end(csv);
		next_batch(csv);
	}
	return give_record(csv, rec);
}

const char *cb_csv_encoding(const struct cb_csv *csv)
{
	return csv->encoding;
}

int cb_csv_encoding_guessed(const struct cb_csv *csv)
{
	return csv->guessed;
}

char cb_csv_delimiter(const struct cb_csv *csv)
{
	return csv->delim;
}

void cb_csv_progress(const struct cb_csv *csv, uint64_t *done, uint64_t *total)
{
	*done = csv->given_done;
	*total = csv->size;
}

void cb_csv_close(struct cb_csv **csv)
{
	struct cb_csv *c;

	if (csv == NULL || (c = *csv) == NULL)
		return;
	if (c->threaded)
		stop_thread(c);
	if (c->cd != (iconv_t)-1)
		iconv_close(c->cd);
	if (c->fd >= 0)
		close(c->fd);
	free(c->encoding);
	free(c->in);
	free(c->out);
	free(c->marks);
	free(c->buf);
	free(c->starts);
	for (size_t i = 0; i < BATCHES; i++) {
		free(c->batches[i].recs);
		free(c->batches[i].bytes);
		free(c->batches[i].starts);
		free(c->batches[i].fields);
	}
	free(c);
	*csv = NULL;
}
