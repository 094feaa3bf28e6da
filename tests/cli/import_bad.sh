# Every kind of bad input exits 2, names file, line and column, and leaves
# the database exactly as it was; --rejects loads the good rows instead.
. "$COBRADOR_TOP/tests/lib.sh"

cb init >/dev/null
cat > "$T/debtors.csv" <<'CSV'
debtor_id,name,country
12.345.678-5,José Pérez,
45678912,Rosa Quispe,PE
CSV
cat > "$T/invoices.csv" <<'CSV'
invoice_id,debtor_id,due_date,amount,portfolio
F1,12345678-5,31-12-2025,150000,retail
B1,45678912,31-12-2025,"1.234,50",lima
CSV
run 0 cb import debtors "$T/debtors.csv"
run 0 cb import invoices "$T/invoices.csv"
before=$(db_digest)

# refused FILE KIND WHERE [IMPORT OPTIONS]: the import exits 2 naming WHERE
# ("file:line: column") and the database file is byte for byte the same.
refused() {
	file=$1 kind=$2 where=$3
	shift 3
	run 2 cb import "$kind" "$T/$file" "$@"
	has "$T/err" "$T/$where"
	has "$T/err" "nothing was imported"
	[ "$(db_digest)" = "$before" ] || fail "$file changed the database"
}

printf 'debtor_id,name\n11.111.111-1,Ana Soto\n12.345.678-9,Mal Digito\n' > "$T/bad_rut.csv"
refused bad_rut.csv debtors "bad_rut.csv:3: debtor_id: invalid RUT check digit"

printf 'invoice_id,debtor_id,due_date,amount\nF9,12345678-5,31-02-2025,1000\n' > "$T/bad_date.csv"
refused bad_date.csv invoices "bad_date.csv:2: due_date: impossible date"

printf 'invoice_id,debtor_id,due_date,amount,portfolio\nB9,45678912,01-03-2026,1.234,lima\n' > "$T/ambiguous.csv"
refused ambiguous.csv invoices "ambiguous.csv:2: amount: ambiguous amount"

printf 'debtor_id,name\n11.111.111-1,Ana \351rez\n' > "$T/latin1.csv"
refused latin1.csv debtors "latin1.csv:2: character 18: invalid byte sequence" --encoding UTF-8

printf 'debtor_id,name\n11.111.111-1,"Ana Soto\n22.222.222-2,Juan\n' > "$T/quote.csv"
refused quote.csv debtors "quote.csv:2: character 14: unterminated quoted field"

printf 'invoice_id,debtor_id,amount\nF9,12345678-5,1000\n' > "$T/no_due.csv"
refused no_due.csv invoices "no_due.csv:1: due_date: required column missing"

printf 'debtor_id,name\n11.111.111-1,Ana \033[31mSoto\n' > "$T/escape.csv"
refused escape.csv debtors "escape.csv:2: name: control character U+001B"

printf 'invoice_id,debtor_id,due_date,amount\nF9,22.222.222-2,01-03-2026,1000\n' > "$T/unknown.csv"
refused unknown.csv invoices "unknown.csv:2: debtor_id: unknown debtor '22.222.222-2'"

printf 'invoice_id,debtor_id,due_date,amount\nF7,12345678-5,01-03-2026,1000\nF7,12345678-5,01-03-2026,2000\n' > "$T/twice.csv"
refused twice.csv invoices "twice.csv:3: invoice_id: invoice F7 is on line 2 too"

# Twenty bad rows are all listed, not only the first.
{ echo "debtor_id,name"; i=0; while [ $i -lt 20 ]; do echo "12.345.678-$((i % 9)),X"; i=$((i + 1)); done; } > "$T/many.csv"
run 2 cb import debtors "$T/many.csv"
[ "$(grep -c 'many.csv:[0-9]*: debtor_id' "$T/err")" -ge 18 ] || fail "not every bad row listed"

# With --rejects the good rows load and the bad ones go to the file.
printf 'debtor_id,name\n11.111.111-1,Ana Soto\n12.345.678-9,Mal Digito\n22.222.222-2,Juan Díaz\n' > "$T/mixed.csv"
run 0 cb import debtors "$T/mixed.csv" --rejects "$T/rejects.csv"
has "$T/out" "2 added"
has "$T/out" "1 rejected"
has "$T/err" "mixed.csv:3: debtor_id: invalid RUT check digit"
has "$T/rejects.csv" "debtor_id,name,reason"
has "$T/rejects.csv" "12.345.678-9,Mal Digito,line 3: debtor_id: invalid RUT check digit"
[ "$(wc -l < "$T/rejects.csv")" -eq 2 ] || fail "rejects file has other rows"
printf 'invoice_id,debtor_id,due_date,amount\nF8,22222222-2,01-03-2026,1000\n' > "$T/juan.csv"
run 0 cb import invoices "$T/juan.csv"
run 0 cb account 22222222-2
has "$T/out" "Juan Díaz"

# A dry run checks and changes nothing.
after=$(db_digest)
printf 'debtor_id,name\n33.333.333-3,Nuevo\n' > "$T/dry.csv"
run 0 cb import debtors "$T/dry.csv" --dry-run
has "$T/out" "1 added"
has "$T/out" "Dry run"
[ "$(db_digest)" = "$after" ] || fail "a dry run changed the database"

run 0 cb check
