# A Chilean ERP's export: Windows-1252, ';', accented names, 1.234.567
# amounts, 31-12-2025 dates, a credit note, partial payments and a payment
# naming an invoice; the aging report is checked against figures worked out
# here from the same data.
. "$COBRADOR_TOP/tests/lib.sh"

cb init >/dev/null

win1252 "$T/deudores.csv" <<'CSV'
RUT;Razón Social;Teléfono;Comuna;Región
12.345.678-5;José Ñuñez Pérez;+56 9 1234 5678;Ñuñoa;Metropolitana
76.086.428-5;Comercial Peña SpA;+56 2 2345 6789;Punta Arenas;Magallanes
11.111.111-1;María Aránguiz;+56 9 8765 4321;Concepción;Biobío
CSV
win1252 "$T/facturas.csv" <<'CSV'
Folio;RUT;Fecha Emisión;Vencimiento;Monto;Tipo;Referencia
F1;12.345.678-5;01-11-2025;01-12-2025;1.234.567;Factura;
F2;12.345.678-5;01-09-2025;31-10-2025;500.000;Factura;
NC1;12.345.678-5;05-11-2025;05-12-2025;100.000;Nota Crédito;F1
F3;76.086.428-5;01-01-2026;31-01-2026;2.000.000;Factura;
F4;76.086.428-5;01-06-2025;30-06-2025;750.000;Factura;
F5;11.111.111-1;01-12-2025;31-12-2025;300.000;Factura;
CSV
win1252 "$T/pagos.csv" <<'CSV'
Comprobante;RUT;Fecha;Monto;Folio
P1;12.345.678-5;10-12-2025;200.000;F1
P2;76.086.428-5;15-07-2025;250.000;
P3;11.111.111-1;20-12-2025;$ 300.000;F5
CSV

run 0 cb import debtors "$T/deudores.csv"
has "$T/out" "read as WINDOWS-1252"
has "$T/out" "3 added"
run 0 cb import invoices "$T/facturas.csv"
has "$T/out" "6 added"
run 0 cb import payments "$T/pagos.csv"
has "$T/out" "3 added"

# Accents came through, and the Magallanes debtor lives in its own zone.
run 0 cb account 76086428-5
has "$T/out" "Comercial Peña SpA"
has "$T/out" "America/Punta_Arenas"
run 0 cb account 12.345.678-5
has "$T/out" "José Ñuñez Pérez"

# The open amount of each invoice, from the rules of allocation: a credit
# note and a payment naming F1 go to F1; P2 names none and goes to the
# oldest open invoice of its debtor (F4); P3 settles F5.
asof=2026-01-15
open_F1=$((1234567 - 100000 - 200000))
open_F2=500000
open_F3=2000000
open_F4=$((750000 - 250000))
bucket() { bucket_on "$1" "$asof"; }
bucket_on() {
	dpd=$(days "$1" "$2")
	if [ "$dpd" -le 0 ]; then echo current
	elif [ "$dpd" -le 30 ]; then echo 1-30
	elif [ "$dpd" -le 60 ]; then echo 31-60
	elif [ "$dpd" -le 90 ]; then echo 61-90
	else echo 91+
	fi
}
{
	echo "$(bucket 2025-12-01) $open_F1"
	echo "$(bucket 2025-10-31) $open_F2"
	echo "$(bucket 2026-01-31) $open_F3"
	echo "$(bucket 2025-06-30) $open_F4"
} > "$T/open"
expected() {
	for b in current 1-30 31-60 61-90 91+; do
		awk -v b="$b" '$1 == b { n++; s += $2 }
		    END { printf "default,CLP,%s,%d,%d\n", b, n, s }' "$T/open"
	done
}
{ echo "portfolio,currency,bucket,documents,amount"; expected; } > "$T/want"
run 0 cb report aging --as-of "$asof" --format csv
diff -u "$T/want" "$T/out" || fail "aging report differs"

# As the receivables stood on 2025-12-05: F3 was not issued yet, P1 and P3
# not paid yet, F5 (issued 2025-12-01) not yet due.
past=2025-12-05
cat > "$T/open" <<OPEN
$(bucket_on 2025-12-01 $past) $((1234567 - 100000))
$(bucket_on 2025-10-31 $past) 500000
$(bucket_on 2025-06-30 $past) $((750000 - 250000))
$(bucket_on 2025-12-31 $past) 300000
OPEN
{ echo "portfolio,currency,bucket,documents,amount"; expected; } > "$T/want"
run 0 cb report aging --as-of "$past" --format csv
diff -u "$T/want" "$T/out" || fail "aging report of $past differs"

# By debtor: the first debtor's two open invoices.
run 0 cb report aging --as-of "$asof" --format csv --by debtor
has "$T/out" "debtor_id,name,portfolio,currency,bucket,documents,amount"
has "$T/out" "12345678-5,José Ñuñez Pérez,default,CLP,31-60,1,$open_F1"
has "$T/out" "12345678-5,José Ñuñez Pérez,default,CLP,61-90,1,$open_F2"
lacks "$T/out" "11111111-1"

# Other buckets.
run 0 cb report aging --as-of "$asof" --format csv --buckets 45,200
has "$T/out" "default,CLP,1-45,1,$open_F1"
has "$T/out" "default,CLP,46-200,2,$((open_F2 + open_F4))"

run 0 cb check
