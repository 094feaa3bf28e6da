/*
 * workstation.h -- the full-screen program agents and supervisors use.
 *
 * One loop: wait for a key (holding no transaction), let the current
 * screen handle it, redraw what it marked dirty with one doupdate().
 * Each screen lives in its own file behind struct screen.
 */
#ifndef CB_WORKSTATION_H
#define CB_WORKSTATION_H

#include <stdbool.h>

#include "user.h"

/* Runs the workstation until the user quits; returns an exit code. */
int workstation_run(struct cb_session *s, bool fixed_now);

#endif
