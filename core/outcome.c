/* outcome.c -- the table of outcome codes. */
#include "outcome.h"

#include <stddef.h>
#include <strings.h>

const struct cb_outcome cb_outcomes[] = {
	{ "PTP", CB_OUTCOME_CONVERSATION, "promise to pay", true, true, false, false, false },
	{ "PAID", CB_OUTCOME_CONVERSATION, "says it is paid", false, false, false, false, false },
	{ "RPC", CB_OUTCOME_CONVERSATION, "right party, no commitment", false, false, false, false, false },
	{ "RTP", CB_OUTCOME_CONVERSATION, "refuses to pay", false, false, false, false, false },
	{ "DSP", CB_OUTCOME_CONVERSATION, "dispute", false, false, false, false, true },
	{ "CB", CB_OUTCOME_EITHER, "callback", false, false, true, false, false },
	{ "PLAN", CB_OUTCOME_CONVERSATION, "payment plan", true, true, false, false, false },
	{ "LM", CB_OUTCOME_ATTEMPT, "left a message", false, false, false, false, false },
	{ "NA", CB_OUTCOME_ATTEMPT, "no answer", false, false, false, false, false },
	{ "BZ", CB_OUTCOME_ATTEMPT, "busy", false, false, false, false, false },
	{ "WPC", CB_OUTCOME_ATTEMPT, "third party, nothing disclosed", false, false, false, false, false },
	{ "WN", CB_OUTCOME_ATTEMPT, "wrong number", false, false, false, true, false },
	{ "DC", CB_OUTCOME_ATTEMPT, "disconnected", false, false, false, true, false },
	{ "DEC", CB_OUTCOME_STOP, "deceased", false, false, false, false, false },
	{ "BK", CB_OUTCOME_STOP, "bankruptcy", false, false, false, false, false },
	{ "CD", CB_OUTCOME_STOP, "cease contact", false, false, false, false, false },
	{ NULL, 0, NULL, false, false, false, false, false },
};

const struct cb_outcome *cb_outcome_find(const char *code)
{
	for (const struct cb_outcome *o = cb_outcomes; o->code; o++)
		if (strcasecmp(o->code, code) == 0)
			return o;
	return NULL;
}
