/* test_csv.c -- tests of csv.c: encodings, delimiters and RFC 4180, and
 * the reading ahead on a thread. */
#include "csv.h"

#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <time.h>
#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#endif

#include "error.h"
#include "fixture.h"

static const char *dir;

/* Gives each test a fresh folder. */
static void setup(void)
{
	dir = fixture_dir();
}

/* Removes the folder of the test. */
static void teardown(void)
{
	fixture_cleanup();
}

TestSuite(csv, .init = setup, .fini = teardown);

/* Writes len bytes of text to a file and opens it, which must work. */
static struct cb_csv *open_text(
    const char *text, size_t len, const char *encoding, char delimiter)
{
	const char *path = fixture_file(dir, "in.csv", text, len);
	struct cb_csv *csv = NULL;
	const char *why = NULL;
	int rc;

	rc = cb_csv_open(path, encoding, delimiter, &csv, &why);
	cr_assert_eq(
	    rc, CB_OK, "open: %s (%s)", cb_strerror(rc), why ? why : "-");
	cr_assert_not_null(csv);
	return csv;
}

/* Opens a string literal, which may hold NUL bytes. */
#define OPEN(lit, enc, delim) open_text(lit, sizeof(lit) - 1, enc, delim)

/* Writes len bytes of text to a file and returns what opening it says. */
static int open_fails(const char *text, size_t len, const char *encoding,
    char delimiter, const char **why)
{
	const char *path = fixture_file(dir, "in.csv", text, len);
	struct cb_csv *csv = NULL;
	int rc;

	rc = cb_csv_open(path, encoding, delimiter, &csv, why);
	cr_assert_null(csv);
	return rc;
}

/* Checks that the fields of rec are the NULL-terminated list want. */
static void check_fields(
    const struct cb_csv_record *rec, const char *const *want)
{
	size_t n = 0;

	while (want[n] != NULL)
		n++;
	cr_assert_eq(rec->nfields, n, "line %ld: %zu fields, want %zu",
	    rec->line, rec->nfields, n);
	for (size_t i = 0; i < n; i++)
		cr_assert_str_eq(rec->fields[i], want[i], "line %ld field %zu",
		    rec->line, i);
}

/* Reads a good record that starts on line and has the fields want. */
static void expect(struct cb_csv *csv, long line, const char *const *want)
{
	struct cb_csv_record rec;
	int rc = cb_csv_next(csv, &rec);

	cr_assert_eq(rc, CB_OK, "line %ld: %s (%s at %ld:%ld)", line,
	    cb_strerror(rc), rec.why ? rec.why : "-", rec.bad_line,
	    rec.bad_column);
	cr_assert_eq(rec.line, line);
	check_fields(&rec, want);
}

#define EXPECT(csv, line, ...)                                                 \
	expect(csv, line, (const char *const[]){__VA_ARGS__, NULL})

/* Reads a bad record and checks where and why it is bad; returns it. */
static struct cb_csv_record expect_bad(struct cb_csv *csv, long line,
    long bad_line, long bad_column, const char *why)
{
	struct cb_csv_record rec;
	int rc = cb_csv_next(csv, &rec);

	cr_assert_eq(
	    rc, CB_ERR_INPUT, "line %ld: got %s", line, cb_strerror(rc));
	cr_assert_eq(rec.line, line);
	cr_assert_eq(rec.bad_line, bad_line, "bad_line %ld", rec.bad_line);
	cr_assert_eq(
	    rec.bad_column, bad_column, "bad_column %ld", rec.bad_column);
	cr_assert_not_null(rec.why);
	cr_assert_not_null(strstr(rec.why, why), "why: %s", rec.why);
	return rec;
}

/* Checks that the file has no record left, and closes it. */
static void expect_end(struct cb_csv **csv)
{
	struct cb_csv_record rec;

	cr_assert_eq(cb_csv_next(*csv, &rec), CB_ERR_NOTHING);
	cr_assert_eq(cb_csv_next(*csv, &rec), CB_ERR_NOTHING);
	cb_csv_close(csv);
	cr_assert_null(*csv);
}

Test(csv, detect_comma)
{
	struct cb_csv *csv = OPEN("rut,nombre,monto\n1-9,Ana,100\n", NULL, 0);

	cr_assert_eq(cb_csv_delimiter(csv), ',');
	EXPECT(csv, 1, "rut", "nombre", "monto");
	EXPECT(csv, 2, "1-9", "Ana", "100");
	expect_end(&csv);
}

