/* test_strategy.c -- tests of strategy.c: the shipped default strategy,
 * the faults the loader must name by line, the call step an account has
 * reached (cb_strategy_call), templates by language, the portfolios a
 * strategy covers, the language of a country; and cb_mime_header of
 * outbox.c, the RFC 2047 subject of the e-mails.
 *
 * Line numbers of the texts below are written beside each line. */
#include <criterion/criterion.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "money.h"
#include "outbox.h"
#include "script.h"
#include "shipped.h"
#include "strategy.h"

/* ---- Helpers ---------------------------------------------------------- */

static struct cb_strategy *parse_ok(const char *text)
{
	struct cb_strategy *st = NULL;
	char why[256] = "";
	int rc = cb_strategy_parse(text, strlen(text), "good.strategy", &st,
	    why, sizeof why);
	cr_assert_eq(rc, CB_OK, "parse: %s", why);
	cr_assert_not_null(st);
	return st;
}

static struct cb_strategy *shipped_default(void)
{
	const struct cb_shipped *s = cb_shipped_strategies;
	while (s->text && strcmp(s->name, "default") != 0)
		s++;
	cr_assert_not_null(s->text, "no shipped default strategy");
	struct cb_strategy *st = NULL;
	char why[256] = "";
	int rc = cb_strategy_parse(s->text, strlen(s->text), s->name, &st, why,
	    sizeof why);
	cr_assert_eq(rc, CB_OK, "default: %s", why);
	return st;
}

static const struct cb_currency *currency(const char *code)
{
	const struct cb_currency *c = cb_currency_find(code);
	cr_assert_not_null(c, "currency %s", code);
	return c;
}

/* The name of the call step reached, or "-" for none. */
static const char *call(const struct cb_strategy *st, enum cb_segment seg,
    int dpd, int64_t balance, const char *code)
{
	const struct cb_strategy_step *s = cb_strategy_call(st, seg, dpd,
	    balance, code ? currency(code) : NULL);
	if (s == NULL)
		return "-";
	cr_assert_eq(s->kind, CB_STEP_CALL);
	cr_assert_leq(s->day, dpd);
	return s->name;
}

/* ---- The shipped default strategy ------------------------------------ */

Test(strategy, the_shipped_default)
{
	size_t n = 0;
	for (const struct cb_shipped *s = cb_shipped_strategies; s->text; s++)
		n++;
	cr_assert_geq(n, 1);

	struct cb_strategy *st = shipped_default();
	cr_assert_str_eq(st->id, "default");
	cr_assert_str_eq(st->language, "", "messages in the debtor's language");
	cr_assert_null(st->portfolios, "for any portfolio");
	cr_assert(cb_strategy_covers(st, "retail-cl"));
	cr_assert(strncmp(st->name, "Protocolo", 9) == 0, "%s", st->name);

	for (int seg = 0; seg < 3; seg++) {
		bool kinds[5] = { false };
		cr_assert_gt(st->nsteps[seg], 0, "segment %d", seg);
		for (size_t i = 0; i < st->nsteps[seg]; i++) {
			const struct cb_strategy_step *s = &st->steps[seg][i];
			if (i > 0)
				cr_assert_leq(st->steps[seg][i - 1].day, s->day,
				    "segment %d step %zu out of day order", seg, i);
			kinds[s->kind] = true;
			cr_assert_not_null(s->name);
			if (s->kind == CB_STEP_CALL)
				cr_assert_not_null(cb_strategy_call(st,
				    (enum cb_segment)seg, s->day, 1000000000, NULL));
			if (s->kind != CB_STEP_LETTER && s->kind != CB_STEP_EMAIL)
				continue;
			/* Each message in both languages. */
			enum cb_channel ch = s->kind == CB_STEP_LETTER
			    ? CB_CHANNEL_LETTER : CB_CHANNEL_EMAIL;
			static const char *const langs[] = { "es", "en" };
			for (int l = 0; l < 2; l++) {
				const struct cb_template *t = cb_strategy_template(st,
				    s->name, ch, langs[l]);
				cr_assert_not_null(t, "%s %s", s->name, langs[l]);
				cr_assert_str_eq(t->language, langs[l], "%s %s",
				    s->name, langs[l]);
			}
		}
		for (int k = 0; k < 5; k++)
			cr_assert(kinds[k], "segment %s has no %s step",
			    cb_segment_name((enum cb_segment)seg),
			    cb_step_kind_name((enum cb_step_kind)k));
		/* Ends with a placement and then a write-off review. */
		size_t last = st->nsteps[seg] - 1;
		cr_assert_eq(st->steps[seg][last].kind, CB_STEP_REVIEW);
		cr_assert_eq(st->steps[seg][last - 1].kind, CB_STEP_PLACE);
	}

	/* What doc/strategies.md tells of it. */
	const struct cb_strategy_step *c = &st->steps[CB_SEG_CUMPLIDOR][0];
	cr_assert_eq(c->day, -3);
	cr_assert_eq(c->kind, CB_STEP_CALL);
	cr_assert_str_eq(c->name, "courtesy");
	cr_assert_eq(c->min_units, 500000);
	c = &st->steps[CB_SEG_PARCIAL][0];
	cr_assert_eq(c->day, -3);
	cr_assert_str_eq(c->name, "courtesy");
	cr_assert_eq(c->min_units, 500000);
	c = &st->steps[CB_SEG_MOROSO][0];
	cr_assert_eq(c->day, 1);
	cr_assert_eq(c->kind, CB_STEP_CALL);
	cr_assert_str_eq(c->name, "reminder");
	cr_assert_eq(c->min_units, 0);
	static const int place[3] = { 90, 75, 45 }, review[3] = { 180, 150, 120 };
	for (int seg = 0; seg < 3; seg++) {
		size_t last = st->nsteps[seg] - 1;
		cr_assert_eq(st->steps[seg][last].day, review[seg]);
		cr_assert_eq(st->steps[seg][last - 1].day, place[seg]);
		cr_assert_str_eq(st->steps[seg][last - 1].name, "",
		    "placed with no agency named");
	}
	cb_strategy_free(&st);
	cr_assert_null(st);
}

