# The compliance rule packs at fixed times: each shipped pack's window in
# the debtor's own zone (both daylight-saving changes of Santiago), its
# days and holidays (movable ones too), the weekly limit of Chile, the
# limits of the United States, the reason and next time in the queue and
# in the account view, and no way around them for an agent.
. "$COBRADOR_TOP/tests/lib.sh"

now="2026-03-02 10:00-03:00"
cbn init >/dev/null
cbn user add ag.uno --role agent >/dev/null
cbn user add sup.ana --role supervisor >/dev/null
cat > "$T/d.csv" <<'CSV'
debtor_id,name,country,region,phone
11.111.111-1,Chile Santiago,CL,Metropolitana,+56 9 1111 1111
22.222.222-2,Chile Semana,CL,Metropolitana,+56 9 2222 2222
10300922,Peru Lima,PE,Lima,+51 999 111 222
12345678Z,Espana Madrid,ES,Madrid,+34 600 111 222
US-1001,Texas One,US,Texas,+1 512 555 0101
US-1002,Texas Two,US,Texas,+1 512 555 0102
MX-2001,Mexico Uno,MX,Ciudad de Mexico,+52 55 1111 2222
CSV
cat > "$T/i.csv" <<'CSV'
invoice_id,debtor_id,due_date,amount,portfolio
C1,11111111-1,2026-01-15,500000,cl
C2,22222222-2,2026-01-15,400000,cl
P1,10300922,2026-01-15,1500.00,pe
E1,12345678Z,2026-01-15,900.00,es
U1,US-1001,2026-01-15,700.00,us
U2,US-1002,2026-01-15,600.00,us
M1,MX-2001,2026-01-15,9000.00,mx
CSV
run 0 cbn import debtors "$T/d.csv"
run 0 cbn import invoices "$T/i.csv"