Test(csv, detect_semicolon)
{
	struct cb_csv *csv =
	    OPEN("rut;nombre;monto,decimal\n1-9;Ana;100,50\n", NULL, 0);

	cr_assert_eq(cb_csv_delimiter(csv), ';');
	EXPECT(csv, 1, "rut", "nombre", "monto,decimal");
	EXPECT(csv, 2, "1-9", "Ana", "100,50");
	expect_end(&csv);
}

Test(csv, detect_tab)
{
	struct cb_csv *csv = OPEN("a\tb;c\td\n1\t2;3\t4\n", NULL, 0);

	cr_assert_eq(cb_csv_delimiter(csv), '\t');
	EXPECT(csv, 1, "a", "b;c", "d");
	EXPECT(csv, 2, "1", "2;3", "4");
	expect_end(&csv);
}

Test(csv, detect_ignores_quoted_and_later_lines)
{
	/* Two ';' inside quotes, one ',' outside; later lines do not count. */
	struct cb_csv *csv = OPEN("\n\"a;b;c\",d\n1;2;3;4;5,6\n", NULL, 0);

	cr_assert_eq(cb_csv_delimiter(csv), ',');
	EXPECT(csv, 2, "a;b;c", "d");
	EXPECT(csv, 3, "1;2;3;4;5", "6");
	expect_end(&csv);
}

Test(csv, detect_tie)
{
	const char *why = NULL;
	const char text[] = "a,b;c\n1,2;3\n";

	cr_assert_eq(
	    open_fails(text, sizeof text - 1, NULL, 0, &why), CB_ERR_INPUT);
	cr_assert_str_eq(why, "cannot tell the delimiter: give --delimiter");
}

Test(csv, detect_single_column)
{
	struct cb_csv *csv = OPEN("nombre\nAna María\n", NULL, 0);

	cr_assert_eq(cb_csv_delimiter(csv), ',');
	EXPECT(csv, 1, "nombre");
	EXPECT(csv, 2, "Ana María");
	expect_end(&csv);
}

Test(csv, delimiter_given)
{
	struct cb_csv *csv = OPEN("a,b;c\n1,2;3\n", NULL, ';');

	cr_assert_eq(cb_csv_delimiter(csv), ';');
	EXPECT(csv, 1, "a,b", "c");
	EXPECT(csv, 2, "1,2", "3");
	expect_end(&csv);
}

Test(csv, delimiter_refused)
{
	const char *why = NULL;
	const char text[] = "a|b\n";

	cr_assert_eq(
	    open_fails(text, sizeof text - 1, NULL, '|', &why), CB_ERR_INPUT);
	cr_assert_not_null(why);
}

Test(csv, empty_file)
{
	struct cb_csv *csv = OPEN("", NULL, 0);

	cr_assert_eq(cb_csv_delimiter(csv), ',');
	cr_assert_str_eq(cb_csv_encoding(csv), "UTF-8");
	expect_end(&csv);
}

Test(csv, quoted_delimiters_and_quotes)
{
	struct cb_csv *csv = OPEN("a,b,c\n"
	                          "\"x,y\",\"he said \"\"hi\"\"\",\"\"\n"
	                          "\"\"\"\",\"a\"\"\"\"b\",end\n"
	                          "say \"no\",x\"\"y,\"\"\"\"\"\"\n",
	    NULL, 0);

	EXPECT(csv, 1, "a", "b", "c");
	EXPECT(csv, 2, "x,y", "he said \"hi\"", "");
	EXPECT(csv, 3, "\"", "a\"\"b", "end");
	/* A quote inside an unquoted field is an ordinary character. */
	EXPECT(csv, 4, "say \"no\"", "x\"\"y", "\"\"");
	expect_end(&csv);
}

Test(csv, quoted_newlines)
{
	struct cb_csv *csv = OPEN("id;nota\n"
	                          "1;\"primera\nsegunda\ntercera\"\n"
	                          "2;\"a;b\r\nc\"\r\n"
	                          "3;después\n"
	                          "\"4\n\";\"\n\"\n"
	                          "5;fin\n",
	    NULL, 0);

	EXPECT(csv, 1, "id", "nota");
	EXPECT(csv, 2, "1", "primera\nsegunda\ntercera");
	EXPECT(csv, 5, "2", "a;b\r\nc");
	EXPECT(csv, 7, "3", "después");
	EXPECT(csv, 8, "4\n", "\n");
	EXPECT(csv, 11, "5", "fin");
	expect_end(&csv);
}

Test(csv, crlf)
{
	struct cb_csv *csv = OPEN("a,b\r\n1,\"q\"\r\n\r\n2,\r\n"
	                          "lone\rcr,x\r\n\"z\",\"\r\"\r\n",
	    NULL, 0);

	EXPECT(csv, 1, "a", "b");
	EXPECT(csv, 2, "1", "q");
	EXPECT(csv, 4, "2", "");
	EXPECT(csv, 5, "lone\rcr", "x");
	EXPECT(csv, 6, "z", "\r");
	expect_end(&csv);
}

