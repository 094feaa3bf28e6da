/* test_script.c -- tests of script.c and run.c: the call-script format and
 * the faults its loader must name by line, the shipped scripts walked
 * along every path through the runner and replayed, the runner's refusals,
 * rendering of variables in Spanish and English and in each currency, the
 * `when` conditions, and the refusals of a replayed walk (cb_run_replay,
 * as `cobrador log --script` uses it).
 *
 * Line numbers of the texts below are written beside each line. */
#include <criterion/criterion.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "money.h"
#include "outcome.h"
#include "script.h"
#include "shipped.h"

#define ELLIPSIS "\xe2\x80\xa6"
#define EURO "\xe2\x82\xac"

/* ---- Helpers ---------------------------------------------------------- */

static cb_day day_of(int y, int m, int d)
{
	cb_day day = 0;
	cr_assert_eq(cb_day_from_ymd(y, m, d, &day), CB_OK,
	    "%04d-%02d-%02d", y, m, d);
	return day;
}

static const struct cb_currency *currency(const char *code)
{
	const struct cb_currency *c = cb_currency_find(code);
	cr_assert_not_null(c, "currency %s", code);
	return c;
}

/* Parses text, which must be a good script. */
static struct cb_script *parse_ok(const char *text)
{
	struct cb_script *sc = NULL;
	char why[256] = "";
	int rc = cb_script_parse(text, strlen(text), "good.script", &sc, why,
	    sizeof why);
	cr_assert_eq(rc, CB_OK, "parse: %s", why);
	cr_assert_not_null(sc);
	return sc;
}

/* Facts of an account, filled by hand. */
static struct cb_script_facts facts(const char *code)
{
	struct cb_script_facts f;
	memset(&f, 0, sizeof f);
	snprintf(f.portfolio, sizeof f.portfolio, "retail-cl");
	snprintf(f.debtor_id, sizeof f.debtor_id, "12345678-5");
	snprintf(f.debtor_name, sizeof f.debtor_name, "María José Pérez");
	snprintf(f.debtor_address, sizeof f.debtor_address, "Av. Ossa 123");
	snprintf(f.debtor_city, sizeof f.debtor_city, "Santiago");
	snprintf(f.debtor_region, sizeof f.debtor_region, "RM");
	snprintf(f.portfolio_name, sizeof f.portfolio_name, "Comercial Andes");
	snprintf(f.agent_name, sizeof f.agent_name, "Pedro Soto");
	f.currency = currency(code);
	f.segment = CB_SEG_PARCIAL;
	snprintf(f.stage, sizeof f.stage, "collection");
	f.today = day_of(2026, 3, 27);
	f.balance = 1234567;
	f.overdue_amount = 834567;
	f.oldest_amount = 400000;
	f.overdue_count = 2;
	f.oldest_dpd = 12;
	f.oldest_due = day_of(2026, 3, 15);
	snprintf(f.oldest_invoice, sizeof f.oldest_invoice, "F-10234");
	f.promise_amount = 300000;
	f.promise_date = day_of(2026, 3, 11);
	return f;
}

/* Renders text for f in language into a static buffer. */
static const char *render(const char *text, const char *language,
    const struct cb_script_facts *f, const struct cb_run *r)
{
	static char buf[1024];
	size_t n = cb_script_render(text, language, f, r, buf, sizeof buf);
	cr_assert_eq(n, strlen(buf), "length of '%s'", buf);
	return buf;
}

/* ---- Scripts the loader must refuse ---------------------------------- */

struct broken {
	const char *what;
	const char *text;
	size_t size;       /* 0: strlen(text) */
	unsigned line;     /* the line the fault is reported on */
	const char *words; /* in why, after "NAME:LINE: " */
};

#define HEAD "script t\n" /* 1 */ "language es\n" /* 2 */

