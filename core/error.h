/*
 * error.h -- the result codes every core call returns.
 *
 * Core functions return int: CB_OK (0) on success or one of the codes
 * below.  No LMDB, iconv or errno value ever leaves core; store.c
 * translates them in one place.  cb_strerror() turns a code into words.
 */
#ifndef CB_ERROR_H
#define CB_ERROR_H

enum cb_error {
	CB_OK = 0,
	CB_ERR_INPUT,    /* bad input: nothing was changed */
	CB_ERR_NOTFOUND, /* no such record */
	CB_ERR_EXISTS,   /* the record or database already exists */
	CB_ERR_NOTHING,  /* nothing to do (end of data, empty queue) */
	CB_ERR_PERM,     /* the caller's role does not allow it */
	CB_ERR_CONFLICT, /* held by another agent, or stale data */
	CB_ERR_NOSPACE,  /* the disk or the map is full */
	CB_ERR_NOMEM,    /* out of memory */
	CB_ERR_IO,       /* a system call failed (errno is kept) */
	CB_ERR_CORRUPT,  /* the database breaks an invariant */
	CB_ERR_VERSION,  /* the database is newer than this program */
	CB_ERR_BUSY,     /* too many readers, even after clearing stale ones */
	CB_ERR_INTERNAL, /* a bug: a state that cannot happen */
};

/* Returns a static English sentence for code; never NULL. */
const char *cb_strerror(int code);

#endif