Test(csv, empty_lines_and_delimiter_only_lines)
{
	struct cb_csv *csv =
	    OPEN("\n\na,b\n\n\r\n1,2\n,\n\"\"\n \n\n", NULL, 0);

	EXPECT(csv, 3, "a", "b");
	EXPECT(csv, 6, "1", "2");
	EXPECT(csv, 7, "", "");
	EXPECT(csv, 8, "");
	EXPECT(csv, 9, " ");
	expect_end(&csv);
}

Test(csv, last_line_without_newline)
{
	struct cb_csv *csv = OPEN("a,b\n1,2\n3,\"4\"", NULL, 0);

	EXPECT(csv, 1, "a", "b");
	EXPECT(csv, 2, "1", "2");
	EXPECT(csv, 3, "3", "4");
	expect_end(&csv);

	csv = OPEN("a,b\n1,", NULL, 0);
	EXPECT(csv, 1, "a", "b");
	EXPECT(csv, 2, "1", "");
	expect_end(&csv);

	csv = OPEN("a,b\r\n1,2\r", NULL, 0);
	EXPECT(csv, 1, "a", "b");
	EXPECT(csv, 2, "1", "2");
	expect_end(&csv);
}

Test(csv, bom)
{
	struct cb_csv *csv = OPEN("\xEF\xBB\xBFid,año\n1,2\n", NULL, 0);

	cr_assert_str_eq(cb_csv_encoding(csv), "UTF-8");
	EXPECT(csv, 1, "id", "año");
	EXPECT(csv, 2, "1", "2");
	expect_end(&csv);

	csv = OPEN("\xEF\xBB\xBF\"id\";x\n", "utf8", 0);
	cr_assert_str_eq(cb_csv_encoding(csv), "utf8");
	cr_assert_not(cb_csv_encoding_guessed(csv));
	cr_assert_eq(cb_csv_delimiter(csv), ';');
	EXPECT(csv, 1, "id", "x");
	expect_end(&csv);

	/* Only a leading BOM is dropped. */
	csv = OPEN("a\n\xEF\xBB\xBF"
	           "b\n",
	    "UTF-8", 0);
	EXPECT(csv, 1, "a");
	EXPECT(csv, 2,
	    "\xEF\xBB\xBF"
	    "b");
	expect_end(&csv);
}

Test(csv, utf8_detected)
{
	struct cb_csv *csv = OPEN("nombre;monto\nJosé;€ 5\nÑandú;1\n", NULL, 0);

	cr_assert_str_eq(cb_csv_encoding(csv), "UTF-8");
	cr_assert(cb_csv_encoding_guessed(csv));
	EXPECT(csv, 1, "nombre", "monto");
	EXPECT(csv, 2, "José", "€ 5");
	EXPECT(csv, 3, "Ñandú", "1");
	expect_end(&csv);
}

Test(csv, windows1252_detected)
{
	struct cb_csv *csv = OPEN("nombre;monto\nJos\xE9;\x80 5\n\xD1"
	                          "and\xFA;1\n",
	    NULL, 0);

	cr_assert_str_eq(cb_csv_encoding(csv), "WINDOWS-1252");
	cr_assert(cb_csv_encoding_guessed(csv));
	EXPECT(csv, 1, "nombre", "monto");
	EXPECT(csv, 2, "José", "€ 5");
	EXPECT(csv, 3, "Ñandú", "1");
	expect_end(&csv);
}

Test(csv, windows1252_undefined_byte)
{
	struct cb_csv *csv = OPEN("a;b\nJos\xE9;x\x81y\nok;1\n", NULL, 0);
	struct cb_csv_record rec;

	cr_assert_str_eq(cb_csv_encoding(csv), "WINDOWS-1252");
	EXPECT(csv, 1, "a", "b");
	rec = expect_bad(csv, 2, 2, 7, "WINDOWS-1252");
	cr_assert_not_null(strstr(rec.why, "0x81"), "why: %s", rec.why);
	check_fields(&rec, (const char *const[]){"José", "xy", NULL});
	EXPECT(csv, 3, "ok", "1");
	expect_end(&csv);
}

Test(csv, iso8859_1_given)
{
	struct cb_csv *csv =
	    OPEN("pa\xEDs,a\xF1o\n\xE9t\xE9,\xA9\n", "ISO-8859-1", 0);

	cr_assert_str_eq(cb_csv_encoding(csv), "ISO-8859-1");
	cr_assert_not(cb_csv_encoding_guessed(csv));
	EXPECT(csv, 1, "país", "año");
	EXPECT(csv, 2, "été", "©");
	expect_end(&csv);
}

