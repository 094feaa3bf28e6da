/*
 * outbox.h -- carrying out the steps of the strategies that are not calls:
 * letters and e-mails rendered into the outbox folder, placements with an
 * agency and write-off reviews (doc/strategies.md).
 *
 * A run looks at every account as of now.  For each channel it carries
 * out the latest step of the account's strategy that has come and was not
 * done for the account's oldest due date; earlier ones of the same channel
 * are passed over, so that an account imported 200 days past due gets one
 * letter, not ten.  A message the debtor's rule pack holds (its letter,
 * e-mail or message limits) is tried again at the next run.  Each message
 * is one file (a letter as text, an e-mail as an RFC 5322 message) and an
 * event; running again the same day produces nothing new.
 */
#ifndef CB_OUTBOX_H
#define CB_OUTBOX_H

#include <stdint.h>

#include "pack.h"
#include "user.h"

struct cb_outbox_report {
	uint64_t letters, emails;  /* written */
	uint64_t placed, reviews;  /* accounts taken out of the queue */
	uint64_t held;             /* messages the rule packs hold for now */
	uint64_t no_address;       /* messages with no address to go to */
	uint64_t passed;           /* steps passed over for a later one */
};

/*
 * Runs the outbox into folder dir (made if missing) as of s->now
 * (supervisors).  from, when not NULL, is the e-mails' From address.
 * written(path, channel, arg) is called for each file once its transaction
 * is committed (to hand e-mails to sendmail); progress as for rescore.
 */
int cb_outbox_run(struct cb_session *s, const char *dir, const char *from,
    void (*written)(const char *path, enum cb_channel channel, void *arg),
    void (*progress)(uint64_t done, uint64_t total, void *arg), void *arg,
    struct cb_outbox_report *out);

/* Writes text as an RFC 2047 encoded-word header value when it is not
 * plain ASCII ("=?UTF-8?B?...?=", folded), else as it is.  Returns the
 * length it needed. */
size_t cb_mime_header(const char *text, char *buf, size_t size);

#endif