static const struct broken broken[] = {
	{ "unknown step", HEAD
	    "step a\n"                      /* 3 */
	    "option 1 Sigue -> nowhere\n"   /* 4 */
	    "option 2 Fin -> b\n"           /* 5 */
	    "step b\n"                      /* 6 */
	    "end RPC\n", 0, 4, "unknown step 'nowhere'" },
	{ "unknown step in next", HEAD
	    "step a\n"                      /* 3 */
	    "say Hola\n"                    /* 4 */
	    "next nowhere\n"                /* 5 */
	    "step b\n"                      /* 6 */
	    "end RPC\n", 0, 5, "unknown step 'nowhere'" },
	/* A fault in say text is named on the say line that holds it. */
	{ "unknown variable in say", HEAD
	    "step a\n"                      /* 3 */
	    "say Hola\n"                    /* 4 */
	    "say Buenos días {debtor.nmae}\n" /* 5 */
	    "end NA\n", 0, 5, "unknown variable '{debtor.nmae}'" },
	/* A say line after other lines of its step is named by its own
	 * line too. */
	{ "unknown variable in a say after an option", HEAD
	    "step a\n"                      /* 3 */
	    "say Hola\n"                    /* 4 */
	    "option 1 Sigue -> b\n"         /* 5 */
	    "say Buenos días {debtor.nmae}\n" /* 6 */
	    "step b\n"                      /* 7 */
	    "end NA\n", 0, 6, "unknown variable '{debtor.nmae}'" },
	{ "unknown variable in a say after a blank and a comment", HEAD
	    "step a\n"                      /* 3 */
	    "say Hola\n"                    /* 4 */
	    "\n"                            /* 5 */
	    "# dos\n"                       /* 6 */
	    "say Buenos días {debtor.nmae}\n" /* 7 */
	    "end NA\n", 0, 7, "unknown variable '{debtor.nmae}'" },
	{ "unknown variable in ask: line of the ask", HEAD
	    "step a\n"                      /* 3 */
	    "say Hola\n"                    /* 4 */
	    "ask who text Nombre de {debtor.nmae}\n" /* 5 */
	    "end NA\n", 0, 5, "unknown variable '{debtor.nmae}'" },
	{ "unknown variable in option: line of the option", HEAD
	    "step a\n"                      /* 3 */
	    "option 1 Fin -> b\n"           /* 4 */
	    "option 2 Hablar con {debtor.nmae} -> b\n" /* 5 */
	    "step b\n"                      /* 6 */
	    "end NA\n", 0, 5, "unknown variable '{debtor.nmae}'" },
	{ "an answer no question asks", HEAD
	    "step a\n"                      /* 3 */
	    "ask bar text Bar\n"            /* 4 */
	    "next b\n"                      /* 5 */
	    "step b\n"                      /* 6 */
	    "say Monto {answer.foo}\n"      /* 7 */
	    "end NA\n", 0, 7, "no question asks 'foo'" },
	{ "unreachable step", HEAD
	    "step a\n"                      /* 3 */
	    "end NA\n"                      /* 4 */
	    "step b\n"                      /* 5 */
	    "end NA\n", 0, 5, "step 'b' cannot be reached" },
	{ "a step with no way out", HEAD
	    "step a\n"                      /* 3 */
	    "option 1 Sigue -> b\n"         /* 4 */
	    "step b\n"                      /* 5 */
	    "say Hola\n", 0, 5,
	    "step 'b' has no way out (no option, next or end)" },
	{ "a loop no end can be reached from", HEAD
	    "step a\n"                      /* 3 */
	    "option 1 Fin -> done\n"        /* 4 */
	    "option 2 Vuelta -> l1\n"       /* 5 */
	    "step done\n"                   /* 6 */
	    "end NA\n"                      /* 7 */
	    "step l1\n"                     /* 8 */
	    "next l2\n"                     /* 9 */
	    "step l2\n"                     /* 10 */
	    "next l1\n", 0, 8, "step 'l1' has no way out (no end can be reached" },
	{ "a mandatory step bypassed to a conversation", HEAD
	    "step identify\n"               /* 3 */
	    "option 1 Titular -> disclose\n" /* 4 */
	    "option 2 Atajo -> promise\n"   /* 5 */
	    "step disclose mandatory\n"     /* 6 */
	    "next promise\n"                /* 7 */
	    "step promise\n"                /* 8 */
	    "end PTP\n", 0, 6,
	    "mandatory step 'disclose' can be bypassed: step 'promise' (PTP)" },
	{ "a mandatory step bypassed to RTP", HEAD
	    "step identify mandatory\n"     /* 3 */
	    "option 1 Titular -> disclose\n" /* 4 */
	    "option 2 Otro -> third\n"      /* 5 */
	    "step disclose mandatory\n"     /* 6 */
	    "next promise\n"                /* 7 */
	    "step promise\n"                /* 8 */
	    "end PTP\n"                     /* 9 */
	    "step third\n"                  /* 10 */
	    "end RTP\n", 0, 6,
	    "mandatory step 'disclose' can be bypassed: step 'third' (RTP)" },
	{ "'{' without '}'", HEAD
	    "step a\n"                      /* 3 */
	    "say Hola {debtor.name\n"       /* 4 */
	    "end NA\n", 0, 4, "'{' without '}'" },
	{ "'{' without '}' in an option", HEAD
	    "step a\n"                      /* 3 */
	    "option 1 Hola {debtor -> b\n"  /* 4 */
	    "step b\n"                      /* 5 */
	    "end NA\n", 0, 4, "'{' without '}'" },
	{ "no script line",
	    "language es\n"                 /* 1 */
	    "step a\n"                      /* 2 */
	    "end NA\n", 0, 4, "no 'script ID' line" },
	{ "no language line",
	    "script t\n"                    /* 1 */
	    "step a\n"                      /* 2 */
	    "end NA\n", 0, 4, "no 'language es|en' line" },
	{ "no step", HEAD, 0, 3, "no step" },
	{ "a bad language",
	    "script t\n"                    /* 1 */
	    "language pt\n", 0, 2, "'language' is es or en" },
	{ "a step that ends and goes on", HEAD
	    "step a\n"                      /* 3 */
	    "next b\n"                      /* 4 */
	    "step b\n"                      /* 5 */
	    "end NA\n"                      /* 6 */
	    "option 1 Otra vez -> a\n", 0, 5, "step 'b' both ends and goes on" },
	{ "option 0", HEAD
	    "step a\n"                      /* 3 */
	    "option 0 Sigue -> b\n"         /* 4 */
	    "step b\n"                      /* 5 */
	    "end NA\n", 0, 4, "a number 1-9" },
	{ "option 10", HEAD
	    "step a\n"                      /* 3 */
	    "option 10 Sigue -> b\n"        /* 4 */
	    "step b\n"                      /* 5 */
	    "end NA\n", 0, 4, "a number 1-9" },
	{ "an option without '->'", HEAD
	    "step a\n"                      /* 3 */
	    "option 1 Sigue b\n"            /* 4 */
	    "step b\n"                      /* 5 */
	    "end NA\n", 0, 4, "a number 1-9, a label, '->' and a step" },
	{ "an option number twice", HEAD
	    "step a\n"                      /* 3 */
	    "option 1 Sigue -> b\n"         /* 4 */
	    "option 1 Otra -> b\n"          /* 5 */
	    "step b\n"                      /* 6 */
	    "end NA\n", 0, 5, "option 1 twice" },
	{ "next twice", HEAD
	    "step a\n"                      /* 3 */
	    "next b\n"                      /* 4 */
	    "next b\n"                      /* 5 */
	    "step b\n"                      /* 6 */
	    "end NA\n", 0, 5, "'next' twice" },
	{ "a step id twice", HEAD
	    "step a\n"                      /* 3 */
	    "next b\n"                      /* 4 */
	    "step b\n"                      /* 5 */
	    "end NA\n"                      /* 6 */
	    "step b\n"                      /* 7 */
	    "end RPC\n", 0, 7, "step 'b' twice" },
	{ "an unknown outcome code", HEAD
	    "step a\n"                      /* 3 */
	    "end XYZ\n", 0, 4, "'end' takes an outcome code" },
	{ "when dpd without '..'", HEAD
	    "when dpd 5\n"                  /* 3 */
	    "step a\n"                      /* 4 */
	    "end NA\n", 0, 3, "'when dpd' takes FROM..TO" },
	{ "when dpd not a number", HEAD
	    "when dpd x..3\n"               /* 3 */
	    "step a\n"                      /* 4 */
	    "end NA\n", 0, 3, "'when dpd' takes FROM..TO" },
	{ "when dpd backwards", HEAD
	    "when dpd 10..5\n"              /* 3 */
	    "step a\n"                      /* 4 */
	    "end NA\n", 0, 3, "'when dpd' takes FROM..TO" },
	{ "when segment twice", HEAD
	    "when segment moroso\n"         /* 3 */
	    "when segment parcial\n"        /* 4 */
	    "step a\n"                      /* 5 */
	    "end NA\n", 0, 4, "'when segment' twice" },
	{ "when dpd twice", HEAD
	    "when dpd 1..30\n"              /* 3 */
	    "when segment moroso\n"         /* 4 */
	    "when dpd 31..\n"               /* 5 */
	    "step a\n"                      /* 6 */
	    "end NA\n", 0, 5, "'when dpd' twice" },
	{ "when an unknown segment", HEAD
	    "when segment malo\n"           /* 3 */
	    "step a\n"                      /* 4 */
	    "end NA\n", 0, 3, "unknown segment 'malo'" },
	{ "when an unknown condition", HEAD
	    "when color rojo\n"             /* 3 */
	    "step a\n"                      /* 4 */
	    "end NA\n", 0, 3, "unknown condition 'color'" },
	{ "an unknown keyword", HEAD
	    "stage courtesy\n"              /* 3 */
	    "step a\n"                      /* 4 */
	    "end NA\n", 0, 3, "unknown keyword 'stage'" },
	{ "a header line after the first step", HEAD
	    "step a\n"                      /* 3 */
	    "end NA\n"                      /* 4 */
	    "when dpd 1..\n", 0, 5, "'when' after the first step" },
	{ "say before the first step", HEAD
	    "say Hola\n"                    /* 3 */
	    "step a\n"                      /* 4 */
	    "end NA\n", 0, 3, "'say' before the first step" },
	{ "an unknown answer type", HEAD
	    "step a\n"                      /* 3 */
	    "ask n number Cuántos\n"        /* 4 */
	    "end NA\n", 0, 4, "unknown answer type 'number'" },
	{ "a choice with one word", HEAD
	    "step a\n"                      /* 3 */
	    "ask r choice si Sí\n"          /* 4 */
	    "end NA\n", 0, 4, "'ask KEY choice' takes its words as a|b|c" },
	{ "a key asked as two types", HEAD
	    "step a\n"                      /* 3 */
	    "ask amount amount Monto\n"     /* 4 */
	    "next b\n"                      /* 5 */
	    "step b\n"                      /* 6 */
	    "ask amount text Monto\n"       /* 7 */
	    "end NA\n", 0, 7, "'amount' is asked at line 4 as another type" },
	{ "five questions", HEAD
	    "step a\n"                      /* 3 */
	    "ask a1 text A\n"               /* 4 */
	    "ask a2 text A\n"               /* 5 */
	    "ask a3 text A\n"               /* 6 */
	    "ask a4 text A\n"               /* 7 */
	    "ask a5 text A\n"               /* 8 */
	    "end NA\n", 0, 8, "a step asks at most 4 questions" },
	{ "a NUL byte", HEAD
	    "step a\n"                      /* 3 */
	    "say Ho\0la\n"                  /* 4 */
	    "end NA\n", sizeof(HEAD "step a\nsay Ho\0la\nend NA\n") - 1, 4,
	    "control characters are not allowed" },
	{ "a control character", HEAD
	    "step a\n"                      /* 3 */
	    "say Hola\a\n"                  /* 4 */
	    "end NA\n", 0, 4, "control characters are not allowed" },
	{ "an escape", HEAD
	    "step a\n"                      /* 3 */
	    "say \x1b[2JHola\n"             /* 4 */
	    "end NA\n", 0, 4, "control characters are not allowed" },
	{ "not UTF-8", HEAD
	    "step a\n"                      /* 3 */
	    "say Se\xf1or\n"                /* 4 */
	    "end NA\n", 0, 4, "not UTF-8 text" },
};

Test(script, broken_scripts_name_their_line)
{
	for (size_t i = 0; i < sizeof broken / sizeof broken[0]; i++) {
		const struct broken *b = &broken[i];
		size_t size = b->size ? b->size : strlen(b->text);
		struct cb_script *sc = (struct cb_script *)1;
		char why[256] = "", prefix[64];
		int rc = cb_script_parse(b->text, size, "bad.script", &sc, why,
		    sizeof why);
		snprintf(prefix, sizeof prefix, "bad.script:%u: ", b->line);
		cr_expect_eq(rc, CB_ERR_INPUT, "%s: rc %d (%s)", b->what, rc, why);
		cr_expect_null(sc, "%s: a script on failure", b->what);
		cr_expect(strncmp(why, prefix, strlen(prefix)) == 0,
		    "%s: '%s' does not start with '%s'", b->what, why, prefix);
		cr_expect(strstr(why, b->words) != NULL,
		    "%s: '%s' does not say '%s'", b->what, why, b->words);
		if (rc == CB_OK)
			cb_script_free(&sc);
	}
}

Test(script, crlf_line_ends_are_read)
{
	static const char text[] =
	    "script crlf\r\n"
	    "language en\r\n"
	    "when dpd 1..30\r\n"
	    "\r\n"
	    "step identify mandatory\r\n"
	    "say Hello {debtor.name}\r\n"
	    "say Second line\r\n"
	    "option 1 The debtor -> talk\r\n"
	    "step talk\r\n"
	    "ask reason choice forgot|other Reason\r\n"
	    "end RPC\r\n";
	struct cb_script *sc = parse_ok(text);
	cr_assert_str_eq(sc->id, "crlf");
	cr_assert_str_eq(sc->language, "en");
	cr_assert_eq(sc->nsteps, 2);
	cr_assert_str_eq(sc->steps[0].say, "Hello {debtor.name}\nSecond line");
	cr_assert_str_eq(sc->steps[0].options[0].label, "The debtor");
	cr_assert_eq(sc->steps[0].options[0].target, 1);
	cr_assert_str_eq(sc->steps[1].asks[0].choices, "forgot|other");
	cr_assert_str_eq(sc->steps[1].end->code, "RPC");
	cr_assert_eq(sc->when.dpd_to, 30);
	cb_script_free(&sc);
	cr_assert_null(sc);
}

