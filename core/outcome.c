/* outcome.c -- the table of outcome codes. */
#include "outcome.h"

#include <stddef.h>
#include <strings.h>

#include "i18n.h"

#define CONV CB_OUTCOME_CONVERSATION
#define ATT CB_OUTCOME_ATTEMPT

const struct cb_outcome cb_outcomes[] = {
    {.code = "PTP",
        .kind = CONV,
        .label = N_("promise to pay"),
        .needs_amount = true,
        .needs_date = true},
    {.code = "PAID", .kind = CONV, .label = N_("says it is paid"), .follow_up = 2},
    {.code = "RPC", .kind = CONV, .label = N_("right party, no commitment")},
    {.code = "RTP", .kind = CONV, .label = N_("refuses to pay")},
    {.code = "DSP", .kind = CONV, .label = N_("dispute"), .dispute = true},
    {.code = "CB",
        .kind = CB_OUTCOME_EITHER,
        .label = N_("callback"),
        .needs_time = true},
    {.code = "PLAN",
        .kind = CONV,
        .label = N_("payment plan"),
        .needs_amount = true,
        .needs_date = true},
    {.code = "LM", .kind = ATT, .label = N_("left a message")},
    {.code = "NA", .kind = ATT, .label = N_("no answer")},
    {.code = "BZ", .kind = ATT, .label = N_("busy")},
    {.code = "WPC", .kind = ATT, .label = N_("third party, nothing disclosed")},
    {.code = "WN", .kind = ATT, .label = N_("wrong number"), .bad_phone = true},
    {.code = "DC", .kind = ATT, .label = N_("disconnected"), .bad_phone = true},
    {.code = "DEC", .kind = CB_OUTCOME_STOP, .label = N_("deceased")},
    {.code = "BK", .kind = CB_OUTCOME_STOP, .label = N_("bankruptcy")},
    {.code = "CD", .kind = CB_OUTCOME_STOP, .label = N_("cease contact")},
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