Test(strategy, the_shipped_templates)
{
	struct cb_strategy *st = shipped_default();
	struct cb_script_facts f;
	memset(&f, 0, sizeof f);
	snprintf(f.debtor_name, sizeof f.debtor_name, "María Pérez");
	snprintf(f.debtor_id, sizeof f.debtor_id, "12345678-5");
	snprintf(f.portfolio_name, sizeof f.portfolio_name, "Comercial Andes");
	f.currency = currency("CLP");
	f.balance = 1234567;
	f.overdue_amount = 834567;
	f.overdue_count = 2;
	f.oldest_dpd = 12;
	cb_day_from_ymd(2026, 3, 15, &f.oldest_due);
	cb_day_from_ymd(2026, 3, 27, &f.today);
	f.promise_date = CB_DAY_NONE;
	snprintf(f.oldest_invoice, sizeof f.oldest_invoice, "F-10234");
	cr_assert_eq(st->ntemplates, 14);
	for (size_t i = 0; i < st->ntemplates; i++) {
		const struct cb_template *t = &st->templates[i];
		static char buf[8192];
		cr_assert(strcmp(t->language, "es") == 0 ||
		    strcmp(t->language, "en") == 0);
		cr_assert_eq(t->subject != NULL, t->channel == CB_CHANNEL_EMAIL,
		    "%s: a subject for e-mails only", t->name);
		size_t n = strlen(t->body);
		cr_assert_gt(n, 100, "%s", t->name);
		cr_assert_eq(t->body[n - 1], '\n', "%s", t->name);
		cr_assert_neq(t->body[n - 2], '\n', "%s: no blank end", t->name);
		cr_assert_null(strstr(t->body, "\n.\n"), "%s", t->name);
		if (strcmp(t->language, "en") == 0)
			cr_assert_not_null(strstr(t->body, "This communication is an "
			    "attempt to collect a debt"), "%s en", t->name);
		n = cb_script_render(t->body, t->language, &f, NULL, buf,
		    sizeof buf);
		cr_assert_lt(n, sizeof buf);
		cr_assert_null(strchr(buf, '{'), "%s: %s", t->name, buf);
		cr_assert_not_null(strstr(buf, "María Pérez"), "%s", t->name);
		if (t->subject) {
			cb_script_render(t->subject, t->language, &f, NULL, buf,
			    sizeof buf);
			cr_assert_null(strchr(buf, '{'), "%s: %s", t->name, buf);
			cr_assert_null(strchr(buf, '\n'));
		}
	}
	cb_strategy_free(&st);
}

/* ---- Strategies the loader must refuse ------------------------------- */

struct broken {
	const char *what;
	const char *text;
	unsigned line;
	const char *words;
};

