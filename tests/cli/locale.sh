# Tables follow the user's locale: Chilean separators in es_CL, an
# ISO-8859-1 terminal gets ISO-8859-1, and whatever a record holds, no
# control character reaches the terminal.
. "$COBRADOR_TOP/tests/lib.sh"
: "${TAMPER:?}"

# in_locale LOCALE ARGS: the program on the test's database in another locale.
in_locale() {
	loc=$1
	shift
	env LC_ALL="$loc" "$COBRADOR" --db "$DB" "$@"
}

cb init >/dev/null
printf 'debtor_id;name\n12.345.678-5;José Ñuñez\n' > "$T/d.csv"
printf 'invoice_id;debtor_id;due_date;amount\nF1;12345678-5;2025-12-01;1.234.567\n' > "$T/i.csv"
cb import debtors "$T/d.csv" >/dev/null
cb import invoices "$T/i.csv" >/dev/null

run 0 in_locale es_CL.UTF-8 report aging --as-of 2026-01-15
has "$T/out" "1.234.567"
run 0 in_locale en_US.UTF-8 report aging --as-of 2026-01-15
has "$T/out" "1,234,567"
# Machines get the plain form whatever the locale.
run 0 in_locale es_CL.UTF-8 report aging --as-of 2026-01-15 --format csv
has "$T/out" "default,CLP,31-60,1,1234567"

# An ISO-8859-1 terminal gets ISO-8859-1 bytes.
run 0 in_locale es_ES.ISO-8859-1 account 12345678-5
iconv -f ISO-8859-1 -t UTF-8 "$T/out" > "$T/utf8" || fail "not ISO-8859-1"
has "$T/utf8" "José Ñuñez"
# The translated headings too, whole: "días de mora", not "d\xEDas".
has "$T/utf8" "días de mora"
lacks "$T/out" '\x'

# A name holding an escape sequence and a bidirectional override, put in
# behind the program's back (imports refuse them), is shown escaped.
"$TAMPER" "$DB" name 12345678-5 "$(printf 'Jos\033[2J\342\200\256e')"
run 0 cb account 12345678-5
has "$T/out" 'Jos\e[2J<U+202E>e'
if tr -d '\n' < "$T/out" | grep -q "$(printf '[\001-\010\013-\037\177]')"; then
	fail "a control character reached the output"
fi
run 0 cb search 12345678-5
has "$T/out" 'Jos\e[2J<U+202E>e'

# In Spanish, from the locale: the program's words and the core's.
run 0 in_locale es_CL.UTF-8 report aging --as-of 2026-01-15
has "$T/out" "cartera"
has "$T/out" "al día"
run 0 in_locale es_CL.UTF-8 account 12345678-5
has "$T/out" "Saldo:"
has "$T/out" "Documentos"
run 2 env LC_ALL=es_CL.UTF-8 "$COBRADOR" --db "$T/nada" check
has "$T/err" "no hay base de datos en $T/nada"
run 2 in_locale es_CL.UTF-8 --as nobody check
has "$T/err" "--as: no hay un usuario activo nobody"
run 0 in_locale es_CL.UTF-8 --help
has "$T/out" "Comandos:"
# English stays English.
run 0 in_locale en_US.UTF-8 report aging --as-of 2026-01-15
has "$T/out" "current"
