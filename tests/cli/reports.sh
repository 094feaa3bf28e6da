# The supervisors' reports: promises, agents and activity.  Two agents
# work a week in two portfolios (pesos in Santiago, soles in Lima); each
# report's CSV is compared with the figures worked out here, with awk,
# from the event log as `export events` writes it.  Agents may not run
# them (exit 4); a bad date is a usage error (exit 1); the table is
# aligned.
. "$COBRADOR_TOP/tests/lib.sh"

now="2026-03-02 08:00-03:00"
cbn init >/dev/null
anytime
no_strategy
cbn user add ag.uno --role agent >/dev/null
cbn user add ag.dos --role agent >/dev/null
cbn user add sup.x --role supervisor >/dev/null
cat > "$T/d.csv" <<'CSV'
debtor_id,name,country,phone
11.111.111-1,Cumple Promesa,CL,+56 9 1111 1111
22.222.222-2,Rompe Promesa,CL,+56 9 2222 2222
33.333.333-3,Otra Promesa,CL,+56 9 3333 3333
44.444.444-4,Sin Promesa,CL,+56 9 4444 4444
12288591,Plan Lima,PE,+51 987 654 321
CSV
cat > "$T/i.csv" <<'CSV'
invoice_id,debtor_id,due_date,amount,portfolio
A1,11111111-1,2026-01-31,300000,
B1,22222222-2,2026-01-31,200000,
C1,33333333-3,2026-01-31,100000,
D1,44444444-4,2026-01-31,900000,
L1,12288591,2026-01-31,5000.00,lima
CSV
run 0 cbn import debtors "$T/d.csv"
run 0 cbn import invoices "$T/i.csv"

# at TIME: the moment of what follows.
at() { now=$1; }

at "2026-03-02 09:00-03:00"
run 0 cbn --as ag.uno log 11111111-1 PTP --amount 100000 --date 2026-03-04
at "2026-03-02 09:30-03:00"
run 0 cbn --as ag.uno log 22222222-2 PTP --amount 50000 --date 2026-03-03
at "2026-03-02 10:15-03:00"
run 0 cbn --as ag.uno log 33333333-3 RPC
at "2026-03-02 11:00-03:00"
run 0 cbn --as ag.dos log 33333333-3 NA
at "2026-03-02 11:20-03:00"
run 0 cbn --as ag.dos log 33333333-3 PTP --amount 30000 --date 2026-03-20
# 21:30 in Lima is 02:30 of 03-03 in UTC: a plan of 03-02 there.
at "2026-03-02 21:30-05:00"
run 0 cbn --as ag.uno log 12288591 PLAN --amount 1000.00 --date 2026-03-10 \
    --installments 2
at "2026-03-03 10:00-03:00"
a=$(cbn --as ag.dos next)
at "2026-03-03 10:05-03:00"
run 0 cbn --as ag.dos log "$a" NA
# The payment that keeps the first promise; the re-score that breaks the
# second (due 03-03, two days of grace).
at "2026-03-04 20:00-03:00"
printf 'payment_id,debtor_id,date,amount\nP1,11111111-1,2026-03-04,100000\n' > "$T/p.csv"
run 0 cbn import payments "$T/p.csv"
at "2026-03-06 02:00-03:00"
run 0 cbn rescore
# 23:30 in Santiago, 02:30 of 03-07 in UTC: of 03-06.
at "2026-03-06 23:30-03:00"
run 0 cbn --as ag.dos log 44444444-4 RPC

at "2026-03-10 12:00-03:00"
cbn export events - > "$T/ev.csv"
grep -q ',promise_kept,' "$T/ev.csv" || fail "no promise was kept"
grep -q ',promise_broken,' "$T/ev.csv" || fail "no promise was broken"