static const struct broken broken[] = {
	{ "a letter step with no template",
	    "strategy t\n"                  /* 1 */
	    "language es\n"                 /* 2 */
	    "segment moroso\n"              /* 3 */
	    "day 1 call reminder\n"         /* 4 */
	    "day 10 letter firm\n", 5, "no letter template 'firm' in es" },
	{ "an e-mail step whose template is a letter",
	    "strategy t\n"                  /* 1 */
	    "language es\n"                 /* 2 */
	    "segment moroso\n"              /* 3 */
	    "day 10 email firm\n"           /* 4 */
	    "template firm letter es\n"     /* 5 */
	    "Hola\n"                        /* 6 */
	    ".\n", 4, "no email template 'firm' in es" },
	{ "a template in the other language only",
	    "strategy t\n"                  /* 1 */
	    "language en\n"                 /* 2 */
	    "segment moroso\n"              /* 3 */
	    "day 10 letter firm\n"          /* 4 */
	    "template firm letter es\n"     /* 5 */
	    "Hola\n"                        /* 6 */
	    ".\n", 4, "no letter template 'firm' in en" },
	{ "a template only in es with no language line",
	    "strategy t\n"                  /* 1 */
	    "segment moroso\n"              /* 2 */
	    "day 1 call reminder\n"         /* 3 */
	    "day 10 letter firm\n"          /* 4 */
	    "template firm letter es\n"     /* 5 */
	    "Estimado {debtor.name}\n"      /* 6 */
	    ".\n", 4, "no letter template 'firm' in en (with no 'language' line" },
	{ "steps out of day order",
	    "strategy t\n"                  /* 1 */
	    "segment moroso\n"              /* 2 */
	    "day 10 call firm\n"            /* 3 */
	    "day 5 call reminder\n", 4, "steps go in day order" },
	{ "steps out of day order in one of two segments",
	    "strategy t\n"                  /* 1 */
	    "segment moroso\n"              /* 2 */
	    "day 10 call firm\n"            /* 3 */
	    "segment parcial cumplidor\n"   /* 4 */
	    "day 20 call firm\n"            /* 5 */
	    "day 15 review\n", 6, "steps go in day order" },
	{ "an unknown segment",
	    "strategy t\n"                  /* 1 */
	    "segment moroso malo\n"         /* 2 */
	    "day 1 call reminder\n", 2, "unknown segment 'malo'" },
	{ "a segment with nothing",
	    "strategy t\n"                  /* 1 */
	    "segment\n"                     /* 2 */
	    "day 1 call reminder\n", 2, "'segment' takes one or more" },
	{ "a segment given twice",
	    "strategy t\n"                  /* 1 */
	    "segment moroso\n"              /* 2 */
	    "day 1 call reminder\n"         /* 3 */
	    "segment parcial\n"             /* 4 */
	    "day 1 call reminder\n"         /* 5 */
	    "segment bad\n"                 /* 6 */
	    "day 5 call firm\n", 6, "segment 'moroso' has steps already" },
	{ "day before segment",
	    "strategy t\n"                  /* 1 */
	    "language es\n"                 /* 2 */
	    "day 1 call reminder\n"         /* 3 */
	    "segment moroso\n", 3, "'day' before any 'segment'" },
	{ "a day out of range",
	    "strategy t\n"                  /* 1 */
	    "segment moroso\n"              /* 2 */
	    "day -61 call early\n", 3, "-60 to 1000" },
	{ "a day that is not a number",
	    "strategy t\n"                  /* 1 */
	    "segment moroso\n"              /* 2 */
	    "day uno call early\n", 3, "-60 to 1000" },
	{ "an unknown step kind",
	    "strategy t\n"                  /* 1 */
	    "segment moroso\n"              /* 2 */
	    "day 1 call reminder\n"         /* 3 */
	    "day 2 sms reminder\n", 4,
	    "a step is call, letter, email, place or review" },
	{ "a step with no action",
	    "strategy t\n"                  /* 1 */
	    "segment moroso\n"              /* 2 */
	    "day 2\n", 3, "a step is call, letter, email, place or review" },
	{ "review with more",
	    "strategy t\n"                  /* 1 */
	    "segment moroso\n"              /* 2 */
	    "day 200 review now\n", 3, "'review' takes nothing more" },
	{ "a call with no name",
	    "strategy t\n"                  /* 1 */
	    "segment moroso\n"              /* 2 */
	    "day 1 call\n", 3, "'call' takes a name" },
	{ "a letter with two names",
	    "strategy t\n"                  /* 1 */
	    "segment moroso\n"              /* 2 */
	    "day 1 letter firm final\n", 3, "'letter' takes one template name" },
	{ "call min with no number",
	    "strategy t\n"                  /* 1 */
	    "segment moroso\n"              /* 2 */
	    "day 1 call reminder min\n", 3,
	    "'call NAME' may be followed by 'min' and whole units" },
	{ "call min not a number",
	    "strategy t\n"                  /* 1 */
	    "segment moroso\n"              /* 2 */
	    "day 1 call reminder min mucho\n", 3,
	    "'call NAME' may be followed by 'min' and whole units" },
	{ "call min negative",
	    "strategy t\n"                  /* 1 */
	    "segment moroso\n"              /* 2 */
	    "day 1 call reminder min -5\n", 3,
	    "'call NAME' may be followed by 'min' and whole units" },
	{ "call minimo",
	    "strategy t\n"                  /* 1 */
	    "segment moroso\n"              /* 2 */
	    "day 1 call reminder minimo 5\n", 3,
	    "'call NAME' may be followed by 'min' and whole units" },
	{ "call min and more",
	    "strategy t\n"                  /* 1 */
	    "segment moroso\n"              /* 2 */
	    "day 1 call reminder min 5 pesos\n", 3,
	    "'call NAME' may be followed by 'min' and whole units" },
	{ "a template with no line '.'",
	    "strategy t\n"                  /* 1 */
	    "language es\n"                 /* 2 */
	    "template firm letter es\n"     /* 3 */
	    "Estimado {debtor.name}:\n"     /* 4 */
	    "Pague.\n"                      /* 5 */
	    " .\n"                          /* 6 */
	    "..\n", 3, "template 'firm' has no line '.' to end it" },
	{ "an e-mail template without subject",
	    "strategy t\n"                  /* 1 */
	    "language es\n"                 /* 2 */
	    "template firm email es\n"      /* 3 */
	    "Estimado {debtor.name}:\n"     /* 4 */
	    ".\n", 4, "an e-mail template starts with 'subject TEXT'" },
	{ "an e-mail template with an empty subject",
	    "strategy t\n"                  /* 1 */
	    "language es\n"                 /* 2 */
	    "template firm email es\n"      /* 3 */
	    "subject \n"                    /* 4 */
	    "Hola\n"                        /* 5 */
	    ".\n", 4, "an e-mail template starts with 'subject TEXT'" },
	{ "an unknown variable in a body",
	    "strategy t\n"                  /* 1 */
	    "language es\n"                 /* 2 */
	    "template firm letter es\n"     /* 3 */
	    "Estimado {debtor.name}:\n"     /* 4 */
	    "RUT {debtor.rut}\n"            /* 5 */
	    ".\n", 3, "template 'firm': unknown variable '{debtor.rut}'" },
	{ "an unknown variable in a subject",
	    "strategy t\n"                  /* 1 */
	    "language en\n"                 /* 2 */
	    "template firm letter en\n"     /* 3 */
	    "Dear {debtor.name}\n"          /* 4 */
	    ".\n"                           /* 5 */
	    "template firm email en\n"      /* 6 */
	    "subject Invoice {invoice}\n"   /* 7 */
	    "Dear {debtor.name}\n"          /* 8 */
	    ".\n", 6, "template 'firm': unknown variable '{invoice}'" },
	{ "{agent.name} in a template",
	    "strategy t\n"                  /* 1 */
	    "language es\n"                 /* 2 */
	    "template firm letter es\n"     /* 3 */
	    "Estimado {debtor.name}:\n"     /* 4 */
	    "Le saluda {agent.name}\n"      /* 5 */
	    ".\n", 3, "'{agent.name}'" },
	{ "{agent.name} in a subject",
	    "strategy t\n"                  /* 1 */
	    "language es\n"                 /* 2 */
	    "template firm email es\n"      /* 3 */
	    "subject De {agent.name}\n"     /* 4 */
	    "Hola\n"                        /* 5 */
	    ".\n", 3, "'{agent.name}'" },
	{ "an answer in a template",
	    "strategy t\n"                  /* 1 */
	    "language es\n"                 /* 2 */
	    "template firm letter es\n"     /* 3 */
	    "Monto {answer.amount}\n"       /* 4 */
	    ".\n", 3, "unknown variable '{answer.amount}'" },
	{ "'{' without '}' in a template",
	    "strategy t\n"                  /* 1 */
	    "language es\n"                 /* 2 */
	    "segment moroso\n"              /* 3 */
	    "day 1 call reminder\n"         /* 4 */
	    "template firm letter es\n"     /* 5 */
	    "Estimado {debtor.name\n"       /* 6 */
	    ".\n", 5, "template 'firm': '{' without '}'" },
	{ "a template twice",
	    "strategy t\n"                  /* 1 */
	    "template firm letter es\n"     /* 2 */
	    "Hola\n"                        /* 3 */
	    ".\n"                           /* 4 */
	    "template firm letter es\n"     /* 5 */
	    "Hola\n"                        /* 6 */
	    ".\n", 5, "template 'firm' letter es twice" },
	{ "a bad template line",
	    "strategy t\n"                  /* 1 */
	    "template firm sms es\n", 2,
	    "'template' takes NAME, letter or email, and es or en" },
	{ "a template in portuguese",
	    "strategy t\n"                  /* 1 */
	    "template firm letter pt\n", 2,
	    "'template' takes NAME, letter or email, and es or en" },
	{ "no strategy line",
	    "# a strategy\n"                /* 1 */
	    "language es\n"                 /* 2 */
	    "segment moroso\n"              /* 3 */
	    "day 1 call reminder\n", 5, "no 'strategy ID' line" },
	{ "a bad id",
	    "strategy Default\n", 1, "'strategy' takes one id" },
	{ "strategy twice",
	    "strategy a\n"                  /* 1 */
	    "strategy b\n", 2, "'strategy' takes one id" },
	{ "a bad language",
	    "strategy t\n"                  /* 1 */
	    "language pt\n", 2, "'language' is es or en" },
	{ "portfolios with nothing",
	    "strategy t\n"                  /* 1 */
	    "portfolios\n", 2, "'portfolios' takes codes or *" },
	{ "an unknown keyword",
	    "strategy t\n"                  /* 1 */
	    "segmento moroso\n", 2, "unknown keyword 'segmento'" },
	{ "a control character",
	    "strategy t\n"                  /* 1 */
	    "name Uno\x07\n", 2, "control characters are not allowed" },
};

