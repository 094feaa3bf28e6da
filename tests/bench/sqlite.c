/*
 * sqlite.c -- the SQLite baseline of the transactional benchmarks: what a
 * collections tool built on SQLite would do, in WAL mode with durable
 * commits (synchronous=FULL), as cobrador's commits are.
 *
 *   sqlite-bench DB TIME claim AGENT ROUNDS
 *   sqlite-bench DB TIME rescore
 *
 * The tables are made by the benchmark's import (scripts/bench).  TIME is
 * the clock, in seconds since the epoch, as for cobrador-bench; the output
 * lines are the same.
 *
 * claim: one transaction picks the unheld account of highest priority,
 * gives it to AGENT with a lease and logs the claim; then one transaction
 * logs a no-answer, lowers the account's priority and releases it.
 *
 * rescore: for 500 accounts per transaction, recomputes balance, oldest
 * due date and priority from the invoices.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RESCORE_BATCH 500

static double now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static sqlite3 *db;

static void die(const char *what)
{
	fprintf(stderr, "sqlite-bench: %s: %s\n", what, sqlite3_errmsg(db));
	exit(1);
}

static void exec(const char *sql)
{
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		die(sql);
}

static sqlite3_stmt *prepare(const char *sql)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		die(sql);
	return st;
}

/* Runs st to its end and resets it for the next use. */
static void step_all(sqlite3_stmt *st)
{
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		;
	if (rc != SQLITE_DONE)
		die(sqlite3_sql(st));
	sqlite3_reset(st);
}

static void claim(sqlite3_int64 now, const char *agent, int rounds)
{
	sqlite3_stmt *pick = prepare("SELECT rut FROM accounts WHERE balance > 0"
	    " AND (holder IS NULL OR lease_until < ?1) ORDER BY priority DESC"
	    " LIMIT 1");
	sqlite3_stmt *take = prepare("UPDATE accounts SET holder = ?2,"
	    " lease_until = ?3 WHERE rut = ?1");
	sqlite3_stmt *event = prepare("INSERT INTO events (at, agent, kind, rut)"
	    " VALUES (?1, ?2, ?3, ?4)");
	sqlite3_stmt *done = prepare("UPDATE accounts SET holder = NULL,"
	    " attempts = attempts + 1, priority = priority / 2 WHERE rut = ?1");
	for (int i = 0; i < rounds; i++) {
		char rut[32];
		double t0 = now_us();
		exec("BEGIN IMMEDIATE");
		sqlite3_bind_int64(pick, 1, now);
		if (sqlite3_step(pick) != SQLITE_ROW)
			die("nothing to claim");
		snprintf(rut, sizeof rut, "%s", sqlite3_column_text(pick, 0));
		sqlite3_reset(pick);
		sqlite3_bind_text(take, 1, rut, -1, SQLITE_STATIC);
		sqlite3_bind_text(take, 2, agent, -1, SQLITE_STATIC);
		sqlite3_bind_int64(take, 3, now + 600);
		step_all(take);
		sqlite3_bind_int64(event, 1, now);
		sqlite3_bind_text(event, 2, agent, -1, SQLITE_STATIC);
		sqlite3_bind_text(event, 3, "claim", -1, SQLITE_STATIC);
		sqlite3_bind_text(event, 4, rut, -1, SQLITE_STATIC);
		step_all(event);
		exec("COMMIT");
		double t1 = now_us();
		exec("BEGIN IMMEDIATE");
		sqlite3_bind_text(event, 3, "outcome", -1, SQLITE_STATIC);
		step_all(event);
		sqlite3_bind_text(event, 3, "release", -1, SQLITE_STATIC);
		step_all(event);
		sqlite3_bind_text(done, 1, rut, -1, SQLITE_STATIC);
		step_all(done);
		exec("COMMIT");
		printf("claim %.0f\nlog %.0f\n", t1 - t0, now_us() - t1);
	}
}

static void rescore(sqlite3_int64 now)
{
	sqlite3_stmt *last = prepare("SELECT max(rowid) FROM accounts");
	sqlite3_stmt *batch = prepare("UPDATE accounts SET"
	    " balance = (SELECT coalesce(sum(amount), 0) FROM invoices i"
	    "   WHERE i.rut = accounts.rut),"
	    " oldest_due = (SELECT min(due) FROM invoices i"
	    "   WHERE i.rut = accounts.rut)"
	    " WHERE rowid BETWEEN ?1 AND ?2");
	/* Expected recovery: the balance, more the later it is (to a year),
	 * less for each attempt already made. */
	sqlite3_stmt *score = prepare("UPDATE accounts SET priority = balance"
	    " * (1.0 + min(max(julianday(?3, 'unixepoch') - julianday(oldest_due),"
	    "   0), 365) / 365.0) / (1 + attempts)"
	    " WHERE rowid BETWEEN ?1 AND ?2");
	double t0 = now_us(), longest = 0;
	if (sqlite3_step(last) != SQLITE_ROW)
		die("accounts");
	sqlite3_int64 rows = sqlite3_column_int64(last, 0);
	for (sqlite3_int64 from = 1; from <= rows; from += RESCORE_BATCH) {
		double b0 = now_us();
		exec("BEGIN IMMEDIATE");
		sqlite3_bind_int64(batch, 1, from);
		sqlite3_bind_int64(batch, 2, from + RESCORE_BATCH - 1);
		step_all(batch);
		sqlite3_bind_int64(score, 1, from);
		sqlite3_bind_int64(score, 2, from + RESCORE_BATCH - 1);
		sqlite3_bind_int64(score, 3, now);
		step_all(score);
		exec("COMMIT");
		if (now_us() - b0 > longest)
			longest = now_us() - b0;
	}
	printf("rescore %.3f\nlock %.1f\n", (now_us() - t0) / 1e6, longest / 1e3);
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: sqlite-bench DB TIME claim AGENT ROUNDS\n"
		    "       sqlite-bench DB TIME rescore\n");
		return 1;
	}
	if (sqlite3_open(argv[1], &db) != SQLITE_OK)
		die(argv[1]);
	sqlite3_busy_timeout(db, 60000);
	exec("PRAGMA journal_mode=WAL");
	exec("PRAGMA synchronous=FULL");
	sqlite3_int64 now = strtoll(argv[2], NULL, 10);
	if (strcmp(argv[3], "claim") == 0 && argc == 6)
		claim(now, argv[4], atoi(argv[5]));
	else
		rescore(now);
	sqlite3_close(db);
	return 0;
}
