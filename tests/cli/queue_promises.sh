# Promises become kept when a covering payment is imported, broken when
# their day (plus the grace) passes without one, and a broken promise rises
# in the queue; a callback due now comes before it, both before plain
# accounts; a callback for one agent waits for that agent until its grace.
. "$COBRADOR_TOP/tests/lib.sh"

now="2026-03-02 10:00-03:00"
cbn init >/dev/null
anytime
cbn user add ag.uno --role agent >/dev/null
cbn user add ag.dos --role agent >/dev/null
cat > "$T/d.csv" <<'CSV'
debtor_id,name,segment,phone
11.111.111-1,Cumple Promesa,parcial,+56 9 1111 1111
22.222.222-2,Rompe Promesa,parcial,+56 9 2222 2222
33.333.333-3,Pide Llamada,parcial,+56 9 3333 3333
44.444.444-4,Cuenta Grande,parcial,+56 9 4444 4444
CSV
cat > "$T/i.csv" <<'CSV'
invoice_id,debtor_id,due_date,amount
A1,11111111-1,2026-01-31,300000
B1,22222222-2,2026-01-31,200000
C1,33333333-3,2026-01-31,100000
D1,44444444-4,2026-01-31,9000000
CSV
run 0 cbn import debtors "$T/d.csv"
run 0 cbn import invoices "$T/i.csv"

first() { cbn queue --agent "$1" --format csv --limit 1 | awk -F, 'NR == 2 { print $2 }'; }
[ "$(first ag.uno)" = "default/44444444-4" ] || fail "the largest account is not first"

# Two promises for 2026-03-05; a callback for 14:00 today, ag.uno's own.
run 0 cbn --as ag.uno log 11111111-1 PTP --amount 300000 --date 2026-03-05
run 0 cbn --as ag.uno log 22222222-2 PTP --amount 200000 --date 05-03-2026
run 0 cbn --as ag.uno log 33333333-3 CB --at "2026-03-02 14:00-03:00"
run 0 cbn queue --agent ag.uno --all --limit 0
grep 11111111-1 "$T/out" | grep -q "a promise is pending" || fail "a pending promise is called"
grep 33333333-3 "$T/out" | grep -q "a callback is set for later" || fail "a callback set for later is called"

# At 14:05 the callback is due and comes first; ag.uno makes it.
now="2026-03-02 14:05-03:00"
[ "$(first ag.uno)" = "default/33333333-3" ] || fail "a callback due is not first"
run 0 cbn --as ag.uno log 33333333-3 RPC

# Cumple pays on the 4th; Rompe does not pay.
printf 'payment_id,debtor_id,date,amount\nP1,11111111-1,2026-03-04,300000\n' > "$T/p.csv"
now="2026-03-04 20:00-03:00"
run 0 cbn import payments "$T/p.csv"
cbn export events - > "$T/ev"
grep -q ",promise_kept,default,11111111-1," "$T/ev" || fail "the covered promise is not kept"
! grep -q "promise_broken" "$T/ev" || fail "a promise broke early"

# The 5th and the grace of two days pass: the nightly re-score breaks it,
# and it goes to the top of the queue.
now="2026-03-08 02:00-03:00"
run 0 cbn rescore
cbn export events - > "$T/ev"
grep -q ",promise_broken,default,22222222-2," "$T/ev" || fail "the unpaid promise is not broken"
now="2026-03-08 10:00-03:00"
[ "$(first ag.uno)" = "default/22222222-2" ] || fail "a broken promise does not come first"
run 0 cbn account 22222222-2
has "$T/out" "promise_broken"
grep -A3 "^Promises" "$T/out" | grep "2026-03-05" | grep -q "broken" ||
	fail "the account does not list its broken promise"
run 0 cbn account 11111111-1
grep -A3 "^Promises" "$T/out" | grep "2026-03-05" | grep -q "kept" ||
	fail "the account does not list its kept promise"

# "Paid, they say": anyone checks two business days later (a Friday's
# PAID is checked on Tuesday).
now="2026-03-13 10:00-03:00"
run 0 cbn --as ag.uno log 44444444-4 PAID
run 0 cbn queue --agent ag.dos --all --limit 0 --format csv
grep 44444444-4 "$T/out" | grep -q "a callback is set for later" || fail "PAID set no follow-up"
now="2026-03-17 09:59-03:00"
[ "$(first ag.dos)" != "default/44444444-4" ] || fail "the follow-up came early"
now="2026-03-17 10:00-03:00"
[ "$(first ag.dos)" = "default/44444444-4" ] || fail "the follow-up is not given to anyone on Tuesday"
now="2026-03-08 10:00-03:00"

# A callback due now comes before the broken promise, for its own agent;
# another agent gets it only after the grace of 30 minutes.
run 0 cbn --as ag.dos log 33333333-3 CB --at "2026-03-08 11:00-03:00"
now="2026-03-08 11:05-03:00"
[ "$(first ag.dos)" = "default/33333333-3" ] || fail "the own callback is not first"
[ "$(first ag.uno)" = "default/22222222-2" ] || fail "another agent's callback is given before its grace"
now="2026-03-08 11:31-03:00"
[ "$(first ag.uno)" = "default/33333333-3" ] || fail "after the grace anyone gets the callback"
a=$(cbn --as ag.uno next)
[ "$a" = "default/33333333-3" ] || fail "next did not give the callback: $a"
run 0 cbn --as ag.uno log "$a" RPC
run 0 cbn queue --agent ag.uno --limit 0 --format csv
lacks "$T/out" "callback"
run 0 cbn check
