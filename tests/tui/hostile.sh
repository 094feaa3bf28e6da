# Text made to move the cursor, retitle the window or clear the screen
# cannot reach the terminal: every way in refuses it (exit 2, nothing
# changed), and a name put in behind the program's back is shown escaped;
# after viewing it in tmux, the pane's title and the screen are the
# program's own.
. "$COBRADOR_TOP/tests/lib.sh"
tmux_setup

now="2026-03-02 10:00-03:00"
cbn init >/dev/null
anytime
esc=$(printf '\033')
bel=$(printf '\007')
title="${esc}]0;PWNED${bel}"
clear="${esc}[2J${esc}[H"
move="${esc}[5;5H"
printf 'debtor_id,name,phone\n11.111.111-1,Uno Bueno,+56 9 1111 1111\n' > "$T/d.csv"
printf 'invoice_id,debtor_id,due_date,amount\nA1,11111111-1,2026-01-10,100000\n' > "$T/i.csv"
cbn import debtors "$T/d.csv" >/dev/null
cbn import invoices "$T/i.csv" >/dev/null
digest=$(db_digest)

# Every way in: refused, nothing changed.
for bad in "$title" "$clear" "$move"; do
	printf 'debtor_id,name,phone\n22.222.222-2,Malo %sNombre,+56 9 2222 2222\n' "$bad" > "$T/bad.csv"
	run 2 cbn import debtors "$T/bad.csv"
	printf 'debtor_id,name,address\n11.111.111-1,Uno Bueno,Calle %s 1\n' "$bad" > "$T/bad.csv"
	run 2 cbn import debtors "$T/bad.csv"
	printf 'invoice_id,debtor_id,due_date,amount\nB%s1,11111111-1,2026-01-10,5000\n' "$bad" > "$T/bad.csv"
	run 2 cbn import invoices "$T/bad.csv"
	printf 'payment_id,debtor_id,date,amount,method\nP1,11111111-1,2026-02-01,5000,efe%sctivo\n' "$bad" > "$T/bad.csv"
	run 2 cbn import payments "$T/bad.csv"
	run 2 cbn log 11111111-1 NA --note "nota $bad"
	run 2 cbn user add ag.malo --role agent --name "Ag $bad"
done
[ "$(db_digest)" = "$digest" ] || fail "a refused input changed the database"

# Behind the program's back: shown escaped.
"$TAMPER" "$DB" name 11111111-1 "Uno ${title}${clear}${move}Malo"
tmux_start hostile 100 30 "LANG=C.UTF-8 '$COBRADOR' --db '$DB' --now '$now'"
wait_for "F2 n Next"
before=$(tmux display-message -p -t "$S" '#{pane_title}')
keys n
wait_for "Documents ("
screen > "$T/screen"
has "$T/screen" 'Uno \e]0;PWNED^G\e[2J\e[H\e[5;5HMalo'
# The title is the program's, the screen its own: the header stands where
# it was drawn, nothing moved it or cleared it.
[ "$(tmux display-message -p -t "$S" '#{pane_title}')" = "$before" ] ||
	fail "the pane's title changed"
lacks "$T/screen" "PWNED$(printf '\007')"
sed -n 1p "$T/screen" | grep -q "cobrador  Account" || fail "the title line moved"
grep -q "Balance 100.000 CLP" "$T/screen" || fail "the screen was cleared: $(cat "$T/screen")"
keys q y q
wait_for "EXITED 0"
[ "$(tmux display-message -p -t "$S" '#{pane_title}')" = "$before" ] ||
	fail "the pane's title changed after quitting"