Test(strategy, broken_strategies_name_their_line)
{
	for (size_t i = 0; i < sizeof broken / sizeof broken[0]; i++) {
		const struct broken *b = &broken[i];
		struct cb_strategy *st = (struct cb_strategy *)1;
		char why[320] = "", prefix[64];
		int rc = cb_strategy_parse(b->text, strlen(b->text), "bad.strategy",
		    &st, why, sizeof why);
		snprintf(prefix, sizeof prefix, "bad.strategy:%u: ", b->line);
		cr_expect_eq(rc, CB_ERR_INPUT, "%s: rc %d (%s)", b->what, rc, why);
		cr_expect_null(st, "%s: a strategy on failure", b->what);
		cr_expect(strncmp(why, prefix, strlen(prefix)) == 0,
		    "%s: '%s' does not start with '%s'", b->what, why, prefix);
		cr_expect(strstr(why, b->words) != NULL,
		    "%s: '%s' does not say '%s'", b->what, why, b->words);
		if (rc == CB_OK)
			cb_strategy_free(&st);
	}
}

/* The strategy refused above for its template in es only loads with a
 * language line, or with the template in both languages. */
Test(strategy, templates_by_language_line)
{
	struct cb_strategy *st = parse_ok(
	    "strategy t\n"
	    "language es\n"
	    "segment moroso\n"
	    "day 1 call reminder\n"
	    "day 10 letter firm\n"
	    "template firm letter es\n"
	    "Estimado {debtor.name}\n"
	    ".\n");
	cr_assert_str_eq(st->language, "es");
	cr_assert_eq(st->nsteps[CB_SEG_MOROSO], 2);
	cr_assert_eq(st->nsteps[CB_SEG_PARCIAL], 0);
	cr_assert_eq(st->steps[CB_SEG_MOROSO][1].kind, CB_STEP_LETTER);
	cr_assert_str_eq(st->steps[CB_SEG_MOROSO][1].name, "firm");
	cr_assert_eq(st->steps[CB_SEG_MOROSO][1].line, 5);
	cb_strategy_free(&st);

	st = parse_ok(
	    "strategy t\n"
	    "segment moroso\n"
	    "day 10 letter firm\n"
	    "template firm letter es\n"
	    "Estimado {debtor.name}\n"
	    ".\n"
	    "template firm letter en\n"
	    "Dear {debtor.name}\n"
	    ".\n");
	cr_assert_str_eq(st->language, "");
	cr_assert_eq(st->ntemplates, 2);
	cb_strategy_free(&st);
}