# The events, one a line, tab-separated: seq, UTC seconds, the day in the
# portfolio's zone (Santiago is UTC-3 in March, Lima UTC-5; no account:
# UTC), user, kind, account, currency, details.  No field but the details
# holds a comma here.
tail -n +2 "$T/ev.csv" | while IFS=, read -r seq time user kind pf debtor details; do
	case $pf in
	default) off=3 cur=CLP ;;
	lima) off=5 cur=PEN ;;
	*) off=0 cur= ;;
	esac
	s=$(date -u -d "$time" +%s)
	d=$(date -u -d "@$((s - off * 3600))" +%F)
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$seq" "$s" "$d" "$user" \
	    "$kind" "$pf${pf:+/}$debtor" "$cur" "${details#\"}"
done > "$T/ev.tsv"

# What awk programs share: a value of the details, amounts.
LIB='
BEGIN { FS = "\t"; OFS = "," }
function val(s, k,   n, p, i) {
	n = split(s, p, " ")
	for (i = 1; i <= n; i++)
		if (index(p[i], k "=") == 1)
			return substr(p[i], length(k) + 2)
	return ""
}
function minor(a, cur) { return cur == "PEN" ? int(a * 100 + 0.5) : a + 0 }
function money(x, cur) {
	return cur == "PEN" ? sprintf("%d.%02d", int(x / 100), x % 100) : sprintf("%d", x)
}
function tenths(t) { return t < 0 ? "" : sprintf("%d.%d", int(t / 10), t % 10) }
function conversation(c) {
	return c == "PTP" || c == "PAID" || c == "RPC" || c == "RTP" || c == "DSP" || c == "PLAN"
}
'

# ---- report promises ----

# Each PTP is a promise; a PLAN of N installments N promises of amount / N
# (the last takes the rest), numbered seq x 256 + installment; kept or
# broken by their events, else pending.  Grouped by agent and currency.
expect_promises() {
	awk -v from="$1" -v to="$2" "$LIB"'
	$5 == "promise_kept" { st[val($8, "promise")] = "k" }
	$5 == "promise_broken" { st[val($8, "promise")] = "b" }
	$5 == "outcome" { ev[++n] = $0 }
	END {
		for (e = 1; e <= n; e++) {
			split(ev[e], f, "\t")
			c = val(f[8], "code")
			if ((c != "PTP" && c != "PLAN") || f[3] < from || f[3] > to)
				continue
			k = c == "PLAN" ? val(f[8], "installments") : 1
			total = minor(val(f[8], "amount"), f[7])
			g = f[4] "," f[7]
			cur[g] = f[7]
			for (i = 0; i < k; i++) {
				amt = int(total / k) + (i == k - 1 ? total % k : 0)
				s = st[f[1] * 256 + i]
				s = s == "" ? "p" : s
				made[g]++; made_a[g] += amt
				cnt[g, s]++; amt_s[g, s] += amt
			}
		}
		for (g in made) {
			kb = cnt[g, "k"] + cnt[g, "b"]
			r = kb ? int((cnt[g, "k"] * 2000 + kb) / (2 * kb)) : -1
			print g, made[g], money(made_a[g], cur[g]),
			    cnt[g, "k"] + 0, money(amt_s[g, "k"], cur[g]),
			    cnt[g, "b"] + 0, money(amt_s[g, "b"], cur[g]),
			    cnt[g, "p"] + 0, money(amt_s[g, "p"], cur[g]),
			    0, money(0, cur[g]), tenths(r)
		}
	}' "$T/ev.tsv" | LC_ALL=C sort
}

expect_promises 2026-03-01 2026-03-31 > "$T/want"
[ "$(wc -l < "$T/want")" -eq 3 ] || fail "the promises worked out: $(cat "$T/want")"
grep -q '^ag.uno,CLP,2,150000,1,100000,1,50000,0,0,0,0,50.0$' "$T/want" ||
	fail "the promises worked out by hand differ: $(cat "$T/want")"
run 0 cbn report promises --format csv --from 2026-03-01 --to 2026-03-31
head -n 1 "$T/out" > "$T/head"
has "$T/head" "agent,currency,made,made_amount,kept,kept_amount,broken,broken_amount,pending,pending_amount,refused,refused_amount,kept_rate"
tail -n +2 "$T/out" > "$T/got"
diff "$T/want" "$T/got" >&2 || fail "report promises differs from the events"
# The default period is this month to today: the same here.
run 0 cbn report promises --format csv
tail -n +2 "$T/out" | diff "$T/want" - >&2 || fail "the default period differs"
grep '^ag.dos,' "$T/want" > "$T/want.dos"
run 0 cbn report promises --format csv --agent ag.dos --from 2026-03-01 --to 2026-03-31
tail -n +2 "$T/out" | diff "$T/want.dos" - >&2 || fail "report promises --agent differs"
# By day: the plan made at 21:30 in Lima is of 03-02.
run 0 cbn report promises --format csv --by day --from 2026-03-01 --to 2026-03-31
has "$T/out" "day,currency,made"
has "$T/out" "2026-03-02,PEN,2,1000.00,0,0.00,0,0.00,2,1000.00,0,0.00,"
run 0 cbn report promises --format tsv --by month --from 2026-03-01 --to 2026-03-31
printf '2026-03\tCLP\t3\t180000\t1\t100000\t1\t50000\t1\t30000\t0\t0\t50.0\n' > "$T/want"
grep CLP "$T/out" | diff "$T/want" - >&2 || fail "report promises --by month"

# ---- report agents ----

# Per agent, day and currency: outcomes (attempts), conversations
# (contacts), PTP and PLAN (promises, their amount), the amounts of the
# agent's promises kept that day (collected); per agent and day, the first
# claim (for its "agent") or outcome to the last, at least 60 seconds.
expect_agents() {
	awk -v from="$1" -v to="$2" "$LIB"'
	$5 == "outcome" {
		c = val($8, "code")
		if (c == "PTP" || c == "PLAN") {
			k = c == "PLAN" ? val($8, "installments") : 1
			total = minor(val($8, "amount"), $7)
			for (i = 0; i < k; i++) {
				who[$1 * 256 + i] = $4
				amt[$1 * 256 + i] = int(total / k) + (i == k - 1 ? total % k : 0)
			}
		}
	}
	$3 < from || $3 > to || $7 == "" { next }
	$5 == "outcome" {
		r = $4 "," $3 "," $7; row[r] = 1; cur[r] = $7
		att[r]++; con[r] += conversation(c)
		if (c == "PTP" || c == "PLAN") { pro[r]++; prd[r] += total }
		span($4, $3, $2)
	}
	$5 == "claim" {
		a = val($8, "agent"); a = a == "" ? $4 : a
		r = a "," $3 "," $7; row[r] = 1; cur[r] = $7
		span(a, $3, $2)
	}
	$5 == "promise_kept" {
		id = val($8, "promise")
		r = who[id] "," $3 "," $7; row[r] = 1; cur[r] = $7
		col[r] += amt[id]
	}
	function span(a, d, t) {
		if (!((a, d) in first) || t < first[a, d]) first[a, d] = t
		if (!((a, d) in last) || t > last[a, d]) last[a, d] = t
	}
	END {
		for (r in row) {
			split(r, f, ",")
			w = (f[1], f[2]) in first ? last[f[1], f[2]] - first[f[1], f[2]] : -1
			w = w < 0 ? 0 : w < 60 ? 60 : w
			h = w ? int((w * 200 + 3600) / 7200) : -1
			print r, att[r] + 0, con[r] + 0, pro[r] + 0, money(prd[r] + 0, cur[r]),
			    money(col[r] + 0, cur[r]),
			    h < 0 ? "" : sprintf("%d.%02d", int(h / 100), h % 100),
			    tenths(w ? int((con[r] * 72000 + w) / (2 * w)) : -1)
		}
	}' "$T/ev.tsv" | LC_ALL=C sort
}

expect_agents 2026-03-01 2026-03-31 > "$T/want"
# By hand: ag.uno's 03-02 runs from 09:00 in Santiago (12:00 UTC) to the
# plan at 21:30 in Lima (02:30 UTC of 03-03, still 03-02 there): 14.5
# hours.  In pesos 3 outcomes, all contacts, 2 promises of 150,000: 3 /
# 14.5 = 0.2 contacts an hour; in soles the plan: 1 / 14.5 = 0.1.  On 03-04
# the kept promise's 100,000.
grep -q '^ag.uno,2026-03-02,CLP,3,3,2,150000,0,14.50,0.2$' "$T/want" ||
	fail "the agents worked out by hand differ: $(cat "$T/want")"
grep -q '^ag.uno,2026-03-02,PEN,1,1,1,1000.00,0.00,14.50,0.1$' "$T/want" ||
	fail "the agents worked out by hand differ: $(cat "$T/want")"
grep -q '^ag.uno,2026-03-04,CLP,0,0,0,0,100000,,$' "$T/want" ||
	fail "the collected amount worked out by hand differs: $(cat "$T/want")"
grep -q '^ag.dos,2026-03-06,CLP,1,1,0,0,0,0.02,60.0$' "$T/want" ||
	fail "the late call is not of its day: $(cat "$T/want")"
run 0 cbn report agents --format csv --from 2026-03-01 --to 2026-03-31
has "$T/out" "agent,day,currency,attempts,contacts,promises,promised_amount,collected_amount,hours,contacts_per_hour"
tail -n +2 "$T/out" | diff "$T/want" - >&2 || fail "report agents differs from the events"
run 0 cbn report agents --format csv --agent ag.uno --from 2026-03-03 --to 2026-03-06
printf 'ag.uno,2026-03-04,CLP,0,0,0,0,100000,,\n' > "$T/want"
tail -n +2 "$T/out" | diff "$T/want" - >&2 || fail "report agents --agent differs"

# ---- report activity ----

# The events of the rows selected by the awk condition $1, as the report
# writes them: seq,time,user,kind,account,details.
expect_activity() {
	awk "$LIB"' '"$1"' { print $1 }' "$T/ev.tsv" > "$T/seqs"
	awk -F, 'NR == FNR { want[$1] = 1; next }
	FNR > 1 && ($1 in want) {
		line = $0
		for (i = 1; i <= 6; i++)
			sub(/^[^,]*,/, "", line)
		print $1 "," $2 "," $3 "," $4 "," $5 ($5 == "" ? "" : "/") $6 "," line
	}' "$T/seqs" "$T/ev.csv"
}

expect_activity '$3 >= "2026-03-01" && $3 <= "2026-03-31" && $4 == "ag.dos" && ($5 == "claim" || $5 == "outcome")' > "$T/want"
# Four calls, each a claim and an outcome.
[ "$(wc -l < "$T/want")" -eq 8 ] || fail "ag.dos's claims and outcomes: $(cat "$T/want")"
run 0 cbn report activity --format csv --from 2026-03-01 --to 2026-03-31 --agent ag.dos --kind claim,outcome
has "$T/out" "seq,time,user,kind,account,details"
tail -n +2 "$T/out" | diff "$T/want" - >&2 || fail "report activity --agent --kind differs"
expect_activity '$6 == "default/11111111-1"' > "$T/want"
run 0 cbn report activity --format csv --from 2026-03-01 --to 2026-03-31 --account 11.111.111-1
tail -n +2 "$T/out" | diff "$T/want" - >&2 || fail "report activity --account differs"
has "$T/out" ",system,promise_kept,default/11111111-1,"
# 03-06 in each zone: the late call of 23:30 in Santiago; the re-score's
# broken promise.  03-07 holds nothing.
expect_activity '$3 == "2026-03-06"' > "$T/want"
run 0 cbn report activity --format csv --from 2026-03-06 --to 2026-03-06
tail -n +2 "$T/out" | diff "$T/want" - >&2 || fail "report activity of one day differs"
has "$T/out" ",ag.dos,outcome,default/44444444-4,code=RPC"
run 0 cbn report activity --format csv --from 2026-03-07 --to 2026-03-07
[ "$(wc -l < "$T/out")" -eq 1 ] || fail "03-07 holds events: $(cat "$T/out")"

# ---- who, and bad input ----

for kind in promises agents activity; do
	run 4 cbn --as ag.uno report $kind
	has "$T/err" "not permitted"
	run 0 cbn --as sup.x report $kind --format csv
	run 1 cbn report $kind --from 2026-02-30
	has "$T/err" "--from"
	run 1 cbn report $kind --to yesterday
	has "$T/err" "--to"
	run 1 cbn report $kind --from 2026-03-10 --to 2026-03-01
	has "$T/err" "later than"
	run 1 cbn report $kind --format xml
done
run 4 cbn --as ag.uno report activity --account 99999999-9
run 1 cbn report promises --by year
run 2 cbn report activity --account 99.999.999-9

# ---- tables for people ----

# Right-aligned last columns: every line of the table is as long as the
# header, and the header names each column.
run 0 cbn report promises --from 2026-03-01 --to 2026-03-31
head -n 1 "$T/out" | grep -q '^agent  *currency  *made  *amount made  *kept' ||
	fail "the table's header: $(head -n 1 "$T/out")"
[ "$(awk '{ print length($0) }' "$T/out" | sort -u | wc -l)" -eq 1 ] ||
	fail "the promises table is not aligned:
$(cat "$T/out")"
run 0 cbn report agents --from 2026-03-01 --to 2026-03-31
head -n 1 "$T/out" | grep -q '^agent  *day  *currency  *attempts  *contacts' ||
	fail "the agents table's header: $(head -n 1 "$T/out")"
[ "$(awk '{ print length($0) }' "$T/out" | sort -u | wc -l)" -eq 1 ] ||
	fail "the agents table is not aligned:
$(cat "$T/out")"
run 0 cbn report activity --from 2026-03-06 --to 2026-03-06
head -n 1 "$T/out" | grep -q '^ *seq  time (UTC)  *user  *kind  *account  *details$' ||
	fail "the activity table's header: $(head -n 1 "$T/out")"
# The account column starts at the same place on every line.
awk 'NR == 1 { at = index($0, "account") } NR > 1 && substr($0, at - 2, 2) != "  " { exit 1 }' "$T/out" ||
	fail "the activity table is not aligned:
$(cat "$T/out")"
run 0 cbn check
