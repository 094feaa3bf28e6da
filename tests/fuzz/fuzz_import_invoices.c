/* fuzz_import_invoices.c -- any file imported as an invoices file into a
 * database that holds the debtors of doc/formats.md: a dry run and a real
 * import, and a refused file must change nothing. */
#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_import_setup(CB_IMPORT_INVOICES);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_import(CB_IMPORT_INVOICES, data, size);
	return 0;
}