Test(strategy, what_a_good_strategy_holds)
{
	struct cb_strategy *st = parse_ok(
	    "# comment\n"                                   /* 1 */
	    "strategy pymes-pe   # the id\n"                /* 2 */
	    "name Pymes Perú\n"                             /* 3 */
	    "portfolios pymes-pe pymes-cl\n"                /* 4 */
	    "language es\n"                                 /* 5 */
	    "\n"                                            /* 6 */
	    "segment cumplidor partial\n"                   /* 7 */
	    "day -3 call courtesy min 2000\n"               /* 8 */
	    "day 1 call reminder\n"                         /* 9 */
	    "day 1 email recordatorio\n"                    /* 10 */
	    "day 60 place Estudio Quispe & Asociados\n"     /* 11 */
	    "day 120 review\n"                              /* 12 */
	    "segment bad\n"                                 /* 13 */
	    "day 1\tcall reminder\r\n"                      /* 14 */
	    "day 30 place\n"                                /* 15 */
	    "template recordatorio email es\n"              /* 16 */
	    "subject Saldo vencido: {overdue.amount}\n"     /* 17 */
	    "Estimado(a) {debtor.name}:\n"                  /* 18 */
	    "\n"                                            /* 19 */
	    "  # not a comment: {{ ok }\n"                  /* 20 */
	    "{portfolio.name}\r\n"                          /* 21 */
	    ".\n");                                         /* 22 */
	cr_assert_str_eq(st->id, "pymes-pe");
	cr_assert_str_eq(st->name, "Pymes Perú");
	cr_assert_str_eq(st->portfolios, "pymes-pe pymes-cl");
	for (int seg = CB_SEG_CUMPLIDOR; seg <= CB_SEG_PARCIAL; seg++) {
		cr_assert_eq(st->nsteps[seg], 5);
		const struct cb_strategy_step *s = st->steps[seg];
		cr_assert_eq(s[0].day, -3);
		cr_assert_eq(s[0].kind, CB_STEP_CALL);
		cr_assert_str_eq(s[0].name, "courtesy");
		cr_assert_eq(s[0].min_units, 2000);
		cr_assert_eq(s[0].line, 8);
		cr_assert_eq(s[1].min_units, 0);
		cr_assert_eq(s[2].kind, CB_STEP_EMAIL);
		cr_assert_str_eq(s[2].name, "recordatorio");
		cr_assert_eq(s[3].kind, CB_STEP_PLACE);
		cr_assert_str_eq(s[3].name, "Estudio Quispe & Asociados");
		cr_assert_eq(s[4].kind, CB_STEP_REVIEW);
		cr_assert_eq(s[4].day, 120);
	}
	cr_assert_eq(st->nsteps[CB_SEG_MOROSO], 2);
	cr_assert_str_eq(st->steps[CB_SEG_MOROSO][0].name, "reminder");
	cr_assert_str_eq(st->steps[CB_SEG_MOROSO][1].name, "");
	cr_assert_eq(st->ntemplates, 1);
	const struct cb_template *t = &st->templates[0];
	cr_assert_str_eq(t->name, "recordatorio");
	cr_assert_eq(t->channel, CB_CHANNEL_EMAIL);
	cr_assert_str_eq(t->language, "es");
	cr_assert_eq(t->line, 16);
	cr_assert_str_eq(t->subject, "Saldo vencido: {overdue.amount}");
	cr_assert_str_eq(t->body, "Estimado(a) {debtor.name}:\n\n"
	    "  # not a comment: {{ ok }\n{portfolio.name}\n");
	cb_strategy_free(&st);

	/* No name: named by its id; "portfolios *" is any. */
	st = parse_ok("strategy x\nportfolios *\n");
	cr_assert_str_eq(st->name, "x");
	cr_assert_null(st->portfolios);
	cb_strategy_free(&st);
}

