# Every message of the program has its translation in every catalog, and
# the catalogs compile: a new message without one fails here.
. "$COBRADOR_TOP/tests/lib.sh"

run 0 "$COBRADOR_TOP/scripts/update-po" --check
for po in "$COBRADOR_TOP"/tui/po/*.po; do
	run 0 msgfmt --check -o "$T/out.mo" "$po"
done
