/* test_rules.c -- tests of pack.c and rules.c: the pack format and its
 * errors, the shipped packs and their calendars, the contact window in the
 * debtor's own zone, the limits over the contacts of a work record, the
 * packs and holidays stored by admins and supervisors, and the English
 * descriptions of a check.
 *
 * Every instant expected is worked out by hand from the local time and the
 * zone's offset on that day (zdump -v ZONE | grep 2026):
 *   America/Santiago  -03 until Sat 2026-04-04 24:00, -04 from then until
 *                     Sat 2026-09-05 24:00 (00:00-00:59 of 09-06 skipped),
 *                     -03 after;
 *   America/Punta_Arenas -03 all year;  Pacific/Easter two hours behind
 *   Santiago (-05 in March);  America/Lima -05;  America/Mexico_City -06;
 *   Europe/Madrid +01 until 2026-03-29;  America/New_York -04 (EDT) from
 *   2026-03-08 to 2026-11-01, -05 before.
 * Weekdays of 2026: 03-01 is a Sunday, 03-11 a Wednesday, 04-03 a Friday
 * (Good Friday: Easter Sunday is 04-05), 09-18 a Friday. */
#include "rules.h"

#include "error.h"
#include "outcome.h"
#include "pack.h"
#include "shipped.h"
#include "store_fixture.h"
#include "user.h"
#include "work.h"

#define MIN 60
#define HOUR 3600
#define DAY 86400

/* 2026-03-02 13:00 UTC: the clock of the sessions. */
static const time_t NOW = 1772456400;

/* The instant of a wall-clock time at a UTC offset of off hours. */
static time_t wall(int y, int m, int d, int h, int mi, int off)
{
	return (time_t)day(y, m, d) * DAY + h * HOUR + mi * MIN - off * HOUR;
}

/* ---- Fixture ---------------------------------------------------------- */

static struct cb_session session(const char *login)
{
	struct cb_session s;
	const char *as = strcmp(login, "root") == 0 ? NULL : login;
	int rc = cb_session_open(store, "root", as, &NOW, &s);
	cr_assert_eq(rc, CB_OK, "session of %s: %s", login, cb_strerror(rc));
	return s;
}

static void add_user(struct cb_session *admin, const char *login,
    enum cb_role role)
{
	struct cb_user u = { .login = login, .name = login, .role = role,
		.created = NOW };
	int rc = cb_user_add(admin, &u);
	cr_assert_eq(rc, CB_OK, "add %s: %s", login, cb_strerror(rc));
}

/* A store with root (admin), sup (supervisor) and ag (agent). */
static void setup(void)
{
	dir = fixture_dir();
	rtxn = NULL;
	int rc = cb_store_open(dir, CB_OPEN_CREATE, &store);
	cr_assert_eq(rc, CB_OK, "create: %s", cb_strerror(rc));
	cr_assert_eq(cb_user_first_admin(store, "root", "Admin", NOW), CB_OK);
	struct cb_session admin = session("root");
	add_user(&admin, "sup", CB_ROLE_SUPERVISOR);
	add_user(&admin, "ag", CB_ROLE_AGENT);
}

/* Loads a pack as login; returns the result, why in a static buffer. */
static int load_as(const char *login, const char *text, const char **why)
{
	static char buf[200];
	struct cb_session s = session(login);
	buf[0] = '\0';
	cb_txn_end(&rtxn);
	int rc = cb_rules_load(&s, text, strlen(text), "test.pack", buf,
	    sizeof buf);
	if (why)
		*why = buf;
	return rc;
}

static void load(const char *text)
{
	const char *why;
	int rc = load_as("root", text, &why);
	cr_assert_eq(rc, CB_OK, "load: %s %s", cb_strerror(rc), why);
}

static int holiday_as(const char *login, const char *pack, cb_day d,
    const char *name)
{
	struct cb_session s = session(login);
	cb_txn_end(&rtxn);
	return cb_rules_holiday_set(&s, pack, d, name);
}

/* A debtor of a country, in the zone its country implies. */
static struct cb_debtor debtor(const char *country)
{
	return (struct cb_debtor){ .id = "11111111-1", .country = country,
		.name = "Deudor" };
}

/* A Chilean creditor's portfolio, unless the test says otherwise. */
static const struct cb_portfolio chile = { .code = "default",
	.name = "Default", .currency = "CLP", .timezone = "America/Santiago",
	.country = "CL" };

/* A portfolio of a country no pack lists. */
static const struct cb_portfolio argentina = { .code = "ar", .name = "AR",
	.currency = "ARS", .timezone = "America/Argentina/Buenos_Aires",
	.country = "AR" };

/* A work record with no contacts. */
static struct cb_work no_contacts(void)
{
	struct cb_work w;
	cb_work_fresh(&w, "default", "11111111-1");
	return w;
}

/* The index in cb_outcomes[] of a code. */
static unsigned outcome(const char *code)
{
	const struct cb_outcome *o = cb_outcome_find(code);
	cr_assert_not_null(o, "%s", code);
	return (unsigned)(o - cb_outcomes);
}

static void add_call(struct cb_work *w, time_t at, const char *code)
{
	cb_work_add_contact(w, at, CB_CHANNEL_CALL, outcome(code));
}

/* Checks d of portfolio p with work w by channel at the moment at. */
static struct cb_contact_check check_in(const struct cb_debtor *d,
    const struct cb_portfolio *p, const struct cb_work *w,
    enum cb_channel ch, time_t at)
{
	struct cb_rules *r = NULL;
	struct cb_contact_check c;
	cr_assert_eq(cb_rules_open(reader(), &r), CB_OK);
	int rc = cb_rules_check(r, d, p, w, ch, at, &c);
	cb_rules_close(&r);
	cr_assert_eq(rc, CB_OK, "check: %s", cb_strerror(rc));
	return c;
}

static struct cb_contact_check check(const struct cb_debtor *d,
    const struct cb_work *w, enum cb_channel ch, time_t at)
{
	return check_in(d, &chile, w, ch, at);
}

/* A call to a debtor with no contacts. */
static struct cb_contact_check call(const struct cb_debtor *d, time_t at)
{
	struct cb_work w = no_contacts();
	return check(d, &w, CB_CHANNEL_CALL, at);
}

static void expect_allowed(const struct cb_contact_check *c)
{
	char at[17];
	cb_time_format_utc(c->at, at);
	cr_expect_eq(c->block, CB_BLOCK_NONE, "at %s UTC: block %d",
	    at, (int)c->block);
}

/* Refused for block; contact next allowed at next. */
static void expect_refused(const struct cb_contact_check *c,
    enum cb_block block, time_t next)
{
	char at[17], want[17], got[17];
	cb_time_format_utc(c->at, at);
	cb_time_format_utc(next, want);
	cb_time_format_utc(c->next, got);
	cr_expect_eq(c->block, block, "at %s UTC: block %d, want %d", at,
	    (int)c->block, (int)block);
	cr_expect_eq(c->next, next, "at %s UTC: next %s UTC, want %s UTC", at,
	    got, want);
}

/* The describe text of a check (a static buffer). */
static const char *described(const struct cb_contact_check *c)
{
	static char buf[160];
	cb_contact_describe(c, buf, sizeof buf);
	return buf;
}

static struct cb_pack parsed(const char *text)
{
	struct cb_pack p;
	char why[200] = "";
	int rc = cb_pack_parse(text, strlen(text), "t.pack", &p, why, sizeof why);
	cr_assert_eq(rc, CB_OK, "parse: %s", why);
	return p;
}

/* The text of the shipped pack of a code, and the pack. */
static const char *shipped_text(const char *code)
{
	for (const struct cb_shipped *s = cb_shipped_packs; s->text; s++)
		if (strcmp(s->name, code) == 0)
			return s->text;
	cr_assert_fail("no shipped pack %s", code);
	abort();
}

static struct cb_pack shipped(const char *code)
{
	return parsed(shipped_text(code));
}

TestSuite(parse);
TestSuite(calendar);
TestSuite(window, .init = setup, .fini = teardown);
TestSuite(limits, .init = setup, .fini = teardown);
TestSuite(stored, .init = setup, .fini = teardown);
TestSuite(describe, .init = setup, .fini = teardown);

/* ---- 1. Parsing ------------------------------------------------------- */