Test(strategy, step_kind_names)
{
	cr_assert_str_eq(cb_step_kind_name(CB_STEP_CALL), "call");
	cr_assert_str_eq(cb_step_kind_name(CB_STEP_LETTER), "letter");
	cr_assert_str_eq(cb_step_kind_name(CB_STEP_EMAIL), "email");
	cr_assert_str_eq(cb_step_kind_name(CB_STEP_PLACE), "place");
	cr_assert_str_eq(cb_step_kind_name(CB_STEP_REVIEW), "review");
	cr_assert_str_eq(cb_step_kind_name((enum cb_step_kind)9), "?");
}

/* ---- The call step reached ------------------------------------------- */

Test(strategy, call_steps_of_the_default)
{
	struct cb_strategy *st = shipped_default();
	const enum cb_segment C = CB_SEG_CUMPLIDOR, P = CB_SEG_PARCIAL,
	    M = CB_SEG_MOROSO;
	/* Courtesy three days before, from $500.000 in CLP. */
	cr_assert_str_eq(call(st, C, -4, 900000, "CLP"), "-");
	cr_assert_str_eq(call(st, C, -3, 500000, "CLP"), "courtesy");
	cr_assert_str_eq(call(st, C, -3, 499999, "CLP"), "-");
	cr_assert_str_eq(call(st, C, 0, 500000, "CLP"), "courtesy");
	cr_assert_str_eq(call(st, C, 4, 500000, "CLP"), "courtesy");
	cr_assert_str_eq(call(st, C, 4, 499999, "CLP"), "-");
	cr_assert_str_eq(call(st, C, 5, 1, "CLP"), "reminder");
	cr_assert_str_eq(call(st, C, 29, 1, "CLP"), "reminder");
	cr_assert_str_eq(call(st, C, 30, 1, "CLP"), "firm");
	cr_assert_str_eq(call(st, C, 1000, 1, "CLP"), "firm");
	/* In PEN, 500000 whole units are 50,000,000 céntimos. */
	cr_assert_str_eq(call(st, C, -3, 49999999, "PEN"), "-");
	cr_assert_str_eq(call(st, C, -3, 50000000, "PEN"), "courtesy");
	/* By segment. */
	cr_assert_str_eq(call(st, P, 0, 500000, "CLP"), "courtesy");
	cr_assert_str_eq(call(st, P, 1, 1, "CLP"), "reminder");
	cr_assert_str_eq(call(st, P, 19, 1, "CLP"), "reminder");
	cr_assert_str_eq(call(st, P, 20, 1, "CLP"), "firm");
	cr_assert_str_eq(call(st, M, -3, 900000, "CLP"), "-");
	cr_assert_str_eq(call(st, M, 0, 900000, "CLP"), "-");
	cr_assert_str_eq(call(st, M, 1, 1, "CLP"), "reminder");
	cr_assert_str_eq(call(st, M, 6, 1, "CLP"), "reminder");
	cr_assert_str_eq(call(st, M, 7, 1, "CLP"), "firm");
	cr_assert_str_eq(call(st, M, 500, 1, "CLP"), "firm");
	cr_assert_null(cb_strategy_call(st, (enum cb_segment)3, 10, 1,
	    currency("CLP")));
	cb_strategy_free(&st);
}

Test(strategy, call_minimum_in_whole_units)
{
	struct cb_strategy *st = parse_ok(
	    "strategy t\n"
	    "segment cumplidor\n"
	    "day -5 call courtesy min 500\n"
	    "day 1 call reminder\n"
	    "day 5 letter firm\n"
	    "day 10 call firm min 1000\n"
	    "segment moroso\n"
	    "day 3 call firm\n"
	    "template firm letter es\nHola\n.\n"
	    "template firm letter en\nHello\n.\n");
	const enum cb_segment C = CB_SEG_CUMPLIDOR;
	/* PEN: min 500 is S/ 500.00, 50000 céntimos. */
	cr_assert_str_eq(call(st, C, -6, 50000, "PEN"), "-");
	cr_assert_str_eq(call(st, C, -5, 50000, "PEN"), "courtesy");
	cr_assert_str_eq(call(st, C, -5, 49999, "PEN"), "-");
	/* CLP: min 500 is $500. */
	cr_assert_str_eq(call(st, C, -5, 500, "CLP"), "courtesy");
	cr_assert_str_eq(call(st, C, -5, 499, "CLP"), "-");
	/* A call step whose minimum is not met: the call step before. */
	cr_assert_str_eq(call(st, C, 10, 99999, "PEN"), "reminder");
	cr_assert_str_eq(call(st, C, 10, 100000, "PEN"), "firm");
	cr_assert_str_eq(call(st, C, 10, 999, "CLP"), "reminder");
	cr_assert_str_eq(call(st, C, 10, 1000, "CLP"), "firm");
	/* Letters are not calls. */
	cr_assert_str_eq(call(st, C, 5, 1, "CLP"), "reminder");
	/* With no currency, whole units are minor units. */
	cr_assert_str_eq(call(st, C, -5, 500, NULL), "courtesy");
	/* Segments. */
	cr_assert_str_eq(call(st, CB_SEG_MOROSO, 2, 1000000, "CLP"), "-");
	cr_assert_str_eq(call(st, CB_SEG_MOROSO, 3, 0, "CLP"), "firm");
	cr_assert_str_eq(call(st, CB_SEG_PARCIAL, 100, 1000000, "CLP"), "-",
	    "a segment with no steps");
	cb_strategy_free(&st);
}

