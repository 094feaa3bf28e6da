/*
 * fixture.h -- helpers shared by the Criterion tests of core modules.
 *
 * Each test runs in its own process; fixture_dir() gives it a fresh
 * temporary folder that fixture_cleanup() removes.
 */
#ifndef CB_FIXTURE_H
#define CB_FIXTURE_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char fixture_path[256];

/* Makes a fresh temporary folder and returns its path. */
static inline const char *fixture_dir(void)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(fixture_path, sizeof fixture_path, "%s/cobrador-test-XXXXXX",
	    tmp && *tmp ? tmp : "/tmp");
	cr_assert_not_null(mkdtemp(fixture_path));
	return fixture_path;
}

/* Removes the folder of fixture_dir() and everything in it. */
static inline void fixture_cleanup(void)
{
	char cmd[300];
	if (fixture_path[0] == '\0')
		return;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", fixture_path);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", fixture_path);
	fixture_path[0] = '\0';
}

/* Writes text to dir/name and returns the path in a static buffer. */
static inline const char *fixture_file(const char *dir, const char *name,
    const char *text, size_t len)
{
	static char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	cr_assert_not_null(f);
	cr_assert_eq(fwrite(text, 1, len, f), len);
	cr_assert_eq(fclose(f), 0);
	return path;
}

#endif
