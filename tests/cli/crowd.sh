# A crowd: 100 scripted agents (scripts/crowd-agent) work one queue at once
# for CROWD_SECONDS, claiming, reading and logging as people would.  The
# event log then shows no debtor held by two agents at once, every claim
# ended, every outcome an agent was told was logged is there, and the
# database passes check.  Prints the figures: claims per second and the
# claim latency.
#
# CROWD_AGENTS (100) and CROWD_SECONDS (30) size it; the defaults keep the
# whole test under a minute on a two-core machine.
. "$COBRADOR_TOP/tests/lib.sh"

agents=${CROWD_AGENTS:-100}
# Under Valgrind each command takes seconds: ten agents, not a hundred.
under_valgrind && agents=${CROWD_AGENTS:-10}
seconds=${CROWD_SECONDS:-30}
agent_script="$COBRADOR_TOP/scripts/crowd-agent"

# One fixed moment, a Wednesday at noon in Santiago and ten in Lima, for
# everything: the demo's "today", every claim and every outcome.  Leases
# then never run out in the middle of the run (a slow machine cannot turn
# a held account into a lapse), and every date the agents ask for is
# later than "now" whatever the real clock says.
now="2026-03-04 15:00Z"
run 0 cbn demo --accounts 3000 --seed 11
# Any debtor may be called at any moment, as often as asked: the rule
# packs are not what this test is about, and a refusal is then a fault.
anytime >/dev/null
i=1
while [ $i -le "$agents" ]; do
	cb user add "ag.crowd$i" --role agent >/dev/null
	i=$((i + 1))
done
# Where the crowd's events begin in the log.
mark=$(cb export events - | tail -n 1 | cut -d, -f1)

# The crowd, started at once; each agent keeps its figures in its own file.
start=$(date +%s)
deadline=$((start + seconds))
pids=
i=1
while [ $i -le "$agents" ]; do
	CROWD_NOW=$now sh "$agent_script" "$COBRADOR" "$DB" "ag.crowd$i" \
		"$deadline" "$T/fig.$i" &
	pids="$pids $!"
	i=$((i + 1))
done
# A watchdog, so that a claim or a log that never returns (a lock never
# given back) fails the test instead of hanging it: a minute after the
# deadline the agents still running are told to stop (they release what
# they hold), ten seconds later killed.
touch "$T/running"
(
	while [ -e "$T/running" ] && [ "$(date +%s)" -lt $((deadline + 60)) ]; do
		sleep 1
	done
	[ -e "$T/running" ] || exit 0
	touch "$T/late"
	kill -TERM $pids 2>/dev/null
	sleep 10
	kill -KILL $pids 2>/dev/null
) &
watchdog=$!
i=1
bad=
for pid in $pids; do
	wait "$pid" || bad="$bad ag.crowd$i (exit $?)"
	i=$((i + 1))
done
took=$(($(date +%s) - start))
rm -f "$T/running"
wait "$watchdog" || true
[ ! -e "$T/late" ] || fail "agents were still working a minute after the deadline:$bad"
[ -z "$bad" ] || fail "agents failed:$bad"

# What the agents met that they should not have: with every call allowed
# and every request well formed, a refused log or a failed command is a
# fault (a refusal with exit 5 would be another agent holding the
# account the agent had just claimed).
i=1
: > "$T/faults"
while [ $i -le "$agents" ]; do
	touch "$T/fig.$i"
	grep -E '^(error|refused) ' "$T/fig.$i" | sed "s/^/ag.crowd$i: /" \
		>> "$T/faults" || true
	i=$((i + 1))
done
[ ! -s "$T/faults" ] || fail "$(wc -l < "$T/faults") commands failed:
$(head -n 20 "$T/faults")"

