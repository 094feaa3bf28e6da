# Importing the same files twice changes nothing; an invoice the ERP sends
# again with a new amount is updated and the change is an event; a payment
# loaded before is skipped.
. "$COBRADOR_TOP/tests/lib.sh"

cb init >/dev/null
cat > "$T/debtors.csv" <<'CSV'
debtor_id;name;phone
12.345.678-5;José Pérez;+56 9 1234 5678
11.111.111-1;Ana Soto;
CSV
cat > "$T/invoices.csv" <<'CSV'
invoice_id;debtor_id;due_date;amount
F1;12345678-5;2025-12-01;100.000
F2;11111111-1;2025-11-01;50.000
CSV
cat > "$T/payments.csv" <<'CSV'
payment_id;debtor_id;date;amount;invoice_id
P1;12345678-5;2025-12-05;40.000;F1
CSV

# state: everything the database holds, as the exports and report say.
state() {
	cb export accounts - > "$T/$1.accounts"
	cb export invoices - > "$T/$1.invoices"
	cb export payments - > "$T/$1.payments"
	cb report aging --as-of 2026-01-15 --format csv > "$T/$1.aging"
}

for f in debtors invoices payments; do
	run 0 cb import "${f}" "$T/$f.csv"
done
state first
for f in debtors invoices payments; do
	run 0 cb import "${f}" "$T/$f.csv"
	has "$T/out" "0 added, 0 updated"
done
has "$T/out" "1 skipped"
state second
for x in accounts invoices payments aging; do
	cmp -s "$T/first.$x" "$T/second.$x" || fail "the second import changed $x"
done
has "$T/first.invoices" "F1,12345678-5,default,CLP,invoice,,2025-12-01,100000,,60000"

# The ERP sends F1 again for more.
printf 'invoice_id;debtor_id;due_date;amount\nF1;12345678-5;2025-12-01;120.000\n' > "$T/again.csv"
run 0 cb import invoices "$T/again.csv"
has "$T/out" "1 updated"
run 0 cb export invoices -
has "$T/out" "F1,12345678-5,default,CLP,invoice,,2025-12-01,120000,,80000"
run 0 cb account 12345678-5
has "$T/out" "invoice_changed"
has "$T/out" "amount_was=100000 amount=120000"

run 0 cb check
