# make bench, at a tiny size: every row of the table comes out with both
# engines where both do the work, the engines agree on the aging (the
# benchmark stops otherwise) and nobody claims an account held.  No time
# is judged here: times are for make bench, on a quiet machine.
. "$COBRADOR_TOP/tests/lib.sh"

build=$(dirname "$COBRADOR")
BENCH_ACCOUNTS=2000 BENCH_ROUNDS=64 BENCH_IDLE=1 BENCH_DIR="$T/bench" \
	"$COBRADOR_TOP/scripts/bench" "$build" > "$T/table" 2> "$T/log" ||
	fail "bench failed: $(cat "$T/log")"
has "$T/table" "2000 accounts, 10000 invoices"

# cell ROW COLUMN: a cell of the table's row that starts with ROW.
cell() { grep -F "| $1 |" "$T/table" | awk -F' [|] ' -v c="$2" '{ print $c }'; }
number() { echo "$1" | grep -Eq '^[0-9]+(\.[0-9]+)?( (s|ms|MiB))?$'; }
for r in "import of the CSV files" "aging report" "nightly re-score" \
    "re-score: longest write transaction" "claim-next, 1 processes, p50" \
    "claim-next, 32 processes, p99" "outcomes logged per second (durable)"; do
	number "$(cell "$r" 2)" || fail "$r: cobrador's cell is '$(cell "$r" 2)'"
	number "$(cell "$r" 3)" || fail "$r: SQLite's cell is '$(cell "$r" 3)'"
done
for r in "start to first screen (median of 5)" \
    "start to first screen, the first of them" "bytes for one line moved in a list" \
    "bytes while idle (1 s at home)" "bytes for opening an account" \
    "agent process private memory"; do
	number "$(cell "$r" 2)" || fail "$r: '$(cell "$r" 2)'"
done
# 64 claims by one process, then 2 by each of 32.
[ "$(cell "double claims (of all claims)" 2)" = "0 of 128" ] ||
	fail "cobrador's claims: $(cell "double claims (of all claims)" 2)"
[ "$(cell "double claims (of all claims)" 3)" = "0 of 128" ] ||
	fail "SQLite's claims: $(cell "double claims (of all claims)" 3)"
# The two engines' aging, which the benchmark compared, are not empty.
[ "$(wc -l < "$T/bench/aging.cb")" -eq 5 ] || fail "aging: $(cat "$T/bench/aging.cb")"