Test(csv, utf16_given)
{
	/* "a;b\n1;ñ\n" in UTF-16LE with a BOM: iconv does the work. */
	static const char text[] = "\xFF\xFE"
	                           "a\0;\0b\0\n\0"
	                           "1\0;\0\xF1\0\n\0";
	struct cb_csv *csv = open_text(text, sizeof text - 1, "UTF-16", 0);

	cr_assert_eq(cb_csv_delimiter(csv), ';');
	EXPECT(csv, 1, "a", "b");
	EXPECT(csv, 2, "1", "ñ");
	expect_end(&csv);
}

Test(csv, invalid_utf8_given)
{
	struct cb_csv *csv = OPEN("a,b\n"
	                          "ok,1\n"
	                          "Caf\xE9,2\n"
	                          "next,3\n"
	                          "ñandú,x\xFF\xFEy\n"
	                          "1,\"a\nb\xC0\x80\"\n"
	                          "last,4\n",
	    "UTF-8", 0);
	struct cb_csv_record rec;

	cr_assert_str_eq(cb_csv_encoding(csv), "UTF-8");
	cr_assert_not(cb_csv_encoding_guessed(csv));
	EXPECT(csv, 1, "a", "b");
	EXPECT(csv, 2, "ok", "1");
	rec = expect_bad(csv, 3, 3, 4, "invalid byte sequence for UTF-8");
	cr_assert_not_null(strstr(rec.why, "0xE9"), "why: %s", rec.why);
	check_fields(&rec, (const char *const[]){"Caf", "2", NULL});
	EXPECT(csv, 4, "next", "3");
	rec = expect_bad(csv, 5, 5, 8, "0xFF");
	check_fields(&rec, (const char *const[]){"ñandú", "xy", NULL});
	rec = expect_bad(csv, 6, 7, 2, "0xC0");
	check_fields(&rec, (const char *const[]){"1", "a\nb", NULL});
	EXPECT(csv, 8, "last", "4");
	expect_end(&csv);
}

Test(csv, invalid_utf8_detected_as_1252)
{
	/* One Latin-1 byte in an otherwise UTF-8 file: all of it is 1252. */
	struct cb_csv *csv = OPEN("a,b\nñ,Caf\xE9\n", NULL, 0);

	cr_assert_str_eq(cb_csv_encoding(csv), "WINDOWS-1252");
	EXPECT(csv, 1, "a", "b");
	EXPECT(csv, 2, "Ã±", "Café");
	expect_end(&csv);
}

Test(csv, truncated_sequence_at_end)
{
	struct cb_csv *csv = OPEN("a\nb\n\xE2\x82", "UTF-8", 0);

	EXPECT(csv, 1, "a");
	EXPECT(csv, 2, "b");
	expect_bad(csv, 3, 3, 1, "invalid byte sequence for UTF-8");
	expect_end(&csv);

	csv = OPEN("a\nb\n\xE9\n", "UTF-8", 0);
	EXPECT(csv, 1, "a");
	EXPECT(csv, 2, "b");
	expect_bad(csv, 3, 3, 1, "0xE9");
	expect_end(&csv);
}

Test(csv, unterminated_quote)
{
	struct cb_csv *csv = OPEN("a,b\n"
	                          "1,2\n"
	                          "3,\"abierta\n"
	                          "4,5\n"
	                          "6,7\n",
	    NULL, 0);
	struct cb_csv_record rec;

	EXPECT(csv, 1, "a", "b");
	EXPECT(csv, 2, "1", "2");
	rec = expect_bad(csv, 3, 3, 3, "unterminated quoted field");
	check_fields(
	    &rec, (const char *const[]){"3", "abierta\n4,5\n6,7\n", NULL});
	expect_end(&csv);

	/* It wins over an earlier fault of the same record. */
	csv = OPEN("a\n\"x\0y", NULL, 0);
	EXPECT(csv, 1, "a");
	expect_bad(csv, 2, 2, 1, "unterminated quoted field");
	expect_end(&csv);
}

Test(csv, characters_after_closing_quote)
{
	struct cb_csv *csv = OPEN("a,b\n"
	                          "\"x\"y,2\n"
	                          "3,\"z\" \n"
	                          "\"p\"\rq,4\n"
	                          "5,6\n",
	    NULL, 0);
	struct cb_csv_record rec;

	EXPECT(csv, 1, "a", "b");
	rec = expect_bad(csv, 2, 2, 4, "characters after a closing quote");
	check_fields(&rec, (const char *const[]){"xy", "2", NULL});
	rec = expect_bad(csv, 3, 3, 6, "characters after a closing quote");
	check_fields(&rec, (const char *const[]){"3", "z ", NULL});
	rec = expect_bad(csv, 4, 4, 4, "characters after a closing quote");
	check_fields(&rec, (const char *const[]){"p\rq", "4", NULL});
	EXPECT(csv, 5, "5", "6");
	expect_end(&csv);
}

