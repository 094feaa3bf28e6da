/* screen-reports.c -- the supervisors' reports on screen: promises by
 * agent, what each agent did, the key figures and the latest events, each
 * a table with a bar chart of the figure that reads best as a picture,
 * for a month that [ and ] move. */
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "event.h"
#include "format.h"
#include "kpi.h"
#include "money.h"
#include "screen.h"
#include "stats.h"

#define ROWS_MAX 200
#define COLS_MAX 6
#define CELL_MAX 48

enum report_view { VIEW_PROMISES, VIEW_AGENTS, VIEW_KPI, VIEW_ACTIVITY,
	VIEWS };

/* A report as the screen shows it: rows of cells, and per row the value
 * its bar draws (scaled against the largest). */
struct chart {
	enum report_view view;
	cb_day from, to;                /* the period shown */
	const char *bar_title;          /* what the bars are, untranslated */
	int64_t bar_full;               /* a full bar (1000: 100.0%); 0: the
	                                 * largest bar of the chart */
	size_t ncols;
	const char *headers[COLS_MAX];  /* untranslated */
	int widths[COLS_MAX];           /* negative: right-aligned */
	size_t nrows;
	bool more;                      /* rows left out */
	char cells[ROWS_MAX][COLS_MAX][CELL_MAX];
	int64_t bar[ROWS_MAX];
	int first;                      /* the first row shown */
};

static const char *const view_titles[VIEWS] = {
	N_("Promises by agent"), N_("Agents by day"), N_("Key figures"),
	N_("Activity"),
};

int screen_reports_open(struct ws *ws, int view)
{
	if (!cb_may(ws_session(ws)->role, CB_DO_REPORT)) {
		ws_fail(ws, CB_ERR_PERM, NULL);
		return SCREEN_DONE;
	}
	struct chart *c = calloc(1, sizeof *c);
	if (c == NULL) {
		ws_fail(ws, CB_ERR_NOMEM, NULL);
		return SCREEN_DONE;
	}
	c->view = (enum report_view)(view % VIEWS);
	c->from = c->to = CB_DAY_NONE;
	if (cb_stats_period(ws_session(ws)->now, &c->from, &c->to) != CB_OK) {
		free(c);
		return SCREEN_DONE;
	}
	return ws_open(ws, &screen_reports, c);
}

/* The next row's cells, or NULL when the chart is full. */
static char (*next_row(struct chart *c))[CELL_MAX]
{
	if (c->nrows == ROWS_MAX) {
		c->more = true;
		return NULL;
	}
	return c->cells[c->nrows++];
}

/* A rate in tenths ("54.8"), or "-" when there is none. */
static void tenths(char *out, int64_t v)
{
	if (v < 0 || v == CB_KPI_NONE)
		snprintf(out, CELL_MAX, "-");
	else
		snprintf(out, CELL_MAX, "%lld.%lld", (long long)(v / 10),
		    (long long)(v % 10));
}

/* ---- The loaders -------------------------------------------------------- */

static int promise_row(const struct cb_stats_promises_row *r, void *arg)
{
	struct chart *c = arg;
	char (*row)[CELL_MAX] = next_row(c);
	if (row == NULL)
		return CB_OK;
	snprintf(row[0], CELL_MAX, "%s", r->group);
	snprintf(row[1], CELL_MAX, "%llu", (unsigned long long)r->made.count);
	fmt_money(r->made.amount, r->currency, row[2], CELL_MAX);
	snprintf(row[3], CELL_MAX, "%llu/%llu", (unsigned long long)r->kept.count,
	    (unsigned long long)r->broken.count);
	tenths(row[4], r->kept_rate);
	snprintf(row[5], CELL_MAX, "%s", r->currency);
	c->bar[c->nrows - 1] = r->kept_rate > 0 ? r->kept_rate : 0;
	return CB_OK;
}

