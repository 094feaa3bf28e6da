# The order of the queue among plain accounts (tier "by recovery"): a
# larger, older debt first; one attempted an hour ago after an equal one
# that was not; accounts out of the queue say why.
. "$COBRADOR_TOP/tests/lib.sh"

now="2026-03-02 10:00-03:00"
cbn init >/dev/null
anytime
no_strategy
cbn user add ag.uno --role agent >/dev/null
cat > "$T/d.csv" <<'CSV'
debtor_id,name,segment,phone
11.111.111-1,Grande Antigua,parcial,+56 9 1111 1111
22.222.222-2,Chica Nueva,parcial,+56 9 2222 2222
33.333.333-3,Igual Uno,parcial,+56 9 3333 3333
44.444.444-4,Igual Dos,parcial,+56 9 4444 4444
55.555.555-5,Al Dia,parcial,+56 9 5555 5555
66.666.666-6,En Disputa,parcial,+56 9 6666 6666
CSV
cat > "$T/i.csv" <<'CSV'
invoice_id,debtor_id,due_date,amount
A1,11111111-1,2025-11-22,2000000
B1,22222222-2,2026-02-20,500000
C1,33333333-3,2026-01-31,800000
D1,44444444-4,2026-01-31,800000
E1,55555555-5,2026-03-31,900000
F1,66666666-6,2026-01-01,700000
CSV
run 0 cbn import debtors "$T/d.csv"
run 0 cbn import invoices "$T/i.csv"

# rank_of ID: the account's rank in the agent's queue.
rank_of() {
	cbn queue --agent ag.uno --format csv --limit 0 |
		awk -F, -v id="$1" '$2 ~ "/" id "$" { print $1 }'
}
[ "$(rank_of 11111111-1)" -lt "$(rank_of 22222222-2)" ] ||
	fail "the larger, older debt is not first"

# An hour ago somebody tried Igual Uno: Igual Dos, equal otherwise, comes first.
[ "$(rank_of 33333333-3)" -lt "$(rank_of 44444444-4)" ] ||
	[ "$(rank_of 44444444-4)" -lt "$(rank_of 33333333-3)" ] || fail "no ranks"
run 0 "$COBRADOR" --db "$DB" --now "2026-03-02 09:00-03:00" log 33333333-3 NA
[ "$(rank_of 44444444-4)" -lt "$(rank_of 33333333-3)" ] ||
	fail "an account attempted an hour ago is not lower"
# A day later, after the nightly re-score, the attempt no longer counts.
now="2026-03-03 10:00-03:00"
run 0 cbn rescore
[ "$(rank_of 33333333-3)" -lt "$(rank_of 44444444-4)" ] ||
	fail "an old attempt still lowers the account"
now="2026-03-02 10:00-03:00"
run 0 cbn rescore

# --explain shows the factors; --all shows what is out, with why.
run 0 cbn queue --agent ag.uno --explain
has "$T/out" "70% x 100% x 100%"
run 0 cbn log 66666666-6 DSP
run 0 cbn queue --agent ag.uno --all --limit 0
has "$T/out" "in dispute"
has "$T/out" "not yet due"
grep "55555555-5" "$T/out" | grep -q "not yet due" || fail "Al Dia is not 'not yet due'"
run 0 cbn queue --agent ag.uno --limit 0
lacks "$T/out" "66666666-6"
lacks "$T/out" "55555555-5"

# Stop codes take the account out; a wrong number marks that phone bad.
run 0 cbn log 22222222-2 WN --phone "+56 9 2222 2222"
run 0 cbn account 22222222-2
has "$T/out" "+56 9 2222 2222 (bad)"
run 0 cbn queue --agent ag.uno --all --limit 0
grep "22222222-2" "$T/out" | grep -q "every phone is marked bad" ||
	fail "an account with no good phone is called"
# The ERP sends a new number: the account is called again.
printf 'debtor_id,name,phone
22.222.222-2,Chica Nueva,+56 9 2222 3333
' > "$T/d2.csv"
run 0 cbn import debtors "$T/d2.csv"
run 0 cbn queue --agent ag.uno --limit 0
has "$T/out" "22222222-2"
run 0 cbn log 11111111-1 DEC
run 0 cbn queue --agent ag.uno --all --limit 0
grep "11111111-1" "$T/out" | grep -q "stopped" || fail "DEC did not stop the account"

# Bad requests are refused and change nothing.
before=$(db_digest)
run 2 cbn log 44444444-4 PTP --amount 1000
has "$T/err" "the date is needed"
run 2 cbn log 44444444-4 PTP --amount 1000 --date 2026-03-01
has "$T/err" "the date is in the past"
run 2 cbn log 44444444-4 CB --at "2026-03-01 10:00"
has "$T/err" "the callback time is past"
run 2 cbn log 44444444-4 XYZ
has "$T/err" "unknown outcome code"
[ "$(db_digest)" = "$before" ] || fail "a refused outcome changed the database"
run 0 cbn check
