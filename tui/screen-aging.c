/* screen-aging.c -- each portfolio's balance and aging, with bars
 * (supervisors and admins). */
#include <stdlib.h>
#include <string.h>

#include "aging.h"
#include "cli.h"
#include "error.h"
#include "format.h"
#include "screen.h"

#define PORTFOLIOS_SHOWN 8
#define BUCKETS (CB_AGING_BOUNDS_MAX + 2)

struct aging_portfolio {
	char code[40], currency[8];
	int64_t amount[BUCKETS];
	uint64_t documents[BUCKETS];
	int64_t total;
};

struct aging {
	struct cb_aging_options opt;
	struct aging_portfolio p[PORTFOLIOS_SHOWN];
	int n;
	bool more; /* portfolios left out */
};


/* Copies one aging row into the screen. */
static int aging_row(const struct cb_aging_row *r, void *arg)
{
	struct aging *h = arg;
	struct aging_portfolio *p = h->n > 0 ? &h->p[h->n - 1] : NULL;
	if (p == NULL || strcmp(p->code, r->portfolio) != 0) {
		if (h->n == PORTFOLIOS_SHOWN) {
			h->more = true;
			return CB_OK;
		}
		p = &h->p[h->n++];
		snprintf(p->code, sizeof p->code, "%s", r->portfolio);
		snprintf(p->currency, sizeof p->currency, "%s", r->currency);
	}
	p->amount[r->bucket] = r->amount;
	p->documents[r->bucket] = r->documents;
	p->total += r->amount;
	return CB_OK;
}

int screen_aging_open(struct ws *ws)
{
	struct aging *h = calloc(1, sizeof *h);
	if (h == NULL) {
		ws_fail(ws, CB_ERR_NOMEM, NULL);
		return SCREEN_DONE;
	}
	return ws_open(ws, &screen_aging, h);
}

static int aging_load(struct ws *ws, void *data)
{
	struct aging *h = data;
	memset(h, 0, sizeof *h);
	cb_aging_defaults(&h->opt);
	return cb_aging(ws_session(ws), &h->opt, aging_row, h);
}

/* One portfolio: its total, then a bar per bucket. */
static int draw_portfolio(WINDOW *w, int y, const struct aging *h,
    const struct aging_portfolio *p)
{
	char money[40], bucket[24], docs[24], line[128];
	int64_t max = 1;
	int width = getmaxx(w) - 44;
	for (int b = 0; b <= h->opt.nbounds + 1; b++)
		if (p->amount[b] > max)
			max = p->amount[b];
	wattrset(w, screen_attr(ROLE_TITLE) & ~A_REVERSE);
	screen_text(w, y, 1, 30, p->code);
	wattrset(w, A_BOLD);
	fmt_money(p->total, p->currency, money, sizeof money);
	snprintf(line, sizeof line, "%s %s %s", _("Balance"), money, p->currency);
	screen_text(w, y++, 32, getmaxx(w) - 33, line);
	wattrset(w, A_NORMAL);
	for (int b = 0; b <= h->opt.nbounds + 1; b++, y++) {
		cb_aging_bucket_name(&h->opt, b, bucket, sizeof bucket);
		fmt_money(p->amount[b], p->currency, money, sizeof money);
		snprintf(docs, sizeof docs, "%llu", (unsigned long long)p->documents[b]);
		/* Columns placed one by one: "al día" is 6 columns, 7 bytes. */
		screen_text(w, y, 3, 8, strcmp(bucket, "current") ? bucket
		    : _("current"));
		screen_text_right(w, y, 12, 6, docs);
		screen_text_right(w, y, 19, 18, money);
		int len = p->amount[b] > 0 ? (int)(p->amount[b] * width / max) : 0;
		/* A block the terminal can draw, whatever its charset. */
		wattrset(w, screen_attr(ROLE_CHART));
		mvwhline(w, y, 40, ACS_CKBOARD, len > 0 ? len : 0);
		wattrset(w, A_NORMAL);
	}
	return y + 1;
}

static void aging_draw(struct ws *ws, void *data, WINDOW *w)
{
	const struct aging *h = data;
	int y = 1;
	(void)ws;
	screen_text(w, y, 2, getmaxx(w) - 4, _("Receivables by days past due"));
	screen_text(w, y + 1, 3, getmaxx(w) - 6,
	    _("bucket    docs             amount"));
	y += 3;
	if (h->n == 0)
		screen_text(w, y, 3, getmaxx(w) - 6,
		    _("No portfolios yet: import the ERP's files."));
	for (int i = 0; i < h->n && y + h->opt.nbounds + 3 < getmaxy(w); i++)
		y = draw_portfolio(w, y, h, &h->p[i]);
	if (h->more)
		screen_text(w, getmaxy(w) - 1, 2, getmaxx(w) - 4,
		    _("More portfolios: see 'cobrador report aging'."));
}

static int aging_back(struct ws *ws, void *data, int key)
{
	(void)ws;
	(void)data;
	(void)key;
	return SCREEN_CLOSE;
}

static const struct screen_key aging_keys[] = {
	SCREEN_KEY_HELP("F1 ?", '?'),
	{ 'q', 0, KEY(KEY_F(10)), "F10 q", N_("Back"), N_("Back to the reports"),
	  aging_back },
	SCREEN_KEY_REDRAW,
	{ 0, 0, 0, NULL, NULL, NULL, NULL },
};

static void aging_free(void *data)
{
	free(data);
}

const struct screen screen_aging = {
	.name = "aging",
	.title = N_("Portfolio"),
	.keys = aging_keys,
	.load = aging_load,
	.draw = aging_draw,
	.free = aging_free,
};