/* ---- Templates and portfolios ---------------------------------------- */

Test(strategy, templates_prefer_the_language_asked)
{
	struct cb_strategy *st = parse_ok(
	    "strategy t\n"
	    "template firm letter es\nCarta\n.\n"
	    "template firm letter en\nLetter\n.\n"
	    "template firm email en\nsubject Firm\nE-mail\n.\n"
	    "template hola letter es\nHola\n.\n");
	const struct cb_template *t;
	t = cb_strategy_template(st, "firm", CB_CHANNEL_LETTER, "es");
	cr_assert_not_null(t);
	cr_assert_str_eq(t->body, "Carta\n");
	t = cb_strategy_template(st, "firm", CB_CHANNEL_LETTER, "en");
	cr_assert_not_null(t);
	cr_assert_str_eq(t->body, "Letter\n");
	t = cb_strategy_template(st, "firm", CB_CHANNEL_EMAIL, "es");
	cr_assert_not_null(t, "falls back to any language");
	cr_assert_str_eq(t->language, "en");
	cr_assert_str_eq(t->subject, "Firm");
	cr_assert_str_eq(t->body, "E-mail\n");
	t = cb_strategy_template(st, "hola", CB_CHANNEL_LETTER, "en");
	cr_assert_not_null(t);
	cr_assert_str_eq(t->language, "es");
	cr_assert_null(cb_strategy_template(st, "hola", CB_CHANNEL_EMAIL, "es"));
	cr_assert_null(cb_strategy_template(st, "final", CB_CHANNEL_LETTER,
	    "es"));
	cb_strategy_free(&st);
}

Test(strategy, portfolios_covered)
{
	struct cb_strategy *st = parse_ok("strategy t\n"
	    "portfolios retail-cl pymes-pe\n");
	cr_assert(cb_strategy_covers(st, "retail-cl"));
	cr_assert(cb_strategy_covers(st, "pymes-pe"));
	cr_assert_not(cb_strategy_covers(st, "retail"));
	cr_assert_not(cb_strategy_covers(st, "pymes"));
	cr_assert_not(cb_strategy_covers(st, "pymes-pe2"));
	cr_assert_not(cb_strategy_covers(st, "cl"));
	cb_strategy_free(&st);

	st = parse_ok("strategy t\nportfolios retail-cl retail\n");
	cr_assert(cb_strategy_covers(st, "retail"));
	cb_strategy_free(&st);

	st = parse_ok("strategy t\n");
	cr_assert_null(st->portfolios);
	cr_assert(cb_strategy_covers(st, "retail-cl"));
	cr_assert(cb_strategy_covers(st, "anything"));
	cb_strategy_free(&st);
}

Test(strategy, language_of_country)
{
	static const char *const es[] = { "CL", "PE", "ES", "MX", "AR", "CO",
		"VE", "UY" };
	static const char *const en[] = { "US", "BR", "GB", "FR", "PT", "E",
		"ESP", "" };
	for (size_t i = 0; i < sizeof es / sizeof es[0]; i++)
		cr_expect_str_eq(cb_language_of_country(es[i]), "es", "%s", es[i]);
	for (size_t i = 0; i < sizeof en / sizeof en[0]; i++)
		cr_expect_str_eq(cb_language_of_country(en[i]), "en", "'%s'",
		    en[i]);
	cr_assert_str_eq(cb_language_of_country(NULL), "en");
}

/* ---- cb_mime_header --------------------------------------------------- */

