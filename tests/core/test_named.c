/* test_named.c -- tests of import_named.c: the table of what a file being
 * imported named, and on which line. */
#include "import_impl.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "error.h"

/* Key number i: a tag, then text, as the import's keys are. */
static size_t key_of(unsigned i, char tag, char *buf, size_t size)
{
	int n = snprintf(buf, size, "%c%07u", tag, i);
	return (size_t)n + 1; /* with its NUL, as named_key() makes them */
}

Test(named, a_name_keeps_its_first_line_and_value_unless_put_again)
{
	struct imp_named t = { 0 };
	const char *value;
	cr_assert_eq(imp_named_put(&t, "ia", 3, "owner", 5, false), CB_OK);
	cr_assert_eq(imp_named_put(&t, "ia", 3, "other", 9, false), CB_OK);
	cr_expect_eq(imp_named_line(&t, "ia", 3, &value), 5);
	cr_expect_str_eq(value, "owner");
	cr_assert_eq(imp_named_put(&t, "ia", 3, NULL, 12, true), CB_OK);
	cr_expect_eq(imp_named_line(&t, "ia", 3, NULL), 12);
	/* A key that differs only after a NUL is another key. */
	cr_expect_eq(imp_named_line(&t, "ia\0x", 5, &value), 0);
	cr_expect_null(value);
	imp_named_free(&t);
}

/* Enough names that the table grows past the size it takes in huge pages
 * (2 MiB of slots), put in an order unlike theirs, each found again with
 * its line after every growth, and given back sorted by tag. */
#define MANY 300000

Test(named, many_names_are_found_again_and_sorted)
{
	struct imp_named t = { 0 };
	char key[16];
	for (unsigned j = 0; j < MANY; j++) {
		unsigned i = (unsigned)((unsigned long)j * 7919 % MANY);
		size_t len = key_of(i, i % 3 ? 'i' : 'a', key, sizeof key);
		imp_named_prefetch(&t, key, len);
		cr_assert_eq(imp_named_line(&t, key, len, NULL), 0, "%s", key);
		cr_assert_eq(imp_named_put(&t, key, len, NULL, (long)i + 1, false),
		    CB_OK);
	}
	for (unsigned i = 0; i < MANY; i++) {
		size_t len = key_of(i, i % 3 ? 'i' : 'a', key, sizeof key);
		cr_assert_eq(imp_named_line(&t, key, len, NULL), (long)i + 1,
		    "%s", key);
	}
	const struct imp_name **names;
	size_t n;
	cr_assert_eq(imp_named_sorted(&t, 'a', &names, &n), CB_OK);
	cr_assert_eq(n, (MANY + 2) / 3);
	for (size_t k = 0; k < n; k++)
		cr_assert_eq(names[k]->line, (long)(3 * k) + 1);
	free(names);
	imp_named_free(&t);
}