/* Bits of weekdays, 0 = Sunday. */
#define MON_FRI 0x3Eu /* bits 1-5 */
#define MON_SAT 0x7Eu /* bits 1-6 */
#define EVERY_DAY 0x7Fu
#define MESSAGES (1u << CB_CHANNEL_LETTER | 1u << CB_CHANNEL_EMAIL | \
	1u << CB_CHANNEL_SMS)

Test(parse, a_minimal_pack_takes_the_defaults)
{
	struct cb_pack p = parsed("pack t\ndays mon-fri\nhours 09:00-18:00\n");
	cr_expect_str_eq(p.code, "T");  /* codes are upper case */
	cr_expect_str_eq(p.name, "T");  /* the code when no name */
	cr_expect_eq(p.days, MON_FRI);
	cr_expect_eq(p.open_minute, 9 * 60);
	cr_expect_eq(p.close_minute, 18 * 60);
	cr_expect(p.holidays_block);
	cr_expect_eq(p.nlimits, 0);
	cr_expect_eq(p.nholidays, 0);
	cr_expect_eq(p.after_conversation_days, 0);
	/* Codes by default: the 13 call codes (indexes 0-12: PTP to DC) are
	 * attempts; PTP PAID RPC RTP DSP (0-4) and PLAN (6) conversations. */
	cr_expect_eq(p.attempt_codes, 0x1FFFu);
	cr_expect_eq(p.conversation_codes, 0x5Fu);
}

Test(parse, every_directive_is_read)
{
	struct cb_pack p = parsed("pack ES-md\nname Madrid\ncountries es ad\n"
	    "days sat-mon\nhours 00:00-24:00\nholidays ignore\nattempts NA bz\n"
	    "conversations RPC\nlimit calls 3 per 7 days\n"
	    "limit messages 2 per 7 days gap 48 hours\n"
	    "limit conversations 1 per 60 days gap 2 days\n"
	    "after-conversation 3 days\npromise-max 30 days\n"
	    "holiday 02-29 Bisiesto\n");
	cr_expect_str_eq(p.code, "ES-MD");
	cr_expect_str_eq(p.name, "Madrid");
	cr_expect_str_eq(p.countries, "ES AD");
	cr_expect_eq(p.days, 0x43u); /* sat, sun, mon: bits 6, 0, 1 */
	cr_expect_eq(p.close_minute, 1440);
	cr_expect_not(p.holidays_block);
	cr_expect_eq(p.attempt_codes, 1u << 8 | 1u << 9); /* NA, BZ */
	cr_expect_eq(p.conversation_codes, 1u << 2);      /* RPC */
	cr_assert_eq(p.nlimits, 3);
	cr_expect_eq(p.limits[0].channels, 1u << CB_CHANNEL_CALL);
	cr_expect_eq(p.limits[0].count, 3);
	cr_expect_eq(p.limits[1].channels, MESSAGES);
	cr_expect_eq(p.limits[1].gap_hours, 48);
	cr_expect(p.limits[2].conversations);
	cr_expect_eq(p.limits[2].window_days, 60);
	cr_expect_eq(p.limits[2].gap_hours, 48);
	cr_expect_eq(p.after_conversation_days, 3);
	cr_expect_eq(p.promise_max_days, 30);
	cr_expect_eq(p.nholidays, 1);
}

struct expected_limit {
	unsigned channels;
	int count, window_days, gap_hours;
};

struct expected_pack {
	const char *code;
	unsigned days;
	int open, close;
	bool holidays_block;
	int after_conversation_days;
	size_t nholidays; /* the holiday lines of core/packs, counted */
	size_t nlimits;
	struct expected_limit limits[2];
};

/* DESIGN.md section 7 and doc/rules.md, in code order. */
static const struct expected_pack expected_packs[] = {
	{ "CL", MON_SAT, 8 * 60, 20 * 60, true, 0, 20, 2,
	  { { 1u << CB_CHANNEL_CALL, 1, 7, 0 }, { MESSAGES, 2, 7, 48 } } },
	{ "ES", MON_FRI, 9 * 60, 21 * 60, true, 0, 10, 2,
	  { { 1u << CB_CHANNEL_CALL, 1, 1, 0 }, { MESSAGES, 3, 7, 24 } } },
	{ "MX", MON_FRI, 7 * 60, 22 * 60, true, 0, 8, 2,
	  { { 1u << CB_CHANNEL_CALL, 1, 1, 0 }, { MESSAGES, 3, 7, 24 } } },
	{ "PE", MON_FRI, 7 * 60, 20 * 60, true, 0, 16, 2,
	  { { 1u << CB_CHANNEL_CALL, 1, 1, 0 }, { MESSAGES, 3, 7, 24 } } },
	{ "US", EVERY_DAY, 8 * 60, 21 * 60, false, 7, 0, 1,
	  { { 1u << CB_CHANNEL_CALL, 7, 7, 0 } } },
};

Test(parse, every_shipped_pack_has_the_designed_window_and_limits)
{
	size_t n = 0;
	for (const struct cb_shipped *s = cb_shipped_packs; s->text; s++, n++) {
		cr_assert_lt(n, 5, "more shipped packs than expected: %s", s->name);
		const struct expected_pack *e = &expected_packs[n];
		struct cb_pack p = parsed(s->text);
		cr_expect_str_eq(s->name, e->code);
		cr_expect_str_eq(p.code, e->code);
		cr_expect_str_eq(p.countries, e->code);
		cr_expect_eq(p.days, e->days, "%s", e->code);
		cr_expect_eq(p.open_minute, e->open, "%s", e->code);
		cr_expect_eq(p.close_minute, e->close, "%s", e->code);
		cr_expect_eq(p.holidays_block, e->holidays_block, "%s", e->code);
		cr_expect_eq(p.after_conversation_days, e->after_conversation_days,
		    "%s", e->code);
		cr_expect_eq(p.promise_max_days, 60, "%s", e->code);
		cr_expect_eq(p.nholidays, e->nholidays, "%s", e->code);
		cr_assert_eq(p.nlimits, e->nlimits, "%s", e->code);
		for (size_t i = 0; i < e->nlimits; i++) {
			cr_expect_eq(p.limits[i].channels, e->limits[i].channels,
			    "%s %zu", e->code, i);
			cr_expect_not(p.limits[i].conversations);
			cr_expect_eq(p.limits[i].count, e->limits[i].count,
			    "%s %zu", e->code, i);
			cr_expect_eq(p.limits[i].window_days,
			    e->limits[i].window_days, "%s %zu", e->code, i);
			cr_expect_eq(p.limits[i].gap_hours, e->limits[i].gap_hours,
			    "%s %zu", e->code, i);
		}
		/* Every call code an attempt; the six conversations. */
		cr_expect_eq(p.attempt_codes, 0x1FFFu, "%s", e->code);
		cr_expect_eq(p.conversation_codes, 0x5Fu, "%s", e->code);
	}
	cr_expect_eq(n, 5);
}

struct bad_pack {
	const char *text;
	unsigned line;
	const char *says;
};