Test(script, what_a_good_script_holds)
{
	static const char text[] =
	    "# a comment\n"                              /* 1 */
	    "script good-1\n"                            /* 2 */
	    "name A good one\n"                          /* 3 */
	    "language es\n"                              /* 4 */
	    "step identify mandatory\n"                  /* 5 */
	    "say Hola {debtor.name}. # not a comment\n"  /* 6 */
	    "say\n"                                      /* 7 */
	    "say\tTercera\n"                             /* 8 */
	    "option 1 Titular -> talk\n"                 /* 9 */
	    "next wrong\n"                               /* 10 */
	    "step talk\n"                                /* 11 */
	    "ask amount amount Monto de {{x}\n"          /* 12 */
	    "ask reason choice a|b|c Motivo\n"           /* 13 */
	    "end ptp\n"                                  /* 14 */
	    "step wrong\n"                               /* 15 */
	    "end WN\n";                                  /* 16 */
	struct cb_script *sc = parse_ok(text);
	cr_assert_str_eq(sc->id, "good-1");
	cr_assert_str_eq(sc->name, "A good one");
	cr_assert_eq(sc->when.conditions, 0);
	cr_assert_eq(sc->nsteps, 3);
	const struct cb_script_step *id = &sc->steps[0];
	cr_assert_str_eq(id->id, "identify");
	cr_assert_eq(id->line, 5);
	cr_assert(id->mandatory);
	cr_assert_str_eq(id->say, "Hola {debtor.name}. # not a comment\n\nTercera");
	cr_assert_eq(id->say_line, 6);
	cr_assert_eq(id->noptions, 2);
	cr_assert_eq(id->options[0].number, 1);
	cr_assert_eq(id->options[0].line, 9);
	cr_assert_eq(id->options[1].number, 0, "next is number 0");
	cr_assert_null(id->options[1].label);
	cr_assert_eq(id->options[1].target, 2);
	cr_assert_null(id->end);
	const struct cb_script_step *talk = &sc->steps[1];
	cr_assert_not(talk->mandatory);
	cr_assert_null(talk->say);
	cr_assert_eq(talk->nasks, 2);
	cr_assert_eq(talk->asks[0].type, CB_ANSWER_AMOUNT);
	cr_assert_str_eq(talk->asks[0].prompt, "Monto de {{x}");
	cr_assert_eq(talk->asks[0].line, 12);
	cr_assert_eq(talk->asks[1].type, CB_ANSWER_CHOICE);
	cr_assert_str_eq(talk->end->code, "PTP", "codes ignore case");
	cr_assert_eq(cb_script_find_step(sc, "wrong"), 2);
	cr_assert_eq(cb_script_find_step(sc, "nope"), -1);
	cb_script_free(&sc);

	/* A script with no name is named by its id. */
	sc = parse_ok("script x\nlanguage en\nstep a\nend NA\n");
	cr_assert_str_eq(sc->name, "x");
	cb_script_free(&sc);
}

Test(script, ids)
{
	cr_assert(cb_script_id_ok("early-es"));
	cr_assert(cb_script_id_ok("a_1"));
	cr_assert(cb_script_id_ok("abcdefghijklmnopqrstuvwxyz012345"));
	cr_assert_not(cb_script_id_ok("abcdefghijklmnopqrstuvwxyz0123456"));
	cr_assert_not(cb_script_id_ok(""));
	cr_assert_not(cb_script_id_ok("Early"));
	cr_assert_not(cb_script_id_ok("a b"));
	cr_assert_not(cb_script_id_ok("año"));
}

/* Ends that are not conversations (attempts, stops, CB) need no mandatory
 * step before them. */
Test(script, mandatory_steps_may_be_bypassed_to_attempts_and_callbacks)
{
	static const char text[] =
	    "script bypass\n"
	    "language es\n"
	    "step identify mandatory\n"
	    "option 1 Titular -> disclose\n"
	    "option 2 Otra persona -> third\n"
	    "option 3 Equivocado -> wrong\n"
	    "option 4 Llamar luego -> later\n"
	    "option 5 Falleció -> deceased\n"
	    "option 6 Buzón -> voicemail\n"
	    "step disclose mandatory\n"
	    "option 1 Promete -> promise\n"
	    "option 2 Sin compromiso -> rpc\n"
	    "step promise\n"
	    "end PTP\n"
	    "step rpc\n"
	    "end RPC\n"
	    "step third\n"
	    "end WPC\n"
	    "step wrong\n"
	    "end WN\n"
	    "step later\n"
	    "end CB\n"
	    "step deceased\n"
	    "end DEC\n"
	    "step voicemail\n"
	    "end LM\n";
	struct cb_script *sc = parse_ok(text);
	cr_assert_eq(sc->nsteps, 9);
	cb_script_free(&sc);
}

/* Each say line joins the step's text, whatever lines come between them.
 * (say_add used to copy the whole text again for each say line after an
 * option or ask line, and refused this 1147-byte script as too long.) */
Test(script, say_lines_between_options_are_joined)
{
	char text[4096], line[201], want[1100];
	size_t n = 0, w = 0;
	memset(line, 'x', 200);
	line[200] = '\0';
	n += (size_t)snprintf(text + n, sizeof text - n,
	    "script t\nlanguage es\nstep a\n");
	for (int i = 1; i <= 5; i++) {
		n += (size_t)snprintf(text + n, sizeof text - n,
		    "say %s\noption %d L -> b\n", line, i);
		w += (size_t)snprintf(want + w, sizeof want - w, "%s%s",
		    i > 1 ? "\n" : "", line);
	}
	snprintf(text + n, sizeof text - n, "step b\nend NA\n");
	struct cb_script *sc = parse_ok(text);
	cr_assert_str_eq(sc->steps[0].say, want);
	cr_assert_eq(sc->steps[0].noptions, 5);
	cb_script_free(&sc);
}

/* ---- The shipped scripts --------------------------------------------- */

Test(script, every_shipped_script_parses)
{
	size_t n = 0;
	for (const struct cb_shipped *s = cb_shipped_scripts; s->text; s++, n++) {
		struct cb_script *sc = NULL;
		char why[256] = "";
		int rc = cb_script_parse(s->text, strlen(s->text), s->name, &sc,
		    why, sizeof why);
		cr_assert_eq(rc, CB_OK, "%s: %s", s->name, why);
		cr_assert_str_eq(sc->id, s->name, "the id is the file's name");
		size_t len = strlen(s->name);
		cr_assert(len > 3 && s->name[len - 3] == '-');
		cr_assert_str_eq(sc->language, s->name + len - 2,
		    "%s: language by its name", s->name);
		cr_assert_str_neq(sc->name, sc->id, "%s has a name", s->name);
		cr_assert_eq(cb_script_find_step(sc, sc->steps[0].id), 0);
		if (n > 0)
			cr_assert_lt(strcmp(s[-1].name, s->name), 0, "name order");
		cb_script_free(&sc);
	}
	cr_assert_geq(n, 10, "the ten shipped scripts");
}

/* Walks one script depth first along every path from the first step to
 * an end that does not pass a step twice. */
struct walk {
	const struct cb_script *sc;
	const struct cb_script_facts *f;
	const char *amount;   /* the stored form of the amount "1000" */
	bool replay_stored;   /* replay with the stored forms, not as typed */
	struct cb_run r;
	bool on_path[CB_SCRIPT_STEPS_MAX];
	bool end_seen[CB_SCRIPT_STEPS_MAX];
	int paths, conversations, bypasses;
};

/* The first word of a choice. */
static void first_word(const struct cb_script_ask *q, char *buf, size_t size)
{
	size_t n = strcspn(q->choices, "|");
	cr_assert_lt(n, size);
	memcpy(buf, q->choices, n);
	buf[n] = '\0';
}

/* The answer given to q, as typed. */
static void typed(const struct cb_script_ask *q, char *buf, size_t size)
{
	switch (q->type) {
	case CB_ANSWER_CHOICE: first_word(q, buf, size); break;
	case CB_ANSWER_AMOUNT: snprintf(buf, size, "1000"); break;
	case CB_ANSWER_DATE: snprintf(buf, size, "2026-12-01"); break;
	case CB_ANSWER_TEXT: snprintf(buf, size, "prueba"); break;
	}
}

/* The answer to q as the runner must store it. */
static void stored(const struct walk *w, const struct cb_script_ask *q,
    char *buf, size_t size)
{
	if (q->type == CB_ANSWER_AMOUNT)
		snprintf(buf, size, "%s", w->amount);
	else
		typed(q, buf, size);
}

