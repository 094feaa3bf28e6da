/*
 * shipped.h -- the texts the program carries: the rule packs (pack.h), the
 * call scripts (script.h) and the collection strategies (strategy.h) it
 * ships, compiled in from core/packs, core/scripts and core/strategies by
 * scripts/embed-texts.
 */
#ifndef CB_SHIPPED_H
#define CB_SHIPPED_H

/* Each array is in name order and ends with a NULL text. */
struct cb_shipped {
	const char *name; /* the file's name: "CL", "courtesy-es" */
	const char *text;
};

extern const struct cb_shipped cb_shipped_packs[];
extern const struct cb_shipped cb_shipped_scripts[];
extern const struct cb_shipped cb_shipped_strategies[];

#endif