/* Errors at the end of the text name the line after the last. */
static const struct bad_pack bad_packs[] = {
	{ "pack T\ndays mon-fri\nhours 08:00-20:00\nweekends never\n", 4,
	  "unknown directive 'weekends'" },
	{ "pack T\nDays mon-fri\n", 2, "unknown directive 'Days'" },
	{ "pack T\ndays mon-fry\n", 2, "days: 'mon-fry'" },
	{ "pack T\ndays\n", 2, "days: no day given" },
	{ "pack T\nhours 20:00-08:00\n", 2, "closes before it opens" },
	{ "pack T\nhours 8:00-20:00\n", 2, "hours: expected HH:MM-HH:MM" },
	{ "pack T\nhours 08:60-20:00\n", 2, "hours: expected HH:MM-HH:MM" },
	{ "pack T\nhours 08:00\n", 2, "hours: expected HH:MM-HH:MM" },
	{ "pack T\n\nattempts NA XX\n", 3, "'XX' is not an outcome code" },
	{ "pack T\nconversations RPC DEC\n", 2, "DEC stops the account" },
	{ "pack T\nattempts NA cd\n", 2, "CD stops the account" },
	{ "pack T\nlimit visits 1 per 7 days\n", 2, "limit: 'visits' is not" },
	{ "pack T\nlimit calls 0 per 7 days\n", 2, "count must be 1 to 15" },
	{ "pack T\nlimit calls 16 per 7 days\n", 2, "count must be 1 to 15" },
	{ "pack T\nlimit calls 1 per 61 days\n", 2, "expected 'N per D days'" },
	{ "pack T\nlimit calls 1 per 48 hours\n", 2, "expected 'N per D days'" },
	{ "pack T\nlimit calls 1 every 7 days\n", 2, "expected 'N per D days'" },
	{ "pack T\nlimit calls 1 per 7 days gap\n", 2, "expected 'gap G days'" },
	{ "pack T\nlimit calls 1 per 7 days gap 31 days\n", 2,
	  "expected 'gap G days'" },
	{ "pack T\nlimit calls 1 per 7 days gap 2 days more\n", 2,
	  "unexpected words" },
	{ "pack T\nholiday 13-01 Nunca\n", 2, "holiday: '13-01' is not" },
	{ "pack T\nholiday 02-30 Nunca\n", 2, "holiday: '02-30' is not" },
	{ "pack T\nholiday 2026-02-29 Nunca\n", 2, "holiday: '2026-02-29'" },
	{ "pack T\nholiday easter*2 Nunca\n", 2, "holiday: 'easter*2'" },
	{ "pack T\nholiday easter+101 Nunca\n", 2, "holiday: 'easter+101'" },
	{ "pack T\nholiday 02-mon6 Nunca\n", 2, "holiday: '02-mon6'" },
	{ "pack T\nholiday 12-25\n", 2, "expected a day and a name" },
	{ "pack T\nholiday 12-25 # Navidad\n", 2, "expected a day and a name" },
	{ "pack T\nholidays sometimes\n", 2, "holidays: expected" },
	{ "pack T\nafter-conversation 7\n", 2, "after-conversation: expected" },
	{ "pack T\ncountries CHL\n", 2, "'CHL' is not a two-letter" },
	{ "days mon-fri\npack T\n", 1, "must begin with 'pack CODE'" },
	{ "", 1, "no 'pack CODE' line" },
	{ "# nothing but\n\n# comments\n", 4, "no 'pack CODE' line" },
	{ "pack T\ndays mon-fri\n", 3, "needs 'days' and 'hours'" },
	{ "pack T\nhours 08:00-20:00", 3, "needs 'days' and 'hours'" },
	{ "pack T\nname Bad\x1b[31m\n", 2, "control characters" },
	{ "pack T\ndays mon-fri\x7f\n", 2, "control characters" },
	{ "pack T\nname A\rB\n", 2, "control characters" },
	{ "pack ABCDEFGHIJKLMNOP\n", 1, "pack: the code takes" }, /* 16 */
	{ "pack A#B\n", 1, "pack: the code takes" }, /* '#' in a word */
	{ "pack T\npack U\n", 2, "pack: given twice" },
};

static void expect_bad(const char *text, size_t size, unsigned line,
    const char *says)
{
	struct cb_pack p;
	char why[200] = "", prefix[32];
	int rc = cb_pack_parse(text, size, "bad.pack", &p, why, sizeof why);
	snprintf(prefix, sizeof prefix, "bad.pack:%u: ", line);
	cr_expect_eq(rc, CB_ERR_INPUT, "%s", text);
	cr_expect_eq(strncmp(why, prefix, strlen(prefix)), 0,
	    "'%s': %s, want line %u", text, why, line);
	cr_expect_not_null(strstr(why, says), "'%s': %s, want '%s'", text, why,
	    says);
}

Test(parse, each_bad_line_is_named_with_its_number)
{
	for (size_t i = 0; i < sizeof bad_packs / sizeof bad_packs[0]; i++)
		expect_bad(bad_packs[i].text, strlen(bad_packs[i].text),
		    bad_packs[i].line, bad_packs[i].says);
}

Test(parse, a_nul_byte_and_a_long_line_are_refused)
{
	static const char nul[] = "pack T\nname A\0B\n";
	char text[1200];
	expect_bad(nul, sizeof nul - 1, 2, "control characters");
	/* Line 2 is 1100 bytes: lines hold 1024. */
	snprintf(text, sizeof text, "pack T\nname %01095d\n", 0);
	expect_bad(text, strlen(text), 2, "line longer than 1024 bytes");
}

Test(parse, at_most_eight_limits)
{
	char text[512] = "pack T\ndays mon-fri\nhours 08:00-20:00\n";
	for (int i = 0; i < 9; i++)
		strcat(text, "limit calls 1 per 7 days\n");
	/* The ninth limit is on line 3 + 9. */
	expect_bad(text, strlen(text), 12, "limit: at most 8 limits");
}

Test(parse, comments_are_cut_but_not_inside_a_word)
{
	struct cb_pack p = parsed("# Acme's policy\n"
	    "pack acme # the code\n"
	    "   # an indented comment\n"
	    "name Acme#2 policy\n"
	    "days mon,wed,fri # three days\n"
	    "hours 09:30-17:45\n"
	    "\n"
	    "holiday 12-24 Nochebuena#1 # the eve\n");
	cr_expect_str_eq(p.code, "ACME");
	cr_expect_str_eq(p.name, "Acme#2 policy"); /* '#' inside a word */
	cr_expect_eq(p.days, 1u << 1 | 1u << 3 | 1u << 5);
	cr_expect_eq(p.open_minute, 9 * 60 + 30);
	cr_expect_eq(p.close_minute, 17 * 60 + 45);
	cr_assert_eq(p.nholidays, 1);
	cr_expect_str_eq(p.holidays[0].name, "Nochebuena#1");
}

/* A pack saved with CRLF line ends reads as with LF.
 * BUG: cb_pack_parse() (core/pack.c) overwrites the '\r' with a NUL and
 * then looks for a NUL in the line's original length: every CRLF line is
 * refused, here with "t.pack:1: control characters are not allowed". */
Test(parse, crlf_line_ends_are_accepted)
{
	static const char text[] = "# Acme\r\npack acme\r\nname Acme policy\r\n"
	    "days mon-sat\r\nhours 08:00-20:00 # local\r\n\r\n"
	    "holiday 12-24 Nochebuena\r\n";
	struct cb_pack p;
	char why[200] = "";
	int rc = cb_pack_parse(text, sizeof text - 1, "t.pack", &p, why,
	    sizeof why);
	cr_assert_eq(rc, CB_OK, "%s", why);
	cr_expect_str_eq(p.code, "ACME");
	cr_expect_str_eq(p.name, "Acme policy");
	cr_expect_eq(p.days, MON_SAT);
	cr_expect_eq(p.close_minute, 20 * 60);
	cr_assert_eq(p.nholidays, 1);
	cr_expect_str_eq(p.holidays[0].name, "Nochebuena");
}

/* doc/rules.md: "`#` starts a comment at the beginning of a line or after
 * a space or tab", and the parser splits words on tabs: a pack laid out
 * with tabs is a sound pack.
 * BUG: cb_pack_parse() (core/pack.c) refuses every tab, as
 * cb_text_find_control() counts it as a control character: this pack gets
 * "t.pack:2: control characters are not allowed". */
Test(parse, tabs_separate_words)
{
	static const char text[] = "pack T\ndays\tmon-fri\t# weekdays\n"
	    "hours\t08:00-20:00\n";
	struct cb_pack p;
	char why[200] = "";
	int rc = cb_pack_parse(text, sizeof text - 1, "t.pack", &p, why,
	    sizeof why);
	cr_assert_eq(rc, CB_OK, "%s", why);
	cr_expect_eq(p.days, MON_FRI);
	cr_expect_eq(p.open_minute, 8 * 60);
}

/* ---- 2. Calendars ----------------------------------------------------- */

static void expect_holiday(const struct cb_pack *p, cb_day d, const char *name)
{
	const char *got = cb_pack_holiday(p, d);
	char date[11];
	cb_day_format(d, date);
	if (name == NULL) {
		cr_expect_null(got, "%s %s: %s", p->code, date, got);
		return;
	}
	cr_expect_not_null(got, "%s %s: not a holiday", p->code, date);
	if (got)
		cr_expect_str_eq(got, name, "%s %s", p->code, date);
}

