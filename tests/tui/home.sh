# The workstation in a real terminal (tmux): the first screen shows each
# portfolio's aging, the help comes from the key table, a small terminal is
# told so, and q quits.
. "$COBRADOR_TOP/tests/lib.sh"

S="cobrador-test-$$"
export TMUX_TMPDIR="$T"
cleanup() { tmux kill-server 2>/dev/null || true; rm -rf "$T"; }
trap cleanup EXIT

cb demo --accounts 200 --seed 5 >/dev/null

# screen: the visible text of the pane.
screen() { tmux capture-pane -p -t "$S"; }

# wait_for TEXT: polls the pane until TEXT shows (5 s at most).
wait_for() {
	i=0
	while ! screen | grep -qF -- "$1"; do
		i=$((i + 1))
		[ $i -lt 50 ] || fail "the screen never showed '$1':
$(screen)"
		sleep 0.1
	done
}

tmux new-session -d -s "$S" -x 100 -y 30 \
	"LANG=C.UTF-8 '$COBRADOR' --db '$DB'; echo EXITED \$?; sleep 5"
wait_for "Receivables by days past due"
screen > "$T/home"
has "$T/home" "retail-cl"
has "$T/home" "pymes-pe"
has "$T/home" "91+"
has "$T/home" "F10"
has "$T/home" "Quit"
# The bars: the largest bucket draws the longest.
grep -q "91+.*▒▒▒▒▒▒▒▒▒▒" "$T/home" || fail "no bar for the largest bucket"

# The balance on screen is the report's total for the portfolio.
total=$(cb report aging --format csv | awk -F, '$1 == "retail-cl" { s += $5 } END { print s }')
shown=$(grep -F "retail-cl" "$T/home" | sed 's/.*Balance *\([0-9.,]*\).*/\1/' | tr -d '.,')
[ "$shown" = "$total" ] || fail "balance on screen $shown, report says $total"

tmux send-keys -t "$S" '?'
wait_for "Help: keys of this screen"
tmux send-keys -t "$S" x
wait_for "Receivables by days past due"

tmux resize-window -t "$S" -x 60 -y 20
wait_for "too small"
tmux resize-window -t "$S" -x 100 -y 30
wait_for "Receivables by days past due"

tmux send-keys -t "$S" q
wait_for "EXITED 0"

# In Spanish when the locale is.
S="$S-es"
tmux new-session -d -s "$S" -x 100 -y 30 \
	"LANG=es_CL.UTF-8 LC_ALL=es_CL.UTF-8 '$COBRADOR' --db '$DB'; echo EXITED \$?; sleep 5"
wait_for "Cartera por días de mora"
screen > "$T/home-es"
has "$T/home-es" "Saldo"
has "$T/home-es" "Salir"
tmux send-keys -t "$S" q
wait_for "EXITED 0"
