# The supervisors' live board in tmux: an agent who claims an account from
# another process shows on it, with that account, within the refresh;
# releasing it from the board puts it back in the queue; an agent in the
# workstation is idle, one who never came is away; pin from the board.
. "$COBRADOR_TOP/tests/lib.sh"
tmux_setup

now="2026-03-02 10:00-03:00"
cbn demo --accounts 300 --seed 5 >/dev/null
board="LANG=C.UTF-8 '$COBRADOR' --db '$DB' --now '$now'"

# ag.soto works in the workstation; the supervisor opens the board.
tmux_start soto 80 24 "LANG=C.UTF-8 '$COBRADOR' --db '$DB' --now '$now' --as ag.soto"
wait_for "F2 n Next"
tmux_start sup 80 24 "$board"
wait_for "F4 b Board"
keys b
wait_for "Live board"
screen > "$T/b0"
grep "ag.soto" "$T/b0" | grep -q "idle" || fail "ag.soto is not idle: $(cat "$T/b0")"
grep "ag.quispe" "$T/b0" | grep -q "away" || fail "ag.quispe is not away"
queued=$(sed -n 's/.*In the queue \([0-9]*\), held by agents \([0-9]*\).*/\1 \2/p' "$T/b0")
[ -n "$queued" ] || fail "no queue line: $(cat "$T/b0")"

# ag.munoz claims from another process: on the board within its refresh.
account=$(cbn --as ag.munoz next)
wait_for "$account"
screen | grep "ag.munoz" | grep -q "on account" || fail "ag.munoz not on account"
screen | grep -q "held by agents 1" || fail "the lease is not counted"

# Release it from the board: Down to ag.munoz (agents by login), r, y.
keys Down
keys r
wait_for "Release the account that agent holds?"
keys y
wait_for "Released $account."
wait_gone "held by agents 1"
cbn account "$account" | tail -n 1 | grep -q "root  *release  *holder=ag.munoz" ||
	fail "no release by the supervisor"
cbn queue --format csv --limit 0 | cut -d, -f2 | grep -qx "$account" ||
	fail "$account is not back in the queue"

# Pin an account from the board: it is the first of the queue.
pin=$(cbn queue --format csv --limit 0 | tail -n 1 | cut -d, -f2)
keys p
wait_for "Pin an account"
keys "$pin" Enter
wait_for "Done on $pin."
[ "$(cbn queue --format csv --limit 1 | tail -n 1 | cut -d, -f2)" = "$pin" ] ||
	fail "the pinned account is not first"

keys q q
wait_for "EXITED 0"
