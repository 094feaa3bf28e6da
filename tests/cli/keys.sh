# doc/keys.md is what `cobrador keys --markdown` prints from the screens'
# key tables: it is current, and it lists the fixed keys of DESIGN.md.
. "$COBRADOR_TOP/tests/lib.sh"

"$COBRADOR" keys --markdown > "$T/keys.md"
diff -u "$COBRADOR_TOP/doc/keys.md" "$T/keys.md" >&2 ||
	fail "doc/keys.md is not current: run 'cobrador keys --markdown > doc/keys.md'"
for k in '`F1 ?`' '`F10 q`' '`F2 n`' '`F3 /`' '`1-9`' '`p`' '`c`' '`o`' \
	'`Tab`' '`Enter`' '`Esc`' '`C-l`'; do
	has "$T/keys.md" "| $k |"
done
# The plain listing is the same tables.
run 0 "$COBRADOR" keys
has "$T/out" "Take the next account of the queue and open it"
run 1 "$COBRADOR" keys --bogus