Test(calendar, fixed_days_hold_every_year)
{
	struct cb_pack cl = shipped("CL");
	expect_holiday(&cl, day(2026, 12, 25), "Navidad");
	expect_holiday(&cl, day(2031, 12, 25), "Navidad");
	expect_holiday(&cl, day(2026, 9, 18), "Independencia Nacional");
	expect_holiday(&cl, day(2026, 9, 19), "Día de las Glorias del Ejército");
	expect_holiday(&cl, day(2026, 9, 17), NULL);
	expect_holiday(&cl, day(2026, 12, 24), NULL);
}

Test(calendar, easter_holidays_move_with_easter)
{
	struct cb_pack cl = shipped("CL"), pe = shipped("PE");
	/* Easter Sunday 2026-04-05 and 2027-03-28: Good Friday two days
	 * before, Holy Thursday three. */
	expect_holiday(&cl, day(2026, 4, 3), "Viernes Santo");
	expect_holiday(&cl, day(2026, 4, 4), "Sábado Santo");
	expect_holiday(&cl, day(2026, 4, 5), NULL);
	expect_holiday(&cl, day(2027, 3, 26), "Viernes Santo");
	expect_holiday(&cl, day(2027, 4, 3), NULL);
	expect_holiday(&pe, day(2026, 4, 2), "Jueves Santo");
	expect_holiday(&pe, day(2027, 3, 25), "Jueves Santo");
}

Test(calendar, nth_weekdays_of_a_month)
{
	struct cb_pack mx = shipped("MX");
	/* 2026-02-01 is a Sunday: the first Monday is 02-02.  03-01 is a
	 * Sunday: Mondays 2, 9, 16.  11-01 is a Sunday: Mondays 2, 9, 16.
	 * 2027-02-01 and 2027-03-01 and 2027-11-01 are Mondays. */
	expect_holiday(&mx, day(2026, 2, 2), "Día de la Constitución");
	expect_holiday(&mx, day(2026, 2, 5), NULL);
	expect_holiday(&mx, day(2026, 2, 9), NULL);
	expect_holiday(&mx, day(2026, 3, 16), "Natalicio de Benito Juárez");
	expect_holiday(&mx, day(2026, 3, 9), NULL);
	expect_holiday(&mx, day(2026, 3, 21), NULL);
	expect_holiday(&mx, day(2026, 11, 16),
	    "Aniversario de la Revolución Mexicana");
	expect_holiday(&mx, day(2026, 11, 20), NULL);
	expect_holiday(&mx, day(2027, 2, 1), "Día de la Constitución");
	expect_holiday(&mx, day(2027, 3, 15), "Natalicio de Benito Juárez");
	expect_holiday(&mx, day(2027, 11, 15),
	    "Aniversario de la Revolución Mexicana");
}

Test(calendar, a_fifth_weekday_only_in_months_that_have_one)
{
	struct cb_pack p = parsed("pack T\ndays mon-fri\nhours 08:00-20:00\n"
	    "holiday 05-mon5 Quinto\nholiday 06-mon5 Quinto\n");
	/* May 2026: Mondays 4, 11, 18, 25, none fifth (not June 1).  June
	 * 2026: Mondays 1, 8, 15, 22, 29. */
	expect_holiday(&p, day(2026, 6, 1), NULL);
	expect_holiday(&p, day(2026, 6, 29), "Quinto");
}

Test(calendar, a_dated_holiday_is_one_day_only)
{
	struct cb_pack cl = shipped("CL"), mx = shipped("MX");
	expect_holiday(&cl, day(2026, 6, 29), "San Pedro y San Pablo");
	expect_holiday(&cl, day(2027, 6, 28), "San Pedro y San Pablo");
	expect_holiday(&cl, day(2027, 6, 29), NULL);
	expect_holiday(&cl, day(2026, 6, 28), NULL);
	expect_holiday(&mx, day(2030, 10, 1),
	    "Transmisión del Poder Ejecutivo Federal");
	expect_holiday(&mx, day(2026, 10, 1), NULL);
	expect_holiday(&mx, day(2036, 10, 1), NULL);
}

/* ---- 3. The window ---------------------------------------------------- */

/* A debtor of country, in the zone it implies (UTC offset off on
 * Wednesday 2026-03-11), under the window [open, close) hours: one minute
 * before it opens is early, until it opens; its first and last minutes
 * are allowed; the minute it closes is late, until Thursday's opening.
 * No shipped pack has a holiday on 03-11 or 03-12. */
static void expect_window(const char *country, const char *zone, int open,
    int close, int off)
{
	struct cb_debtor d = debtor(country);
	struct cb_contact_check c;
	c = call(&d, wall(2026, 3, 11, open - 1, 59, off));
	expect_refused(&c, CB_BLOCK_EARLY, wall(2026, 3, 11, open, 0, off));
	cr_expect_str_eq(c.pack, country);
	cr_expect_str_eq(c.zone, zone);
	cr_expect_eq(c.local.tm_hour, open - 1);
	cr_expect_eq(c.local.tm_min, 59);
	cr_expect_eq(c.next_local.tm_hour, open);
	cr_expect_eq(c.next_local.tm_mday, 11);
	c = call(&d, wall(2026, 3, 11, open, 0, off));
	expect_allowed(&c);
	cr_expect_eq(c.next, c.at);
	c = call(&d, wall(2026, 3, 11, open, 1, off));
	expect_allowed(&c);
	c = call(&d, wall(2026, 3, 11, close - 1, 59, off));
	expect_allowed(&c);
	c = call(&d, wall(2026, 3, 11, close, 0, off));
	expect_refused(&c, CB_BLOCK_LATE, wall(2026, 3, 12, open, 0, off));
	cr_expect_eq(c.next_local.tm_mday, 12);
	cr_expect_eq(c.next_local.tm_hour, open);
}

/* The shipped windows and the zones their countries imply, with the
 * offsets of those zones on 2026-03-11. */
static const struct {
	const char *country, *zone;
	int open, close, off;
} windows[] = {
	{ "CL", "America/Santiago", 8, 20, -3 },
	{ "ES", "Europe/Madrid", 9, 21, +1 },
	{ "MX", "America/Mexico_City", 7, 22, -6 },
	{ "PE", "America/Lima", 7, 20, -5 },
	{ "US", "America/New_York", 8, 21, -4 },
};

Test(window, each_pack_opens_and_closes_on_the_minute_in_local_time)
{
	for (size_t i = 0; i < sizeof windows / sizeof windows[0]; i++)
		expect_window(windows[i].country, windows[i].zone, windows[i].open,
		    windows[i].close, windows[i].off);
}

Test(window, the_us_calls_every_day_and_on_holidays)
{
	struct cb_debtor d = debtor("US");
	struct cb_contact_check c = call(&d, wall(2026, 3, 15, 10, 0, -4));
	expect_allowed(&c); /* a Sunday */
	c = call(&d, wall(2026, 7, 4, 12, 0, -4));
	expect_allowed(&c); /* Independence Day: holidays ignored */
	c = call(&d, wall(2026, 3, 14, 21, 0, -4));
	expect_refused(&c, CB_BLOCK_LATE, wall(2026, 3, 15, 8, 0, -4));
}

Test(window, chile_is_closed_on_sunday_until_monday_8)
{
	struct cb_debtor d = debtor("CL");
	struct cb_contact_check c = call(&d, wall(2026, 3, 1, 12, 0, -3));
	expect_refused(&c, CB_BLOCK_DAY, wall(2026, 3, 2, 8, 0, -3));
	cr_expect_eq(c.local.tm_wday, 0);
	/* Saturday is a day of the CL window. */
	c = call(&d, wall(2026, 3, 7, 12, 0, -3));
	expect_allowed(&c);
}

Test(window, peru_is_closed_on_saturday_until_monday_7)
{
	struct cb_debtor d = debtor("PE");
	struct cb_contact_check c = call(&d, wall(2026, 3, 7, 12, 0, -5));
	expect_refused(&c, CB_BLOCK_DAY, wall(2026, 3, 9, 7, 0, -5));
}

/* A holiday closes the day, and next skips the days closed after it:
 * CL Good Friday 04-03, then Holy Saturday, Sunday, Monday 04-06 (-04
 * by then); CL Friday 09-18, Saturday 09-19 too, Monday 09-21; PE Holy
 * Thursday 04-02, Good Friday, the weekend, Monday 07:00; MX Monday
 * 02-02 (first Monday of February), Tuesday 07:00. */
