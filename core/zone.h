/*
 * zone.h -- the time zone a debtor lives in, by default.
 *
 * Contact windows are in the debtor's own time, so every debtor has an
 * IANA zone: the one the import gives, or the one its country and region
 * imply (Magallanes and Easter Island in Chile, the Canaries in Spain).
 */
#ifndef CB_ZONE_H
#define CB_ZONE_H

/* The zone of a debtor in country (ISO alpha-2) and region or city (either
 * may be NULL), or NULL when cobrador cannot tell: the import must then
 * give one.  The result is static. */
const char *cb_zone_default(const char *country, const char *region,
    const char *city);

#endif
