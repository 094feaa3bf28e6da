# Call scripts from the command line: the shipped set, loading new versions
# (refused, with the line, when broken), and outcomes that record the
# script, its version, the path taken and the answers.
. "$COBRADOR_TOP/tests/lib.sh"

now="2026-03-02 10:00-03:00"
cbn init >/dev/null
anytime
cbn user add ag.uno --role agent >/dev/null
cbn user add sup.ana --role supervisor >/dev/null

# Every shipped script is there, version 1, with when it is chosen.
run 0 cbn script list
for s in courtesy early firm broken-promise third-party; do
	for l in es en; do
		grep -q "^$s-$l  *1  *$l " "$T/out" || fail "no shipped script $s-$l"
	done
done
has "$T/out" "dpd 1..30"
has "$T/out" "dpd 31.."

# A script shown can be loaded back: it becomes version 2.
run 0 cbn script show early-es
cp "$T/out" "$T/early.script"
has "$T/early.script" "step identify mandatory"
run 0 cbn --as sup.ana script load "$T/early.script"
has "$T/out" "early-es version 2"
run 0 cbn script list
grep -q "^early-es  *2 " "$T/out" || fail "version 2 is not listed"
run 0 cbn script show early-es 1
has "$T/out" "version 1"
run 2 cbn script show early-es 9
has "$T/err" "no script early-es version 9"

# Broken copies are refused with their line, and change nothing.
before=$(db_digest)
broken() { # broken LINE WHAT SED: load a copy edited by SED
	sed "$3" "$T/early.script" > "$T/broken.script"
	run 2 cbn --as sup.ana script load "$T/broken.script"
	has "$T/err" "broken.script:$1: "
	has "$T/err" "$2"
}
line_of() { grep -n -- "$1" "$T/early.script" | head -1 | cut -d: -f1; }
l=$(line_of '^option 1 Contesta el titular')
broken "$l" "unknown step 'nowhere'" "${l}s/-> disclose/-> nowhere/"
l=$(line_of '^step identify')
broken "$(( l + 1 ))" "" "$(( l + 1 ))s/{debtor.name}/{debtor.nombre}/"
has "$T/err" "unknown variable '{debtor.nombre}'"
l=$(line_of '^step wrong-number')
# (the option leading to it, one line before, is gone)
broken "$(( l - 1 ))" "cannot be reached" "/-> wrong-number/d"
broken "$l" "has no way out" "/^end WN/d"
l=$(line_of '^step disclose mandatory')
# (one line more above it)
broken "$(( l + 1 ))" "mandatory step 'disclose' can be bypassed" \
    "s/^option 1 Contesta el titular -> disclose/option 1 Contesta el titular -> debt\noption 9 Presentarse -> disclose/"
[ "$(db_digest)" = "$before" ] || fail "a refused script changed the database"
run 4 cbn --as ag.uno script load "$T/early.script"

# An outcome with the script read: checked against the script, recorded.
cat > "$T/d.csv" <<'CSV'
debtor_id,name,segment,phone
11.111.111-1,José Núñez,parcial,+56 9 1111 1111
CSV
printf 'invoice_id,debtor_id,due_date,amount\nA1,11111111-1,2026-02-20,150000\n' > "$T/i.csv"
run 0 cbn import debtors "$T/d.csv"
run 0 cbn import invoices "$T/i.csv"
path="identify>disclose>debt>promise>promise-ok"
run 2 cbn --as ag.uno log 11111111-1 PTP --amount 100000 --date 2026-03-06 \
    --script early-es --path "identify>debt"
has "$T/err" "step 'debt' does not follow"
run 2 cbn --as ag.uno log 11111111-1 PTP --amount 100000 --date 2026-03-06 \
    --script early-es --path "$path" --answer amount=100000 --answer date=2026-03-06
has "$T/err" "question 'reason' was left unanswered"
run 2 cbn --as ag.uno log 11111111-1 PTP --amount 100000 --date 2026-03-06 \
    --script early-es --path "$path" --answer reason=forgot \
    --answer amount=cien --answer date=2026-03-06
has "$T/err" "answer amount: not an amount"
run 2 cbn --as ag.uno log 11111111-1 RPC --script early-es:7
has "$T/err" "no such script"
run 0 cbn --as ag.uno log 11111111-1 PTP --amount 100000 --date 2026-03-06 \
    --script early-es:1 --path "$path" --answer reason=2 \
    --answer amount=100.000 --answer date=06-03-2026
cbn export events - > "$T/ev"
grep ',outcome,default,11111111-1,' "$T/ev" > "$T/outcome"
has "$T/outcome" "script=early-es script_version=1"
has "$T/outcome" "path=identify>disclose>debt>promise>promise-ok"
has "$T/outcome" "answer.reason=no-funds answer.amount=100000 answer.date=2026-03-06"
# An attempt ends the walk early without the disclosure.
now="2026-03-03 10:00-03:00"
run 0 cbn --as ag.uno log 11111111-1 NA --script early-es
run 0 cbn check