static void answer_step(struct walk *w, const struct cb_script_step *st)
{
	for (size_t i = 0; i < st->nasks; i++) {
		const struct cb_script_ask *q = &st->asks[i];
		char text[64], want[64];
		const char *why = NULL;
		int rc;
		if (q->type == CB_ANSWER_CHOICE) {
			rc = cb_run_answer(&w->r, q->key, "1", &why);
			cr_assert_eq(rc, CB_OK, "%s: %s by number: %s", w->sc->id,
			    q->key, why);
			first_word(q, want, sizeof want);
			cr_assert_str_eq(cb_run_answer_of(&w->r, q->key), want);
		}
		typed(q, text, sizeof text);
		rc = cb_run_answer(&w->r, q->key, text, &why);
		cr_assert_eq(rc, CB_OK, "%s: %s=%s: %s", w->sc->id, q->key, text,
		    why);
		stored(w, q, want, sizeof want);
		cr_assert_str_eq(cb_run_answer_of(&w->r, q->key), want,
		    "%s: %s", w->sc->id, q->key);
	}
}

/* The answers to the questions on the path of r, as "key=value", one per
 * key (the last asked). */
struct answers {
	size_t n;
	char text[CB_SCRIPT_STEPS_MAX][CB_SCRIPT_KEY_MAX + CB_ANSWER_MAX + 2];
	const char *list[CB_SCRIPT_STEPS_MAX];
};

static void path_answers(const struct walk *w, const struct cb_run *r,
    struct answers *a)
{
	a->n = 0;
	for (size_t i = 0; i < r->depth; i++) {
		const struct cb_script_step *st = &w->sc->steps[r->path[i]];
		for (size_t j = 0; j < st->nasks; j++) {
			const struct cb_script_ask *q = &st->asks[j];
			char value[64], want[64];
			stored(w, q, want, sizeof want);
			const char *got = cb_run_answer_of(r, q->key);
			cr_assert_not_null(got, "%s: %s unanswered", w->sc->id,
			    q->key);
			cr_assert_str_eq(got, want, "%s: %s", w->sc->id, q->key);
			if (w->replay_stored)
				snprintf(value, sizeof value, "%s", want);
			else
				typed(q, value, sizeof value);
			size_t k = 0, klen = strlen(q->key);
			while (k < a->n && !(strncmp(a->text[k], q->key, klen) == 0 &&
			    a->text[k][klen] == '='))
				k++;
			if (k == a->n)
				a->n++;
			snprintf(a->text[k], sizeof a->text[k], "%s=%s", q->key,
			    value);
			a->list[k] = a->text[k];
		}
	}
}

static void at_end(struct walk *w, const struct cb_script_step *st)
{
	const struct cb_script *sc = w->sc;
	int at = w->r.path[w->r.depth - 1];
	w->paths++;
	w->end_seen[at] = true;
	cr_assert_eq(cb_run_outcome(&w->r), st->end);

	/* The path as text, worked out here. */
	char want[CB_RUN_PATH_MAX * (CB_SCRIPT_ID_MAX + 1)] = "";
	char path[sizeof want];
	for (size_t i = 0; i < w->r.depth; i++) {
		if (i)
			strcat(want, ">");
		strcat(want, sc->steps[w->r.path[i]].id);
	}
	size_t n = cb_run_path(&w->r, path, sizeof path);
	cr_assert_str_eq(path, want);
	cr_assert_eq(n, strlen(want));

	struct answers a;
	path_answers(w, &w->r, &a);

	/* Replayed, the walk lands on the same step with the same answers. */
	char why[256] = "";
	struct cb_run r2;
	cb_run_start(&r2, sc, w->f);
	int rc = cb_run_replay(&r2, path, a.list, a.n, st->end->code, why,
	    sizeof why);
	cr_assert_eq(rc, CB_OK, "%s: replay %s: %s", sc->id, path, why);
	cr_assert_eq(r2.depth, w->r.depth, "%s: %s", sc->id, path);
	cr_assert_eq(memcmp(r2.path, w->r.path, r2.depth * sizeof r2.path[0]),
	    0);
	cr_assert_eq(cb_run_step(&r2), st);
	cr_assert_eq(cb_run_outcome(&r2), st->end);
	cr_assert_eq(r2.nanswers, a.n);
	for (size_t i = 0; i < r2.nanswers; i++)
		cr_assert_str_eq(cb_run_answer_of(&r2, r2.answers[i].key),
		    cb_run_answer_of(&w->r, r2.answers[i].key));

	/* The same path separated by commas. */
	for (char *p = path; (p = strchr(p, '>')) != NULL; )
		*p = ',';
	cb_run_start(&r2, sc, w->f);
	rc = cb_run_replay(&r2, path, a.list, a.n, st->end->code, why,
	    sizeof why);
	cr_assert_eq(rc, CB_OK, "%s: replay %s: %s", sc->id, path, why);
	cr_assert_eq(cb_run_step(&r2), st);

	/* A conversation passed every mandatory step; a path that did not
	 * cannot be logged as one. */
	const char *skipped = NULL;
	for (size_t m = 0; m < sc->nsteps; m++)
		if (sc->steps[m].mandatory && !w->on_path[m])
			skipped = sc->steps[m].id;
	if (st->end->kind == CB_OUTCOME_CONVERSATION) {
		w->conversations++;
		cr_assert_null(skipped, "%s: %s (%s) skips '%s'", sc->id, want,
		    st->end->code, skipped);
	} else if (skipped) {
		w->bypasses++;
		cb_run_start(&r2, sc, w->f);
		rc = cb_run_replay(&r2, want, a.list, a.n, "PTP", why, sizeof why);
		cr_assert_eq(rc, CB_ERR_INPUT, "%s: %s replayed as PTP", sc->id,
		    want);
		cr_assert(strstr(why, "was not taken") != NULL, "%s", why);
	}
}

static void walk_from(struct walk *w)
{
	const struct cb_script_step *st = cb_run_step(&w->r);
	char text[2048];
	size_t n = cb_run_text(&w->r, text, sizeof text);
	cr_assert_eq(n, strlen(text), "%s: %s: text too long", w->sc->id,
	    st->id);
	cr_assert_null(strchr(text, '{'), "%s: %s: '%s'", w->sc->id, st->id,
	    text);
	if (st->end) {
		cr_assert_eq(st->noptions, 0);
		at_end(w, st);
		return;
	}
	answer_step(w, st);
	for (size_t i = 0; i < st->noptions; i++) {
		const struct cb_script_option *o = &st->options[i];
		if (w->on_path[o->target])
			continue;
		const char *why = NULL;
		int rc = cb_run_choose(&w->r, o->number, &why);
		cr_assert_eq(rc, CB_OK, "%s: %s option %d: %s", w->sc->id, st->id,
		    o->number, why);
		cr_assert_eq(w->r.path[w->r.depth - 1], o->target);
		w->on_path[o->target] = true;
		walk_from(w);
		w->on_path[o->target] = false;
		cr_assert_eq(cb_run_back(&w->r), CB_OK);
		cr_assert_eq(cb_run_step(&w->r), st);
	}
}

/* Walks sc; returns the number of paths. */
static int walk_script(const struct cb_script *sc,
    const struct cb_script_facts *f, const char *amount, bool replay_stored)
{
	static struct walk w; /* big; one walk at a time */
	memset(&w, 0, sizeof w);
	w.sc = sc;
	w.f = f;
	w.amount = amount;
	w.replay_stored = replay_stored;
	cb_run_start(&w.r, sc, f);
	w.on_path[0] = true;
	walk_from(&w);
	for (size_t i = 0; i < sc->nsteps; i++)
		if (sc->steps[i].end)
			cr_assert(w.end_seen[i], "%s: end '%s' never reached", sc->id,
			    sc->steps[i].id);
	cr_assert_geq(w.paths, 3, "%s: %d paths", sc->id, w.paths);
	bool has_mandatory = false;
	for (size_t i = 0; i < sc->nsteps; i++)
		has_mandatory |= sc->steps[i].mandatory;
	if (has_mandatory) {
		cr_assert_gt(w.conversations, 0, "%s", sc->id);
		cr_assert_gt(w.bypasses, 0, "%s: no attempt before disclosure",
		    sc->id);
	}
	cr_log_info("%s: %d paths, %d conversations, %d attempts before a "
	    "mandatory step", sc->id, w.paths, w.conversations, w.bypasses);
	return w.paths;
}

Test(script, every_path_of_every_shipped_script_walks_and_replays)
{
	struct cb_script_facts clp = facts("CLP"), pen = facts("PEN");
	int total = 0;
	for (const struct cb_shipped *s = cb_shipped_scripts; s->text; s++) {
		struct cb_script *sc = NULL;
		char why[256] = "";
		cr_assert_eq(cb_script_parse(s->text, strlen(s->text), s->name,
		    &sc, why, sizeof why), CB_OK, "%s: %s", s->name, why);
		int a = walk_script(sc, &clp, "1000", false);
		int b = walk_script(sc, &pen, "1000.00", true);
		cr_assert_eq(a, b);
		total += a;
		cb_script_free(&sc);
	}
	cr_log_info("%d paths in all", total);
	cr_assert_geq(total, 30);
}

