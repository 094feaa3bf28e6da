# The workstation's first screens in a real terminal (tmux): home shows the
# agent's day, r the portfolio's aging with bars, the help comes from the
# key table, a small terminal is told so, and q quits.
. "$COBRADOR_TOP/tests/lib.sh"
tmux_setup

cb demo --accounts 200 --seed 5 >/dev/null

tmux_start home 100 30 "LANG=C.UTF-8 '$COBRADOR' --db '$DB'"
wait_for "Callbacks due"
screen > "$T/home"
has "$T/home" "F2 n Next"
has "$T/home" "Promises due"
# The accounts callable are what the queue lists.
callable=$(cb queue --format csv --limit 0 | tail -n +2 | wc -l)
has "$T/home" "Callable now: $callable accounts"

keys r
wait_for "Receivables by days past due"
screen > "$T/aging"
has "$T/aging" "retail-cl"
has "$T/aging" "pymes-pe"
has "$T/aging" "91+"
# The bars: the largest bucket draws the longest.
grep -q "91+.*▒▒▒▒▒▒▒▒▒▒" "$T/aging" || fail "no bar for the largest bucket"
# The balance on screen is the report's total for the portfolio.
total=$(cb report aging --format csv | awk -F, '$1 == "retail-cl" { s += $5 } END { print s }')
shown=$(grep -F "retail-cl" "$T/aging" | sed 's/.*Balance *\([0-9.,]*\).*/\1/' | tr -d '.,')
[ "$shown" = "$total" ] || fail "balance on screen $shown, report says $total"

keys '?'
wait_for "Help: keys of this screen"
keys x
wait_for "Receivables by days past due"

tmux resize-window -t "$S" -x 60 -y 20
wait_for "too small"
tmux resize-window -t "$S" -x 100 -y 30
wait_for "Receivables by days past due"

keys q
wait_for "Callbacks due"
keys q
wait_for "EXITED 0"

# In Spanish when the locale is.
tmux_start home-es 100 30 "LANG=es_CL.UTF-8 LC_ALL=es_CL.UTF-8 '$COBRADOR' --db '$DB'"
wait_for "Llamadas agendadas"
keys r
wait_for "Cartera por días de mora"
screen > "$T/home-es"
has "$T/home-es" "Saldo"
keys q q
wait_for "EXITED 0"
