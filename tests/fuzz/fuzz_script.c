/* fuzz_script.c -- any text parsed as a call script; a script that parses
 * is rendered for an account and walked from its first step along its
 * first options, and the walk must replay as a logged call would. */
#include "fuzz.h"

#include "money.h"
#include "script.h"

/* An account of Chile, for the text of every variable. */
static struct cb_script_facts facts = {
	.portfolio = "default", .debtor_id = "12345678-5",
	.debtor_name = "José Ñúñez", .debtor_city = "Ñuñoa",
	.portfolio_name = "Retail", .agent_name = "Ana",
	.segment = CB_SEG_PARCIAL, .stage = "collection", .today = 20468,
	.balance = 1234567, .overdue_amount = 1000000, .oldest_amount = 534567,
	.overdue_count = 2, .oldest_dpd = 45, .oldest_due = 20423,
	.oldest_invoice = "1001", .promise_amount = 200000,
	.promise_date = 20470,
};

/* An answer that reads for a question of its type. */
static const char *answer_for(const struct cb_script_ask *q)
{
	switch (q->type) {
	case CB_ANSWER_CHOICE: return "1";
	case CB_ANSWER_AMOUNT: return "150000";
	case CB_ANSWER_DATE: return "2026-02-01";
	case CB_ANSWER_TEXT: return "texto";
	}
	return "";
}

/* Walks from the first step along each step's first way on, answering
 * its questions, until an end or a dead stop. */
static void walk(struct cb_run *r)
{
	const char *why;
	char buf[4096];
	while (r->depth < CB_RUN_PATH_MAX) {
		const struct cb_script_step *st = cb_run_step(r);
		cb_run_text(r, buf, sizeof buf);
		for (size_t i = 0; i < st->nasks; i++)
			if (cb_run_answer(r, st->asks[i].key,
			    answer_for(&st->asks[i]), &why) != CB_OK)
				fuzz_die("a typed answer does not read", CB_ERR_INPUT);
		if (st->end || st->noptions == 0 ||
		    cb_run_choose(r, st->options[0].number, &why) != CB_OK)
			return;
	}
}

/* Replays the walk's path and answers, as `log --script` does. */
static void replay(const struct cb_script *sc, const struct cb_run *r)
{
	char path[CB_RUN_PATH_MAX * (CB_SCRIPT_ID_MAX + 1)], why[256];
	char kv[CB_RUN_ANSWERS_MAX][CB_SCRIPT_KEY_MAX + CB_ANSWER_MAX + 2];
	const char *answers[CB_RUN_ANSWERS_MAX];
	const struct cb_outcome *end = cb_run_outcome(r);
	struct cb_run again;
	if (end == NULL)
		return;
	cb_run_path(r, path, sizeof path);
	for (size_t i = 0; i < r->nanswers; i++) {
		snprintf(kv[i], sizeof kv[i], "%s=%s", r->answers[i].key,
		    r->answers[i].value);
		answers[i] = kv[i];
	}
	cb_run_start(&again, sc, &facts);
	if (cb_run_replay(&again, path, answers, r->nanswers, end->code, why,
	    sizeof why) != CB_OK) {
		fprintf(stderr, "fuzz: the walk %s does not replay: %s\n", path,
		    why);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cb_script *sc;
	struct cb_run r;
	char why[256];
	facts.currency = cb_currency_find("CLP");
	int rc = cb_script_parse((const char *)data, size, "fuzz", &sc, why,
	    sizeof why);
	if (rc == CB_ERR_INPUT && strncmp(why, "fuzz:", 5) == 0)
		return 0;
	if (rc != CB_OK)
		fuzz_die("parse", rc);
	cb_script_matches(sc, &facts);
	cb_run_start(&r, sc, &facts);
	walk(&r);
	replay(sc, &r);
	cb_script_free(&sc);
	return 0;
}
