/* fuzz_pack.c -- any text parsed as a compliance rule pack; a pack that
 * parses is asked for its holidays over three years and which outcome
 * codes count as calls. */
#include "fuzz.h"

#include "outcome.h"
#include "pack.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cb_pack p;
	char why[256];
	cb_day first, last;
	int rc = cb_pack_parse((const char *)data, size, "fuzz", &p, why,
	    sizeof why);
	if (rc == CB_ERR_INPUT && strncmp(why, "fuzz:", 5) == 0)
		return 0;
	if (rc != CB_OK)
		fuzz_die("parse", rc);
	if (!cb_pack_code_ok(p.code))
		fuzz_die("a pack that parses has a bad code", rc);
	cb_day_from_ymd(2025, 1, 1, &first);
	cb_day_from_ymd(2027, 12, 31, &last);
	for (cb_day d = first; d <= last; d++) {
		const char *name = cb_pack_holiday(&p, d);
		if (name != NULL && strlen(name) >= sizeof p.holidays[0].name)
			fuzz_die("a holiday's name runs over", rc);
	}
	for (const struct cb_outcome *o = cb_outcomes; o->code; o++)
		cb_pack_counts_call(&p, o->code);
	return 0;
}
