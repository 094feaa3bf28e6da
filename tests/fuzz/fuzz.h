/*
 * fuzz.h -- what the fuzz targets share: the entry points libFuzzer calls
 * (and tests/fuzz/replay.c, which calls them without it), a temporary
 * folder per process, and a database with an admin's session in it.
 *
 * Each process makes one folder and removes it at exit; a target that
 * crashes leaves it behind, with the database as the crash found it.
 */
#ifndef CB_FUZZ_H
#define CB_FUZZ_H

#include <ftw.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "error.h"
#include "import.h"
#include "store.h"
#include "user.h"

#define FUZZ_UNUSED __attribute__((unused))

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* 2026-01-15 15:00 UTC: the day doc/formats.md loads its examples. */
static const time_t FUZZ_NOW = 1768489200;

static char fuzz_dir_path[256];

/* Stops the process as a crash does, so that libFuzzer keeps the input. */
static FUZZ_UNUSED _Noreturn void fuzz_die(const char *what, int rc)
{
	fprintf(stderr, "fuzz: %s: %s\n", what, cb_strerror(rc));
	abort();
}

static FUZZ_UNUSED int fuzz_remove_one(const char *path, const struct stat *st,
    int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static FUZZ_UNUSED void fuzz_remove_dir(void)
{
	if (fuzz_dir_path[0] != '\0')
		nftw(fuzz_dir_path, fuzz_remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* The process's temporary folder, made on the first call. */
static FUZZ_UNUSED const char *fuzz_dir(void)
{
	if (fuzz_dir_path[0] != '\0')
		return fuzz_dir_path;
	const char *tmp = getenv("TMPDIR");
	snprintf(fuzz_dir_path, sizeof fuzz_dir_path, "%s/cobrador-fuzz-XXXXXX",
	    tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(fuzz_dir_path) == NULL) {
		perror("fuzz: mkdtemp");
		abort();
	}
	atexit(fuzz_remove_dir);
	return fuzz_dir_path;
}

/* Writes data to the file name of the temporary folder; returns its path
 * in a static buffer. */
static FUZZ_UNUSED const char *fuzz_file(const char *name, const void *data,
    size_t size)
{
	static char path[512];
	snprintf(path, sizeof path, "%s/%s", fuzz_dir(), name);
	FILE *f = fopen(path, "wb");
	if (f == NULL || fwrite(data, 1, size, f) != size || fclose(f) != 0) {
		perror(path);
		abort();
	}
	return path;
}

/* A new empty database, as `init` makes it, and its admin's session at
 * FUZZ_NOW. */
static FUZZ_UNUSED void fuzz_store(struct cb_store **store,
    struct cb_session *admin)
{
	char db[300];
	snprintf(db, sizeof db, "%s/db", fuzz_dir());
	int rc = cb_store_open(db, CB_OPEN_CREATE, store);
	if (rc != CB_OK)
		fuzz_die("create the database", rc);
	if ((rc = cb_user_first_admin(*store, "fuzz", NULL, FUZZ_NOW)) != CB_OK)
		fuzz_die("make the admin", rc);
	rc = cb_session_open(*store, "fuzz", NULL, &FUZZ_NOW, admin);
	if (rc != CB_OK)
		fuzz_die("open the session", rc);
}

/* Loads a file that must load, for the data an import needs before it. */
static FUZZ_UNUSED void fuzz_load(struct cb_session *admin,
    enum cb_import_kind kind, const char *text)
{
	static const struct cb_import_options none = { 0 };
	struct cb_import_result r;
	const char *path = fuzz_file("seed.csv", text, strlen(text));
	int rc = cb_import(admin, kind, path, &none, &r);
	if (rc != CB_OK)
		fuzz_die(cb_import_kind_name(kind), rc);
}

/* The debtors of the examples of doc/formats.md: Chile, Peru and Spain. */
static FUZZ_UNUSED const char FUZZ_DEBTORS[] =
    "RUT;Razón Social;Teléfono;Comuna;Región;Segmento\n"
    "12.345.678-5;José Ñúñez Pérez;+56 2 2345 6789;Ñuñoa;Metropolitana;\n"
    "76.086.428-5;Comercial Peña SpA;(61) 222 3344;Punta Arenas;Magallanes;\n"
    "11.111.111-1;María Aránguiz;+56 9 5555 0101;Hanga Roa;Isla de Pascua;"
    "moroso\n"
    "20100047218;Importadora Andina;+51 1 441 2233;San Isidro;Lima;\n"
    "45678912;Luis Huamán;+51 956 778 899;Arequipa;Arequipa;\n"
    "12345678Z;Begoña Ibáñez;+34 612 345 678;Las Palmas;Canarias;\n";

/* Their invoices, in three portfolios of three currencies. */
static FUZZ_UNUSED const char FUZZ_INVOICES[] =
    "invoice_id,debtor_id,portfolio,type,issue_date,due_date,amount,"
    "applies_to\n"
    "1001,12.345.678-5,,invoice,2025-09-01,2025-10-01,1234567,\n"
    "NC-88,12.345.678-5,,credit_note,2025-10-20,2025-10-20,-100000,1001\n"
    "2001,76.086.428-5,,invoice,2025-06-30,2025-07-30,2000000,\n"
    "3001,11.111.111-1,,invoice,2025-12-01,2025-12-31,300000,\n"
    "F001-1,20100047218,mayorista-pe,invoice,2025-10-01,2025-10-31,"
    "\"12,500.50\",\n"
    "B001-2,45678912,mayorista-pe,invoice,,2026-02-15,980.00,\n"
    "A-91,12345678Z,tiendas-es,invoice,2025-11-30,2025-12-30,\"1.234,56\",\n";

/* ---- The import targets ---------------------------------------------- */

static struct cb_store *fuzz_db;
static struct cb_session fuzz_admin;

/* The number of records of every table now. */
static FUZZ_UNUSED void fuzz_counts(uint64_t n[CB_T_COUNT])
{
	struct cb_txn *txn;
	int rc = cb_store_read(fuzz_db, &txn);
	for (int t = 0; t < CB_T_COUNT && rc == CB_OK; t++)
		rc = cb_count(txn, (enum cb_table)t, &n[t]);
	cb_txn_end(&txn);
	if (rc != CB_OK)
		fuzz_die("count the records", rc);
}

/* Fails when an import that should have changed nothing did. */
static FUZZ_UNUSED void fuzz_same_counts(const uint64_t before[CB_T_COUNT],
    const char *what)
{
	uint64_t after[CB_T_COUNT];
	fuzz_counts(after);
	for (int t = 0; t < CB_T_COUNT; t++) {
		if (after[t] != before[t]) {
			fprintf(stderr, "fuzz: %s changed table %d: %llu records, "
			    "not %llu\n", what, t, (unsigned long long)after[t],
			    (unsigned long long)before[t]);
			abort();
		}
	}
}

/* Fails on a result an import should never give for a file's content. */
static FUZZ_UNUSED void fuzz_import_result(int rc, const char *what)
{
	if (rc != CB_OK && rc != CB_ERR_INPUT)
		fuzz_die(what, rc);
}

/*
 * Imports data as a file of kind twice: first a dry run with a rejects
 * file, which goes all the way and must change nothing; then for real,
 * which must change nothing when it fails.
 */
static FUZZ_UNUSED void fuzz_import(enum cb_import_kind kind,
    const uint8_t *data, size_t size)
{
	static FILE *rejects;
	static const struct cb_import_options real = { 0 };
	struct cb_import_options dry = { .dry_run = true };
	struct cb_import_result r;
	uint64_t before[CB_T_COUNT];
	char rejects_path[300];

	if (rejects == NULL) {
		snprintf(rejects_path, sizeof rejects_path, "%s/rejects.csv",
		    fuzz_dir());
		if ((rejects = fopen(rejects_path, "w+")) == NULL) {
			perror(rejects_path);
			abort();
		}
	}
	dry.rejects = rejects;
	const char *path = fuzz_file("input.csv", data, size);
	fuzz_counts(before);
	fuzz_import_result(cb_import(&fuzz_admin, kind, path, &dry, &r),
	    "the dry run");
	fuzz_same_counts(before, "a dry run");
	int rc = cb_import(&fuzz_admin, kind, path, &real, &r);
	fuzz_import_result(rc, "the import");
	if (rc != CB_OK)
		fuzz_same_counts(before, "a refused import");
}

/* Opens the import targets' database and loads what kind needs before
 * it: the debtors for invoices, and their invoices for payments. */
static FUZZ_UNUSED void fuzz_import_setup(enum cb_import_kind kind)
{
	fuzz_store(&fuzz_db, &fuzz_admin);
	if (kind >= CB_IMPORT_INVOICES)
		fuzz_load(&fuzz_admin, CB_IMPORT_DEBTORS, FUZZ_DEBTORS);
	if (kind >= CB_IMPORT_PAYMENTS)
		fuzz_load(&fuzz_admin, CB_IMPORT_INVOICES, FUZZ_INVOICES);
}

#endif
