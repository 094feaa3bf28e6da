/* search.c -- accounts by id, name, phone or invoice number. */
#include "search.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "error.h"
#include "model.h"
#include "i18n.h"
#include "text.h"

struct search {
	const struct cb_session *session; /* an agent sees its portfolios */
	struct cb_txn *txn;
	int (*fn)(const struct cb_search_hit *, void *);
	void *arg;
	int hits;
	char seen[CB_SEARCH_LIMIT][CB_ID_MAX]; /* debtors already given */
	int nseen;
};

/* Gives every account of a debtor to the caller, once. */
static int give_debtor(struct search *s, const char *id, const char *why)
{
	struct cb_debtor d;
	struct cb_cursor *c;
	struct cb_val k;
	char debtor[CB_ID_MAX];
	for (int i = 0; i < s->nseen; i++)
		if (strcmp(s->seen[i], id) == 0)
			return CB_OK;
	if (s->nseen == CB_SEARCH_LIMIT)
		return CB_ERR_NOTHING;
	snprintf(s->seen[s->nseen++], CB_ID_MAX, "%s", id);
	snprintf(debtor, sizeof debtor, "%s", id);
	int rc = cb_debtor_get(s->txn, debtor, &d);
	if (rc == CB_OK)
		rc = cb_cursor_open(s->txn, CB_T_PORTFOLIOS, &c);
	if (rc != CB_OK)
		return rc;
	for (rc = cb_cursor_seek(c, (struct cb_val){ 0 }, &k, NULL); rc == CB_OK;
	     rc = cb_cursor_next(c, &k, NULL)) {
		struct cb_account a;
		struct cb_portfolio p;
		if (!cb_session_sees(s->session, k.data) ||
		    cb_account_get(s->txn, k.data, debtor, &a) != CB_OK ||
		    cb_portfolio_get(s->txn, k.data, &p) != CB_OK)
			continue;
		struct cb_search_hit hit = { p.code, d.id, d.name, p.currency,
			a.balance, a.oldest_due, why };
		if ((rc = s->fn(&hit, s->arg)) != CB_OK)
			break;
		if (++s->hits == CB_SEARCH_LIMIT) {
			rc = CB_ERR_NOTHING;
			break;
		}
	}
	cb_cursor_close(&c);
	return rc == CB_ERR_NOTHING ? CB_OK : rc;
}

/* True when every word of the folded query begins a word of name. */
static bool name_has_words(const char *name, const char *query)
{
	char n[512], q[256];
	snprintf(n, sizeof n, "_");
	cb_text_fold(name, n + 1, sizeof n - 1);
	snprintf(q, sizeof q, "%s", query);
	for (char *w = strtok(q, "_"); w; w = strtok(NULL, "_")) {
		char pat[260];
		snprintf(pat, sizeof pat, "_%s", w);
		if (strstr(n, pat) == NULL)
			return false;
	}
	return true;
}

/* Walks the word index from prefix, giving debtors whose name also has
 * the rest of the query. */
static int by_word(struct search *s, const char *word, const char *query,
    const char *why)
{
	struct cb_cursor *c;
	struct cb_val k;
	size_t n = strlen(word);
	int rc = cb_cursor_open(s->txn, CB_T_SEARCH, &c);
	if (rc != CB_OK)
		return rc;
	for (rc = cb_cursor_seek(c, (struct cb_val){ word, n }, &k, NULL);
	     rc == CB_OK && cb_has_prefix(k, word, n) && s->hits < CB_SEARCH_LIMIT;
	     rc = cb_cursor_next(c, &k, NULL)) {
		const char *id = memchr(k.data, '\0', k.size);
		struct cb_debtor d;
		if (id == NULL || ++id >= (const char *)k.data + k.size)
			continue;
		char debtor[CB_ID_MAX];
		snprintf(debtor, sizeof debtor, "%s", id);
		if (query && (cb_debtor_get(s->txn, debtor, &d) != CB_OK ||
		    !name_has_words(d.name, query)))
			continue;
		if ((rc = give_debtor(s, debtor, why)) != CB_OK)
			break;
	}
	cb_cursor_close(&c);
	return rc == CB_ERR_NOTHING ? CB_OK : rc;
}

/* Gives the owners of invoice number text in any portfolio. */
static int by_invoice(struct search *s, const char *text)
{
	struct cb_cursor *c;
	struct cb_val k;
	int rc = cb_cursor_open(s->txn, CB_T_PORTFOLIOS, &c);
	if (rc != CB_OK)
		return rc;
	for (rc = cb_cursor_seek(c, (struct cb_val){ 0 }, &k, NULL); rc == CB_OK;
	     rc = cb_cursor_next(c, &k, NULL)) {
		const char *owner;
		char debtor[CB_ID_MAX];
		if (cb_invoice_owner(s->txn, k.data, text, &owner) != CB_OK)
			continue;
		snprintf(debtor, sizeof debtor, "%s", owner);
		if ((rc = give_debtor(s, debtor, N_("invoice"))) != CB_OK)
			break;
	}
	cb_cursor_close(&c);
	return rc == CB_ERR_NOTHING ? CB_OK : rc;
}

/* The digits of text when it looks like a phone number, else "". */
static void phone_digits(const char *text, char *out, size_t size)
{
	size_t n = 0;
	for (const char *p = text; *p; p++) {
		if (isdigit((unsigned char)*p) && n + 1 < size)
			out[n++] = *p;
		else if (!strchr(" +-.()", *p)) {
			n = 0;
			break;
		}
	}
	out[n < 6 ? 0 : n] = '\0';
}

static int search_all(struct search *s, const char *text)
{
	char canon[CB_ID_MAX], folded[256], digits[64];
	int rc = CB_OK;
	if (cb_debtor_find(s->txn, text, canon, NULL, NULL) == CB_OK)
		rc = give_debtor(s, canon, N_("id"));
	if (rc == CB_OK)
		rc = by_invoice(s, text);
	phone_digits(text, digits, sizeof digits);
	if (rc == CB_OK && digits[0])
		rc = by_word(s, digits, NULL, N_("phone"));
	cb_text_fold(text, folded, sizeof folded);
	char first[256];
	snprintf(first, sizeof first, "%s", folded);
	char *cut = strchr(first, '_');
	if (cut)
		*cut = '\0';
	if (rc == CB_OK && strlen(first) >= 2)
		rc = by_word(s, first, folded, N_("name"));
	return rc;
}

int cb_search(struct cb_session *session, const char *text,
    int (*fn)(const struct cb_search_hit *hit, void *arg), void *arg)
{
	struct search s = { .session = session, .fn = fn, .arg = arg };
	if (!cb_may(session->role, CB_DO_VIEW))
		return CB_ERR_PERM;
	int rc = cb_store_read(session->store, &s.txn);
	if (rc != CB_OK)
		return rc;
	rc = search_all(&s, text);
	cb_txn_end(&s.txn);
	return rc;
}
