# report kpi: a month of a small portfolio made through the command line
# (ERP files loaded on their days, outcomes logged at fixed times, the
# nightly re-score), and every figure of the report checked against one
# worked out here from the files, the event log and the aging report.
# The example of doc/reports.md; tests/core/test_kpi.c has it in detail.
. "$COBRADOR_TOP/tests/lib.sh"

now="2026-02-20 12:00-03:00"
cbn init >/dev/null
anytime
no_strategy
cbn user add ag.uno --role agent >/dev/null
cbn user add sup.jefa --role supervisor >/dev/null

cat > "$T/d.csv" <<'CSV'
debtor_id,name,segment,phone
11.111.111-1,Ana Abarca,parcial,+56 9 1111 1111
22.222.222-2,Benito Bravo,parcial,+56 9 2222 2222
33.333.333-3,Carla Cerda,parcial,+56 9 3333 3333
CSV
run 0 cbn import debtors "$T/d.csv"

# Every document the ERP sends this month, in the order it sends them;
# the header of each file is added as it is loaded.
inv_header=invoice_id,debtor_id,issue_date,due_date,amount,type,applies_to
pay_header=payment_id,debtor_id,date,amount,invoice_id
cat > "$T/inv-1" <<'CSV'
F1,11111111-1,2026-01-10,2026-02-09,1000000,invoice,
F0,22222222-2,2025-11-01,2025-12-01,200000,invoice,
F3,22222222-2,2025-12-01,2025-12-31,400000,invoice,
F4,22222222-2,2026-02-15,2026-03-17,300000,invoice,
F5,33333333-3,2026-02-01,2026-03-03,500000,invoice,
CSV
printf 'F2,11111111-1,2026-03-05,2026-04-04,600000,invoice,\n' > "$T/inv-2"
printf 'NC1,11111111-1,2026-03-10,2026-03-10,100000,credit_note,F1\n' > "$T/inv-3"
printf 'P3,33333333-3,2026-02-20,100000,\n' > "$T/pay-1"
printf 'P5,22222222-2,2026-03-05,50000,\n' > "$T/pay-2"
printf 'P1,11111111-1,2026-03-12,400000,F1\n' > "$T/pay-3"
printf 'P2,22222222-2,2026-03-20,250000,F3\n' > "$T/pay-4"
printf 'P4,33333333-3,2026-03-25,500000,\n' > "$T/pay-5"
load() {
	{ echo "$2"; cat "$T/$3"; } > "$T/$3.csv"
	run 0 cbn import "$1" "$T/$3.csv"
}
log() { run 0 cbn --as ag.uno log "$@"; }

load invoices "$inv_header" inv-1
load payments "$pay_header" pay-1
now="2026-02-26 10:00-03:00"; log 33333333-3 PTP --amount 100000 --date 2026-03-02
now="2026-02-28 23:59-03:00"; log 22222222-2 NA
now="2026-03-02 10:00-03:00"; log 11111111-1 PTP --amount 400000 --date 2026-03-12
now="2026-03-03 10:00-03:00"; log 22222222-2 PTP --amount 300000 --date 2026-03-10
now="2026-03-05 09:00-03:00"; load invoices "$inv_header" inv-2
load payments "$pay_header" pay-2
now="2026-03-05 11:00-03:00"; log 33333333-3 NA
now="2026-03-09 12:00-03:00"; log 11111111-1 LM
now="2026-03-10 09:00-03:00"; load invoices "$inv_header" inv-3
now="2026-03-12 09:00-03:00"; load payments "$pay_header" pay-3
now="2026-03-16 10:00-03:00"; log 22222222-2 PTP --amount 250000 --date 2026-03-20
now="2026-03-18 15:00-03:00"; log 33333333-3 RPC
now="2026-03-20 09:00-03:00"; load payments "$pay_header" pay-4
now="2026-03-20 10:00-03:00"; log 33333333-3 PTP --amount 500000 --date 2026-03-25
now="2026-03-23 10:00-03:00"; log 11111111-1 CB --at "2026-03-24 10:00-03:00"
now="2026-03-25 09:00-03:00"; load payments "$pay_header" pay-5
now="2026-03-27 10:00-03:00"
log 22222222-2 PLAN --amount 300000 --date 2026-03-31 --installments 2
now="2026-03-30 10:00-03:00"; log 11111111-1 PTP --amount 600000 --date 2026-04-03
now="2026-03-31 23:30-03:00"; log 33333333-3 RTP
now="2026-04-01 00:30-03:00"; log 11111111-1 BZ
now="2026-04-02 10:00-03:00"
run 0 cbn rescore