Test(csv, nul_byte)
{
	struct cb_csv *csv = OPEN("a,b\nx\0y,2\n3,\"q\0\"\n5,6\n", NULL, 0);
	struct cb_csv_record rec;

	cr_assert_str_eq(cb_csv_encoding(csv), "UTF-8");
	EXPECT(csv, 1, "a", "b");
	rec = expect_bad(csv, 2, 2, 2, "NUL byte in the file");
	check_fields(&rec, (const char *const[]){"xy", "2", NULL});
	expect_bad(csv, 3, 3, 5, "NUL byte in the file");
	EXPECT(csv, 4, "5", "6");
	expect_end(&csv);
}

Test(csv, unknown_encoding)
{
	const char *why = NULL;
	const char text[] = "a,b\n";

	cr_assert_eq(
	    open_fails(text, sizeof text - 1, "NO-SUCH-CHARSET", 0, &why),
	    CB_ERR_INPUT);
	cr_assert_not_null(why);
}

Test(csv, missing_file)
{
	struct cb_csv *csv = NULL;
	const char *why = NULL;
	char path[512];

	snprintf(path, sizeof path, "%s/no-such.csv", dir);
	cr_assert_eq(cb_csv_open(path, NULL, 0, &csv, &why), CB_ERR_IO);
	cr_assert_eq(errno, ENOENT);
	cr_assert_null(csv);
	cb_csv_close(&csv);
	cb_csv_close(NULL);
}

/* The pieces the fields of the big file are made of, in UTF-8 and in
 * WINDOWS-1252; the first four may stand in an unquoted field. */
static const char *const pieces_utf8[] = {
    "abc", "ñ", "€", "é", "d,e", "\"", "\n", "x y", "\r\n"};
static const char *const pieces_1252[] = {
    "abc", "\xF1", "\x80", "\xE9", "d,e", "\"", "\n", "x y", "\r\n"};
#define NPIECES (sizeof pieces_utf8 / sizeof *pieces_utf8)
#define BIG_RECORDS 400

/* Writes field k of record r of the big file into out (UTF-8 when pieces
 * is pieces_utf8) and returns its length. */
static size_t big_field(
    unsigned r, unsigned k, const char *const *pieces, char *out)
{
	unsigned count = (r * 7919u + k * 104729u) % 700;
	unsigned kinds = k == 1 ? 4 : NPIECES;
	size_t n = 0, m;

	if (k == 0)
		return (size_t)sprintf(out, "%u", r);
	for (unsigned i = 0; i < count; i++) {
		m = strlen(pieces[(r * 31u + i * (k + 5u)) % kinds]);
		memcpy(out + n, pieces[(r * 31u + i * (k + 5u)) % kinds], m);
		n += m;
	}
	out[n] = '\0';
	return n;
}

/* Appends field text to the file being built, quoted with "" doubled. */
static size_t put_quoted(char *file, const char *text)
{
	size_t n = 0;

	file[n++] = '"';
	for (; *text != '\0'; text++) {
		if (*text == '"')
			file[n++] = '"';
		file[n++] = *text;
	}
	file[n++] = '"';
	return n;
}

/* Builds the big file (over 200 KB) with the pieces given. */
static char *big_file(const char *const *pieces, size_t *len)
{
	char *file = malloc(8u << 20), field[4096];
	size_t n = 0;

	cr_assert_not_null(file);
	for (unsigned r = 0; r < BIG_RECORDS; r++) {
		for (unsigned k = 0; k < 3; k++) {
			big_field(r, k, pieces, field);
			if (k == 2)
				n += put_quoted(file + n, field);
			else
				n += (size_t)sprintf(file + n, "%s", field);
			file[n++] = k == 2 ? '\n' : ',';
		}
	}
	*len = n;
	return file;
}

/* Reads the big file back and checks every field and line number. */
static void check_big(struct cb_csv *csv)
{
	struct cb_csv_record rec;
	char field[4096];
	long line = 1;
	uint64_t done, total;

	for (unsigned r = 0; r < BIG_RECORDS; r++) {
		cr_assert_eq(cb_csv_next(csv, &rec), CB_OK, "record %u", r);
		cr_assert_eq(rec.line, line, "record %u", r);
		cr_assert_eq(rec.nfields, 3);
		for (unsigned k = 0; k < 3; k++) {
			big_field(r, k, pieces_utf8, field);
			cr_assert_str_eq(rec.fields[k], field, "%u.%u", r, k);
		}
		for (const char *p = rec.fields[2]; *p != '\0'; p++)
			line += *p == '\n';
		line++;
		cb_csv_progress(csv, &done, &total);
		cr_assert_leq(done, total);
	}
	cr_assert_eq(cb_csv_next(csv, &rec), CB_ERR_NOTHING);
	cb_csv_progress(csv, &done, &total);
	cr_assert_eq(done, total);
	cr_assert_gt(total, 200000);
	cb_csv_close(&csv);
}

