# A demo of 100,000 accounts is made, exported and imported into a new
# database, which then gives the same aging report; long work shows its
# progress on a terminal and stays quiet when the output is not one.
. "$COBRADOR_TOP/tests/lib.sh"

# Under Valgrind (fifty times slower) a twentieth of it.
n=100000
under_valgrind && n=5000
run 0 cb demo --accounts $n --seed 3
has "$T/out" "$n accounts"
lacks "$T/err" "%"
anytime
run 0 cb check

for x in accounts invoices payments; do
	run 0 cb export "$x" "$T/$x.csv"
done
has "$T/out" "rows"
[ "$(wc -l < "$T/accounts.csv")" -eq $((n + 1)) ] || fail "not $n accounts exported"

copy="$T/copy"
run 0 "$COBRADOR" --db "$copy" init
# The debtors through a pseudo-terminal, to see the progress.
script -qec "'$COBRADOR' --db '$copy' import debtors '$T/accounts.csv'" /dev/null > "$T/tty"
has "$T/tty" "100%"
has "$T/tty" "$n added"
run 0 "$COBRADOR" --db "$copy" import invoices "$T/invoices.csv"
lacks "$T/err" "%"
run 0 "$COBRADOR" --db "$copy" import payments "$T/payments.csv"

cb report aging --as-of 2026-06-30 --format csv > "$T/a1"
"$COBRADOR" --db "$copy" report aging --as-of 2026-06-30 --format csv > "$T/a2"
diff -u "$T/a1" "$T/a2" || fail "the copy ages differently"
cb report aging --as-of 2026-06-30 --format csv --by debtor | sort > "$T/d1"
"$COBRADOR" --db "$copy" report aging --as-of 2026-06-30 --format csv --by debtor | sort > "$T/d2"
cmp -s "$T/d1" "$T/d2" || fail "the copy's debtors age differently"
run 0 "$COBRADOR" --db "$copy" check

# The nightly re-score of the 100,000 accounts shows its progress on a
# terminal, and agents claim and log meanwhile.
script -qec "'$COBRADOR' --db '$DB' rescore" /dev/null > "$T/rescore" &
rescore=$!
i=0
while [ $i -lt 10 ]; do
	a=$(cb --as ag.munoz next) || fail "no claim while re-scoring"
	cb --as ag.munoz log "$a" NA > /dev/null || fail "no outcome while re-scoring"
	i=$((i + 1))
done
wait $rescore || fail "rescore failed"
has "$T/rescore" "Re-scoring accounts: 100%"
run 0 cb check
