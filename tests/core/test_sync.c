/* test_sync.c -- when a write's commit goes to the disk: its pages while it
 * holds the write lock, its meta page once the lock is given up, and all
 * of it before cb_store_write() returns.
 *
 * This file defines fdatasync() itself, which LMDB then calls: each sync
 * is counted, and a child process tries a write of its own meanwhile, to
 * tell whether the write lock is held (which is why these tests are a
 * program apart from test_store.c). */
#include "store.h"

#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "error.h"
#include "store_fixture.h"

/* A table a new database leaves empty, for the tests' own keys. */
#define SPARE CB_T_PAYMENT_IDS

/* The syncs seen while counting, and of them those made while another
 * process could begin a write. */
static bool counting;
static int syncs, syncs_unlocked;

static int nothing(struct cb_txn *txn, void *arg)
{
	(void)txn;
	(void)arg;
	return CB_OK;
}

/* True when another process can take the write lock now: it has 2 s. */
static bool write_lock_free(void)
{
	int status;
	pid_t pid = fork();
	if (pid == 0) {
		struct cb_store *other;
		counting = false;
		alarm(2);
		int rc = cb_store_open(dir, 0, &other);
		if (rc == CB_OK)
			rc = cb_store_write(other, nothing, NULL);
		_exit(rc == CB_OK ? 0 : 1);
	}
	return pid > 0 && waitpid(pid, &status, 0) == pid &&
	    WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

int fdatasync(int fd)
{
	if (counting) {
		syncs++;
		syncs_unlocked += write_lock_free();
	}
	return (int)syscall(SYS_fdatasync, fd);
}

static void setup(void)
{
	dir = fixture_dir();
	int rc = cb_store_open(dir, CB_OPEN_CREATE, &store);
	cr_assert_eq(rc, CB_OK, "create: %s", cb_strerror(rc));
}

TestSuite(sync, .init = setup, .fini = teardown);

static int put_one(struct cb_txn *txn, void *arg)
{
	const char *key = arg;
	return cb_put(txn, SPARE, (struct cb_val){ key, strlen(key) },
	    (struct cb_val){ "v", 1 });
}

/* Writes key and counts the syncs of that write alone. */
static void write_counted(const char *key)
{
	syncs = syncs_unlocked = 0;
	counting = true;
	int rc = cb_store_write(store, put_one, (void *)key);
	counting = false;
	cr_assert_eq(rc, CB_OK, "write: %s", cb_strerror(rc));
}

Test(sync, a_commit_syncs_its_meta_page_after_the_write_lock_is_free,
    .timeout = 30)
{
	write_counted("a");
	cr_expect_eq(syncs, 2, "syncs of one write: %d", syncs);
	cr_expect_eq(syncs_unlocked, 1,
	    "syncs made with the write lock free: %d", syncs_unlocked);
}

Test(sync, a_lazy_run_leaves_each_meta_page_to_its_end, .timeout = 30)
{
	cr_assert_eq(cb_store_lazy_meta(store, true), CB_OK);
	write_counted("a");
	cr_expect_eq(syncs, 1, "syncs of one write in the run: %d", syncs);
	cr_expect_eq(syncs_unlocked, 0);
	write_counted("b");
	cr_expect_eq(syncs, 1);

	syncs = syncs_unlocked = 0;
	counting = true;
	int rc = cb_store_lazy_meta(store, false);
	counting = false;
	cr_assert_eq(rc, CB_OK);
	cr_expect_eq(syncs, 1, "the run's end syncs: %d", syncs);
	cr_expect_eq(syncs_unlocked, 1);

	write_counted("c"); /* after the run, as before it */
	cr_expect_eq(syncs, 2);
}