Test(csv, big_file_utf8)
{
	size_t len;
	char *file = big_file(pieces_utf8, &len);
	struct cb_csv *csv = open_text(file, len, NULL, 0);

	free(file);
	cr_assert_str_eq(cb_csv_encoding(csv), "UTF-8");
	cr_assert_eq(cb_csv_delimiter(csv), ',');
	check_big(csv);
}

Test(csv, big_file_1252)
{
	size_t len;
	char *file = big_file(pieces_1252, &len);
	struct cb_csv *csv = open_text(file, len, NULL, 0);

	free(file);
	cr_assert_str_eq(cb_csv_encoding(csv), "WINDOWS-1252");
	check_big(csv);
}

/* Builds "h\n", a line of 'a' and then tail, so that tail starts at the
 * last byte of the first 64 KiB of the file. */
static char *split_file(const char *tail, size_t *len)
{
	size_t at = 65535, t = strlen(tail);
	char *file = malloc(at + t);

	cr_assert_not_null(file);
	memcpy(file, "h\n", 2);
	memset(file + 2, 'a', at - 2);
	memcpy(file + at, tail, t);
	*len = at + t;
	return file;
}

Test(csv, character_split_between_chunks)
{
	size_t len;
	char *file = split_file("\xE2\x82\xAC,x\n", &len);
	struct cb_csv *csv = open_text(file, len, NULL, 0);
	struct cb_csv_record rec;

	cr_assert_str_eq(cb_csv_encoding(csv), "UTF-8");
	EXPECT(csv, 1, "h");
	cr_assert_eq(cb_csv_next(csv, &rec), CB_OK);
	cr_assert_eq(rec.nfields, 2);
	cr_assert_eq(strlen(rec.fields[0]), 65533 + 3);
	cr_assert_str_eq(rec.fields[0] + 65533, "€");
	cr_assert_str_eq(rec.fields[1], "x");
	expect_end(&csv);
	free(file);
}

Test(csv, invalid_sequence_split_between_chunks)
{
	size_t len;
	char *file = split_file("\xC3"
	                        "b,x\nc,d\n",
	    &len);
	struct cb_csv *csv = open_text(file, len, "UTF-8", 0);
	struct cb_csv_record rec;

	EXPECT(csv, 1, "h");
	rec = expect_bad(csv, 2, 2, 65534, "0xC3");
	cr_assert_eq(strlen(rec.fields[0]), 65533 + 1);
	EXPECT(csv, 3, "c", "d");
	expect_end(&csv);
	free(file);
}

Test(csv, limits)
{
	size_t big = 9u << 20, n = 0;
	char *file = malloc(big + 200000);
	struct cb_csv *csv;
	struct cb_csv_record rec;

	cr_assert_not_null(file);
	n += (size_t)sprintf(file, "a\n");
	memset(file + n, 'x', big);
	n += big;
	file[n++] = '\n';
	for (unsigned i = 0; i < 70000; i++)
		file[n++] = ',';
	n += (size_t)sprintf(file + n, "\nok\n");
	csv = open_text(file, n, "UTF-8", ',');
	free(file);
	EXPECT(csv, 1, "a");
	cr_assert_eq(cb_csv_next(csv, &rec), CB_ERR_INPUT);
	cr_assert_eq(rec.line, 2);
	cr_assert_str_eq(rec.why, "record longer than 8 MiB");
	cr_assert_eq(cb_csv_next(csv, &rec), CB_ERR_INPUT);
	cr_assert_eq(rec.line, 3);
	cr_assert_str_eq(rec.why, "more than 65536 fields");
	cr_assert_eq(rec.nfields, 65536);
	EXPECT(csv, 4, "ok");
	expect_end(&csv);
}

/* The reader reads ahead on a thread, in batches of 2,048 records (or
 * 1 MiB of fields), and hands a batch over at a time.  The many-records
 * file spans ten batches; a record is bad where r % 1001 == 500 and on
 * either side of the ends of the first two batches, and the bad records
 * take turns at the three kinds of fault. */
#define MANY 20000
#define BATCH 2048

static bool many_bad(unsigned r)
{
	return r % 1001 == 500 || r == BATCH - 1 || r == BATCH ||
	    r == 2 * BATCH - 1 || r == 2 * BATCH || r == MANY - 1;
}