static int load_promises(struct cb_session *s, struct chart *c)
{
	struct cb_stats_promises_options opt = { c->from, c->to, NULL,
		CB_STATS_BY_AGENT };
	static const char *const h[] = { N_("agent"), N_("made"),
		N_("amount made"), N_("kept/broken"), N_("kept %"),
		N_("currency") };
	static const int w[] = { 14, -6, -16, -12, -7, 6 };
	memcpy(c->headers, h, sizeof h);
	memcpy(c->widths, w, sizeof w);
	c->ncols = 6;
	c->bar_title = N_("kept %");
	c->bar_full = 1000;
	return cb_stats_promises(s, &opt, promise_row, c);
}

static int agent_row(const struct cb_stats_agent_day *r, void *arg)
{
	struct chart *c = arg;
	char (*row)[CELL_MAX] = next_row(c), day[11];
	if (row == NULL)
		return CB_OK;
	cb_day_format(r->day, day);
	snprintf(row[0], CELL_MAX, "%s %s %s", r->agent, day + 5, r->currency);
	snprintf(row[1], CELL_MAX, "%llu", (unsigned long long)r->attempts);
	snprintf(row[2], CELL_MAX, "%llu", (unsigned long long)r->contacts);
	snprintf(row[3], CELL_MAX, "%llu", (unsigned long long)r->promises);
	fmt_money(r->collected, r->currency, row[4], CELL_MAX);
	tenths(row[5], r->contacts_per_hour);
	c->bar[c->nrows - 1] = r->contacts_per_hour > 0 ? r->contacts_per_hour : 0;
	return CB_OK;
}

static int load_agents(struct cb_session *s, struct chart *c)
{
	struct cb_stats_agents_options opt = { c->from, c->to, NULL };
	static const char *const h[] = { N_("agent, day"), N_("attempts"),
		N_("contacts"), N_("promises"), N_("collected"), N_("an hour") };
	static const int w[] = { 24, -8, -9, -8, -14, -7 };
	memcpy(c->headers, h, sizeof h);
	memcpy(c->widths, w, sizeof w);
	c->ncols = 6;
	c->bar_title = N_("contacts an hour");
	c->bar_full = 0;
	return cb_stats_agents(s, &opt, agent_row, c);
}

/* One figure of a portfolio: a row whose bar is the figure itself. */
static void kpi_figure(struct chart *c, const char *portfolio,
    const char *name, int64_t value, bool percent)
{
	char (*row)[CELL_MAX] = next_row(c);
	if (row == NULL)
		return;
	snprintf(row[0], CELL_MAX, "%s", portfolio);
	snprintf(row[1], CELL_MAX, "%s", _(name));
	tenths(row[2], value);
	if (percent && value != CB_KPI_NONE)
		strcat(row[2], " %");
	/* Only rates have bars: days and percents share no scale. */
	c->bar[c->nrows - 1] = !percent || value == CB_KPI_NONE || value < 0 ?
	    0 : value;
}

static int kpi_row(const struct cb_kpi_row *r, void *arg)
{
	struct chart *c = arg;
	char name[40];
	kpi_figure(c, r->portfolio, N_("DSO (days)"), r->dso, false);
	kpi_figure(c, r->portfolio, N_("best DSO (days)"), r->best_dso, false);
	kpi_figure(c, r->portfolio, N_("CEI"), r->cei, true);
	kpi_figure(c, r->portfolio, N_("right-party contacts"), r->rpc_rate,
	    true);
	kpi_figure(c, r->portfolio, N_("promise rate"), r->promise_rate, true);
	kpi_figure(c, r->portfolio, N_("promises kept"), r->kept_rate, true);
	for (int i = 0; i < r->nrolls; i++) {
		snprintf(name, sizeof name, _("roll from bucket %d"), i);
		kpi_figure(c, r->portfolio, name, r->roll[i].rate, true);
	}
	return CB_OK;
}

