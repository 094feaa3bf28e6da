# fuzz.mk -- the libFuzzer targets of tests/fuzz, included by GNUmakefile.
#
#   make fuzz     builds the core with clang and libFuzzer in build/fuzz and
#                 runs each target FUZZ_SECONDS (60) on a copy of its corpus;
#                 FUZZ_TARGETS="csv pack" runs only those
#
# Each target also builds with the build's own compiler and flags as a
# replay program (tests/fuzz/replay.c) that `make check` runs over the
# corpus (tests/cli/fuzz_corpus.sh), so that every crash found stays a test.

FUZZ_ALL := csv import_debtors import_invoices import_payments script pack \
    record
FUZZ_TARGETS ?= $(FUZZ_ALL)
FUZZ_SECONDS ?= 60
# The longest input of each target: room for a few times its largest seed.
FUZZ_MAX_LEN_csv := 16384
FUZZ_MAX_LEN_import_debtors := 4096
FUZZ_MAX_LEN_import_invoices := 4096
FUZZ_MAX_LEN_import_payments := 4096
FUZZ_MAX_LEN_script := 16384
FUZZ_MAX_LEN_pack := 16384
FUZZ_MAX_LEN_record := 1024

FUZZ_OUT := $(BUILD)/tests/fuzz
FUZZ_REPLAY := $(FUZZ_ALL:%=$(FUZZ_OUT)/replay_%)
# One program from two sources: no dependency files (the rule names them).
FUZZ_CFLAGS = $(filter-out -MMD -MP,$(ALL_CFLAGS)) $(CORE_CFLAGS) -Icore \
    -Itests/fuzz

$(FUZZ_OUT)/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c \
    tests/fuzz/fuzz.h $(LIB)
	@mkdir -p $(@D)
	$(CC) $(FUZZ_CFLAGS) $< tests/fuzz/replay.c -o $@ $(ALL_LDFLAGS) \
	    $(LIB) $(CORE_LIBS)

check: $(FUZZ_REPLAY)

.PHONY: fuzz
ifeq ($(FUZZ),1)
$(FUZZ_OUT)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(LIB)
	@mkdir -p $(@D)
	$(CC) $(FUZZ_CFLAGS) $< -o $@ $(ALL_LDFLAGS) -fsanitize=fuzzer $(LIB) \
	    $(CORE_LIBS)

# Runs the targets one after the other and stops at the first crash,
# naming the target and the input kept in $(FUZZ_OUT)/crashes/TARGET.
# UBSan stops at its first report, as ASan does, so that it is a crash.
fuzz: $(FUZZ_TARGETS:%=$(FUZZ_OUT)/fuzz_%)
	@for run in $(foreach t,$(FUZZ_TARGETS),$(t):$(FUZZ_MAX_LEN_$(t))); do \
	    t=$${run%%:*}; max=$${run#*:}; \
	    work=$(FUZZ_OUT)/corpus/$$t; crashes=$(FUZZ_OUT)/crashes/$$t; \
	    log=$(FUZZ_OUT)/$$t.log; \
	    mkdir -p $$work $$crashes && cp tests/fuzz/corpus/$$t/* $$work/ || exit 1; \
	    echo "fuzz: $$t, $(FUZZ_SECONDS) s, inputs up to $$max bytes"; \
	    if ! UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	        $(FUZZ_OUT)/fuzz_$$t -max_len=$$max -timeout=30 \
	        -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
	        -artifact_prefix=$$crashes/ $$work >$$log 2>&1; then \
	        tail -n 40 $$log; \
	        input=$$(sed -n 's/.*Test unit written to //p' $$log | tail -n 1); \
	        echo "fuzz: $$t crashed on $${input:-an input (see $$log)}"; \
	        exit 1; \
	    fi; \
	    grep -E '^#[0-9]+[[:space:]]+DONE|^Done ' $$log | sed 's/^/  /'; \
	done
else
# The build with fuzzer instrumentation is one of its own (build/fuzz),
# made with clang, which is installed when it is missing.
fuzz:
	@command -v clang >/dev/null 2>&1 || scripts/install-deps fuzz
	@$(MAKE) --no-print-directory FUZZ=1 fuzz
endif
