/*
 * readers.c -- lists the processes that have a read transaction open on a
 * database right now, for the test that the workstation holds none while
 * it waits for a key.  Prints one pid per line (nothing when no reader is
 * in a transaction); a slot kept for a later read does not count.
 *
 *   readers DB
 */
#include <lmdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* mdb_reader_list() gives "pid thread txnid" lines; txnid is "-" for a
 * slot with no transaction open. */
static int one_line(const char *line, void *arg)
{
	long pid;
	char thread[64], txnid[64];
	(void)arg;
	if (sscanf(line, "%ld %63s %63s", &pid, thread, txnid) == 3 &&
	    strcmp(txnid, "-") != 0)
		printf("%ld\n", pid);
	return 0;
}

int main(int argc, char **argv)
{
	MDB_env *env;
	if (argc != 2) {
		fprintf(stderr, "usage: readers DB\n");
		return 1;
	}
	if (mdb_env_create(&env) != 0 || mdb_env_set_maxdbs(env, 64) != 0 ||
	    mdb_env_set_maxreaders(env, 1022) != 0 ||
	    mdb_env_open(env, argv[1], MDB_RDONLY, 0) != 0) {
		fprintf(stderr, "readers: cannot open %s\n", argv[1]);
		return 2;
	}
	mdb_reader_list(env, one_line, NULL);
	mdb_env_close(env);
	return 0;
}