# The queue as ag.uno would get it at a moment, every account with its reason.
queue_at() {
	"$COBRADOR" --db "$DB" --now "$1" queue --agent ag.uno --all \
	    --format tsv --limit 0
}
# column AT ID N: the Nth column of the account of debtor ID.
column() {
	queue_at "$1" | awk -F'\t' -v id="$2" -v n="$3" '$2 ~ "/" id "$" { print $n }'
}
callable() {
	[ -n "$(column "$1" "$2" 1)" ] || fail "$2 is not callable at $1: $(column "$1" "$2" 9)"
}
# refused AT ID REASON [NEXT_UTC]: not callable, with that reason (and the
# next allowed time, in UTC, in the machine column).
refused() {
	[ -z "$(column "$1" "$2" 1)" ] || fail "$2 is callable at $1"
	got=$(column "$1" "$2" 9)
	[ "$got" = "$3" ] || fail "$2 at $1: reason '$got', not '$3'"
	if [ $# -ge 4 ]; then
		got=$(column "$1" "$2" 10)
		[ "$got" = "$4" ] || fail "$2 at $1: next '$got', not '$4'"
	fi
}

# Chile, Monday to Saturday 08:00-20:00 in America/Santiago (-03 in March).
refused "2026-03-02 07:59-03:00" 11111111-1 \
    "before hours (CL); next Mon 2026-03-02 08:00" "2026-03-02 11:00"
callable "2026-03-02 08:01-03:00" 11111111-1
callable "2026-03-02 19:59-03:00" 11111111-1
refused "2026-03-02 20:01-03:00" 11111111-1 \
    "after hours (CL); next Tue 2026-03-03 08:00" "2026-03-03 11:00"
# The same moment told in UTC is judged in the debtor's zone.
refused "2026-03-02T10:59Z" 11111111-1 \
    "before hours (CL); next Mon 2026-03-02 08:00"
callable "2026-03-02T11:01Z" 11111111-1
# Santiago leaves summer time on 5 April 2026: 08:00 is 12:00 UTC after.
refused "2026-04-07T11:59Z" 11111111-1 \
    "before hours (CL); next Tue 2026-04-07 08:00" "2026-04-07 12:00"
callable "2026-04-07T12:01Z" 11111111-1
# ... and enters it on 6 September: 08:00 is 12:00 UTC on Saturday the
# 5th, 11:00 UTC on Monday the 7th.
refused "2026-09-05T11:59Z" 11111111-1 "before hours (CL); next Sat 2026-09-05 08:00"
callable "2026-09-05T12:01Z" 11111111-1
refused "2026-09-07T10:59Z" 11111111-1 \
    "before hours (CL); next Mon 2026-09-07 08:00" "2026-09-07 11:00"
callable "2026-09-07T11:01Z" 11111111-1
# Not on Sunday, not on holidays, fixed or movable.
refused "2026-03-01 12:00-03:00" 11111111-1 "Sunday (CL); next Mon 2026-03-02 08:00"
refused "2026-04-03 10:00-03:00" 11111111-1 \
    "holiday: Viernes Santo (CL); next Mon 2026-04-06 08:00"
refused "2026-09-18 10:00-03:00" 11111111-1 \
    "holiday: Independencia Nacional (CL); next Mon 2026-09-21 08:00"

# Peru, Monday to Friday 07:00-20:00 in America/Lima (-05).
refused "2026-03-02 06:59-05:00" 10300922 "before hours (PE); next Mon 2026-03-02 07:00"
callable "2026-03-02 07:01-05:00" 10300922
callable "2026-03-02 19:59-05:00" 10300922
refused "2026-03-02 20:01-05:00" 10300922 "after hours (PE); next Tue 2026-03-03 07:00"
refused "2026-03-07 10:00-05:00" 10300922 "Saturday (PE); next Mon 2026-03-09 07:00"
refused "2026-04-02 10:00-05:00" 10300922 "holiday: Jueves Santo (PE); next Mon 2026-04-06 07:00"

# Spain, Monday to Friday 09:00-21:00 in Europe/Madrid (+01 in winter).
refused "2026-03-02 08:59+01:00" 12345678Z "before hours (ES); next Mon 2026-03-02 09:00"
callable "2026-03-02 09:01+01:00" 12345678Z
callable "2026-03-02 20:59+01:00" 12345678Z
refused "2026-03-02 21:01+01:00" 12345678Z "after hours (ES); next Tue 2026-03-03 09:00"
refused "2026-04-03 10:00+02:00" 12345678Z "holiday: Viernes Santo (ES); next Mon 2026-04-06 09:00"

# United States, every day 08:00-21:00 in the debtor's state: Texas is
# America/Chicago (-06 until 8 March, -05 after); Sunday is a day like any.
refused "2026-03-01 07:59-06:00" US-1001 "before hours (US); next Sun 2026-03-01 08:00"
callable "2026-03-01 08:01-06:00" US-1001
callable "2026-03-01 20:59-06:00" US-1001
refused "2026-03-01 21:01-06:00" US-1001 "after hours (US); next Mon 2026-03-02 08:00"
refused "2026-03-09 07:59-05:00" US-1001 "before hours (US); next Mon 2026-03-09 08:00"
callable "2026-03-09 08:01-05:00" US-1001

# Mexico, Monday to Friday 07:00-22:00 in America/Mexico_City (-06); the
# third Monday of March is a holiday.
refused "2026-03-02 06:59-06:00" MX-2001 "before hours (MX); next Mon 2026-03-02 07:00"
callable "2026-03-02 07:01-06:00" MX-2001
callable "2026-03-02 21:59-06:00" MX-2001
refused "2026-03-02 22:01-06:00" MX-2001 "after hours (MX); next Tue 2026-03-03 07:00"
refused "2026-03-16 10:00-06:00" MX-2001 \
    "holiday: Natalicio de Benito Juárez (MX); next Tue 2026-03-17 07:00"

# Chile: one call attempt a week.  An agent claims at 19:55 and logs at
# 20:03: the call began inside the window, so it is logged.
claim_cl() {
	for i in 1 2 3 4 5 6 7; do
		got=$("$COBRADOR" --db "$DB" --as ag.uno --now "$1" next)
		case "$got" in */22222222-2) return ;; esac
		"$COBRADOR" --db "$DB" --as ag.uno --now "$1" release "$got" >/dev/null
		"$COBRADOR" --db "$DB" --now "$1" pin "$got" >/dev/null 2>&1 || true
	done
	fail "ag.uno never got 22222222-2"
}
"$COBRADOR" --db "$DB" --now "2026-03-02 19:55-03:00" pin cl/22222222-2 >/dev/null
claim_cl "2026-03-02 19:55-03:00"
run 0 "$COBRADOR" --db "$DB" --as ag.uno --now "2026-03-02 20:03-03:00" \
    log cl/22222222-2 NA
# The call counts from when it was logged: a week after 20:03 the window
# is closed, so it is next Tuesday at 08:00.
refused "2026-03-03 10:00-03:00" 22222222-2 \
    "1/1 calls in 7 days (CL); next Tue 2026-03-10 08:00" "2026-03-10 11:00"