from=2026-03-01 to=2026-03-31 before=2026-02-28
days=$(( $(days $from $to) + 1 ))

# r10 NUM DEN SCALE: NUM / DEN x SCALE rounded half away from zero, as
# tenths ("54.8"); empty when DEN is not above zero.
r10() {
	if [ "$2" -le 0 ]; then echo; return; fi
	n=$1 sign=
	if [ "$n" -lt 0 ]; then n=$((-n)) sign=-; fi
	v=$(( (2 * n * $3 + $2) / (2 * $2) ))
	echo "$sign$((v / 10)).$((v % 10))"
}

# Credit sales: from the files, a debit issued in the period adds, a
# credit note subtracts (the issue date, else the due date).
sales=$(cat "$T"/inv-? | awk -F, -v f=$from -v t=$to '{
	d = $3 != "" ? $3 : $4
	if (d >= f && d <= t) s += ($6 == "credit_note" ? -$5 : $5)
} END { print s + 0 }')

# Receivables from the aging report as of each day.
aging_sum() {
	cbn report aging --as-of "$1" --format csv |
		awk -F, -v b="$2" 'NR > 1 && (b == "" || $3 == b) { s += $5 } END { print s + 0 }'
}
begin=$(aging_sum $before "")
end=$(aging_sum $to "")
current=$(aging_sum $to current)

# The outcomes from the event log: their UTC times within the period's
# days in Santiago (UTC-3 all March).
cbn export events - > "$T/ev"
counts=$(awk -F, '$4 == "outcome" && $2 >= "2026-03-01 03:00" && $2 < "2026-04-01 03:00" {
	match($0, /code=[A-Z]+/); code = substr($0, RSTART + 5, RLENGTH - 5)
	n++
	if (code ~ /^(PTP|PAID|RPC|RTP|DSP|PLAN)$/) c++
	if (code == "PTP" || code == "PLAN") p++
} END { print n + 0, c + 0, p + 0 }' "$T/ev")
set -- $counts
outcomes=$1 conversations=$2 promises=$3
# Promises due in the period, kept or broken as the system logged them.
kept=$(grep -c ',promise_kept,.*date=2026-03-' "$T/ev" || true)
broken=$(grep -c ',promise_broken,.*date=2026-03-' "$T/ev" || true)

# Roll rates: each document open on 02-28 in a bucket, and what of it is
# open on 03-31 in a later one (the allocation of section 8 of
# formats.md, worked out by hand):
#   current  F4 300,000 -> 300,000 (1-30);  F5 400,000 -> 0 (paid by P4)
#   1-30     F1 1,000,000 -> 1,000,000 - NC1 - P1 = 500,000 (31-60)
#   31-60    F3 400,000 -> 400,000 - P2 = 150,000 (61-90)
#   61-90    F0 200,000 -> 200,000 - P5 = 150,000 (91+)
# and the aging report by debtor agrees with each of those amounts.
by_debtor() {
	cbn report aging --by debtor --as-of "$1" --format csv |
		awk -F, -v d="$2" -v b="$3" '$1 == d && $5 == b { print $7 }'
}
[ "$(by_debtor $before 22222222-2 current)" = 300000 ] || fail "F4 on $before"
[ "$(by_debtor $before 33333333-3 current)" = 400000 ] || fail "F5 on $before"
[ "$(by_debtor $before 11111111-1 1-30)" = 1000000 ] || fail "F1 on $before"
[ "$(by_debtor $before 22222222-2 31-60)" = 400000 ] || fail "F3 on $before"
[ "$(by_debtor $before 22222222-2 61-90)" = 200000 ] || fail "F0 on $before"
[ "$(by_debtor $to 22222222-2 1-30)" = 300000 ] || fail "F4 on $to"
[ "$(by_debtor $to 11111111-1 31-60)" = 500000 ] || fail "F1 on $to"
[ "$(by_debtor $to 22222222-2 61-90)" = 150000 ] || fail "F3 on $to"
[ "$(by_debtor $to 22222222-2 91+)" = 150000 ] || fail "F0 on $to"
roll_current=$(r10 300000 $((300000 + 400000)) 1000)
roll_1_30=$(r10 500000 1000000 1000)
roll_31_60=$(r10 150000 400000 1000)
roll_61_90=$(r10 150000 200000 1000)