/* An empty line goes before some records (one at a batch's start). */
static bool many_empty_before(unsigned r)
{
	return (r % 13 == 0 && r > 0) || r == BATCH;
}

/* Record r of the many-records file, as written and as read. */
struct many {
	char text[128];
	size_t len;
	char fields[3][20];
	long lines;      /* the lines it spans */
	long bad_column; /* 0 when it is good */
	const char *why; /* part of the message when it is bad */
};

static void many_record(unsigned r, struct many *m)
{
	int k = sprintf(m->fields[0], "%u", r);
	const char *f0 = m->fields[0], *f2 = m->fields[2];

	sprintf(m->fields[1], "name%u", r);
	/* Some records span two lines, so that lines are not records. */
	m->lines = r % 7 == 3 ? 2 : 1;
	sprintf(m->fields[2], r % 7 == 3 ? "note\n%u" : "note%u", r);
	m->bad_column = 0;
	m->why = NULL;
	if (!many_bad(r)) {
		m->len = (size_t)sprintf(m->text, "%s,%s,\"%s\"\n", f0,
		    m->fields[1], f2);
		return;
	}
	if (r % 3 == 1) {
		m->len = (size_t)sprintf(m->text, "%s,\"%s\"!,\"%s\"\n", f0,
		    m->fields[1], f2);
		strcat(m->fields[1], "!");
		m->bad_column = k + (long)strlen(m->fields[1]) + 3;
		m->why = "characters after a closing quote";
		return;
	}
	/* An invalid byte or a NUL after "na", which the field goes without. */
	m->len = (size_t)sprintf(m->text, "%s,na?me%u,\"%s\"\n", f0, r, f2);
	m->text[k + 3] = r % 3 == 0 ? '\xFF' : '\0';
	m->bad_column = k + 4;
	m->why = r % 3 == 0 ? "0xFF" : "NUL byte in the file";
}

/* Builds the many-records file (about 450 KB). */
static char *many_file(size_t *len)
{
	struct many m;
	char *file = malloc(MANY * (sizeof m.text + 1)), *p = file;

	cr_assert_not_null(file);
	for (unsigned r = 0; r < MANY; r++) {
		if (many_empty_before(r))
			*p++ = '\n';
		many_record(r, &m);
		memcpy(p, m.text, m.len);
		p += m.len;
	}
	*len = (size_t)(p - file);
	return file;
}

/* Opens the many-records file, as UTF-8 so that 0xFF is invalid. */
static struct cb_csv *open_many(void)
{
	size_t len;
	char *file = many_file(&len);
	struct cb_csv *csv = open_text(file, len, "UTF-8", ',');

	free(file);
	return csv;
}

/* Checks the progress after a record that ends at byte end of the file:
 * it was read, and the reader said no more than it had converted then,
 * which is one chunk of 64 KiB at most, however far the thread is. */
static void check_progress(struct cb_csv *csv, uint64_t end, uint64_t *last)
{
	uint64_t done, total;

	cb_csv_progress(csv, &done, &total);
	cr_assert_geq(done, *last, "progress went back");
	cr_assert_geq(done, end, "%lu before the record's end %lu",
	    (unsigned long)done, (unsigned long)end);
	cr_assert_leq(done, end + 65536, "%lu: ahead of the record's end %lu",
	    (unsigned long)done, (unsigned long)end);
	cr_assert_leq(done, total);
	*last = done;
}

/* Reads the many-records file to its end and checks every record, its
 * lines, the faults of the bad ones and the progress. */
static void check_many(struct cb_csv *csv)
{
	struct cb_csv_record rec;
	struct many m;
	long line = 1;
	uint64_t end = 0, last = 0, done, total;

	for (unsigned r = 0; r < MANY; r++) {
		if (many_empty_before(r))
			line++, end++;
		many_record(r, &m);
		end += m.len;
		const char *const want[] = {
		    m.fields[0], m.fields[1], m.fields[2], NULL};
		if (m.why == NULL) {
			expect(csv, line, want);
		} else {
			rec = expect_bad(csv, line, line, m.bad_column, m.why);
			check_fields(&rec, want);
		}
		check_progress(csv, end, &last);
		line += m.lines;
	}
	cr_assert_eq(cb_csv_next(csv, &rec), CB_ERR_NOTHING);
	cb_csv_progress(csv, &done, &total);
	cr_assert_eq(done, total);
	cr_assert_eq(total, end);
	expect_end(&csv);
}

Test(csv, many_records_in_batches)
{
	check_many(open_many());
}

/* Records longer than a batch's bytes: each batch ends at the record that
 * passes 1 MiB. */
