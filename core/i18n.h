/*
 * i18n.h -- words of core that people read.
 *
 * Core never translates: it marks with N_() the static sentences and names
 * it returns (error words, reasons, roles...) so that the message catalogs
 * gather them, and the program translates them when it shows them.
 */
#ifndef CB_I18N_H
#define CB_I18N_H

#define N_(s) (s)

#endif