refused "2026-03-09 19:59-03:00" 22222222-2 \
    "1/1 calls in 7 days (CL); next Tue 2026-03-10 08:00"
callable "2026-03-10 08:01-03:00" 22222222-2
# A call logged at once (nobody held the account) is judged at once.
run 4 "$COBRADOR" --db "$DB" --as ag.uno --now "2026-03-05 10:00-03:00" \
    log cl/22222222-2 NA
has "$T/err" "its rule pack forbids this call now: 1/1 calls in 7 days (CL); next Tue 08:00"
# The reason and the next time are in the account view.
run 0 "$COBRADOR" --db "$DB" --now "2026-03-05 10:00-03:00" account cl/22222222-2
has "$T/out" "Local time:  Thu 10:00 (America/Santiago)"
has "$T/out" "Calls:       1/1 calls in 7 days (CL); next Tue 08:00"
run 0 "$COBRADOR" --db "$DB" --now "2026-03-01 12:00-03:00" account cl/11111111-1
has "$T/out" "Calls:       Sunday (CL); next Mon 08:00"
run 0 "$COBRADOR" --db "$DB" --now "2026-03-02 12:00-03:00" account cl/11111111-1
has "$T/out" "Calls:       calls allowed now (CL)"
# ... and in Spanish.
LC_ALL=es_CL.UTF-8 run 0 "$COBRADOR" --db "$DB" --now "2026-03-05 10:00-03:00" \
    account cl/22222222-2
has "$T/out" "Llamadas:    1/1 llamadas en 7 días (CL); próxima mar 08:00"
LC_ALL=es_CL.UTF-8 run 0 "$COBRADOR" --db "$DB" --now "2026-03-01 12:00-03:00" \
    account cl/11111111-1
has "$T/out" "Llamadas:    domingo (CL); próxima lun 08:00"

# United States: seven attempts in seven days, the eighth refused.
for h in 09 10 11 12 13 14 15; do
	run 0 "$COBRADOR" --db "$DB" --as ag.uno --now "2026-03-02 $h:00-06:00" \
	    log us/US-1001 NA
done
run 4 "$COBRADOR" --db "$DB" --as ag.uno --now "2026-03-05 10:00-06:00" \
    log us/US-1001 BZ
has "$T/err" "7/7 calls in 7 days (US)"
# The first was at 15:00 UTC on the 2nd: a week later Chicago is on summer
# time, so the wall clock says 10:00.
refused "2026-03-08 12:00-05:00" US-1001 \
    "7/7 calls in 7 days (US); next Mon 2026-03-09 10:00" "2026-03-09 15:00"
refused "2026-03-09 09:59-05:00" US-1001 \
    "7/7 calls in 7 days (US); next Mon 2026-03-09 10:00"
callable "2026-03-09 10:01-05:00" US-1001
# ... and no call within seven days after a conversation.
run 0 "$COBRADOR" --db "$DB" --as ag.uno --now "2026-03-02 10:00-06:00" \
    log us/US-1002 RPC
run 4 "$COBRADOR" --db "$DB" --as ag.uno --now "2026-03-06 10:00-06:00" \
    log us/US-1002 NA
has "$T/err" "within 7 days after a conversation (US)"
refused "2026-03-06 10:00-06:00" US-1002 \
    "within 7 days after a conversation (US); next Mon 2026-03-09 11:00"
run 4 "$COBRADOR" --db "$DB" --as ag.uno --now "2026-03-09 10:59-05:00" \
    log us/US-1002 NA
run 0 "$COBRADOR" --db "$DB" --as ag.uno --now "2026-03-09 11:01-05:00" \
    log us/US-1002 NA

# A callback is set only for a time the pack allows, counting the call
# being logged: Mexico allows one call a day, 07:00-22:00.
run 2 "$COBRADOR" --db "$DB" --as ag.uno --now "2026-03-02 10:00-06:00" \
    log mx/MX-2001 CB --at "2026-03-02 22:30-06:00"
has "$T/err" "rule pack forbids a call at that time"
run 2 "$COBRADOR" --db "$DB" --as ag.uno --now "2026-03-02 10:00-06:00" \
    log mx/MX-2001 CB --at "2026-03-03 09:00-06:00"
run 0 "$COBRADOR" --db "$DB" --as ag.uno --now "2026-03-02 10:00-06:00" \
    log mx/MX-2001 CB --at "2026-03-03 10:30-06:00"