Test(csv, batches_end_at_their_bytes)
{
	size_t field = 300000, n = 0;
	unsigned count = 12;
	char *file = malloc(count * (field + 20));
	struct cb_csv *csv;
	struct cb_csv_record rec;

	cr_assert_not_null(file);
	for (unsigned r = 0; r < count; r++) {
		n += (size_t)sprintf(file + n, "%u,", r);
		memset(file + n, 'a' + (int)r, field + r);
		n += field + r;
		file[n++] = '\n';
	}
	csv = open_text(file, n, NULL, 0);
	free(file);
	for (unsigned r = 0; r < count; r++) {
		cr_assert_eq(cb_csv_next(csv, &rec), CB_OK);
		cr_assert_eq(rec.line, r + 1);
		cr_assert_eq(rec.nfields, 2);
		cr_assert_eq(strtoul(rec.fields[0], NULL, 10), r);
		cr_assert_eq(strlen(rec.fields[1]), field + r);
		cr_assert_eq(rec.fields[1][0], 'a' + (int)r);
		cr_assert_eq(rec.fields[1][field + r - 1], 'a' + (int)r);
	}
	expect_end(&csv);
}

/* Seconds since an earlier time. */
static double since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) +
	    (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Closes a reader whose thread is still busy, and times it. */
static void close_promptly(struct cb_csv **csv)
{
	struct timespec t0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	cb_csv_close(csv);
	cr_assert_null(*csv);
	cr_assert_lt(since(&t0), 2.0, "close took %.2f s", since(&t0));
}

Test(csv, close_before_the_end, .timeout = 60)
{
	struct cb_csv *csv = open_many();
	struct cb_csv_record rec;
	const struct timespec pause = { 0, 100 * 1000 * 1000 };

	/* At once: the thread is reading its first batch. */
	close_promptly(&csv);

	/* After a few records, and time for the thread to fill every batch
	 * and wait for one to be free. */
	csv = open_many();
	EXPECT(csv, 1, "0", "name0", "note0");
	EXPECT(csv, 2, "1", "name1", "note1");
	nanosleep(&pause, NULL);
	close_promptly(&csv);

	/* Past the first batches, in the middle of one. */
	csv = open_many();
	for (unsigned r = 0; r < 3 * BATCH + 5; r++)
		cr_assert_neq(cb_csv_next(csv, &rec), CB_ERR_NOTHING);
	close_promptly(&csv);

	/* Nothing of the readers is left (LeakSanitizer's report at the exit
	 * of a test's process would not fail the test). */
#if defined(__SANITIZE_ADDRESS__)
	cr_assert_eq(__lsan_do_recoverable_leak_check(), 0, "leaks");
#endif
}

Test(csv, read_error_is_final)
{
	struct cb_csv *csv = NULL;
	struct cb_csv_record rec;

	/* A folder opens, but reading it fails; with the encoding and the
	 * delimiter given, nothing is read before the first record. */
	cr_assert_eq(cb_csv_open(dir, "UTF-8", ',', &csv, NULL), CB_OK);
	errno = 0;
	cr_assert_eq(cb_csv_next(csv, &rec), CB_ERR_IO);
	cr_assert_eq(errno, EISDIR);
	cr_assert_eq(rec.nfields, 0);
	cr_assert_eq(cb_csv_next(csv, &rec), CB_ERR_IO);
	cb_csv_close(&csv);
	cr_assert_null(csv);
}

/* pthread_create() as the program sees it: while threads_fail is set it
 * fails, and counts it; the reader then reads on the caller's thread. */
static bool threads_fail;
static int threads_refused;

int pthread_create(pthread_t *restrict thread,
    const pthread_attr_t *restrict attr, void *(*start)(void *),
    void *restrict arg)
{
	int (*real)(pthread_t *restrict, const pthread_attr_t *restrict,
	    void *(*)(void *), void *restrict);

	if (threads_fail) {
		threads_refused++;
		return EAGAIN;
	}
	*(void **)&real = dlsym(RTLD_NEXT, "pthread_create");
	return real != NULL ? real(thread, attr, start, arg) : ENOSYS;
}

/* Opens the many-records file with no thread to be had. */
static struct cb_csv *open_many_alone(void)
{
	struct cb_csv *csv;

	threads_fail = true;
	csv = open_many();
	threads_fail = false;
	cr_assert_eq(threads_refused, 1);
	return csv;
}

Test(csv, many_records_without_a_thread)
{
	check_many(open_many_alone());
}

Test(csv, close_without_a_thread)
{
	struct cb_csv *csv = open_many_alone();

	EXPECT(csv, 1, "0", "name0", "note0");
	close_promptly(&csv);
}
