# The reports screen in tmux shows what the report commands print: the
# promises by agent of a month ([ goes back one), the key figures, and
# the activity; g opens the aging.  Agents may not open it.
. "$COBRADOR_TOP/tests/lib.sh"
tmux_setup

now="2026-03-02 10:00-03:00"
cbn demo --accounts 300 --seed 5 >/dev/null
tmux_start reports 100 30 "LANG=C.UTF-8 '$COBRADOR' --db '$DB' --now '$now'"
wait_for "F2 n Next"
keys r
wait_for "Promises by agent, 2026-03-01 to 2026-03-02"

# February: each agent's promises made, as report promises has them.
keys '['
wait_for "Promises by agent, 2026-02-01 to 2026-02-28"
screen > "$T/promises"
cbn report promises --from 2026-02-01 --to 2026-02-28 --format csv |
	tail -n +2 > "$T/promises.csv"
[ -s "$T/promises.csv" ] || fail "no promise in February"
while IFS=, read -r agent currency made rest; do
	grep -E "^ +$agent +$made .* $currency" "$T/promises" >/dev/null ||
		fail "no row '$agent $made ... $currency' on screen: $(cat "$T/promises")"
done < "$T/promises.csv"
# A kept rate of 100.0 draws the full bar.
grep "100.0" "$T/promises" | grep -q "▒▒▒▒▒▒▒▒▒▒" || fail "no bar for 100%"

# The key figures: each portfolio's CEI.
keys Tab Tab
wait_for "Key figures, 2026-02-01 to 2026-02-28"
screen > "$T/kpi"
cbn report kpi --from 2026-02-01 --to 2026-02-28 --format csv | tail -n +2 |
	cut -d, -f1,12 > "$T/cei"
while IFS=, read -r portfolio cei; do
	grep -E "^ +$portfolio +CEI +$cei %" "$T/kpi" >/dev/null ||
		fail "no CEI $cei for $portfolio on screen: $(cat "$T/kpi")"
done < "$T/cei"

# The activity: the first event of the month.
keys Tab
wait_for "Activity, 2026-02-01 to 2026-02-28"
first=$(cbn report activity --from 2026-02-01 --to 2026-02-28 --format csv |
	sed -n 2p | cut -d, -f3,4)
user=${first%%,*} kind=${first#*,}
screen | sed -n 5p | grep -Eq " $user +$kind " ||
	fail "the first event ($user $kind) is not first: $(screen)"

# g: the aging; q back to the reports, q home.
keys g
wait_for "Receivables by days past due"
keys q
wait_for "Activity, 2026-02-01"
keys q
wait_for "F2 n Next"
keys q
wait_for "EXITED 0"

# An agent is told no.
tmux_start agent 100 30 "LANG=C.UTF-8 '$COBRADOR' --db '$DB' --now '$now' --as ag.soto"
wait_for "F2 n Next"
keys r
wait_for "You may not do that."
keys q
wait_for "EXITED 0"
