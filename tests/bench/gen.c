/*
 * gen.c -- the benchmark's portfolio, as an ERP would export it.
 *
 *   gen DIR ACCOUNTS INVOICES_PER_ACCOUNT
 *
 * Writes DIR/debtors.csv and DIR/invoices.csv in WINDOWS-1252 with ';',
 * day-first dates and amounts with '.' between thousands: the form a
 * Chilean ERP gives.  Every debtor has a valid RUT (its check digit from
 * core's own check) and one account in portfolio "bench" (CLP); invoices
 * fall due over the two years before 2026-03-02, so every aging bucket is
 * full.  The same arguments always give the same files.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "error.h"
#include "idcheck.h"

#define COUNT(a) (sizeof (a) / sizeof (a)[0])

/* In WINDOWS-1252 (octal): \361 is n with tilde, \341 a with acute... */
static const char *const first_names[] = {
	"Mar\355a", "Jos\351", "Juan", "Ver\363nica", "Ra\372l", "Sof\355a",
	"Andr\351s", "Camila", "Mat\355as", "In\351s", "Germ\341n", "Luc\355a",
};
static const char *const surnames[] = {
	"Mu\361oz", "Pe\361a", "Gonz\341lez", "Rodr\355guez", "D\355az",
	"N\372\361" "ez", "Soto", "Contreras", "Silva", "Mart\355nez", "Rojas",
	"P\351rez", "Fern\341ndez", "L\363pez", "Araya", "Ib\341\361" "ez",
};
static const char *const towns[][2] = {
	{ "Santiago", "Metropolitana" }, { "Valpara\355so", "Valpara\355so" },
	{ "Concepci\363n", "Biob\355o" }, { "Temuco", "Araucan\355a" },
	{ "Antofagasta", "Antofagasta" }, { "Punta Arenas", "Magallanes" },
};
static const char *const segments[] = { "cumplidor", "moroso", "parcial" };

/* A RUT for debtor i, canonical (12345678-5), from core's check. */
static void make_rut(uint32_t i, char *canon)
{
	static const char checks[] = "0123456789K";
	char raw[24];
	int n = snprintf(raw, sizeof raw, "%lu-", 5000000UL + i * 7UL);
	for (const char *c = checks; *c; c++) {
		raw[n] = *c;
		raw[n + 1] = '\0';
		if (cb_id_check(raw, "CL", canon, NULL, NULL, NULL) == CB_OK)
			return;
	}
	abort();
}

/* 1234567 as "1.234.567". */
static void thousands(long v, char *out, size_t size)
{
	char digits[24];
	int n = snprintf(digits, sizeof digits, "%ld", v), o = 0;
	for (int k = 0; k < n && o + 2 < (int)size; k++) {
		if (k > 0 && (n - k) % 3 == 0)
			out[o++] = '.';
		out[o++] = digits[k];
	}
	out[o] = '\0';
}

/* Day number d (0 = 2024-03-02) as DD-MM-YYYY. */
static void day_text(int d, char *out, size_t size)
{
	struct tm tm = { .tm_year = 124, .tm_mon = 2, .tm_mday = 2 + d,
	    .tm_hour = 12 };
	time_t t = timegm(&tm);
	gmtime_r(&t, &tm);
	strftime(out, size, "%d-%m-%Y", &tm);
}

static FILE *open_out(const char *dir, const char *name)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	if (f == NULL) {
		perror(path);
		exit(1);
	}
	return f;
}

static void close_out(FILE *f)
{
	if (fclose(f) != 0) {
		perror("gen");
		exit(1);
	}
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: gen DIR ACCOUNTS INVOICES_PER_ACCOUNT\n");
		return 1;
	}
	uint32_t accounts = (uint32_t)strtoul(argv[2], NULL, 10);
	int per = atoi(argv[3]);
	unsigned short rng[3] = { 1, 2, 3 };
	FILE *debtors = open_out(argv[1], "debtors.csv");
	FILE *invoices = open_out(argv[1], "invoices.csv");
	fputs("RUT;Raz\363n Social;Tel\351fono;Direcci\363n;Comuna;Regi\363n;"
	    "Segmento\r\n", debtors);
	fputs("Folio;RUT;Fecha Emisi\363n;Vencimiento;Monto;Cartera;Moneda\r\n",
	    invoices);
	for (uint32_t i = 0; i < accounts; i++) {
		char rut[24], amount[32], issued[16], due[16];
		const char *const *town = towns[nrand48(rng) % COUNT(towns)];
		make_rut(i, rut);
		fprintf(debtors, "%s;%s %s %s;+56 9 %04ld %04ld;Av. Los Leones %ld;"
		    "%s;%s;%s\r\n", rut, first_names[nrand48(rng) % COUNT(first_names)],
		    surnames[nrand48(rng) % COUNT(surnames)],
		    surnames[nrand48(rng) % COUNT(surnames)], nrand48(rng) % 10000,
		    nrand48(rng) % 10000, 100 + nrand48(rng) % 3000, town[0], town[1],
		    segments[nrand48(rng) % COUNT(segments)]);
		for (int k = 0; k < per; k++) {
			/* Due over the two years before the benchmark's day,
			 * and a few not yet due. */
			int d = (int)(nrand48(rng) % 760);
			day_text(d - 30, issued, sizeof issued);
			day_text(d, due, sizeof due);
			thousands(1000 + nrand48(rng) % 2000000, amount, sizeof amount);
			fprintf(invoices, "F%u-%d;%s;%s;%s;%s;bench;CLP\r\n", i, k, rut,
			    issued, due, amount);
		}
	}
	close_out(debtors);
	close_out(invoices);
	return 0;
}
