# Every input of the fuzz corpus (tests/fuzz/corpus), the crashes the
# fuzzers found included, runs through its target built without libFuzzer:
# no crash, no failed check, no sanitizer report (in the SAN=1 build).
. "$COBRADOR_TOP/tests/lib.sh"

replay="$(dirname "$COBRADOR")/tests/fuzz"
corpus="$COBRADOR_TOP/tests/fuzz/corpus"
for dir in "$corpus"/*/; do
	t=$(basename "$dir")
	[ -x "$replay/replay_$t" ] || fail "no replay program for $t in $replay"
	set -- "$dir"*
	[ -f "$1" ] || fail "the corpus of $t is empty"
	# Its temporary folders go to the test's own, removed at the end.
	TMPDIR="$T" run 0 "$replay/replay_$t" "$@"
	[ ! -s "$T/err" ] || fail "$t reported on its corpus:
$(cat "$T/err")"
done
for prog in "$replay"/replay_*; do
	[ -d "$corpus/${prog##*/replay_}" ] || fail "$prog has no corpus"
done
