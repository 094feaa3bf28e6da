# F2 in a queue with nothing callable says why, from the compliance
# reasons, instead of a blank screen: on a Sunday Chile's rule pack
# forbids calls until Monday 08:00.
. "$COBRADOR_TOP/tests/lib.sh"
tmux_setup

now="2026-03-01 10:00-03:00" # a Sunday
cbn init >/dev/null
printf 'debtor_id,name,phone\n11.111.111-1,Uno Domingo,+56 9 1111 1111\n22.222.222-2,Dos Domingo,+56 9 2222 2222\n' > "$T/d.csv"
printf 'invoice_id,debtor_id,due_date,amount\nA1,11111111-1,2026-01-10,100000\nB1,22222222-2,2026-01-20,200000\n' > "$T/i.csv"
cbn import debtors "$T/d.csv" >/dev/null
cbn import invoices "$T/i.csv" >/dev/null
run 3 cbn next

tmux_start empty 80 24 "LANG=C.UTF-8 '$COBRADOR' --db '$DB' --now '$now'"
wait_for "F2 n Next"
keys F2
wait_for "Nothing is callable now:"
screen > "$T/why"
# Both accounts, one reason: the pack's word with the next allowed time.
grep -q "2  its rule pack forbids a call now: Sunday (CL); next Mon 08:00" "$T/why" ||
	fail "no reason with its count: $(cat "$T/why")"
lacks "$T/why" "Documents ("
keys q
wait_for "EXITED 0"
