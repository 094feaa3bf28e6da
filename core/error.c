/* error.c -- words for the result codes of error.h. */
#include "i18n.h"
#include "error.h"

const char *cb_strerror(int code)
{
	switch (code) {
	case CB_OK: return "success";
	case CB_ERR_INPUT: return N_("bad input");
	case CB_ERR_NOTFOUND: return N_("not found");
	case CB_ERR_EXISTS: return N_("already exists");
	case CB_ERR_NOTHING: return N_("nothing to do");
	case CB_ERR_PERM: return N_("not permitted");
	case CB_ERR_CONFLICT: return N_("conflict with another user");
	case CB_ERR_NOSPACE:
		return N_("the disk is full, or there is not enough memory for "
		    "the database's map");
	case CB_ERR_NOMEM: return "out of memory";
	case CB_ERR_IO: return "input/output error";
	case CB_ERR_CORRUPT: return N_("the database is damaged");
	case CB_ERR_VERSION: return "the database was written by a newer cobrador";
	case CB_ERR_BUSY: return "too many cobrador processes at once";
	case CB_ERR_INTERNAL: return "internal error";
	}
	return "unknown error";
}