dso=$(r10 $((end * days)) "$sales" 10)
best=$(r10 $((current * days)) "$sales" 10)
cei=$(r10 $((begin + sales - end)) $((begin + sales - current)) 1000)
rpc=$(r10 "$conversations" "$outcomes" 1000)
promise_rate=$(r10 "$promises" "$conversations" 1000)
kept_rate=$(r10 "$kept" $((kept + broken)) 1000)

{
	echo "portfolio,currency,from,to,days,credit_sales,receivables_begin,receivables_end,receivables_current,dso,best_dso,cei,outcomes,conversations,promises,rpc_rate,promise_rate,kept,broken,kept_rate,roll_current,roll_1_30,roll_31_60,roll_61_90"
	echo "default,CLP,$from,$to,$days,$sales,$begin,$end,$current,$dso,$best,$cei,$outcomes,$conversations,$promises,$rpc,$promise_rate,$kept,$broken,$kept_rate,$roll_current,$roll_1_30,$roll_31_60,$roll_61_90"
} > "$T/want"
run 0 cbn --as sup.jefa report kpi --from $from --to $to --format csv
diff -u "$T/want" "$T/out" || fail "the kpi report differs"

# The figures worked out by hand in doc/reports.md, so that the two
# computations above cannot both go wrong the same way.
[ "$sales,$begin,$end,$current" = "500000,2300000,1600000,500000" ] ||
	fail "receivables: $sales,$begin,$end,$current"
[ "$dso,$best,$cei" = "99.2,31.0,52.2" ] || fail "DSO, CEI: $dso,$best,$cei"
[ "$outcomes,$conversations,$promises,$kept,$broken" = "11,8,6,3,2" ] ||
	fail "counts: $outcomes,$conversations,$promises,$kept,$broken"
[ "$rpc,$promise_rate,$kept_rate" = "72.7,75.0,60.0" ] ||
	fail "rates: $rpc,$promise_rate,$kept_rate"
[ "$roll_current,$roll_1_30,$roll_31_60,$roll_61_90" = "42.9,50.0,37.5,75.0" ] ||
	fail "rolls"

# TSV is the same with tabs; the table, for people, has one row too.
run 0 cbn report kpi --from $from --to $to --format tsv
tr '\t' , < "$T/out" | diff -u "$T/want" - || fail "the TSV differs"
run 0 cbn report kpi --from $from --to $to
has "$T/out" "DSO"
grep "^default" "$T/out" | grep -q "1.600.000\|1,600,000" ||
	fail "the table lacks the receivables"
grep "^default" "$T/out" | grep -q "99.2" || fail "the table lacks the DSO"
[ "$(wc -l < "$T/out")" -eq 2 ] || fail "the table is not one row"

# Without dates: this month to today, in the portfolio's zone (April 1 and
# 2: the BZ of 04-01 00:30 only).
run 0 cbn report kpi --format csv
awk -F, 'NR == 2 { print $3, $4, $5, $13, $14 }' "$T/out" > "$T/got"
echo "2026-04-01 2026-04-02 2 1 0" | diff -u - "$T/got" ||
	fail "the default period"
# --to alone: its month.
run 0 cbn report kpi --to 2026-02-28 --format csv
awk -F, 'NR == 2 { print $3, $5 }' "$T/out" | grep -qx "2026-02-01 28" ||
	fail "--to alone is not its month"

# Agents may not; bad dates and options are usage errors; an unknown
# portfolio is bad input.
run 4 cbn --as ag.uno report kpi --format csv
run 1 cbn report kpi --from 2026-02-30
has "$T/err" "--from"
run 1 cbn report kpi --to yesterday
run 1 cbn report kpi --from 2026-03-10 --to 2026-03-01
run 1 cbn report kpi --from 2026-04-03
run 1 cbn report kpi --format xml
run 1 cbn report kpi extra
run 2 cbn report kpi --portfolio nowhere
has "$T/err" "no portfolio nowhere"
run 0 cbn report --help
has "$T/out" "report kpi"
run 0 cbn check