static int load_kpi(struct cb_session *s, struct chart *c)
{
	struct cb_kpi_options opt;
	static const char *const h[] = { N_("portfolio"), N_("figure"),
		N_("value") };
	static const int w[] = { 14, 24, -10 };
	cb_kpi_defaults(&opt);
	opt.from = c->from;
	opt.to = c->to;
	memcpy(c->headers, h, sizeof h);
	memcpy(c->widths, w, sizeof w);
	c->ncols = 3;
	c->bar_title = N_("rates, of 100%");
	c->bar_full = 1000;
	return cb_kpi(s, &opt, kpi_row, c);
}

static int event_row(const struct cb_event *ev, void *arg)
{
	struct chart *c = arg;
	char (*row)[CELL_MAX] = next_row(c), when[17];
	if (row == NULL)
		return CB_OK;
	cb_time_format_utc(ev->time, when);
	snprintf(row[0], CELL_MAX, "%s", when + 5);
	snprintf(row[1], CELL_MAX, "%s", ev->user);
	snprintf(row[2], CELL_MAX, "%s", ev->kind);
	snprintf(row[3], CELL_MAX, "%s%s%s", ev->portfolio ? ev->portfolio : "",
	    ev->portfolio ? "/" : "", ev->debtor ? ev->debtor : "");
	cb_event_details(ev, row[4], CELL_MAX);
	return CB_OK;
}

static int load_activity(struct cb_session *s, struct chart *c)
{
	struct cb_stats_activity_options opt = { .from = c->from, .to = c->to };
	static const char *const h[] = { N_("when (UTC)"), N_("user"),
		N_("event"), N_("account"), N_("details") };
	static const int w[] = { 12, 10, 14, 22, 40 };
	memcpy(c->headers, h, sizeof h);
	memcpy(c->widths, w, sizeof w);
	c->ncols = 5;
	c->bar_title = NULL;
	c->bar_full = 0;
	return cb_stats_activity(s, &opt, event_row, c);
}

static int reports_load(struct ws *ws, void *data)
{
	static int (*const load[VIEWS])(struct cb_session *, struct chart *) = {
		load_promises, load_agents, load_kpi, load_activity,
	};
	struct chart *c = data;
	c->nrows = 0;
	c->more = false;
	memset(c->bar, 0, sizeof c->bar);
	int rc = load[c->view](ws_session(ws), c);
	if (c->first >= (int)c->nrows)
		c->first = 0;
	if (rc != CB_OK)
		ws_fail(ws, rc, NULL);
	return CB_OK; /* an empty chart says what failed */
}

/* ---- Drawing ---------------------------------------------------------------- */

static int draw_cells(WINDOW *w, int y, const struct chart *c,
    const char *const *cells, bool translate)
{
	int x = 2;
	for (size_t i = 0; i < c->ncols && x < getmaxx(w) - 2; i++) {
		int width = abs(c->widths[i]);
		const char *text = translate ? _(cells[i]) : cells[i];
		if (x + width > getmaxx(w) - 2)
			width = getmaxx(w) - 2 - x;
		if (c->widths[i] < 0)
			screen_text_right(w, y, x, width, text);
		else
			screen_text(w, y, x, width, text);
		x += width + 2;
	}
	return x;
}

static void reports_draw(struct ws *ws, void *data, WINDOW *w)
{
	const struct chart *c = data;
	char from[11], to[11], line[160];
	int y = 0, bottom = getmaxy(w);
	int64_t max = 1;
	(void)ws;
	cb_day_format(c->from, from);
	cb_day_format(c->to, to);
	snprintf(line, sizeof line, _("%s, %s to %s"), _(view_titles[c->view]),
	    from, to);
	wattron(w, A_BOLD);
	screen_text(w, y++, 2, getmaxx(w) - 4, line);
	int x = draw_cells(w, ++y, c, c->headers, true);
	if (c->bar_title)
		screen_text(w, y, x, getmaxx(w) - x - 2, _(c->bar_title));
	wattroff(w, A_BOLD);
	y++;
	for (size_t i = 0; i < c->nrows; i++)
		if (c->bar[i] > max)
			max = c->bar[i];
	if (c->bar_full > max)
		max = c->bar_full;
	if (c->nrows == 0)
		screen_text(w, y, 2, getmaxx(w) - 4, _("Nothing in this period."));
	for (size_t i = (size_t)c->first; i < c->nrows && y < bottom; i++) {
		const char *cells[COLS_MAX];
		for (size_t k = 0; k < c->ncols; k++)
			cells[k] = c->cells[i][k];
		x = draw_cells(w, y, c, cells, false);
		int room = getmaxx(w) - x - 2;
		if (c->bar_title && room > 0) {
			wattron(w, screen_attr(ROLE_CHART));
			mvwhline(w, y, x, ACS_CKBOARD, (int)(c->bar[i] * room / max));
			wattroff(w, screen_attr(ROLE_CHART));
		}
		y++;
	}
}