Test(window, holidays_close_the_whole_day)
{
	struct cb_debtor cl = debtor("CL"), pe = debtor("PE"), mx = debtor("MX");
	struct cb_contact_check c = call(&cl, wall(2026, 4, 3, 12, 0, -3));
	expect_refused(&c, CB_BLOCK_HOLIDAY, wall(2026, 4, 6, 8, 0, -4));
	cr_expect_str_eq(c.holiday, "Viernes Santo");
	c = call(&cl, wall(2027, 3, 26, 12, 0, -3));
	cr_expect_eq(c.block, CB_BLOCK_HOLIDAY);
	cr_expect_str_eq(c.holiday, "Viernes Santo");
	c = call(&cl, wall(2026, 9, 18, 12, 0, -3));
	expect_refused(&c, CB_BLOCK_HOLIDAY, wall(2026, 9, 21, 8, 0, -3));
	cr_expect_str_eq(c.holiday, "Independencia Nacional");
	c = call(&pe, wall(2026, 4, 2, 12, 0, -5));
	expect_refused(&c, CB_BLOCK_HOLIDAY, wall(2026, 4, 6, 7, 0, -5));
	cr_expect_str_eq(c.holiday, "Jueves Santo");
	c = call(&mx, wall(2026, 2, 2, 12, 0, -6));
	expect_refused(&c, CB_BLOCK_HOLIDAY, wall(2026, 2, 3, 7, 0, -6));
	cr_expect_str_eq(c.holiday, "Día de la Constitución");
}

/* Summer time ends at 24:00 on Saturday 04-04: 08:00 is 11:00 UTC on
 * Thursday 04-02 and 12:00 UTC on Monday 04-06. */
Test(window, santiago_opens_an_hour_later_in_utc_after_april)
{
	struct cb_debtor d = debtor("CL");
	struct cb_contact_check c = call(&d, wall(2026, 4, 2, 7, 59, -3));
	expect_refused(&c, CB_BLOCK_EARLY, wall(2026, 4, 2, 11, 0, 0));
	c = call(&d, wall(2026, 4, 2, 11, 30, 0));
	expect_allowed(&c); /* 08:30 */
	c = call(&d, wall(2026, 4, 6, 11, 30, 0));
	expect_refused(&c, CB_BLOCK_EARLY, wall(2026, 4, 6, 12, 0, 0));
	cr_expect_eq(c.local.tm_hour, 7); /* 07:30 */
	/* Closed from Thursday 20:00 (-03) over the holidays, the Sunday and
	 * the change to Monday 08:00 (-04). */
	c = call(&d, wall(2026, 4, 2, 20, 0, -3));
	expect_refused(&c, CB_BLOCK_LATE, wall(2026, 4, 6, 12, 0, 0));
	cr_expect_eq(c.next_local.tm_hour, 8);
	cr_expect_eq(c.next_local.tm_gmtoff, -4 * HOUR);
}

/* Summer time starts at 24:00 on Saturday 09-05: 08:00 is 12:00 UTC that
 * Saturday and 11:00 UTC on Monday 09-07. */
Test(window, santiago_opens_an_hour_earlier_in_utc_after_september)
{
	struct cb_debtor d = debtor("CL");
	struct cb_contact_check c = call(&d, wall(2026, 9, 5, 7, 59, -4));
	expect_refused(&c, CB_BLOCK_EARLY, wall(2026, 9, 5, 12, 0, 0));
	c = call(&d, wall(2026, 9, 5, 20, 0, -4));
	expect_refused(&c, CB_BLOCK_LATE, wall(2026, 9, 7, 11, 0, 0));
	cr_expect_eq(c.next_local.tm_hour, 8);
	cr_expect_eq(c.next_local.tm_gmtoff, -3 * HOUR);
	c = call(&d, wall(2026, 9, 7, 11, 0, 0));
	expect_allowed(&c);
}

/* 11:30 UTC on 03-11 is 08:30 in Santiago but 06:30 on Easter Island. */
Test(window, the_debtors_own_zone_is_used)
{
	struct cb_debtor d = debtor("CL");
	time_t at = wall(2026, 3, 11, 11, 30, 0);
	struct cb_contact_check c = call(&d, at);
	expect_allowed(&c);
	d.timezone = "Pacific/Easter";
	c = call(&d, at);
	expect_refused(&c, CB_BLOCK_EARLY, wall(2026, 3, 11, 8, 0, -5));
	cr_expect_str_eq(c.zone, "Pacific/Easter");
	cr_expect_eq(c.local.tm_hour, 6);
	/* A zone that does not exist: the country's. */
	d.timezone = "Mars/Olympus";
	c = call(&d, at);
	cr_expect_str_eq(c.zone, "America/Santiago");
	expect_allowed(&c);
}

/* In June Santiago is -04 and Punta Arenas -03: 11:30 UTC is 07:30 in
 * Santiago and 08:30 in Magallanes. */
Test(window, magallanes_is_judged_in_punta_arenas)
{
	struct cb_debtor d = debtor("CL");
	struct cb_rules *r = NULL;
	const struct cb_pack *pack;
	const char *code, *zone;
	time_t at = wall(2026, 6, 10, 11, 30, 0);
	d.region = "Magallanes";
	cr_assert_eq(cb_rules_open(reader(), &r), CB_OK);
	cb_rules_debtor(r, &d, &chile, &pack, &code, &zone);
	cr_expect_not_null(pack);
	cr_expect_str_eq(code, "CL");
	cr_expect_str_eq(zone, "America/Punta_Arenas");
	cb_rules_close(&r);
	struct cb_contact_check c = call(&d, at);
	expect_allowed(&c);
	cr_expect_eq(c.local.tm_hour, 8);
	d.region = "Metropolitana";
	c = call(&d, at);
	expect_refused(&c, CB_BLOCK_EARLY, wall(2026, 6, 10, 12, 0, 0));
}

/* A Chilean debtor under the PE pack: Saturday is closed, and Monday
 * opens at 07:00 in Santiago (-03), 10:00 UTC. */
Test(window, a_debtor_whose_rules_name_a_pack_gets_that_pack)
{
	struct cb_debtor d = debtor("CL");
	d.rules = "PE";
	struct cb_contact_check c = call(&d, wall(2026, 3, 7, 12, 0, -3));
	expect_refused(&c, CB_BLOCK_DAY, wall(2026, 3, 9, 7, 0, -3));
	cr_expect_str_eq(c.pack, "PE");
	cr_expect_str_eq(c.zone, "America/Santiago");
	d.rules = "ZZ";
	c = call(&d, wall(2026, 3, 9, 12, 0, -3));
	expect_refused(&c, CB_BLOCK_NO_PACK, 0);
	cr_expect_str_eq(c.pack, "ZZ");
}

/* No pack lists AR: a debtor of a Chilean portfolio falls under CL (in
 * the portfolio's zone, AR implying none); of an Argentine one, none. */
Test(window, a_country_without_a_pack_takes_the_portfolios)
{
	struct cb_debtor d = debtor("AR");
	struct cb_work w = no_contacts();
	struct cb_contact_check c = call(&d, wall(2026, 3, 1, 12, 0, -3));
	expect_refused(&c, CB_BLOCK_DAY, wall(2026, 3, 2, 8, 0, -3));
	cr_expect_str_eq(c.pack, "CL");
	cr_expect_str_eq(c.zone, "America/Santiago");
	c = check_in(&d, &argentina, &w, CB_CHANNEL_CALL, wall(2026, 3, 2, 12, 0, 0));
	expect_refused(&c, CB_BLOCK_NO_PACK, 0);
	cr_expect_str_eq(c.pack, "AR");
	cr_expect_str_eq(c.zone, "America/Argentina/Buenos_Aires");
	cr_expect_eq(c.local.tm_hour, 9); /* -03 */
}

/* ---- 4. Limits -------------------------------------------------------- */

/* A call (NA) on Tuesday 03-03 at 10:00 counts until Tuesday 03-10 10:00,
 * which is inside the window. */
