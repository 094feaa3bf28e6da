/* screen-home.c -- the first screen: each portfolio's balance and aging. */
#include <stdlib.h>
#include <string.h>

#include "aging.h"
#include "cli.h"
#include "error.h"
#include "format.h"
#include "screen.h"

#define PORTFOLIOS_SHOWN 8
#define BUCKETS (CB_AGING_BOUNDS_MAX + 2)

struct home_portfolio {
	char code[40], currency[8];
	int64_t amount[BUCKETS];
	uint64_t documents[BUCKETS];
	int64_t total;
};

struct home {
	struct cb_aging_options opt;
	struct home_portfolio p[PORTFOLIOS_SHOWN];
	int n;
	bool more; /* portfolios left out */
	bool may_report;
};

static const struct screen_key home_keys[] = {
	{ '?', "F1", N_("Help") },
	{ 'q', "F10", N_("Quit") },
	{ 0, NULL, NULL },
};

/* Copies one aging row into the home data. */
static int home_row(const struct cb_aging_row *r, void *arg)
{
	struct home *h = arg;
	struct home_portfolio *p = h->n > 0 ? &h->p[h->n - 1] : NULL;
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

static void *home_load(struct cb_session *s, int *rc)
{
	struct home *h = calloc(1, sizeof *h);
	if (h == NULL) {
		*rc = CB_ERR_NOMEM;
		return NULL;
	}
	cb_aging_defaults(&h->opt);
	h->may_report = cb_may(s->role, CB_DO_REPORT);
	*rc = h->may_report ? cb_aging(s, &h->opt, home_row, h) : CB_OK;
	if (*rc != CB_OK) {
		free(h);
		return NULL;
	}
	return h;
}

/* One portfolio: its total, then a bar per bucket. */
static int draw_portfolio(WINDOW *w, int y, const struct home *h,
    const struct home_portfolio *p)
{
	char money[40], bucket[24], docs[24];
	int64_t max = 1;
	int width = getmaxx(w) - 44;
	for (int b = 0; b <= h->opt.nbounds + 1; b++)
		if (p->amount[b] > max)
			max = p->amount[b];
	wattrset(w, screen_attr(ROLE_TITLE) & ~A_REVERSE);
	screen_text(w, y, 1, 30, p->code);
	wattrset(w, A_BOLD);
	fmt_money(p->total, p->currency, money, sizeof money);
	mvwprintw(w, y++, 32, "%s %s", _("Balance"), money);
	wprintw(w, " %s", p->currency);
	wattrset(w, A_NORMAL);
	for (int b = 0; b <= h->opt.nbounds + 1; b++, y++) {
		cb_aging_bucket_name(&h->opt, b, bucket, sizeof bucket);
		fmt_money(p->amount[b], p->currency, money, sizeof money);
		snprintf(docs, sizeof docs, "%llu", (unsigned long long)p->documents[b]);
		mvwprintw(w, y, 3, "%-8s %6s %18s ", strcmp(bucket, "current") ? bucket
		    : _("current"), docs, money);
		int len = p->amount[b] > 0 ? (int)(p->amount[b] * width / max) : 0;
		/* A block the terminal can draw, whatever its charset. */
		wattrset(w, screen_attr(ROLE_CHART));
		mvwhline(w, y, 40, ACS_CKBOARD, len > 0 ? len : 0);
		wattrset(w, A_NORMAL);
	}
	return y + 1;
}

static void home_draw(WINDOW *w, const void *data, const struct cb_session *s)
{
	const struct home *h = data;
	int y = 1;
	(void)s;
	if (!h->may_report) {
		mvwaddstr(w, y, 2, _("Your queue and calls come in a later version of "
		    "cobrador."));
		return;
	}
	mvwaddstr(w, y, 2, _("Receivables by days past due"));
	mvwaddstr(w, y + 1, 3, _("bucket    docs             amount"));
	y += 3;
	if (h->n == 0)
		mvwaddstr(w, y, 3, _("No portfolios yet: import the ERP's files."));
	for (int i = 0; i < h->n && y + h->opt.nbounds + 3 < getmaxy(w); i++)
		y = draw_portfolio(w, y, h, &h->p[i]);
	if (h->more)
		mvwaddstr(w, getmaxy(w) - 1, 2, _("More portfolios: see 'cobrador report aging'."));
}

static int home_key(void *data, int key)
{
	(void)data;
	if (key == 'q' || key == KEY_F(10))
		return SCREEN_QUIT;
	return SCREEN_DONE;
}

static void home_free(void *data)
{
	free(data);
}

const struct screen screen_home = {
	.title = N_("Portfolio"),
	.keys = home_keys,
	.load = home_load,
	.draw = home_draw,
	.key = home_key,
	.free = home_free,
};
