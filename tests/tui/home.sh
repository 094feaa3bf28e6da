# The workstation's first screens in a real terminal (tmux): home shows the
# agent's day, r the portfolio's aging with bars, the help comes from the
# key table, a small terminal is told so, and q quits.
. "$COBRADOR_TOP/tests/lib.sh"
tmux_setup

# A weekday morning, when the rule packs let calls be made.
now="2026-03-02 10:00-03:00"
cbn demo --accounts 200 --seed 5 >/dev/null

tmux_start home 100 30 "LANG=C.UTF-8 '$COBRADOR' --db '$DB' --now '$now'"
wait_for "Callbacks due"
screen > "$T/home"
has "$T/home" "F2 n Next"
has "$T/home" "Promises due"
# The accounts callable are what the queue lists.
callable=$(cbn queue --format csv --limit 0 | tail -n +2 | wc -l)
has "$T/home" "Callable now: $callable accounts"
has "$T/home" "F10 q Quit"

# Home reads the day again by itself: an outcome logged elsewhere shows.
has "$T/home" "outcomes 0,"
first=$(cbn queue --format csv --limit 1 | tail -n 1 | cut -d, -f2)
cbn log "$first" NA >/dev/null
wait_for "outcomes 1," 30

# Nothing is held while the agent reads the screen.
[ -z "$("$READERS" "$DB")" ] || fail "a read transaction stays open at home"

# Colours by role: the title is white on blue.
tmux capture-pane -e -p -t "$S" | head -n 1 | grep -q "$(printf '\033')\[44m" ||
	fail "no colour in the title"

keys r
wait_for "Promises by agent"
keys g
wait_for "Receivables by days past due"
screen > "$T/aging"
has "$T/aging" "retail-cl"
has "$T/aging" "pymes-pe"
has "$T/aging" "91+"
# The bars: the largest bucket draws the longest.
grep -q "91+.*▒▒▒▒▒▒▒▒▒▒" "$T/aging" || fail "no bar for the largest bucket"
# The balance on screen is the report's total for the portfolio.
total=$(cbn report aging --format csv | awk -F, '$1 == "retail-cl" { s += $5 } END { print s }')
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

keys q q
wait_for "Callbacks due"
keys q
wait_for "EXITED 0"

# NO_COLOR: no colour, roles by attributes (the title in reverse).
tmux_start mono 100 30 "NO_COLOR=1 LANG=C.UTF-8 '$COBRADOR' --db '$DB' --now '$now'"
wait_for "Callbacks due"
tmux capture-pane -e -p -t "$S" > "$T/mono"
# (39 and 49 are the terminal's own colours, which tmux sets back.)
grep -Eq "$(printf '\033')\[([0-9]+;)*[34][0-8](;[0-9]+)*m" "$T/mono" &&
	fail "colours under NO_COLOR"
head -n 1 "$T/mono" | grep -q "$(printf '\033')\[1;7m" || fail "no reverse title under NO_COLOR"
keys q
wait_for "EXITED 0"

# In Spanish when the locale is.
tmux_start home-es 100 30 "LANG=es_CL.UTF-8 LC_ALL=es_CL.UTF-8 '$COBRADOR' --db '$DB' --now '$now'"
wait_for "Llamadas agendadas"
keys r g
wait_for "Cartera por días de mora"
screen > "$T/home-es"
has "$T/home-es" "Saldo"
keys q q q
wait_for "EXITED 0"