/* ---- Keys ------------------------------------------------------------------- */

static int reports_view(struct ws *ws, void *data, int key)
{
	struct chart *c = data;
	(void)ws;
	c->view = (enum report_view)((c->view + (key == KEY(KEY_BTAB) ? VIEWS - 1
	    : 1)) % VIEWS);
	c->first = 0;
	return SCREEN_RELOAD;
}

/* [ and ]: the month before or after (the current one ends today). */
static int reports_month(struct ws *ws, void *data, int key)
{
	struct chart *c = data;
	cb_day today = CB_DAY_NONE, first = CB_DAY_NONE;
	cb_stats_period(ws_session(ws)->now, &first, &today);
	/* The first day of the month shown, then one month on or back. */
	cb_day start = c->from, probe = key == '[' ? start - 1 : c->to + 1;
	char day[11];
	int y, m, d;
	cb_day_format(probe, day);
	if (key == ']' && probe > today)
		return SCREEN_DONE;
	sscanf(day, "%d-%d-%d", &y, &m, &d);
	cb_day_from_ymd(y, m, 1, &c->from);
	cb_day_from_ymd(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1, &c->to);
	c->to = c->to - 1 < today ? c->to - 1 : today;
	c->first = 0;
	return SCREEN_RELOAD;
}

static int reports_scroll(struct ws *ws, void *data, int key)
{
	struct chart *c = data;
	(void)ws;
	if (key == KEY(KEY_UP) && c->first > 0)
		c->first--;
	else if (key == KEY(KEY_DOWN) && c->first + 1 < (int)c->nrows)
		c->first++;
	return SCREEN_REDRAW;
}

static int reports_aging(struct ws *ws, void *data, int key)
{
	(void)data;
	(void)key;
	return screen_aging_open(ws);
}

static int reports_back(struct ws *ws, void *data, int key)
{
	(void)ws;
	(void)data;
	(void)key;
	return SCREEN_CLOSE;
}

static const struct screen_key reports_keys[] = {
	SCREEN_KEY_HELP("F1 ?", '?'),
	{ '\t', 0, KEY(KEY_BTAB), "Tab", N_("Report"),
	  N_("The next report: promises, agents, key figures, activity"),
	  reports_view },
	{ '[', 0, ']', "[ ]", N_("Month"), N_("The month before, or after"),
	  reports_month },
	{ 'g', 0, 0, "g", N_("Aging"), N_("Each portfolio's aging, with bars"),
	  reports_aging },
	{ KEY(KEY_DOWN), KEY(KEY_UP), 0, "Down Up", NULL, N_("Scroll"),
	  reports_scroll },
	{ 'q', 0, KEY(KEY_F(10)), "F10 q", N_("Back"), N_("Back home"),
	  reports_back },
	SCREEN_KEY_REDRAW,
	{ 0, 0, 0, NULL, NULL, NULL, NULL },
};

static void reports_free(void *data)
{
	free(data);
}

const struct screen screen_reports = {
	.name = "reports",
	.title = N_("Reports"),
	.keys = reports_keys,
	.load = reports_load,
	.draw = reports_draw,
	.free = reports_free,
};
