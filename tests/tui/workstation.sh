# The workstation as an agent works it, in tmux at 80x24 (or at the size
# WS_COLS x WS_LINES, which workstation_wide.sh sets) on a demo database at
# a fixed time: F2 opens the next account, whose debtor,
# balance and oldest invoice are those `cobrador account` shows; the
# script's options walk its steps; p logs a promise and c a callback that
# `cobrador account` then shows; ? lists every key of the screen; q goes
# home and q again leaves the terminal as it was.
. "$COBRADOR_TOP/tests/lib.sh"
tmux_setup

now="2026-03-02 10:00-03:00"
cbn demo --accounts 300 --seed 5 >/dev/null
anytime # rules.sh tests the packs: here a second call may follow a first
ws="TZ=America/Santiago LANG=C.UTF-8 '$COBRADOR' --db '$DB' --now '$now'"

# The terminal's settings before and after, to compare.
tmux_start agent "${WS_COLS:-80}" "${WS_LINES:-24}" "stty -g > '$T/stty.before'; $ws; stty -g > '$T/stty.after'"
wait_for "F2 n Next"

# ---- F2: the next account, as `cobrador account` shows it ---------------
keys F2
wait_for "Documents ("
screen > "$T/a1"
# The header: name, then id, portfolio and segment at the right.
set -- $(sed -n 2p "$T/a1")
eval "segment=\${$#}; portfolio=\${$(($# - 1))}; id=\${$(($# - 2))}"
name=$(sed -n 2p "$T/a1" | sed "s/  *$id  *$portfolio  *$segment *\$//; s/^ *//")
cbn account "$portfolio/$id" > "$T/acct1"
head -n 1 "$T/acct1" | grep -qF -- "$name" ||
	fail "name on screen '$name', account says: $(head -n 1 "$T/acct1")"
balance=$(sed -n 's/^Balance: *\([0-9.,]*\) .*/\1/p' "$T/acct1")
has "$T/a1" "Balance $balance CLP"
oldest_due=$(sed -n 's/^Oldest due: *//p' "$T/acct1")
# The oldest invoice: the open document with the most days late.
oldest=$(awk '/^Documents/ { on = 1; next } /^$/ { on = 0 }
	on && $NF ~ /^[0-9]+$/ && $NF + 0 > max { max = $NF + 0; id = $1 }
	END { print id }' "$T/acct1")
has "$T/a1" "oldest $oldest, due $oldest_due"
# The lease runs; the script starts at its first, mandatory, step.
has "$T/a1" "lease 10:00"
has "$T/a1" "identify (mandatory)"

# Nothing is held while the agent reads: no read transaction open.
[ -z "$("$READERS" "$DB")" ] || fail "a read transaction stays open"

# ---- ? lists every key of the account screen -----------------------------
keys '?'
wait_for "Help: keys of this screen"
screen > "$T/help"
"$COBRADOR" keys | awk '/^Account$/ { on = 1; next } /^$/ { on = 0 }
	on { print }' > "$T/keys"
[ -s "$T/keys" ] || fail "cobrador keys lists no key for the account screen"
# Each line: two spaces, the key in 12 columns, a space, what it does.
cut -c16- "$T/keys" | while read -r does; do
	grep -qF -- "$does" "$T/help" || fail "help lacks '$does'"
done
keys x
wait_for "Documents ("

# ---- The script: 1 and 1 take the debtor and the disclosure -------------
keys 1
wait_for "disclose (mandatory)"
keys 1
wait_gone "(mandatory)"

# ---- p: a promise -----------------------------------------------------------
keys p
wait_for "Amount"
keys 150000 Tab 2026-03-06 Enter
wait_for "Logged PTP on $portfolio/$id"
wait_for "Callbacks due"
cbn account "$portfolio/$id" > "$T/acct1"
grep "outcome" "$T/acct1" | grep -F "code=PTP" | grep -F "amount=150000" |
	grep -F "date=2026-03-06" | grep -qF "path=identify>disclose>" ||
	fail "no promise in the history: $(cat "$T/acct1")"
awk '/^Promises/, /^$/' "$T/acct1" | grep -q "2026-03-06 *150.000 *pending" ||
	fail "no pending promise: $(cat "$T/acct1")"

# A wrong field is said in place and nothing typed is lost.
keys n
wait_for "Documents ("
set -- $(screen | sed -n 2p)
eval "id2=\${$(($# - 2))}; portfolio2=\${$(($# - 1))}"
[ "$portfolio2/$id2" != "$portfolio/$id" ] || fail "the same account again"
keys 1 1 p
wait_for "Amount"
keys 150000 Tab 2026-02-01 Enter
wait_for "the date is in the past"
screen | grep -q "Amount  *150000" || fail "the amount typed was lost"
keys Escape
wait_gone "Amount"

# ---- c: a callback at 16:30 today, the debtor's time (Santiago) ----------
keys c
wait_for "Debtor's time HH:MM"
screen | grep -q "Date  *2026-03-02" || fail "the callback's day is not today"
keys Tab 16:30 Enter
wait_for "Logged CB on $portfolio2/$id2"
cbn account "$portfolio2/$id2" | grep "outcome" | grep -F "code=CB" |
	grep -qF 'at="2026-03-02 19:30"' || fail "no callback in the history"
# Home lists it among the callbacks due today.
wait_for "16:30"
screen | grep "16:30" | grep -qF "$portfolio2/$id2" ||
	fail "home does not list the callback"

# ---- Leaving with no outcome asks first, then gives the account back ----
keys n
wait_for "Documents ("
set -- $(screen | sed -n 2p)
eval "id3=\${$(($# - 2))}; portfolio3=\${$(($# - 1))}"
keys q
wait_for "Leave with no outcome?"
keys n
wait_gone "Leave with no"
screen | grep -qF "$id3" || fail "n did not stay on the account"
keys q y
wait_for "Callbacks due"
cbn account "$portfolio3/$id3" | tail -n 1 | grep -q "release" ||
	fail "the account left was not released"

# ---- a: after an outcome, straight to the next account ---------------------
keys a
wait_for "After an outcome: the next account."
keys n
wait_for "Documents ("
set -- $(screen | sed -n 2p)
keys o
wait_for "Outcome of the call"
keys N A Enter
wait_for "no answer"
keys Enter
wait_for "Logged NA on"
wait_for "Documents ("
# The account on screen now is claimed (it may be the same one again,
# if the queue still puts it first).
set -- $(screen | sed -n 2p)
eval "id5=\${$(($# - 2))}; portfolio5=\${$(($# - 1))}"
cbn account "$portfolio5/$id5" | tail -n 1 | grep -q " claim " ||
	fail "the account opened after the outcome is not claimed"
keys q y
wait_for "Callbacks due"

# ---- q at home: out, and the terminal as it was ----------------------------
keys q
wait_for "EXITED 0"
cmp -s "$T/stty.before" "$T/stty.after" || fail "the terminal's settings changed"
screen | grep -q "Callbacks due" && fail "the workstation is still on screen"

# The choice made with a follows the agent to the next session.
tmux_start again "${WS_COLS:-80}" "${WS_LINES:-24}" "$ws"
wait_for "a: after an outcome, the next one"
keys a
wait_for "a: after an outcome, back home"
keys q
wait_for "EXITED 0"
true
