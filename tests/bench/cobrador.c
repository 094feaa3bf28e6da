/*
 * cobrador.c -- cobrador's side of the transactional benchmarks, through
 * core as the workstation and the nightly job call it.
 *
 *   cobrador-bench DB ADMIN TIME claim AGENT ROUNDS
 *   cobrador-bench DB ADMIN TIME rescore
 *
 * ADMIN is the real user; the clock is fixed at TIME (seconds since the
 * epoch) so that both engines see the same day.
 *
 * claim: as AGENT, ROUNDS times, claims the next account, then logs a
 * no-answer on it, which releases it.  Prints "claim MICROSECONDS" and
 * "log MICROSECONDS" for each: the claim is one write transaction, the
 * log one durable commit.
 *
 * rescore: re-scores every account and prints "rescore SECONDS" and
 * "lock MILLISECONDS", the longest time between two commits: an upper
 * bound of how long the write lock was held at a time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "error.h"
#include "queue.h"
#include "store.h"
#include "user.h"

static double now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int die(const char *what, int rc)
{
	fprintf(stderr, "cobrador-bench: %s: %s\n", what, cb_strerror(rc));
	return 1;
}

static int claim(struct cb_session *s, int rounds)
{
	for (int i = 0; i < rounds; i++) {
		struct cb_account_ref a;
		struct cb_log_request no_answer = { .code = "NA" };
		const char *why = NULL;
		double t0 = now_us();
		int rc = cb_queue_next(s, NULL, &a, &why);
		if (rc != CB_OK)
			return die(why ? why : "next", rc);
		double t1 = now_us();
		if ((rc = cb_queue_log(s, &a, &no_answer, &why)) != CB_OK)
			return die(why ? why : "log", rc);
		printf("claim %.0f\nlog %.0f\n", t1 - t0, now_us() - t1);
	}
	return 0;
}

/* The time from one commit to the next, which holds the write lock and
 * the reads between (the first commit has none before it: the time to it
 * is the start, counting the accounts and reading the first keys). */
struct lock_watch {
	double last, longest; /* last: 0 before the first commit */
};

static void committed(uint64_t done, uint64_t total, void *arg)
{
	struct lock_watch *w = arg;
	double t = now_us();
	(void)done, (void)total;
	if (w->last > 0 && t - w->last > w->longest)
		w->longest = t - w->last;
	w->last = t;
}

static int rescore(struct cb_session *s)
{
	struct lock_watch w = { .last = 0 };
	double t0 = now_us();
	int rc = cb_rescore(s, committed, &w);
	if (rc != CB_OK)
		return die("rescore", rc);
	printf("rescore %.3f\nlock %.1f\n", (now_us() - t0) / 1e6,
	    w.longest / 1e3);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 5) {
		fprintf(stderr, "usage: cobrador-bench DB ADMIN TIME claim AGENT ROUNDS\n"
		    "       cobrador-bench DB ADMIN TIME rescore\n");
		return 1;
	}
	struct cb_store *store;
	struct cb_session s;
	time_t at = (time_t)strtoll(argv[3], NULL, 10);
	bool claiming = strcmp(argv[4], "claim") == 0 && argc == 7;
	int rc;
	if ((rc = cb_store_open(argv[1], 0, &store)) != CB_OK)
		return die(argv[1], rc);
	rc = cb_session_open(store, argv[2], claiming ? argv[5] : NULL, &at, &s);
	if (rc != CB_OK)
		return die(argv[2], rc);
	rc = claiming ? claim(&s, atoi(argv[6])) : rescore(&s);
	cb_store_close(&store);
	return rc;
}