# A supervisor adds a holiday of their own; an agent may not.
run 4 "$COBRADOR" --db "$DB" --as ag.uno rules holiday CL 2026-03-04 Feriado
run 0 "$COBRADOR" --db "$DB" --as sup.ana rules holiday cl 2026-03-04 Feriado regional
refused "2026-03-04 10:00-03:00" 11111111-1 \
    "holiday: Feriado regional (CL); next Thu 2026-03-05 08:00"
run 0 cb rules show CL
has "$T/out" "holiday 2026-03-04 Feriado regional"
has "$T/out" "#   2026-04-03 Fri Viernes Santo"
run 0 "$COBRADOR" --db "$DB" --as sup.ana rules holiday CL 2026-03-04 --remove
callable "2026-03-04 10:00-03:00" 11111111-1
run 3 "$COBRADOR" --db "$DB" --as sup.ana rules holiday CL 2026-03-04 --remove

# The longest promise: 60 days in Chile.
run 2 "$COBRADOR" --db "$DB" --as ag.uno --now "2026-03-02 10:00-03:00" \
    log cl/11111111-1 PTP --amount 1000 --date 2026-05-02
has "$T/err" "later than the debtor's rule pack allows"
run 0 "$COBRADOR" --db "$DB" --as ag.uno --now "2026-03-02 10:00-03:00" \
    log cl/11111111-1 PTP --amount 1000 --date 2026-05-01

# A pack of one's own, for some debtors only (the debtors file names it):
# open day and night, one call in 60 days.  An agent, at the real time,
# logs one call; the second is refused, and --now does not help.
cat > "$T/strict.pack" <<'PACK'
pack STRICT   # a creditor's own rule
name One call in sixty days
days mon-sun
hours 00:00-24:00
holidays ignore
limit calls 1 per 60 days
PACK
before=$(db_digest)
printf 'pack STRICT\ndays mon-sun\nhours 20:00-08:00\n' > "$T/bad.pack"
run 2 cb rules load "$T/bad.pack"
has "$T/err" "bad.pack:3: hours: the window closes before it opens"
printf 'pack STRICT\ndays mon-sun\nhours 00:00-24:00\nlimit calls 1 per 7 weeks\n' > "$T/bad.pack"
run 2 cb rules load "$T/bad.pack"
has "$T/err" "bad.pack:4: limit:"
[ "$(db_digest)" = "$before" ] || fail "a bad pack changed the database"
run 4 "$COBRADOR" --db "$DB" --as ag.uno rules load "$T/strict.pack"
run 0 cb rules load "$T/strict.pack"
run 0 cb rules show
has "$T/out" "STRICT"
printf 'debtor_id,name,rules\n12345678Z,Espana Madrid,no pack\n' > "$T/d2.csv"
run 2 cbn import debtors "$T/d2.csv"
has "$T/err" "d2.csv:2: rules: "
printf 'debtor_id,name,rules\n12345678Z,Espana Madrid,strict\n' > "$T/d2.csv"
run 0 cbn import debtors "$T/d2.csv"
# A real agent (the program trusts the Unix login): the test runs as root,
# so "nobody" plays the agent.  At the real time, which a pack open day and
# night allows, one call is logged; the second is refused, and neither
# --now nor --as gets round it.
if [ "$(id -u)" -eq 0 ] && id nobody >/dev/null 2>&1; then
	run 0 cb user add nobody --role agent
	chmod -R a+rwX "$T"
	as_nobody() {
		setpriv --reuid=nobody --regid=nogroup --clear-groups \
		    "$COBRADOR" --db "$DB" "$@"
	}
	run 0 as_nobody log es/12345678Z NA
	run 4 as_nobody log es/12345678Z NA
	has "$T/err" "1/1 calls in 60 days (STRICT)"
	run 4 as_nobody --now "2026-12-01 10:00+01:00" log es/12345678Z NA
	has "$T/err" "--as and --now are for admins only"
	run 4 as_nobody --as ag.uno log es/12345678Z NA
	run 4 as_nobody rules load "$T/strict.pack"
else
	echo "note: the part run as a real agent needs root; it was not run" >&2
	run 0 "$COBRADOR" --db "$DB" --as ag.uno log es/12345678Z NA
	run 4 "$COBRADOR" --db "$DB" --as ag.uno log es/12345678Z NA
	has "$T/err" "1/1 calls in 60 days (STRICT)"
fi
run 0 cb check
