/*
 * pack.h -- a compliance rule pack: what it says and its text format.
 *
 * A pack is a short text file ("pack CL", "days mon-sat", "hours
 * 08:00-20:00", "limit calls 1 per 7 days", "holiday easter-2 Viernes
 * Santo"...), documented in doc/rules.md.  Parsing checks it whole; a pack
 * in memory is a plain structure with no pointers.
 */
#ifndef CB_PACK_H
#define CB_PACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "date.h"

#define CB_PACK_CODE_MAX 15
#define CB_PACK_HOLIDAYS_MAX 96
#define CB_PACK_LIMITS_MAX 8

/* Channels of contact.  A limit counts one or more of them. */
enum cb_channel {
	CB_CHANNEL_CALL = 0,
	CB_CHANNEL_LETTER = 1,
	CB_CHANNEL_EMAIL = 2,
	CB_CHANNEL_SMS = 3,
	CB_CHANNEL_COUNT
};

/* The English name of a channel: "call", "letter", "email", "sms". */
const char *cb_channel_name(enum cb_channel ch);

/* A holiday of a pack's calendar. */
enum cb_holiday_kind {
	CB_HOLIDAY_FIXED,  /* every year on month-mday: "12-25" */
	CB_HOLIDAY_EASTER, /* days from Easter Sunday: "easter-2" */
	CB_HOLIDAY_NTH,    /* nth weekday of a month: "02-mon1" */
	CB_HOLIDAY_DATE,   /* one day, for moved holidays: "2026-06-29" */
};

struct cb_holiday {
	enum cb_holiday_kind kind;
	int month, mday;   /* FIXED; NTH: month */
	int offset;        /* EASTER: days from Easter */
	int weekday, nth;  /* NTH: 0 = Sunday; 1 = the first */
	cb_day day;        /* DATE */
	char name[64];
};

/* "At most count contacts of the channels in mask per window_days rolling
 * days, gap hours apart"; with conversations, it counts calls that reached
 * the right person only. */
struct cb_limit {
	unsigned channels;   /* bit per enum cb_channel */
	bool conversations;
	int count;
	int window_days;
	int gap_hours;       /* 0: none */
};

struct cb_pack {
	char code[CB_PACK_CODE_MAX + 1]; /* "CL" */
	char name[96];
	char countries[64];   /* ISO 3166 codes it covers, space-separated */
	unsigned days;        /* bit per weekday, 0 = Sunday */
	int open_minute;      /* the window: [open, close) minutes after */
	int close_minute;     /* local midnight */
	bool holidays_block;
	uint32_t attempt_codes;      /* bit per index of cb_outcomes[] */
	uint32_t conversation_codes;
	int after_conversation_days; /* no call this many days after one */
	int promise_max_days;        /* the latest date a promise may take */
	size_t nlimits;
	struct cb_limit limits[CB_PACK_LIMITS_MAX];
	size_t nholidays;
	struct cb_holiday holidays[CB_PACK_HOLIDAYS_MAX];
};

/* True when code is a well-formed pack code: letters, digits, - and _, 1
 * to CB_PACK_CODE_MAX of them. */
bool cb_pack_code_ok(const char *code);

/*
 * Parses a pack from text (name is the file's, for messages).  Returns
 * CB_OK, or CB_ERR_INPUT with "NAME:LINE: what is wrong" in why (why_size
 * bytes).
 */
int cb_pack_parse(const char *text, size_t size, const char *name,
    struct cb_pack *out, char *why, size_t why_size);

/* The name of the pack's holiday on day, or NULL when it is none (the
 * supervisors' holidays are in the database: cb_rules_holiday()). */
const char *cb_pack_holiday(const struct cb_pack *p, cb_day day);


/* True when the outcome code counts as a call (an attempt or a
 * conversation) under the pack: the pack must allow it. */
bool cb_pack_counts_call(const struct cb_pack *p, const char *code);

#endif
