/*
 * sha256.h -- SHA-256 (FIPS 180-4), for the hash chain of the event log.
 */
#ifndef CB_SHA256_H
#define CB_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define CB_SHA256_LEN 32

struct cb_sha256 {
	uint32_t h[8];
	uint64_t bytes;
	unsigned char block[64];
	size_t fill;
};

void cb_sha256_init(struct cb_sha256 *s);
void cb_sha256_update(struct cb_sha256 *s, const void *data, size_t n);
void cb_sha256_final(struct cb_sha256 *s, unsigned char out[CB_SHA256_LEN]);

/* The hash of one buffer. */
void cb_sha256(const void *data, size_t n, unsigned char out[CB_SHA256_LEN]);

/* Writes the hash as 64 lower-case hex digits and a NUL. */
void cb_sha256_hex(const unsigned char hash[CB_SHA256_LEN], char out[65]);

#endif
