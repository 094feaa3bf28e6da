/*
 * replay.c -- runs a fuzz target without libFuzzer: calls its
 * LLVMFuzzerTestOneInput() once on each file named, so that every input
 * of the corpus, and every crash found, is a test of the normal build.
 *
 *   replay_TARGET FILE...
 *
 * Exits 0 when every file ran through; a crash or a failed check of the
 * target aborts, as it does under libFuzzer.
 */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"

/* Only the targets that set something up define it. */
#pragma weak LLVMFuzzerInitialize

/* Reads a whole file into a buffer of its own size, so that a read past
 * the end of the input is caught as it is under libFuzzer. */
static uint8_t *read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	long n = 0;
	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0 ||
	    (buf = malloc(n > 0 ? (size_t)n : 1)) == NULL ||
	    fread(buf, 1, (size_t)n, f) != (size_t)n) {
		perror(path);
		free(buf);
		buf = NULL;
	}
	if (f != NULL)
		fclose(f);
	*size = buf ? (size_t)n : 0;
	return buf;
}

int main(int argc, char **argv)
{
	int status = 0;
	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE...\n", argv[0]);
		return 2;
	}
	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	for (int i = 1; i < argc; i++) {
		size_t size;
		uint8_t *data = read_file(argv[i], &size);
		if (data == NULL) {
			status = 2;
			continue;
		}
		LLVMFuzzerTestOneInput(data, size);
		free(data);
	}
	return status;
}
