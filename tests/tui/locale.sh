# The workstation follows the locale: in an ISO-8859-1 terminal
# (es_CL.ISO-8859-1, through luit) "Muñoz Peña" is typed, found and shown
# whole, its columns aligned with a name without accents; under
# es_CL.UTF-8 the labels are Spanish, under en_US.UTF-8 English.
. "$COBRADOR_TOP/tests/lib.sh"
tmux_setup
command -v luit >/dev/null || fail "luit is missing (scripts/install-deps installs it)"
locale -a | grep -qix "es_CL.iso88591" || fail "no es_CL.ISO-8859-1 locale (scripts/install-deps makes it)"

now="2026-03-02 10:00-03:00"
cbn init >/dev/null
anytime
cat > "$T/d.csv" <<'CSV'
debtor_id,name,phone
99.999.999-9,Muñoz Peña,+56 9 9999 9999
88.888.888-8,Munoz Pena,+56 9 8888 8888
CSV
printf 'invoice_id,debtor_id,due_date,amount\nA1,99999999-9,2026-01-10,123456\nB1,88888888-8,2026-01-10,123456\n' > "$T/i.csv"
cbn import debtors "$T/d.csv" >/dev/null
cbn import invoices "$T/i.csv" >/dev/null

latin1="env LANG=es_CL.ISO-8859-1 LC_ALL=es_CL.ISO-8859-1 '$COBRADOR' --db '$DB' --now '$now'"
tmux_start latin1 100 30 "luit -encoding ISO-8859-1 -- $latin1"
wait_for "Siguiente"
keys /
wait_for "RUT"
keys "peña" Enter
wait_for "2 cuentas"
screen > "$T/hits"
has "$T/hits" "Muñoz Peña"
has "$T/hits" "Munoz Pena"
# Aligned: up to the balance, both lines take as many columns.
upto() { grep -F "$1" "$T/hits" | sed 's/123\.456.*//' | wc -m; }
[ "$(upto "Muñoz Peña")" -eq "$(upto "Munoz Pena")" ] ||
	fail "the accented name moves the columns: $(cat "$T/hits")"
# The hit chosen is marked by a '>' in its first column, and Down and Up
# move only that mark.
marks() { screen | grep "default/" | cut -c2 | tr -d '\n'; }
marked() {
	i=0
	while [ "$(marks)" != "$1" ]; do
		i=$((i + 1))
		[ $i -lt 50 ] || fail "the marks are '$(marks)', not '$1': $(screen)"
		sleep 0.1
	done
}
marked "> "
keys Down
marked " >"
keys Up
marked "> "
# The typed ñ reached the search as one: "peña" found both, folded.
# Open Muñoz Peña: the first hit, or the one after.
grep -m1 "default/" "$T/hits" | grep -q "Muñoz" || keys Down
keys Enter
wait_for "Documentos ("
screen | sed -n 2p | grep -q "^ Muñoz Peña  *99999999-9  *default" ||
	fail "the header is not whole: $(screen | sed -n 2p)"
# q back to the search, Esc home, q out.
keys q
wait_for "peña"
keys Escape q
wait_for "EXITED 0"

tmux_start es 100 30 "LANG=es_CL.UTF-8 LC_ALL=es_CL.UTF-8 '$COBRADOR' --db '$DB' --now '$now'"
wait_for "Llamadas agendadas"
has_screen() { screen | grep -qF -- "$1" || fail "no '$1' on screen: $(screen)"; }
has_screen "Mi día"
has_screen "F2 n Siguiente"
keys n
wait_for "Documentos ("
has_screen "Saldo 123.456 CLP"
has_screen "Volver"
keys q y q
wait_for "EXITED 0"

tmux_start en 100 30 "LANG=en_US.UTF-8 LC_ALL=en_US.UTF-8 '$COBRADOR' --db '$DB' --now '$now'"
wait_for "Callbacks due"
has_screen "My day"
keys n
wait_for "Documents ("
has_screen "Balance 123,456 CLP"
keys q y q
wait_for "EXITED 0"
