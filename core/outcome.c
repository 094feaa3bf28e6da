/* outcome.c -- the table of outcome codes. */
#include "outcome.h"

#include <stddef.h>
#include <strings.h>

#define CONV CB_OUTCOME_CONVERSATION
#define ATT CB_OUTCOME_ATTEMPT

const struct cb_outcome cb_outcomes[] = {
    {.code = "PTP",
        .kind = CONV,
        .label = "promise to pay",
        .needs_amount = true,
        .needs_date = true},
    {.code = "PAID", .kind = CONV, .label = "says it is paid", .follow_up = 2},
    {.code = "RPC", .kind = CONV, .label = "right party, no commitment"},
    {.code = "RTP", .kind = CONV, .label = "refuses to pay"},
    {.code = "DSP", .kind = CONV, .label = "dispute", .dispute = true},
    {.code = "CB",
        .kind = CB_OUTCOME_EITHER,
        .label = "callback",
        .needs_time = true},
    {.code = "PLAN",
        .kind = CONV,
        .label = "payment plan",
        .needs_amount = true,
        .needs_date = true},
    {.code = "LM", .kind = ATT, .label = "left a message"},
    {.code = "NA", .kind = ATT, .label = "no answer"},
    {.code = "BZ", .kind = ATT, .label = "busy"},
    {.code = "WPC", .kind = ATT, .label = "third party, nothing disclosed"},
    {.code = "WN", .kind = ATT, .label = "wrong number", .bad_phone = true},
    {.code = "DC", .kind = ATT, .label = "disconnected", .bad_phone = true},
    {.code = "DEC", .kind = CB_OUTCOME_STOP, .label = "deceased"},
    {.code = "BK", .kind = CB_OUTCOME_STOP, .label = "bankruptcy"},
    {.code = "CD", .kind = CB_OUTCOME_STOP, .label = "cease contact"},
    {.code = NULL},
};

#undef CONV
#undef ATT

const struct cb_outcome *cb_outcome_find(const char *code)
{
	for (const struct cb_outcome *o = cb_outcomes; o->code; o++)
		if (strcasecmp(o->code, code) == 0)
			return o;
	return NULL;
}