static int b64_value(char c)
{
	static const char set[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const char *p = c ? strchr(set, c) : NULL;
	return p ? (int)(p - set) : -1;
}

/* Decodes base64 text of len bytes (a multiple of 4, '=' padded) onto
 * out; returns the bytes written. */
static size_t b64_decode(const char *text, size_t len, char *out)
{
	size_t n = 0;
	cr_assert_eq(len % 4, 0, "base64 of %zu characters", len);
	for (size_t i = 0; i < len; i += 4) {
		int v[4];
		for (int k = 0; k < 4; k++) {
			v[k] = text[i + k] == '=' ? 0 : b64_value(text[i + k]);
			cr_assert_geq(v[k], 0, "'%c' in base64", text[i + k]);
		}
		unsigned bits = (unsigned)v[0] << 18 | (unsigned)v[1] << 12 |
		    (unsigned)v[2] << 6 | (unsigned)v[3];
		out[n++] = (char)(bits >> 16);
		if (text[i + 2] != '=')
			out[n++] = (char)(bits >> 8 & 0xff);
		if (text[i + 3] != '=')
			out[n++] = (char)(bits & 0xff);
		if (text[i + 2] == '=')
			cr_assert_eq(text[i + 3], '=');
	}
	return n;
}

/* True when s[0..len) is whole UTF-8 characters. */
static bool whole_utf8(const char *s, size_t len)
{
	for (size_t i = 0; i < len; ) {
		unsigned char c = (unsigned char)s[i];
		size_t k = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2
		    : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
		if (k == 0 || i + k > len)
			return false;
		for (size_t j = 1; j < k; j++)
			if (((unsigned char)s[i + j] & 0xc0) != 0x80)
				return false;
		i += k;
	}
	return true;
}

/* Checks the encoded words of a header value and returns the text they
 * decode to, in a static buffer; *words is how many there are. */
static const char *decode_header(const char *value, int *words)
{
	static char out[4096];
	size_t n = 0;
	*words = 0;
	for (const char *w = value; ; ) {
		const char *end = strstr(w, "\n ");
		size_t len = end ? (size_t)(end - w) : strlen(w);
		cr_assert_leq(len, 75, "an encoded word of %zu characters", len);
		cr_assert(len > 12 && strncmp(w, "=?UTF-8?B?", 10) == 0 &&
		    strncmp(w + len - 2, "?=", 2) == 0, "'%.*s'", (int)len, w);
		cr_assert_null(memchr(w, ' ', len));
		cr_assert_null(memchr(w, '\n', len));
		size_t got = b64_decode(w + 10, len - 12, out + n);
		cr_assert(whole_utf8(out + n, got), "word %d cuts a character",
		    *words);
		n += got;
		++*words;
		if (end == NULL)
			break;
		w = end + 2;
	}
	out[n] = '\0';
	return out;
}

static const char *mime(const char *text)
{
	static char buf[4096];
	size_t n = cb_mime_header(text, buf, sizeof buf);
	cr_assert_eq(n, strlen(buf));
	return buf;
}

Test(mime, ascii_is_left_alone)
{
	cr_assert_str_eq(mime("Payment reminder: invoice F-10234"),
	    "Payment reminder: invoice F-10234");
	cr_assert_str_eq(mime("Recordatorio de pago: vencida"),
	    "Recordatorio de pago: vencida");
	cr_assert_str_eq(mime(""), "");
	cr_assert_str_eq(mime("=?not encoded?="), "=?not encoded?=");
}

Test(mime, utf8_is_encoded)
{
	const char *text = "Se\xc3\xb1ora Mu\xc3\xb1oz"; /* Señora Muñoz */
	const char *h = mime(text);
	int words;
	cr_assert(strncmp(h, "=?UTF-8?B?", 10) == 0, "%s", h);
	cr_assert_str_eq(h, "=?UTF-8?B?U2XDsW9yYSBNdcOxb3o=?=");
	cr_assert_str_eq(decode_header(h, &words), text);
	cr_assert_eq(words, 1);

	/* Control characters are encoded too: no header can be added. */
	h = mime("Hola\nBcc: otro@example.com");
	cr_assert_null(strstr(h, "\nBcc"), "%s", h);
	cr_assert_str_eq(decode_header(h, &words), "Hola\nBcc: otro@example.com");
	h = mime("Aviso final: 1.234,56 \xe2\x82\xac");
	cr_assert_str_eq(decode_header(h, &words),
	    "Aviso final: 1.234,56 \xe2\x82\xac");
}

Test(mime, a_long_subject_is_folded_between_characters)
{
	char text[256];
	for (int i = 0; i < 100; i++)
		memcpy(text + 2 * i, "\xc3\xb1", 2); /* ñ */
	text[200] = '\0';
	const char *h = mime(text);
	int words;
	cr_assert_str_eq(decode_header(h, &words), text);
	cr_assert_geq(words, 4, "%d words", words);

	/* Three-byte characters after an odd start, and four-byte ones. */
	char mixed[400];
	size_t n = 0;
	mixed[n++] = 'x';
	for (int i = 0; i < 60; i++) {
		memcpy(mixed + n, "\xe2\x82\xac", 3); /* € */
		n += 3;
	}
	for (int i = 0; i < 30; i++) {
		memcpy(mixed + n, "\xf0\x9f\x92\xb0", 4); /* money bag */
		n += 4;
	}
	mixed[n] = '\0';
	h = mime(mixed);
	cr_assert_str_eq(decode_header(h, &words), mixed);
	cr_assert_geq(words, (int)(n / 45));

	/* A short buffer: the length it needed, terminated. */
	char small[16];
	size_t need = cb_mime_header(text, small, sizeof small);
	cr_assert_eq(need, strlen(mime(text)));
	cr_assert_eq(strlen(small), sizeof small - 1);
	cr_assert(strncmp(small, "=?UTF-8?B?", 10) == 0);
}