# Replays the crowd's events in their order.  A claim takes the debtor (in
# whichever portfolio: one debtor goes to one agent at a time); a release
# or a lapse gives it back, and names the holder; an outcome is logged by
# the agent holding the debtor and is followed, in the same transaction,
# by its release (the log shows `outcome` then `release`).  Nothing may be
# left held at the end.
cb export events - > "$T/events"
awk -F, -v mark="$mark" '
	function bad(what) { print "event " $1 ": " what; faults++ }
	NR == 1 || $1 + 0 <= mark { next }
	{ d = $6; who = $3 }
	$4 == "claim" {
		if (d in held)
			bad("debtor " d " claimed by " who " while " held[d] \
			    " holds it since event " since[d])
		held[d] = who; since[d] = $1; claims++
	}
	$4 == "release" || $4 == "lapse" {
		if (!(d in held))
			bad($4 " of debtor " d ", which nobody holds")
		else if ($7 != "holder=" held[d])
			bad($4 " of debtor " d " names " $7 ", but " held[d] \
			    " holds it since event " since[d])
		if ($4 == "lapse") lapses++; else releases++
		delete held[d]
		if (d in logged && logged[d] != $1 - 1)
			bad("the release of debtor " d " is not the one of its " \
			    "outcome at event " logged[d])
		delete logged[d]
	}
	$4 == "outcome" {
		if (!(d in held) || held[d] != who)
			bad("outcome on debtor " d " by " who ", who does not hold it" \
			    (d in held ? " (" held[d] " does)" : ""))
		logged[d] = $1; outcomes++
	}
	END {
		for (d in held)
			bad_end = bad_end "\ndebtor " d " is still held by " held[d] \
			    " since event " since[d]
		for (d in logged)
			bad_end = bad_end "\nthe outcome at event " logged[d] \
			    " on debtor " d " has no release"
		if (bad_end != "") { print substr(bad_end, 2); faults++ }
		if (claims != releases + lapses) {
			print claims + 0 " claims but " releases + 0 " releases and " \
			    lapses + 0 " lapses"; faults++
		}
		exit faults > 0
	}
' "$T/events" > "$T/replay" || fail "the event log does not replay:
$(head -n 20 "$T/replay")"

# Every claim and every outcome an agent was told of (exit 0) is in the
# log, by that agent, and nothing else: counted per agent and code.
i=1
while [ $i -le "$agents" ]; do
	awk -v a="ag.crowd$i" '
		$1 == "claim" { print a, "claim" }
		$1 == "outcome" { print a, "outcome", $2 }' "$T/fig.$i"
	i=$((i + 1))
done | sort | uniq -c > "$T/told"
awk -F, -v mark="$mark" '
	NR > 1 && $1 + 0 > mark && $3 ~ /^ag\.crowd/ {
		if ($4 == "claim") print $3, "claim"
		else if ($4 == "outcome") {
			code = $7; sub(/^"?code=/, "", code); sub(/ .*/, "", code)
			print $3, "outcome", code
		}
	}' "$T/events" | sort | uniq -c > "$T/logged"
diff "$T/told" "$T/logged" > "$T/counts" ||
	fail "the agents' figures (<) and the log (>) disagree, count agent what:
$(head -n 20 "$T/counts")"

run 0 cb check

# The figures.  Latency percentiles by nearest rank over every claim.
cat "$T"/fig.* | awk '$1 == "claim" { print $2 }' | sort -n > "$T/ms"
claims=$(wc -l < "$T/ms")
outcomes=$(cat "$T"/fig.* | grep -c '^outcome ' || true)
[ "$claims" -gt 0 ] || fail "no claim was made: the crowd proved nothing"
pct() {
	awk -v p="$1" '{ ms[NR] = $1 }
		END { r = int(NR * p / 100); if (r < NR * p / 100) r++
		      if (r < 1) r = 1; print ms[r] }' "$T/ms"
}
echo "crowd: $agents agents, ${took} s, $claims claims, $outcomes outcomes," \
	"$(awk -v c="$claims" -v s="$took" 'BEGIN { printf "%.1f", c / s }') claims/s," \
	"claim p50 $(pct 50) ms, p99 $(pct 99) ms" >&2