/* The shipped set picks by its `when` lines as doc/scripts.md says. */
Test(script, the_shipped_conditions)
{
	struct cb_script_facts f = facts("CLP");
	struct {
		const char *id;
		int conditions;
	} want[] = {
		{ "courtesy-es", 2 }, { "early-es", 1 }, { "firm-en", 1 },
		{ "broken-promise-en", 2 }, { "third-party-es", 0 },
	};
	struct cb_script *sc[5] = { NULL };
	for (size_t i = 0; i < 5; i++) {
		const struct cb_shipped *s = cb_shipped_scripts;
		while (s->text && strcmp(s->name, want[i].id) != 0)
			s++;
		cr_assert_not_null(s->text, "%s", want[i].id);
		char why[256];
		cr_assert_eq(cb_script_parse(s->text, strlen(s->text), s->name,
		    &sc[i], why, sizeof why), CB_OK, "%s", why);
		cr_assert_eq(sc[i]->when.conditions, want[i].conditions, "%s",
		    want[i].id);
	}
	/* 12 days past due with a broken promise: early and broken-promise. */
	snprintf(f.stage, sizeof f.stage, "promise-broken");
	f.oldest_dpd = 12;
	cr_assert_not(cb_script_matches(sc[0], &f));
	cr_assert(cb_script_matches(sc[1], &f));
	cr_assert_not(cb_script_matches(sc[2], &f));
	cr_assert(cb_script_matches(sc[3], &f));
	/* Three days before the due date, at the courtesy stage. */
	snprintf(f.stage, sizeof f.stage, "courtesy");
	f.oldest_dpd = -3;
	cr_assert(cb_script_matches(sc[0], &f));
	cr_assert_not(cb_script_matches(sc[1], &f));
	cr_assert_not(cb_script_matches(sc[3], &f));
	/* 45 days: firm only. */
	snprintf(f.stage, sizeof f.stage, "collection");
	f.oldest_dpd = 45;
	cr_assert_not(cb_script_matches(sc[0], &f));
	cr_assert_not(cb_script_matches(sc[1], &f));
	cr_assert(cb_script_matches(sc[2], &f));
	for (size_t i = 0; i < 5; i++)
		cb_script_free(&sc[i]);
}

/* ---- The runner ------------------------------------------------------- */

static const char runner_text[] =
    "script runner\n"
    "language es\n"
    "step identify mandatory\n"
    "say Hola {debtor.name}\n"
    "option 1 Titular -> debt\n"
    "option 2 Equivocado -> wrong\n"
    "step debt\n"
    "say Su saldo es {balance}.\n"
    "ask reason choice forgot|no-funds|other Motivo\n"
    "ask amount amount Monto\n"
    "ask date date Fecha\n"
    "ask note text Nota\n"
    "option 1 Promete -> promise-ok\n"
    "step promise-ok\n"
    "say Paga {answer.amount} el {answer.date} ({answer.reason}, "
    "{answer.note}).\n"
    "end PTP\n"
    "step wrong\n"
    "end WN\n";

