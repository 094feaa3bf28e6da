# The workstation at 200x60, then shrunk to 80x24 and to 60x20 (too small)
# and back, without a restart: the account is there again at each size
# that fits, with its name and balance.
. "$COBRADOR_TOP/tests/lib.sh"
tmux_setup

now="2026-03-02 10:00-03:00"
cbn demo --accounts 300 --seed 5 >/dev/null
tmux_start big 200 60 "LANG=C.UTF-8 '$COBRADOR' --db '$DB' --now '$now'"
wait_for "F2 n Next"
keys n
wait_for "Documents ("
set -- $(screen | sed -n 2p)
eval "portfolio=\${$(($# - 1))}; id=\${$(($# - 2))}"
balance=$(cbn account "$portfolio/$id" | sed -n 's/^Balance: *\([0-9.,]*\) .*/\1/p')
screen > "$T/big"
has "$T/big" "Balance $balance CLP"
# At 200 columns the bottom bar has room for every key with a word.
has "$T/big" "F10 q Back"
# The history fills the taller screen: more lines than at 80x24.
big_lines=$(wc -l < "$T/big")
[ "$big_lines" -ge 59 ] || fail "only $big_lines lines at 200x60"

tmux resize-window -t "$S" -x 80 -y 24
wait_for "$id"
screen > "$T/small"
has "$T/small" "Balance $balance CLP"
tmux resize-window -t "$S" -x 60 -y 20
wait_for "too small"
tmux resize-window -t "$S" -x 200 -y 60
wait_for "Documents ("
screen > "$T/again"
has "$T/again" "Balance $balance CLP"
has "$T/again" "$portfolio"
# Too small, q still quits, and the account held goes back to the queue.
tmux resize-window -t "$S" -x 60 -y 20
wait_for "too small"
keys q
wait_for "EXITED 0"
cbn account "$portfolio/$id" | tail -n 1 | grep -q "release" ||
	fail "the account held was not given back"