Test(limits, chile_allows_one_call_in_seven_days)
{
	struct cb_debtor d = debtor("CL");
	struct cb_work w = no_contacts();
	add_call(&w, wall(2026, 3, 3, 10, 0, -3), "NA");
	struct cb_contact_check c = check(&d, &w, CB_CHANNEL_CALL,
	    wall(2026, 3, 6, 10, 0, -3));
	expect_refused(&c, CB_BLOCK_LIMIT, wall(2026, 3, 10, 10, 0, -3));
	cr_expect_eq(c.used, 1);
	cr_expect_eq(c.limit, 1);
	cr_expect_eq(c.window_days, 7);
	cr_expect_not(c.conversations);
	c = check(&d, &w, CB_CHANNEL_CALL, wall(2026, 3, 10, 9, 59, -3));
	expect_refused(&c, CB_BLOCK_LIMIT, wall(2026, 3, 10, 10, 0, -3));
	c = check(&d, &w, CB_CHANNEL_CALL, wall(2026, 3, 10, 10, 0, -3));
	expect_allowed(&c);
}

/* Released when the window is closed, next is its next opening:
 * Wednesday 04-01 08:00 (-03, 11:00 UTC) counts until 04-08 11:00 UTC,
 * 07:00 in winter time: the window opens at 08:00 (-04, 12:00 UTC).
 * Friday 03-27 10:00 counts until Good Friday: then Holy Saturday, a
 * Sunday, Monday 04-06 08:00 (-04). */
Test(limits, a_release_outside_the_window_waits_for_it)
{
	struct cb_debtor d = debtor("CL");
	struct cb_work w = no_contacts();
	add_call(&w, wall(2026, 4, 1, 8, 0, -3), "PTP");
	struct cb_contact_check c = check(&d, &w, CB_CHANNEL_CALL,
	    wall(2026, 4, 6, 10, 0, -4));
	expect_refused(&c, CB_BLOCK_LIMIT, wall(2026, 4, 8, 12, 0, 0));
	cr_expect_eq(c.next_local.tm_hour, 8);
	w = no_contacts();
	add_call(&w, wall(2026, 3, 27, 10, 0, -3), "NA");
	c = check(&d, &w, CB_CHANNEL_CALL, wall(2026, 4, 2, 10, 0, -3));
	expect_refused(&c, CB_BLOCK_LIMIT, wall(2026, 4, 6, 8, 0, -4));
}

/* Seven calls (NA), Monday 03-09 to Sunday 03-15 at 10:00 (-04): the
 * eighth waits until the first is 7 days old, Monday 03-16 10:00. */
Test(limits, the_us_allows_seven_calls_in_seven_days)
{
	struct cb_debtor d = debtor("US");
	struct cb_work w = no_contacts();
	for (int i = 0; i < 6; i++)
		add_call(&w, wall(2026, 3, 9 + i, 10, 0, -4), "NA");
	struct cb_contact_check c = check(&d, &w, CB_CHANNEL_CALL,
	    wall(2026, 3, 15, 10, 0, -4));
	expect_allowed(&c);
	add_call(&w, wall(2026, 3, 15, 10, 0, -4), "NA");
	c = check(&d, &w, CB_CHANNEL_CALL, wall(2026, 3, 15, 12, 0, -4));
	expect_refused(&c, CB_BLOCK_LIMIT, wall(2026, 3, 16, 10, 0, -4));
	cr_expect_eq(c.used, 7);
	cr_expect_eq(c.limit, 7);
	cr_expect_eq(c.window_days, 7);
	c = check(&d, &w, CB_CHANNEL_CALL, wall(2026, 3, 16, 10, 0, -4));
	expect_allowed(&c);
}

/* A third party (WPC) on Tuesday 03-10 at 16:40 (-04) is no
 * conversation; a conversation (RPC) at 16:45: no call until Tuesday
 * 03-17 16:45. */
Test(limits, the_us_pauses_seven_days_after_a_conversation)
{
	struct cb_debtor d = debtor("US");
	struct cb_work w = no_contacts();
	add_call(&w, wall(2026, 3, 10, 16, 40, -4), "WPC");
	struct cb_contact_check c = check(&d, &w, CB_CHANNEL_CALL,
	    wall(2026, 3, 12, 10, 0, -4));
	expect_allowed(&c);
	add_call(&w, wall(2026, 3, 10, 16, 45, -4), "RPC");
	c = check(&d, &w, CB_CHANNEL_CALL, wall(2026, 3, 12, 10, 0, -4));
	expect_refused(&c, CB_BLOCK_CONVERSATION, wall(2026, 3, 17, 16, 45, -4));
	cr_expect_eq(c.window_days, 7);
	c = check(&d, &w, CB_CHANNEL_CALL, wall(2026, 3, 17, 16, 44, -4));
	expect_refused(&c, CB_BLOCK_CONVERSATION, wall(2026, 3, 17, 16, 45, -4));
	c = check(&d, &w, CB_CHANNEL_CALL, wall(2026, 3, 17, 16, 45, -4));
	expect_allowed(&c);
	/* The pause is 168 hours: from Thursday 03-05 16:40 EST (-05), it
	 * ends on 03-12 at 17:40 EDT (-04). */
	w = no_contacts();
	add_call(&w, wall(2026, 3, 5, 16, 40, -5), "PTP");
	c = check(&d, &w, CB_CHANNEL_CALL, wall(2026, 3, 9, 10, 0, -4));
	expect_refused(&c, CB_BLOCK_CONVERSATION, wall(2026, 3, 12, 17, 40, -4));
	/* Letters are not calls. */
	c = check(&d, &w, CB_CHANNEL_LETTER, wall(2026, 3, 9, 10, 0, -4));
	expect_allowed(&c);
}

/* A pack that counts NA only as an attempt, and conversations apart. */
static const char na_only[] = "pack NAONLY\ndays mon-sun\nhours 00:00-24:00\n"
    "holidays ignore\nattempts NA\nlimit calls 1 per 7 days\n"
    "limit conversations 1 per 30 days\n";

Test(limits, only_the_listed_attempt_codes_count)
{
	struct cb_pack p = parsed(na_only);
	struct cb_debtor d = debtor("CL");
	struct cb_work w = no_contacts();
	cr_expect(cb_pack_counts_call(&p, "NA"));
	cr_expect_not(cb_pack_counts_call(&p, "BZ"));
	cr_expect(cb_pack_counts_call(&p, "RPC")); /* a conversation still */
	load(na_only);
	d.rules = "NAONLY";
	add_call(&w, wall(2026, 3, 2, 10, 0, -3), "BZ");
	struct cb_contact_check c = check(&d, &w, CB_CHANNEL_CALL,
	    wall(2026, 3, 3, 10, 0, -3));
	expect_allowed(&c);
	add_call(&w, wall(2026, 3, 3, 10, 0, -3), "NA");
	c = check(&d, &w, CB_CHANNEL_CALL, wall(2026, 3, 4, 10, 0, -3));
	expect_refused(&c, CB_BLOCK_LIMIT, wall(2026, 3, 10, 10, 0, -3));
	cr_expect_eq(c.used, 1); /* the NA, not the BZ */
	/* An RPC is no attempt but a conversation: 1 of 1 in 30 days. */
	w = no_contacts();
	add_call(&w, wall(2026, 3, 2, 10, 0, -3), "RPC");
	c = check(&d, &w, CB_CHANNEL_CALL, wall(2026, 3, 20, 10, 0, -3));
	expect_refused(&c, CB_BLOCK_LIMIT, wall(2026, 4, 1, 10, 0, -3));
	cr_expect(c.conversations);
	cr_expect_eq(c.window_days, 30);
}

Test(limits, chile_counts_calls_but_not_stops)
{
	struct cb_pack cl = shipped("CL");
	cr_expect(cb_pack_counts_call(&cl, "NA"));
	cr_expect(cb_pack_counts_call(&cl, "PTP"));
	cr_expect(cb_pack_counts_call(&cl, "na"));
	cr_expect_not(cb_pack_counts_call(&cl, "DEC"));
	cr_expect_not(cb_pack_counts_call(&cl, "CD"));
	cr_expect_not(cb_pack_counts_call(&cl, "XYZ"));
}

static void add_email(struct cb_work *w, time_t at)
{
	cb_work_add_contact(w, at, CB_CHANNEL_EMAIL, 0);
}

