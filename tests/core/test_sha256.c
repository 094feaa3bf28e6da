/* test_sha256.c -- SHA-256 against the test vectors of FIPS 180-4's examples and
 * lengths checked with another implementation. */
#include <criterion/criterion.h>
#include <string.h>

#include "sha256.h"

static void expect_hex(const void *data, size_t n, const char *want)
{
	unsigned char h[CB_SHA256_LEN];
	char hex[65];
	cb_sha256(data, n, h);
	cb_sha256_hex(h, hex);
	cr_expect_str_eq(hex, want);
}

Test(sha256, empty)
{
	expect_hex("", 0,
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

Test(sha256, abc)
{
	expect_hex("abc", 3,
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

Test(sha256, two_blocks)
{
	const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	expect_hex(m, strlen(m),
	    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

Test(sha256, million_a_in_pieces)
{
	struct cb_sha256 s;
	unsigned char h[CB_SHA256_LEN];
	char hex[65], chunk[997];
	size_t left = 1000000;
	memset(chunk, 'a', sizeof chunk);
	cb_sha256_init(&s);
	/* Uneven pieces cross the block boundary at every offset. */
	for (size_t n = 1; left > 0; n = n % sizeof chunk + 1) {
		size_t take = n < left ? n : left;
		cb_sha256_update(&s, chunk, take);
		left -= take;
	}
	cb_sha256_final(&s, h);
	cb_sha256_hex(h, hex);
	cr_expect_str_eq(hex,
	    "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

Test(sha256, lengths_around_the_padding_boundary)
{
	/* 55, 56 and 64 bytes take one, two and two blocks of padding. */
	char m[64];
	memset(m, 'x', sizeof m);
	unsigned char a[CB_SHA256_LEN], b[CB_SHA256_LEN];
	for (size_t n = 54; n <= 64; n++) {
		struct cb_sha256 s;
		cb_sha256(m, n, a);
		cb_sha256_init(&s);
		cb_sha256_update(&s, m, n / 2);
		cb_sha256_update(&s, m + n / 2, n - n / 2);
		cb_sha256_final(&s, b);
		cr_expect(memcmp(a, b, sizeof a) == 0, "length %zu", n);
	}
	expect_hex(m, 56,
	    "04c26261370ee7541549d16dee320c723e3fd14671e66a099afe0a377c16888e");
}
