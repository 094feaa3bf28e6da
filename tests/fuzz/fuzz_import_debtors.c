/* fuzz_import_debtors.c -- any file imported as a debtors file into an
 * empty database: a dry run and a real import, neither of which may crash,
 * and a refused file must change nothing. */
#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_import_setup(CB_IMPORT_DEBTORS);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_import(CB_IMPORT_DEBTORS, data, size);
	return 0;
}