/* E-mails on Monday 03-02 and Wednesday 03-04 at 10:00, 48 hours apart:
 * the third waits until the first is 7 days old, Monday 03-09 10:00. */
Test(limits, chile_allows_two_messages_in_seven_days)
{
	struct cb_debtor d = debtor("CL");
	struct cb_work w = no_contacts();
	add_email(&w, wall(2026, 3, 2, 10, 0, -3));
	struct cb_contact_check c = check(&d, &w, CB_CHANNEL_EMAIL,
	    wall(2026, 3, 4, 10, 0, -3));
	expect_allowed(&c);
	add_email(&w, wall(2026, 3, 4, 10, 0, -3));
	c = check(&d, &w, CB_CHANNEL_EMAIL, wall(2026, 3, 6, 10, 0, -3));
	expect_refused(&c, CB_BLOCK_LIMIT, wall(2026, 3, 9, 10, 0, -3));
	cr_expect_eq(c.used, 2);
	cr_expect_eq(c.limit, 2);
	cr_expect_eq(c.window_days, 7);
	c = check(&d, &w, CB_CHANNEL_LETTER, wall(2026, 3, 8, 12, 0, -3));
	expect_refused(&c, CB_BLOCK_LIMIT, wall(2026, 3, 9, 10, 0, -3));
	c = check(&d, &w, CB_CHANNEL_EMAIL, wall(2026, 3, 9, 10, 0, -3));
	expect_allowed(&c);
	/* Calls have a limit of their own. */
	c = check(&d, &w, CB_CHANNEL_CALL, wall(2026, 3, 6, 10, 0, -3));
	expect_allowed(&c);
}

/* An e-mail on Monday 03-02 10:00: the next waits 48 hours, until
 * Wednesday 10:00, whatever the channel of messages. */
Test(limits, chile_keeps_messages_two_days_apart)
{
	struct cb_debtor d = debtor("CL");
	struct cb_work w = no_contacts();
	add_email(&w, wall(2026, 3, 2, 10, 0, -3));
	struct cb_contact_check c = check(&d, &w, CB_CHANNEL_EMAIL,
	    wall(2026, 3, 3, 10, 0, -3));
	expect_refused(&c, CB_BLOCK_GAP, wall(2026, 3, 4, 10, 0, -3));
	c = check(&d, &w, CB_CHANNEL_SMS, wall(2026, 3, 4, 9, 59, -3));
	expect_refused(&c, CB_BLOCK_GAP, wall(2026, 3, 4, 10, 0, -3));
	/* An SMS after hours: the gap says more, and ends inside hours. */
	c = check(&d, &w, CB_CHANNEL_SMS, wall(2026, 3, 3, 21, 0, -3));
	expect_refused(&c, CB_BLOCK_GAP, wall(2026, 3, 4, 10, 0, -3));
}

Test(limits, letters_and_emails_have_no_window)
{
	struct cb_debtor d = debtor("CL");
	struct cb_work w = no_contacts();
	time_t sunday = wall(2026, 3, 1, 23, 0, -3);
	struct cb_contact_check c = check(&d, &w, CB_CHANNEL_EMAIL, sunday);
	expect_allowed(&c);
	c = check(&d, &w, CB_CHANNEL_LETTER, wall(2026, 4, 3, 6, 0, -3));
	expect_allowed(&c); /* Good Friday, 06:00 */
	c = check(&d, &w, CB_CHANNEL_SMS, sunday);
	expect_refused(&c, CB_BLOCK_DAY, wall(2026, 3, 2, 8, 0, -3));
}

/* "limit emails 5 per 1 days gap 2 days": e-mails at least 48 hours
 * apart.  One on Monday 03-02 10:00; another on Tuesday 12:00 is 26 hours
 * after it and must wait until Wednesday 10:00.
 * BUG: limit_release() (core/rules.c) measures the gap from the last
 * contact inside the limit's window only; the first e-mail is out of the
 * 1-day window, so the second is allowed (block CB_BLOCK_NONE). */
Test(limits, a_gap_longer_than_the_window_still_holds)
{
	struct cb_debtor d = debtor("CL");
	struct cb_work w = no_contacts();
	load("pack GAPPY\ndays mon-sun\nhours 00:00-24:00\nholidays ignore\n"
	    "limit emails 5 per 1 days gap 2 days\n");
	d.rules = "GAPPY";
	add_email(&w, wall(2026, 3, 2, 10, 0, -3));
	struct cb_contact_check c = check(&d, &w, CB_CHANNEL_EMAIL,
	    wall(2026, 3, 3, 12, 0, -3));
	expect_refused(&c, CB_BLOCK_GAP, wall(2026, 3, 4, 10, 0, -3));
}

/* ---- 5. Stored packs and holidays ------------------------------------- */

static bool text_is(const char *code, const char *want, bool want_loaded)
{
	const char *text;
	size_t size;
	bool loaded;
	int rc = cb_rules_text(reader(), code, &text, &size, &loaded);
	cr_assert_eq(rc, CB_OK, "%s: %s", code, cb_strerror(rc));
	return loaded == want_loaded && size == strlen(want) &&
	    memcmp(text, want, size) == 0;
}

Test(stored, a_bad_pack_changes_nothing)
{
	uint64_t events = count(CB_T_EVENTS);
	const char *why;
	int rc = load_as("root", "pack CL\ndays mon-fri\nhours 09:00-08:00\n",
	    &why);
	cr_expect_eq(rc, CB_ERR_INPUT);
	cr_expect_str_eq(why, "test.pack:3: hours: the window closes before it "
	    "opens");
	cr_expect_eq(count(CB_T_RULES), 0);
	cr_expect_eq(count(CB_T_EVENTS), events);
	cr_expect(text_is("CL", shipped_text("CL"), false));
	const char *text;
	size_t size;
	bool loaded;
	cr_expect_eq(cb_rules_text(reader(), "XX", &text, &size, &loaded),
	    CB_ERR_NOTFOUND);
}

struct listed {
	size_t n;
	char codes[8][CB_PACK_CODE_MAX + 1];
	bool loaded[8];
};

static int list_pack(const struct cb_pack *p, bool loaded, void *arg)
{
	struct listed *l = arg;
	cr_assert_lt(l->n, 8);
	snprintf(l->codes[l->n], sizeof l->codes[0], "%s", p->code);
	l->loaded[l->n++] = loaded;
	return CB_OK;
}

/* The new CL opens Monday to Friday, 10:00 to 12:00. */
static const char strict_cl[] = "pack cl\nname Chile, stricter\n"
    "countries CL\ndays mon-fri\nhours 10:00-12:00\n";

Test(stored, a_loaded_pack_replaces_the_shipped_one)
{
	uint64_t events = count(CB_T_EVENTS);
	struct listed l = { 0 };
	struct cb_debtor d = debtor("CL");
	load(strict_cl);
	cr_expect_eq(count(CB_T_EVENTS), events + 1);
	cr_expect(text_is("CL", strict_cl, true));
	load("pack CL-ACME\ndays mon-fri\nhours 09:00-19:00\n");
	/* Each code once, in code order; CL and CL-ACME loaded. */
	cr_assert_eq(cb_rules_each(reader(), list_pack, &l), CB_OK);
	cr_assert_eq(l.n, 6);
	static const char *const codes[] = { "CL", "CL-ACME", "ES", "MX", "PE",
		"US" };
	for (size_t i = 0; i < 6; i++) {
		cr_expect_str_eq(l.codes[i], codes[i]);
		cr_expect_eq(l.loaded[i], i < 2, "%s", codes[i]);
	}
	/* In force: Saturday closed, Monday 09:59 early. */
	struct cb_contact_check c = call(&d, wall(2026, 3, 7, 10, 30, -3));
	expect_refused(&c, CB_BLOCK_DAY, wall(2026, 3, 9, 10, 0, -3));
	c = call(&d, wall(2026, 3, 9, 9, 59, -3));
	expect_refused(&c, CB_BLOCK_EARLY, wall(2026, 3, 9, 10, 0, -3));
}

Test(stored, only_admins_load_and_only_supervisors_set_holidays)
{
	cr_expect_eq(load_as("ag", strict_cl, NULL), CB_ERR_PERM);
	cr_expect_eq(load_as("sup", strict_cl, NULL), CB_ERR_PERM);
	cr_expect_eq(holiday_as("ag", "CL", day(2026, 3, 11), "Censo"),
	    CB_ERR_PERM);
	cr_expect_eq(count(CB_T_RULES), 0);
}

