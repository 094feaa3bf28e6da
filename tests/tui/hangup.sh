# The SSH link drops (SIGHUP) while the agent is in the middle of a promise
# form: the program ends at once and cleanly, nothing of the form is
# logged, the account held goes back to the queue, and the database
# passes check.  SIGTERM ends it the same way.
. "$COBRADOR_TOP/tests/lib.sh"
tmux_setup

now="2026-03-02 10:00-03:00"
cbn demo --accounts 100 --seed 5 >/dev/null
events=$(cbn export events - | wc -l)

for sig in HUP TERM; do
	tmux_start "hup-$sig" 80 24 "LANG=C.UTF-8 exec '$COBRADOR' --db '$DB' --now '$now'"
	wait_for "F2 n Next"
	pid=$(tmux display-message -p -t "$S" '#{pane_pid}')
	keys n
	wait_for "Documents ("
	set -- $(screen | sed -n 2p)
	eval "account=\${$(($# - 1))}/\${$(($# - 2))}"
	keys 1 1 p
	wait_for "Amount"
	keys 150000
	kill -$sig "$pid"
	i=0
	while kill -0 "$pid" 2>/dev/null; do
		i=$((i + 1))
		[ $i -lt 50 ] || fail "SIG$sig did not end the workstation"
		sleep 0.1
	done
	cbn account "$account" > "$T/acct"
	tail -n 1 "$T/acct" | grep -q "release" || fail "SIG$sig: the account was not given back"
	grep " outcome " "$T/acct" | grep -q "amount=150000" && fail "SIG$sig: half a form was logged"
	# A claim and a release, nothing else.
	after=$(cbn export events - | wc -l)
	[ "$after" -eq $((events + 2)) ] || fail "SIG$sig: $((after - events)) events, not 2"
	events=$after
	run 0 cb check
done