Test(runner, choosing_answering_and_going_back)
{
	struct cb_script *sc = parse_ok(runner_text);
	struct cb_script_facts f = facts("CLP");
	struct cb_run r;
	const char *why = NULL;
	char buf[256];
	cb_run_start(&r, sc, &f);
	cr_assert_eq(cb_run_step(&r), &sc->steps[0]);
	cr_assert_null(cb_run_outcome(&r));
	cb_run_text(&r, buf, sizeof buf);
	cr_assert_str_eq(buf, "Hola María José Pérez");

	/* At the first step there is nowhere to go back to. */
	cr_assert_eq(cb_run_back(&r), CB_ERR_NOTHING);
	cr_assert_eq(r.depth, 1);
	/* An option the step does not have. */
	cr_assert_eq(cb_run_choose(&r, 9, &why), CB_ERR_INPUT);
	cr_assert_str_eq(why, "no such option");
	cr_assert_eq(cb_run_choose(&r, 0, &why), CB_ERR_INPUT, "no next");
	cr_assert_eq(r.depth, 1);
	/* A question of another step. */
	cr_assert_eq(cb_run_answer(&r, "reason", "forgot", &why), CB_ERR_INPUT);
	cr_assert_str_eq(why, "no such question at this step");

	cr_assert_eq(cb_run_choose(&r, 1, &why), CB_OK);
	cr_assert_str_eq(cb_run_step(&r)->id, "debt");
	cb_run_text(&r, buf, sizeof buf);
	cr_assert_str_eq(buf, "Su saldo es $1.234.567.");

	/* Not leaving with questions unanswered. */
	why = NULL;
	cr_assert_eq(cb_run_choose(&r, 1, &why), CB_ERR_INPUT);
	cr_assert(why && strstr(why, "not answered"), "%s", why);
	cr_assert_eq(cb_run_answer(&r, "reason", "2", &why), CB_OK);
	cr_assert_str_eq(cb_run_answer_of(&r, "reason"), "no-funds");
	cr_assert_eq(cb_run_answer(&r, "amount", "150.000", &why), CB_OK);
	cr_assert_eq(cb_run_answer(&r, "date", "20-03-2026", &why), CB_OK);
	why = NULL;
	cr_assert_eq(cb_run_choose(&r, 1, &why), CB_ERR_INPUT, "note missing");
	cr_assert(why && strstr(why, "not answered"), "%s", why);
	cr_assert_str_eq(cb_run_step(&r)->id, "debt");

	/* Answers that do not read are refused and change nothing. */
	struct {
		const char *key, *text, *why;
	} bad[] = {
		{ "amount", "abc", "not an amount" },
		{ "amount", "0", "not an amount" },
		{ "amount", "-5000", "not an amount" },
		{ "amount", "", "not an amount" },
		{ "date", "31-02-2026", "not a date" },
		{ "date", "2026-13-01", "not a date" },
		{ "date", "mañana", "not a date" },
		{ "reason", "maybe", "not one of the choices" },
		{ "reason", "4", "not one of the choices" },
		{ "reason", "Forgot", "not one of the choices" },
		{ "reason", "forgot|no-funds", "not one of the choices" },
		{ "note", "", "empty or too long" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		why = NULL;
		cr_expect_eq(cb_run_answer(&r, bad[i].key, bad[i].text, &why),
		    CB_ERR_INPUT, "%s=%s", bad[i].key, bad[i].text);
		cr_expect(why && strstr(why, bad[i].why), "%s=%s: %s", bad[i].key,
		    bad[i].text, why);
	}
	char longtext[CB_ANSWER_MAX + 1];
	memset(longtext, 'a', CB_ANSWER_MAX);
	longtext[CB_ANSWER_MAX] = '\0';
	cr_assert_eq(cb_run_answer(&r, "note", longtext, &why), CB_ERR_INPUT);
	longtext[CB_ANSWER_MAX - 1] = '\0';
	cr_assert_eq(cb_run_answer(&r, "note", longtext, &why), CB_OK,
	    "159 bytes");
	cr_assert_str_eq(cb_run_answer_of(&r, "amount"), "150000");
	cr_assert_str_eq(cb_run_answer_of(&r, "date"), "2026-03-20");
	cr_assert_str_eq(cb_run_answer_of(&r, "reason"), "no-funds");
	cr_assert_null(cb_run_answer_of(&r, "nothing"));

	/* Answering again replaces the answer. */
	size_t nanswers = r.nanswers;
	cr_assert_eq(cb_run_answer(&r, "note", "prueba", &why), CB_OK);
	cr_assert_eq(cb_run_answer(&r, "reason", "forgot", &why), CB_OK);
	cr_assert_eq(cb_run_answer(&r, "amount", "1000", &why), CB_OK);
	cr_assert_eq(cb_run_answer(&r, "date", "2026-12-01", &why), CB_OK);
	cr_assert_eq(r.nanswers, nanswers);
	cr_assert_eq(nanswers, 4);

	cr_assert_eq(cb_run_choose(&r, 1, &why), CB_OK);
	cr_assert_str_eq(cb_run_step(&r)->id, "promise-ok");
	cr_assert_not_null(cb_run_outcome(&r));
	cr_assert_str_eq(cb_run_outcome(&r)->code, "PTP");
	cb_run_text(&r, buf, sizeof buf);
	cr_assert_str_eq(buf, "Paga $1.000 el 1 de diciembre de 2026 (forgot, "
	    "prueba).");
	cb_run_path(&r, buf, sizeof buf);
	cr_assert_str_eq(buf, "identify>debt>promise-ok");
	/* A short buffer: the length it needed, terminated. */
	char small[9];
	cr_assert_eq(cb_run_path(&r, small, sizeof small), 24);
	cr_assert_str_eq(small, "identify");
	cr_assert_eq(cb_run_choose(&r, 1, &why), CB_ERR_INPUT, "an end");

	/* Back: the answers stay. */
	cr_assert_eq(cb_run_back(&r), CB_OK);
	cr_assert_str_eq(cb_run_step(&r)->id, "debt");
	cr_assert_null(cb_run_outcome(&r));
	cr_assert_str_eq(cb_run_answer_of(&r, "amount"), "1000");
	cr_assert_eq(cb_run_back(&r), CB_OK);
	cr_assert_eq(cb_run_back(&r), CB_ERR_NOTHING);
	cr_assert_eq(r.depth, 1);
	cb_run_path(&r, buf, sizeof buf);
	cr_assert_str_eq(buf, "identify");
	cr_assert_eq(cb_run_choose(&r, 2, &why), CB_OK);
	cr_assert_str_eq(cb_run_outcome(&r)->code, "WN");
	cr_assert_eq(cb_run_back(&r), CB_OK);
	cr_assert_eq(cb_run_choose(&r, 1, &why), CB_OK);
	cr_assert_eq(cb_run_choose(&r, 1, &why), CB_OK,
	    "answered before going back: %s", why);
	cr_assert_str_eq(cb_run_answer_of(&r, "date"), "2026-12-01");
	cb_script_free(&sc);
}

Test(runner, amounts_are_stored_in_the_currency)
{
	struct cb_script *sc = parse_ok(runner_text);
	struct {
		const char *code, *typed, *stored, *spoken;
	} cases[] = {
		{ "CLP", "1000", "1000", "$1.000" },
		{ "CLP", "1.234.567", "1234567", "$1.234.567" },
		{ "PEN", "1000", "1000.00", "S/ 1,000.00" },
		{ "PEN", "S/ 1,234.56", "1234.56", "S/ 1,234.56" },
		{ "EUR", "1.234,56", "1234.56", "1.234,56 " EURO },
		{ "USD", "1,234.56", "1234.56", "$1,234.56" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct cb_script_facts f = facts(cases[i].code);
		struct cb_run r;
		const char *why = NULL;
		cb_run_start(&r, sc, &f);
		cr_assert_eq(cb_run_choose(&r, 1, &why), CB_OK);
		cr_assert_eq(cb_run_answer(&r, "amount", cases[i].typed, &why),
		    CB_OK, "%s %s: %s", cases[i].code, cases[i].typed, why);
		cr_expect_str_eq(cb_run_answer_of(&r, "amount"), cases[i].stored,
		    "%s %s", cases[i].code, cases[i].typed);
		cr_expect_str_eq(render("{answer.amount}", "es", &f, &r),
		    cases[i].spoken, "%s %s", cases[i].code, cases[i].typed);
	}
	cb_script_free(&sc);
}

/* A walk keeps at most CB_RUN_ANSWERS_MAX answers, though a script may ask
 * up to 64 x 4 different keys: the one past the limit is refused, and
 * nothing is written past the run (before the limit was checked, the 65th
 * answer was written past the end of r->answers[]). */
Test(runner, more_answers_than_a_run_holds)
{
	static char text[8192];
	size_t n = 0;
	n += (size_t)snprintf(text + n, sizeof text - n,
	    "script many\nlanguage es\n");
	for (int s = 0; s < 17; s++) {
		n += (size_t)snprintf(text + n, sizeof text - n, "step s%d\n", s);
		for (int k = 0; k < 4; k++)
			n += (size_t)snprintf(text + n, sizeof text - n,
			    "ask k%d_%d text P\n", s, k);
		n += (size_t)snprintf(text + n, sizeof text - n,
		    s < 16 ? "next s%d\n" : "end NA\n", s + 1);
	}
	struct cb_script *sc = parse_ok(text);
	struct cb_script_facts f = facts("CLP");
	static struct {
		struct cb_run r;
		char guard[4096];
	} w;
	memset(&w, 0, sizeof w);
	cb_run_start(&w.r, sc, &f);
	size_t refused = 0;
	for (int s = 0; s < 17; s++) {
		for (int k = 0; k < 4; k++) {
			char key[32];
			const char *why = NULL;
			snprintf(key, sizeof key, "k%d_%d", s, k);
			if (cb_run_answer(&w.r, key, "x", &why) != CB_OK)
				refused++;
		}
		const char *why = NULL;
		if (s < 16 && cb_run_choose(&w.r, 0, &why) != CB_OK)
			break;
	}
	cr_expect_eq(w.r.nanswers, CB_RUN_ANSWERS_MAX, "%zu answers kept",
	    w.r.nanswers);
	for (size_t i = 0; i < sizeof w.guard; i++)
		cr_assert_eq(w.guard[i], 0, "written past the run at %zu", i);
	cr_assert_eq(refused, 17 * 4 - CB_RUN_ANSWERS_MAX);
	const char *why = NULL;
	cr_assert_str_eq(cb_run_step(&w.r)->id, "s16");
	cr_assert_eq(cb_run_answer(&w.r, "k16_0", "y", &why), CB_ERR_INPUT);
	cr_assert_str_eq(why, "too many answers for one call");
	cr_assert_null(cb_run_answer_of(&w.r, "k16_0"));
	/* A key already answered can still be answered again. */
	cr_assert_eq(cb_run_back(&w.r), CB_OK);
	cr_assert_eq(cb_run_answer(&w.r, "k15_3", "y", &why), CB_OK, "%s", why);
	cr_assert_str_eq(cb_run_answer_of(&w.r, "k15_3"), "y");
	cr_assert_eq(w.r.nanswers, CB_RUN_ANSWERS_MAX);
	cb_script_free(&sc);
}

/* ---- Rendering -------------------------------------------------------- */

Test(render, balance_in_each_currency_and_language)
{
	static const char *const langs[] = { "es", "en" };
	for (int l = 0; l < 2; l++) {
		struct cb_script_facts f = facts("CLP");
		const char *lang = langs[l];
		cr_assert_str_eq(render("{balance}", lang, &f, NULL), "$1.234.567");
		f.balance = -1234567;
		cr_assert_str_eq(render("{balance}", lang, &f, NULL),
		    "-$1.234.567");
		f.balance = 0;
		cr_assert_str_eq(render("{balance}", lang, &f, NULL), "$0");

		f = facts("PEN");
		f.balance = 123456;
		cr_assert_str_eq(render("{balance}", lang, &f, NULL),
		    "S/ 1,234.56");
		f.balance = -123456;
		cr_assert_str_eq(render("{balance}", lang, &f, NULL),
		    "-S/ 1,234.56");

		f = facts("EUR");
		f.balance = 123456;
		cr_assert_str_eq(render("{balance}", lang, &f, NULL),
		    "1.234,56 " EURO);
		f.balance = -123456;
		cr_assert_str_eq(render("{balance}", lang, &f, NULL),
		    "-1.234,56 " EURO);

		f = facts("USD");
		f.balance = 123456;
		cr_assert_str_eq(render("{balance}", lang, &f, NULL), "$1,234.56");
		f = facts("MXN");
		f.balance = 5;
		cr_assert_str_eq(render("{balance}", lang, &f, NULL), "$0.05");
	}
}

Test(render, the_same_through_a_spanish_and_an_english_script)
{
	struct cb_script *es = parse_ok("script s\nlanguage es\nstep a\n"
	    "say Saldo {balance}, vence el {oldest.due_date}.\nend NA\n");
	struct cb_script *en = parse_ok("script s\nlanguage en\nstep a\n"
	    "say Balance {balance}, due on {oldest.due_date}.\nend NA\n");
	struct cb_script_facts f = facts("CLP");
	struct cb_run r;
	char buf[256];
	cb_run_start(&r, es, &f);
	cb_run_text(&r, buf, sizeof buf);
	cr_assert_str_eq(buf, "Saldo $1.234.567, vence el 15 de marzo de 2026.");
	cb_run_start(&r, en, &f);
	cb_run_text(&r, buf, sizeof buf);
	cr_assert_str_eq(buf, "Balance $1.234.567, due on March 15, 2026.");
	f = facts("PEN");
	f.balance = 123456;
	cb_run_start(&r, es, &f);
	cb_run_text(&r, buf, sizeof buf);
	cr_assert_str_eq(buf, "Saldo S/ 1,234.56, vence el 15 de marzo de 2026.");
	cb_run_start(&r, en, &f);
	cb_run_text(&r, buf, sizeof buf);
	cr_assert_str_eq(buf, "Balance S/ 1,234.56, due on March 15, 2026.");
	cb_script_free(&es);
	cb_script_free(&en);
}

Test(render, days)
{
	struct cb_script_facts f = facts("CLP");
	cr_assert_str_eq(render("{oldest.due_date}", "es", &f, NULL),
	    "15 de marzo de 2026");
	cr_assert_str_eq(render("{oldest.due_date}", "en", &f, NULL),
	    "March 15, 2026");
	f.oldest_due = day_of(2025, 1, 1);
	cr_assert_str_eq(render("{oldest.due_date}", "es", &f, NULL),
	    "1 de enero de 2025");
	f.today = day_of(2026, 12, 31);
	cr_assert_str_eq(render("{today}", "en", &f, NULL), "December 31, 2026");
	cr_assert_str_eq(render("{today}", "es", &f, NULL),
	    "31 de diciembre de 2026");
	f.promise_date = CB_DAY_NONE;
	cr_assert_str_eq(render("{promise.date}", "es", &f, NULL), "-");
	cr_assert_str_eq(render("{promise.date}", "en", &f, NULL), "-");
}

Test(render, every_variable)
{
	struct cb_script_facts f = facts("CLP");
	cr_assert_str_eq(render("{debtor.name}|{debtor.id}|{debtor.address}|"
	    "{debtor.city}|{debtor.region}|{portfolio.name}|{agent.name}|"
	    "{segment}", "es", &f, NULL),
	    "María José Pérez|12345678-5|Av. Ossa 123|Santiago|RM|"
	    "Comercial Andes|Pedro Soto|parcial");
	cr_assert_str_eq(render("{today}|{balance}|{overdue.count}|"
	    "{overdue.amount}|{oldest.dpd}|{oldest.due_date}|{oldest.amount}|"
	    "{oldest.invoice}|{promise.amount}|{promise.date}", "es", &f, NULL),
	    "27 de marzo de 2026|$1.234.567|2|$834.567|12|15 de marzo de 2026|"
	    "$400.000|F-10234|$300.000|11 de marzo de 2026");
	f.oldest_dpd = -3;
	cr_assert_str_eq(render("{oldest.dpd}", "en", &f, NULL), "-3");
}

Test(render, braces_and_answers)
{
	struct cb_script *sc = parse_ok(runner_text);
	struct cb_script_facts f = facts("PEN");
	struct cb_run r;
	const char *why = NULL;
	cr_assert_str_eq(render("{{", "es", &f, NULL), "{");
	cr_assert_str_eq(render("a {{balance} b", "es", &f, NULL),
	    "a {balance} b");
	cr_assert_str_eq(render("}{{}", "es", &f, NULL), "}{}");
	cr_assert_str_eq(render("sin variables", "en", &f, NULL),
	    "sin variables");
	cr_assert_str_eq(render("", "en", &f, NULL), "");

	/* Not answered: "…", with no run or in a run. */
	cr_assert_str_eq(render("{answer.amount}", "es", &f, NULL), ELLIPSIS);
	cb_run_start(&r, sc, &f);
	cr_assert_str_eq(render("[{answer.amount}]", "es", &f, &r),
	    "[" ELLIPSIS "]");
	cr_assert_eq(cb_run_choose(&r, 1, &why), CB_OK);
	cr_assert_eq(cb_run_answer(&r, "amount", "1234.5", &why), CB_OK, "%s",
	    why);
	cr_assert_eq(cb_run_answer(&r, "date", "2026-03-15", &why), CB_OK);
	cr_assert_eq(cb_run_answer(&r, "reason", "other", &why), CB_OK);
	cr_assert_str_eq(render("{answer.amount}", "es", &f, &r), "S/ 1,234.50");
	cr_assert_str_eq(render("{answer.date}", "es", &f, &r),
	    "15 de marzo de 2026");
	cr_assert_str_eq(render("{answer.date}", "en", &f, &r),
	    "March 15, 2026");
	cr_assert_str_eq(render("{answer.reason}/{answer.note}", "en", &f, &r),
	    "other/" ELLIPSIS);
	cb_script_free(&sc);
}

Test(render, a_short_buffer)
{
	struct cb_script_facts f = facts("CLP");
	char buf[8];
	size_t n = cb_script_render("Saldo {balance}.", "es", &f, NULL, buf,
	    sizeof buf);
	cr_assert_eq(n, strlen("Saldo $1.234.567."));
	cr_assert_str_eq(buf, "Saldo $");
	memset(buf, 'z', sizeof buf);
	n = cb_script_render("{balance}", "es", &f, NULL, buf, 1);
	cr_assert_eq(n, 10);
	cr_assert_eq(buf[0], '\0');
	cr_assert_eq(buf[1], 'z');
}

Test(render, unknown_variables)
{
	size_t len = 99;
	const char *text = "Hola {debtor.name}, {debtor.rut} y {balance}";
	const char *bad = cb_render_unknown(text, NULL, NULL, &len);
	cr_assert_eq(bad, text + 21);
	cr_assert_eq(len, strlen("debtor.rut"));
	cr_assert_null(cb_render_unknown("{{x} {today}", NULL, NULL, &len));
	text = "ok {balance} {sin";
	bad = cb_render_unknown(text, NULL, NULL, &len);
	cr_assert_eq(bad, text + 13);
	cr_assert_eq(len, 0);
	text = "{answer.amount}";
	bad = cb_render_unknown(text, NULL, NULL, &len);
	cr_assert_eq(bad, text + 1, "no answers known");
	cr_assert_eq(len, strlen("answer.amount"));
}

/* ---- cb_script_matches ------------------------------------------------ */

static bool matches(const char *when, const struct cb_script_facts *f)
{
	char text[512];
	snprintf(text, sizeof text, "script w\nlanguage es\n%sstep a\nend NA\n",
	    when);
	struct cb_script *sc = parse_ok(text);
	bool m = cb_script_matches(sc, f);
	cb_script_free(&sc);
	return m;
}

static int conditions(const char *when)
{
	char text[512];
	snprintf(text, sizeof text, "script w\nlanguage es\n%sstep a\nend NA\n",
	    when);
	struct cb_script *sc = parse_ok(text);
	int n = sc->when.conditions;
	cb_script_free(&sc);
	return n;
}

Test(matches, segments)
{
	struct cb_script_facts f = facts("CLP");
	const char *when = "when segment moroso partial\n";
	f.segment = CB_SEG_MOROSO;
	cr_assert(matches(when, &f));
	f.segment = CB_SEG_PARCIAL;
	cr_assert(matches(when, &f));
	f.segment = CB_SEG_CUMPLIDOR;
	cr_assert_not(matches(when, &f));
	cr_assert(matches("when segment good\n", &f));
	cr_assert_eq(conditions(when), 1);
}

Test(matches, dpd_ranges)
{
	struct cb_script_facts f = facts("CLP");
	struct {
		const char *when;
		int dpd;
		bool match;
	} cases[] = {
		{ "when dpd ..0\n", -5, true }, { "when dpd ..0\n", 0, true },
		{ "when dpd ..0\n", 1, false }, { "when dpd 31..\n", 30, false },
		{ "when dpd 31..\n", 31, true }, { "when dpd 31..\n", 1000, true },
		{ "when dpd 1..30\n", 0, false }, { "when dpd 1..30\n", 1, true },
		{ "when dpd 1..30\n", 30, true }, { "when dpd 1..30\n", 31, false },
		{ "when dpd -5..0\n", -6, false }, { "when dpd -5..0\n", -5, true },
		{ "when dpd 7..7\n", 7, true }, { "when dpd 7..7\n", 8, false },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		f.oldest_dpd = cases[i].dpd;
		cr_expect_eq(matches(cases[i].when, &f), cases[i].match,
		    "%s at %d", cases[i].when, cases[i].dpd);
	}
	/* Nothing open never matches a dpd range. */
	f.oldest_dpd = 0;
	f.oldest_due = CB_DAY_NONE;
	cr_assert_not(matches("when dpd ..0\n", &f));
	cr_assert(matches("when segment parcial\n", &f));
}

Test(matches, portfolios_and_stages)
{
	struct cb_script_facts f = facts("CLP");
	const char *p = "when portfolio retail-cl pymes-pe\n";
	snprintf(f.portfolio, sizeof f.portfolio, "retail-cl");
	cr_assert(matches(p, &f));
	snprintf(f.portfolio, sizeof f.portfolio, "pymes-pe");
	cr_assert(matches(p, &f));
	snprintf(f.portfolio, sizeof f.portfolio, "retail");
	cr_assert_not(matches(p, &f), "a part of a code is not the code");
	snprintf(f.portfolio, sizeof f.portfolio, "pymes");
	cr_assert_not(matches(p, &f));
	snprintf(f.portfolio, sizeof f.portfolio, "retail");
	cr_assert(matches("when portfolio retail-cl retail\n", &f));

	const char *s = "when stage courtesy reminder\n";
	snprintf(f.stage, sizeof f.stage, "reminder");
	cr_assert(matches(s, &f));
	snprintf(f.stage, sizeof f.stage, "courtesy");
	cr_assert(matches(s, &f));
	snprintf(f.stage, sizeof f.stage, "court");
	cr_assert_not(matches(s, &f));
	snprintf(f.stage, sizeof f.stage, "firm");
	cr_assert_not(matches(s, &f));
}

Test(matches, every_condition_must_hold)
{
	struct cb_script_facts f = facts("CLP");
	const char *all = "when segment parcial\nwhen dpd 1..30\n"
	    "when portfolio retail-cl\nwhen stage collection\n";
	cr_assert_eq(conditions(all), 4);
	cr_assert(matches(all, &f));
	f.segment = CB_SEG_MOROSO;
	cr_assert_not(matches(all, &f));
	f = facts("CLP");
	f.oldest_dpd = 31;
	cr_assert_not(matches(all, &f));
	f = facts("CLP");
	snprintf(f.portfolio, sizeof f.portfolio, "otro");
	cr_assert_not(matches(all, &f));
	f = facts("CLP");
	snprintf(f.stage, sizeof f.stage, "firm");
	cr_assert_not(matches(all, &f));

	/* No when line: no condition; taken by hand only (cb_script_matches
	 * holds, the chooser skips scripts with no conditions). */
	struct cb_script *sc = parse_ok("script w\nlanguage es\nstep a\n"
	    "end NA\n");
	cr_assert_eq(sc->when.conditions, 0);
	cr_assert_eq(sc->when.segments, 0);
	cr_assert_not(sc->when.has_dpd);
	cr_assert_null(sc->when.portfolios);
	cr_assert_null(sc->when.stages);
	cr_assert(cb_script_matches(sc, &f));
	cb_script_free(&sc);
}

/* ---- Replaying a walk ------------------------------------------------- */

static const char replay_text[] =
    "script replay\n"
    "language es\n"
    "step identify mandatory\n"
    "option 1 Titular -> disclose\n"
    "option 2 Equivocado -> wrong\n"
    "option 3 Buzón -> voicemail\n"
    "step disclose mandatory\n"
    "next debt\n"
    "step debt\n"
    "ask reason choice forgot|no-funds|other Motivo\n"
    "option 1 Promete -> promise\n"
    "option 2 Sin compromiso -> rpc\n"
    "step promise\n"
    "ask amount amount Monto\n"
    "ask date date Fecha\n"
    "next promise-ok\n"
    "step promise-ok\n"
    "end PTP\n"
    "step rpc\n"
    "end RPC\n"
    "step wrong\n"
    "end WN\n"
    "step voicemail\n"
    "end LM\n";

#define FULL "identify>disclose>debt>promise>promise-ok"

/* Replays path with answers (NULL-terminated) on a fresh run. */
static int replay(struct cb_run *r, const struct cb_script *sc,
    const struct cb_script_facts *f, const char *path,
    const char *const *answers, const char *code, char *why, size_t size)
{
	size_t n = 0;
	while (answers && answers[n])
		n++;
	cb_run_start(r, sc, f);
	why[0] = '\0';
	return cb_run_replay(r, path, answers, n, code, why, size);
}

Test(replay, a_good_walk)
{
	struct cb_script *sc = parse_ok(replay_text);
	struct cb_script_facts f = facts("CLP");
	struct cb_run r;
	char why[256];
	const char *const answers[] = { "reason=2", "amount=150.000",
		"date=20-03-2026", NULL };
	int rc = replay(&r, sc, &f, FULL, answers, "PTP", why, sizeof why);
	cr_assert_eq(rc, CB_OK, "%s", why);
	cr_assert_str_eq(cb_run_step(&r)->id, "promise-ok");
	cr_assert_str_eq(cb_run_answer_of(&r, "reason"), "no-funds");
	cr_assert_str_eq(cb_run_answer_of(&r, "amount"), "150000");
	cr_assert_str_eq(cb_run_answer_of(&r, "date"), "2026-03-20");
	/* Answers in any order, the path with commas. */
	const char *const shuffled[] = { "date=2026-03-20", "reason=no-funds",
		"amount=150000", NULL };
	rc = replay(&r, sc, &f, "identify,disclose,debt,promise,promise-ok",
	    shuffled, "ptp", why, sizeof why);
	cr_assert_eq(rc, CB_OK, "%s", why);
	cr_assert_eq(r.depth, 5);
	/* Questions of the last step may be answered, or not. */
	const char *const reason[] = { "reason=forgot", NULL };
	rc = replay(&r, sc, &f, "identify>disclose>debt", reason, "RPC", why,
	    sizeof why);
	cr_assert_eq(rc, CB_OK, "%s", why);
	rc = replay(&r, sc, &f, "identify>disclose>debt", NULL, "RPC", why,
	    sizeof why);
	cr_assert_eq(rc, CB_OK, "%s", why);
	cr_assert_str_eq(cb_run_step(&r)->id, "debt");
	cb_script_free(&sc);
}

Test(replay, attempts_need_no_mandatory_step)
{
	struct cb_script *sc = parse_ok(replay_text);
	struct cb_script_facts f = facts("CLP");
	struct cb_run r;
	char why[256];
	/* The call was not answered: a path of the first step only. */
	int rc = replay(&r, sc, &f, "identify", NULL, "NA", why, sizeof why);
	cr_assert_eq(rc, CB_OK, "%s", why);
	cr_assert_eq(r.depth, 1);
	cr_assert_str_eq(cb_run_step(&r)->id, "identify");
	rc = replay(&r, sc, &f, "identify>voicemail", NULL, "LM", why,
	    sizeof why);
	cr_assert_eq(rc, CB_OK, "%s", why);
	cr_assert_str_eq(cb_run_step(&r)->id, "voicemail");
	rc = replay(&r, sc, &f, "identify>wrong", NULL, "WN", why, sizeof why);
	cr_assert_eq(rc, CB_OK, "%s", why);
	rc = replay(&r, sc, &f, "identify", NULL, "CB", why, sizeof why);
	cr_assert_eq(rc, CB_OK, "CB is not a conversation: %s", why);
	rc = replay(&r, sc, &f, "identify", NULL, "DEC", why, sizeof why);
	cr_assert_eq(rc, CB_OK, "a stop: %s", why);
	cb_script_free(&sc);
}

Test(replay, refusals)
{
	struct cb_script *sc = parse_ok(replay_text);
	struct cb_script_facts f = facts("CLP");
	const char *const good[] = { "reason=forgot", "amount=1000",
		"date=2026-12-01", NULL };
	const char *const extra[] = { "reason=forgot", "amount=1000",
		"date=2026-12-01", "foo=1", NULL };
	const char *const no_eq[] = { "reason=forgot", "amount=1000",
		"date=2026-12-01", "amount", NULL };
	const char *const bad_date[] = { "reason=forgot", "amount=1000",
		"date=31-02-2026", NULL };
	const char *const bad_amount[] = { "reason=forgot", "amount=abc",
		"date=2026-12-01", NULL };
	const char *const bad_choice[] = { "reason=maybe", "amount=1000",
		"date=2026-12-01", NULL };
	const char *const no_reason[] = { "amount=1000", "date=2026-12-01",
		NULL };
	const char *const no_date[] = { "reason=forgot", "amount=1000", NULL };
	const char *const reason[] = { "reason=forgot", NULL };
	struct {
		const char *what, *path;
		const char *const *answers;
		const char *code, *why;
	} cases[] = {
		{ "not from the first step", "disclose>debt", reason, "RPC",
		    "the path starts at 'disclose', not at the first step" },
		{ "a step that does not follow", "identify>debt", reason, "RPC",
		    "step 'debt' does not follow from the one before" },
		{ "an end that does not follow", "identify>disclose>debt>"
		    "promise-ok", reason, "PTP",
		    "step 'promise-ok' does not follow from the one before" },
		{ "an unknown step", "identify>nowhere", NULL, "NA",
		    "the script has no step 'nowhere'" },
		{ "an answer to no question", FULL, extra, "PTP",
		    "answer 'foo=1' is to no question on the path" },
		{ "an answer without '='", FULL, no_eq, "PTP",
		    "answer 'amount' is to no question on the path" },
		{ "an answer to a question off the path",
		    "identify>disclose>debt>rpc", good, "RPC",
		    "is to no question on the path" },
		{ "a date that does not read", FULL, bad_date, "PTP",
		    "answer date: not a date" },
		{ "an amount that does not read", FULL, bad_amount, "PTP",
		    "answer amount: not an amount" },
		{ "a choice not listed", FULL, bad_choice, "PTP",
		    "answer reason: not one of the choices" },
		{ "a question left unanswered", FULL, no_reason, "PTP",
		    "question 'reason' was left unanswered" },
		{ "a question of a middle step left unanswered", FULL, no_date,
		    "PTP", "question 'date' was left unanswered" },
		{ "a conversation past a mandatory step", "identify>voicemail",
		    NULL, "PTP", "mandatory step 'disclose' was not taken" },
		{ "RPC past a mandatory step", "identify>wrong", NULL, "RPC",
		    "mandatory step 'disclose' was not taken" },
		{ "a conversation on the first step", "identify", NULL, "RTP",
		    "mandatory step 'disclose' was not taken" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct cb_run r;
		char why[256];
		int rc = replay(&r, sc, &f, cases[i].path, cases[i].answers,
		    cases[i].code, why, sizeof why);
		cr_expect_eq(rc, CB_ERR_INPUT, "%s: rc %d", cases[i].what, rc);
		cr_expect(strstr(why, cases[i].why) != NULL, "%s: '%s'",
		    cases[i].what, why);
	}
	cb_script_free(&sc);
}
