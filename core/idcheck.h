/*
 * idcheck.h -- national ids of debtors: check and canonical form.
 *
 * Chile: RUT (module 11), written 12.345.678-5, 12345678-5 or 123456785,
 * stored as 12345678-5 (check letter K upper case).  Peru: RUC (11 digits,
 * check digit) and DNI (8 digits).  Spain: DNI (8 digits and a letter),
 * NIE (X, Y or Z, 7 digits and a letter) and CIF (a letter, 7 digits and a
 * check character), stored upper case without separators.  Ids of any
 * other country are accepted as given (trimmed, upper case).
 */
#ifndef CB_IDCHECK_H
#define CB_IDCHECK_H

#include <stddef.h>

enum cb_id_kind {
	CB_ID_OTHER,  /* accepted as given, with a country */
	CB_ID_RUT,    /* Chile */
	CB_ID_RUC,    /* Peru, companies and people with a business */
	CB_ID_DNI_PE, /* Peru, people */
	CB_ID_DNI_ES, /* Spain, people */
	CB_ID_NIE,    /* Spain, foreigners */
	CB_ID_CIF,    /* Spain, companies */
};

/* The longest canonical id, with its terminating NUL. */
#define CB_ID_MAX 40

/*
 * Checks text as a debtor id and writes its canonical form to canon
 * (CB_ID_MAX bytes).  country is an ISO 3166 alpha-2 code, or NULL or ""
 * to infer it from the id's form:
 *   contains '-' or '.', or ends in K  -> CL RUT
 *   11 digits                          -> PE RUC
 *   8 digits                           -> PE DNI
 *   9 digits                           -> CL RUT without separators
 *   8 digits and a letter; X/Y/Z...    -> ES DNI, NIE; a letter first -> ES CIF
 * The country found is written to country_out (3 bytes) and the kind to
 * *kind; both may be NULL.  Returns CB_OK, or CB_ERR_INPUT with *why (may be
 * NULL) set to a static English sentence: "invalid RUT check digit",
 * "unrecognised id: give its country".
 */
int cb_id_check(const char *text, const char *country, char *canon,
    enum cb_id_kind *kind, char *country_out, const char **why);

/* Short English name of a kind: "RUT", "RUC", "DNI", "NIE", "CIF", "id". */
const char *cb_id_kind_name(enum cb_id_kind kind);

#endif