struct holidays {
	size_t n;
	cb_day days[4];
	char names[4][64];
};

static int list_holiday(cb_day d, const char *name, void *arg)
{
	struct holidays *h = arg;
	cr_assert_lt(h->n, 4);
	h->days[h->n] = d;
	snprintf(h->names[h->n++], sizeof h->names[0], "%s", name);
	return CB_OK;
}

static struct holidays holidays_of(const char *pack)
{
	struct holidays h = { 0 };
	cr_assert_eq(cb_rules_holiday_each(reader(), pack, list_holiday, &h),
	    CB_OK);
	return h;
}

/* Wednesday 03-11 made a holiday: closed until Thursday 08:00. */
Test(stored, a_supervisors_holiday_closes_the_day)
{
	struct cb_debtor d = debtor("CL");
	time_t at = wall(2026, 3, 11, 10, 0, -3);
	cr_assert_eq(holiday_as("sup", "cl", day(2026, 12, 31), "Fin de año"),
	    CB_OK);
	cr_assert_eq(holiday_as("sup", "cl", day(2026, 3, 11), "Censo"), CB_OK);
	struct cb_contact_check c = call(&d, at);
	expect_refused(&c, CB_BLOCK_HOLIDAY, wall(2026, 3, 12, 8, 0, -3));
	cr_expect_str_eq(c.holiday, "Censo");
	struct holidays h = holidays_of("CL");
	cr_assert_eq(h.n, 2);
	cr_expect_eq(h.days[0], day(2026, 3, 11));
	cr_expect_str_eq(h.names[0], "Censo");
	cr_expect_eq(h.days[1], day(2026, 12, 31));
	/* Other packs are not closed by it; under "holidays ignore" none
	 * closes the window. */
	struct cb_debtor pe = debtor("PE"), us = debtor("US");
	c = call(&pe, wall(2026, 3, 11, 10, 0, -5));
	expect_allowed(&c);
	cr_assert_eq(holiday_as("sup", "US", day(2026, 3, 11), "Storm"), CB_OK);
	c = call(&us, wall(2026, 3, 11, 10, 0, -4));
	expect_allowed(&c);
	/* Removed, the day is open again. */
	cr_assert_eq(holiday_as("sup", "cl", day(2026, 3, 11), NULL), CB_OK);
	c = call(&d, at);
	expect_allowed(&c);
	h = holidays_of("CL");
	cr_expect_eq(h.n, 1);
	cr_expect_eq(holiday_as("sup", "CL", day(2026, 3, 11), NULL),
	    CB_ERR_NOTHING);
}

Test(stored, holidays_need_a_known_pack_and_a_name)
{
	cr_expect_eq(holiday_as("sup", "XX", day(2026, 3, 11), "Censo"),
	    CB_ERR_INPUT);
	cr_expect_eq(holiday_as("sup", "C L", day(2026, 3, 11), "Censo"),
	    CB_ERR_INPUT);
	cr_expect_eq(holiday_as("sup", "CL", day(2026, 3, 11), ""),
	    CB_ERR_INPUT);
	cr_expect_eq(holiday_as("sup", "CL", day(2026, 3, 11), "A\x1b" "B"),
	    CB_ERR_INPUT);
	cr_expect_eq(count(CB_T_RULES), 0);
}

Test(stored, a_reloaded_pack_keeps_the_supervisors_holidays)
{
	struct cb_debtor d = debtor("CL");
	cr_assert_eq(holiday_as("sup", "CL", day(2026, 3, 11), "Censo"), CB_OK);
	load(strict_cl);
	struct holidays h = holidays_of("CL");
	cr_expect_eq(h.n, 1);
	struct cb_contact_check c = call(&d, wall(2026, 3, 11, 11, 0, -3));
	expect_refused(&c, CB_BLOCK_HOLIDAY, wall(2026, 3, 12, 10, 0, -3));
}

/* ---- 6. Descriptions -------------------------------------------------- */

Test(describe, a_sunday_names_the_next_opening)
{
	struct cb_debtor d = debtor("CL");
	struct cb_contact_check c = call(&d, wall(2026, 3, 1, 12, 0, -3));
	cr_expect_str_eq(described(&c), "Sunday (CL); next Mon 2026-03-02 08:00");
	char small[10];
	cb_contact_describe(&c, small, sizeof small);
	cr_expect_str_eq(small, "Sunday (C");
}

Test(describe, each_block_in_english)
{
	struct cb_debtor cl = debtor("CL"), pe = debtor("PE"), es = debtor("ES");
	struct cb_contact_check c = call(&cl, wall(2026, 4, 3, 12, 0, -3));
	cr_expect_str_eq(described(&c),
	    "holiday: Viernes Santo (CL); next Mon 2026-04-06 08:00");
	c = call(&pe, wall(2026, 3, 10, 20, 0, -5));
	cr_expect_str_eq(described(&c),
	    "after hours (PE); next Wed 2026-03-11 07:00");
	c = call(&es, wall(2026, 3, 11, 8, 59, +1));
	cr_expect_str_eq(described(&c),
	    "before hours (ES); next Wed 2026-03-11 09:00");
	c = call(&cl, wall(2026, 3, 11, 10, 0, -3));
	cr_expect_str_eq(described(&c), "allowed (CL)");
	struct cb_debtor ar = debtor("AR");
	struct cb_work w = no_contacts();
	c = check_in(&ar, &argentina, &w, CB_CHANNEL_CALL, wall(2026, 3, 11, 12, 0, 0));
	cr_expect_str_eq(described(&c), "no rule pack AR");
}

Test(describe, limits_in_english)
{
	struct cb_debtor cl = debtor("CL"), us = debtor("US");
	struct cb_work w = no_contacts();
	add_call(&w, wall(2026, 3, 3, 10, 0, -3), "NA");
	struct cb_contact_check c = check(&cl, &w, CB_CHANNEL_CALL,
	    wall(2026, 3, 6, 10, 0, -3));
	cr_expect_str_eq(described(&c),
	    "1/1 calls in 7 days (CL); next Tue 2026-03-10 10:00");
	w = no_contacts();
	add_email(&w, wall(2026, 3, 2, 10, 0, -3));
	c = check(&cl, &w, CB_CHANNEL_EMAIL, wall(2026, 3, 3, 10, 0, -3));
	cr_expect_str_eq(described(&c),
	    "too soon after the last (CL); next Wed 2026-03-04 10:00");
	add_email(&w, wall(2026, 3, 4, 10, 0, -3));
	c = check(&cl, &w, CB_CHANNEL_EMAIL, wall(2026, 3, 6, 10, 0, -3));
	cr_expect_str_eq(described(&c),
	    "2/2 messages in 7 days (CL); next Mon 2026-03-09 10:00");
	w = no_contacts();
	add_call(&w, wall(2026, 3, 10, 16, 40, -4), "RPC");
	c = check(&us, &w, CB_CHANNEL_CALL, wall(2026, 3, 12, 10, 0, -4));
	cr_expect_str_eq(described(&c), "within 7 days after a conversation "
	    "(US); next Tue 2026-03-17 16:40");
}

/* Open on Mondays only, and every Monday (the 1st to 5th of its month) a
 * holiday: never open. */
Test(describe, a_window_that_never_opens)
{
	char text[4096] = "pack NEVER\ndays mon\nhours 08:00-20:00\n";
	for (int m = 1; m <= 12; m++)
		for (int n = 1; n <= 5; n++) {
			char line[64];
			snprintf(line, sizeof line, "holiday %02d-mon%d Lunes\n", m, n);
			strcat(text, line);
		}
	load(text);
	struct cb_debtor d = debtor("CL");
	d.rules = "NEVER";
	struct cb_contact_check c = call(&d, wall(2026, 3, 10, 10, 0, -3));
	expect_refused(&c, CB_BLOCK_DAY, 0);
	cr_expect_str_eq(described(&c), "Tuesday (NEVER); not within a year");
	c = call(&d, wall(2026, 3, 9, 10, 0, -3));
	cr_expect_eq(c.block, CB_BLOCK_HOLIDAY);
	cr_expect_str_eq(c.holiday, "Lunes");
}
