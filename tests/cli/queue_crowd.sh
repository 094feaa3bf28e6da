# 32 agents claiming at once, round after round, never hold the same debtor;
# every claim has its release in the event log, once.  A claim whose process
# is killed leaves a database that passes check, and its lease lapses on
# time: the account comes back to the queue.
. "$COBRADOR_TOP/tests/lib.sh"

run 0 cb demo --accounts 1500 --seed 9
anytime
i=1
while [ $i -le 32 ]; do
	cb user add "ag.crowd$i" --role agent >/dev/null
	i=$((i + 1))
done

rounds=5
i=1
while [ $i -le 32 ]; do
	(
		r=0
		while [ $r -lt $rounds ]; do
			a=$(cb --as "ag.crowd$i" next) || exit 1
			echo "$a" >> "$T/claims.$i"
			cb --as "ag.crowd$i" log "$a" NA >/dev/null || exit 1
			r=$((r + 1))
		done
	) &
	i=$((i + 1))
done
wait || true
i=1
while [ $i -le 32 ]; do
	[ "$(wc -l < "$T/claims.$i")" -eq $rounds ] || fail "agent $i did not finish its rounds"
	i=$((i + 1))
done

# From the log: per debtor, claims and releases alternate; no debtor is
# claimed while it is held.
cb export events - > "$T/events"
awk -F, '
	$4 == "claim" { if (held[$6] != "") { print "double claim of " $6 " at " $1; bad = 1 } held[$6] = $3; claims++ }
	$4 == "release" || $4 == "lapse" { if (held[$6] == "") { print "release of a free " $6 " at " $1; bad = 1 } held[$6] = ""; releases++ }
	END { if (claims != 160 || releases != 160) { print claims " claims, " releases " releases"; bad = 1 } exit bad }
' "$T/events" || fail "the event log shows a double claim"
run 0 cb check

# Claims killed mid-way: the database stays whole.
i=0
while [ $i -lt 20 ]; do
	cb --as ag.crowd1 next >/dev/null 2>&1 &
	pid=$!
	sleep "0.0$((i % 10))"
	kill -9 $pid 2>/dev/null || true
	wait $pid 2>/dev/null || true
	i=$((i + 1))
done
run 0 cb check

# A lease held by a process that is gone lapses after 10 minutes.
now=$(date -u +%s)
at() { date -u -d "@$((now + $1 * 60))" "+%Y-%m-%d %H:%MZ"; }
held=$(cb --now "$(at 0)" --as ag.crowd2 next)
run 0 cb --now "$(at 5)" queue --agent ag.crowd3 --all --limit 0
grep -F "$held" "$T/out" | grep -q "held by another agent" || fail "not held at 5 minutes"
run 0 cb --now "$(at 11)" queue --agent ag.crowd3 --limit 0
has "$T/out" "$held"
run 0 cb --now "$(at 11)" rescore
cb export events - | grep ",lapse," | grep -qF ",${held%/*},${held#*/}," ||
	fail "no lapse logged for $held"
run 0 cb check
