# Payment plans (installments tracked like promises; beyond the limits they
# wait for a supervisor), disputes until resolved, pins, assignments and a
# supervisor's release.
. "$COBRADOR_TOP/tests/lib.sh"

now="2026-03-02 10:00-03:00"
cbn init >/dev/null
anytime
no_strategy
cbn user add ag.uno --role agent >/dev/null
cbn user add ag.dos --role agent >/dev/null
cbn user add sup.jefa --role supervisor >/dev/null
cat > "$T/d.csv" <<'CSV'
debtor_id,name,segment,phone
11.111.111-1,Plan Corto,parcial,+56 9 1111 1111
22.222.222-2,Plan Largo,parcial,+56 9 2222 2222
33.333.333-3,En Disputa,parcial,+56 9 3333 3333
44.444.444-4,Chica,parcial,+56 9 4444 4444
55.555.555-5,Grande,parcial,+56 9 5555 5555
CSV
cat > "$T/i.csv" <<'CSV'
invoice_id,debtor_id,due_date,amount
A1,11111111-1,2026-01-31,300000
B1,22222222-2,2026-01-31,1200000
C1,33333333-3,2026-01-31,500000
D1,44444444-4,2026-01-31,10000
E1,55555555-5,2026-01-31,9000000
CSV
run 0 cbn import debtors "$T/d.csv"
run 0 cbn import invoices "$T/i.csv"
first() { cbn queue --agent "$1" --format csv --limit 1 | awk -F, 'NR == 2 { print $2 }'; }
reason() { cbn queue --agent ag.uno --all --limit 0 --format csv | awk -F, -v id="$1" '$2 ~ id { print $9 }'; }

# Three installments of 100000 within the limits: pending at once.
run 0 cbn --as ag.uno log 11111111-1 PLAN --amount 300000 --date 2026-03-10 --installments 3
[ "$(reason 11111111-1)" = "a promise is pending" ] || fail "plan within limits: $(reason 11111111-1)"
run 2 cbn --as ag.uno log 44444444-4 PLAN --amount 10000 --date 2026-03-10
has "$T/err" "a plan has 2 to 120 installments"

# Twelve installments: beyond the agent's limit of six, it waits.
run 0 cbn --as ag.uno log 22222222-2 PLAN --amount 1200000 --date 2026-03-10 --installments 12
[ "$(reason 22222222-2)" = "a payment plan waits for a supervisor" ] || fail "no wait: $(reason 22222222-2)"
run 4 cbn --as ag.uno plan approve 22222222-2
run 0 cbn --as sup.jefa plan approve 22222222-2
[ "$(reason 22222222-2)" = "a promise is pending" ] || fail "approved plan: $(reason 22222222-2)"
run 3 cbn --as sup.jefa plan approve 22222222-2

# The first installment is paid, the second is not: on 11 April the second
# is broken (its day 9 April plus two days' grace).
printf 'payment_id,debtor_id,date,amount\nP1,11111111-1,2026-03-09,100000\n' > "$T/p.csv"
run 0 cbn import payments "$T/p.csv"
now="2026-04-12 03:00-03:00"
run 0 cbn rescore
cbn export events - > "$T/ev"
[ "$(grep -c ",promise_kept,default,11111111-1," "$T/ev")" -eq 1 ] || fail "installment 1 not kept once"
[ "$(grep -c ",promise_broken,default,11111111-1," "$T/ev")" -eq 1 ] || fail "installment 2 not broken once"
grep -q ",plan_approved,default,22222222-2," "$T/ev" || fail "approval not logged"

# A dispute takes the account out until a supervisor resolves it.
now="2026-03-02 10:00-03:00"
run 0 cbn --as ag.uno log 33333333-3 DSP --note "no reconoce la factura"
[ "$(reason 33333333-3)" = "in dispute" ] || fail "dispute: $(reason 33333333-3)"
run 4 cbn --as ag.uno resolve 33333333-3
run 0 cbn --as sup.jefa resolve 33333333-3
[ "$(reason 33333333-3)" = "" ] || fail "resolved: $(reason 33333333-3)"
run 3 cbn --as sup.jefa resolve 33333333-3

# A pin puts the smallest account on top; an assignment keeps it for one
# agent; a supervisor releases another agent's claim.
[ "$(first ag.uno)" = "default/55555555-5" ] || fail "not by size"
run 0 cbn --as sup.jefa pin 44444444-4
[ "$(first ag.uno)" = "default/44444444-4" ] || fail "the pin is not on top"
run 0 cbn --as sup.jefa assign 44444444-4 ag.dos
[ "$(first ag.uno)" = "default/55555555-5" ] || fail "ag.uno gets ag.dos's account"
[ "$(first ag.dos)" = "default/44444444-4" ] || fail "ag.dos does not get its account"
run 2 cbn --as sup.jefa assign 44444444-4 nadie
a=$(cbn --as ag.dos next)
run 5 cbn --as ag.uno release "$a"
run 0 cbn --as sup.jefa release "$a"
run 3 cbn --as sup.jefa release "$a"
run 0 cbn --as sup.jefa pin 44444444-4 --off
run 0 cbn --as sup.jefa assign 44444444-4 --none
[ "$(first ag.uno)" = "default/55555555-5" ] || fail "unpin and unassign"
cbn export events - > "$T/ev"
for k in pin unpin assign dispute_resolved release; do
	grep -q ",$k,default," "$T/ev" || fail "no $k event"
done
run 0 cbn check

# Weights: shown with their defaults, set by supervisors (an event), and
# followed: a 15-minute lease.
run 0 cbn weights
has "$T/out" "lease_minutes"
run 4 cbn --as ag.uno weights lease_minutes 15
run 2 cbn --as sup.jefa weights lease_minutes 100000
has "$T/err" "out of its range"
run 2 cbn --as sup.jefa weights nonsense 1
run 0 cbn --as sup.jefa weights lease_minutes 15
a=$(cbn --as ag.uno next)
cbn export events - | grep ",claim," | tail -n 1 | grep -qF 'until=""2026-03-02 13:15""' ||
	fail "the lease is not 15 minutes"
cbn export events - | grep -q ",weight_set,,,name=weight.lease_minutes value=15" ||
	fail "setting a weight is not logged"

# A debtor who calls in about one account while the agent works another:
# the outcome is logged, and `next` still gives back the account worked.
run 0 cbn --as sup.jefa weights lease_minutes 10
a=$(cbn --as ag.dos next)
[ "$a" != "default/44444444-4" ] || fail "setup: ag.dos got the small account"
run 0 cbn --as ag.dos log 44444444-4 RPC
b=$(cbn --as ag.dos next)
[ "$a" = "$b" ] || fail "the call-in took the place of the account worked ($a, then $b)"
run 0 cbn --as ag.dos release "$b"

# One debtor with accounts in two portfolios: while an agent holds one,
# nobody logs on the other (exit 5).
printf 'invoice_id,debtor_id,due_date,amount,portfolio\nO1,44444444-4,2026-01-31,50000,otra\n' > "$T/o.csv"
run 0 cbn import invoices "$T/o.csv"
run 0 cbn --as sup.jefa pin otra/44444444-4
run 0 cbn --as sup.jefa assign otra/44444444-4 ag.dos
[ "$(cbn --as ag.dos next)" = "otra/44444444-4" ] || fail "setup: ag.dos did not get otra/44444444-4"
run 5 cbn --as ag.uno log default/44444444-4 NA
[ "$(first ag.uno)" != "default/44444444-4" ] || fail "a debtor held elsewhere is offered"
run 0 cbn check
