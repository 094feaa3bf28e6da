# check passes on a demo database and names the fault when an event or a
# balance is altered underneath it; a backup taken while another process
# keeps importing passes check.
. "$COBRADOR_TOP/tests/lib.sh"
: "${TAMPER:?}"

run 0 cb demo --accounts 300 --seed 7
run 0 cb check
has "$T/out" "unbroken chain"

# One byte of event 5 changed: the chain breaks at event 6.
cp -r "$DB" "$T/pristine"
"$TAMPER" "$DB" event 5
run 2 cb check
has "$T/err" "event 6: the event before this one was changed"

# An event removed (a call hidden), in a copy: the chain breaks after it.
rm -rf "$DB" && cp -r "$T/pristine" "$DB"
"$TAMPER" "$DB" drop 40
run 2 cb check
has "$T/err" "event 40: an event is missing from the log"
# Two events swapped (the log reordered).
rm -rf "$DB" && cp -r "$T/pristine" "$DB"
"$TAMPER" "$DB" swap 40
run 2 cb check
has "$T/err" "event 40"

# The last event changed.
rm -rf "$DB" && cp -r "$T/pristine" "$DB"
last=$(cb check | sed -n 's/^OK: \([0-9]*\) events.*/\1/p')
"$TAMPER" "$DB" event "$last"
run 2 cb check
has "$T/err" "the last event was changed or removed"

# A balance changed.
rm -rf "$DB" && cp -r "$T/pristine" "$DB"
account=$(cb export accounts - | awk -F, 'NR == 2 { print $13 " " $1 }')
"$TAMPER" "$DB" balance $account
run 2 cb check
has "$T/err" "account ${account% *}/${account#* }: the account's balance does not equal its documents"

# The head of the queue index dropped: the account it was is named.
rm -rf "$DB" && cp -r "$T/pristine" "$DB"
"$TAMPER" "$DB" queue first
run 2 cb check
has "$T/err" "missing from the queue index"
has "$T/err" "the queue index has"

# A rule pack stored behind the program's back that no longer parses.
rm -rf "$DB" && cp -r "$T/pristine" "$DB"
"$TAMPER" "$DB" pack CL "pack CL
days someday"
run 2 cb check
has "$T/err" "rule pack CL:2: days: 'someday' is not a day"

# A database of schema 1 (before the queue) is migrated by the first
# program that opens it: every account is back in its place.  The queue is
# read on a weekday morning, when the rule packs let calls be made.
weekday="$(date -d 'next monday' +%Y-%m-%d) 11:00-03:00"
rm -rf "$DB" && cp -r "$T/pristine" "$DB"
cb --now "$weekday" queue --format csv --limit 0 > "$T/queue.before"
"$TAMPER" "$DB" schema 1
run 0 cb check
cb --now "$weekday" queue --format csv --limit 0 > "$T/queue.after"
[ "$(wc -l < "$T/queue.after")" -gt 100 ] || fail "the migration put nothing in the queue"
cut -d, -f2 "$T/queue.before" | sort > "$T/q1"
cut -d, -f2 "$T/queue.after" | sort > "$T/q2"
cmp -s "$T/q1" "$T/q2" || fail "the migrated queue holds other accounts"

# A backup while another process keeps writing.
rm -rf "$DB" && cp -r "$T/pristine" "$DB"
cb export accounts - | awk -F, 'NR > 1 && $13 == "retail-cl" { print $1 }' | head -100 > "$T/ids"
i=0
while [ $i -lt 30 ]; do
	{
		echo "payment_id,debtor_id,date,amount,portfolio"
		n=0
		while read -r id; do
			echo "LIVE-$i-$n,$id,2026-01-10,1000,retail-cl"
			n=$((n + 1))
		done < "$T/ids"
	} > "$T/live$i.csv"
	i=$((i + 1))
done
(
	i=0
	while [ $i -lt 30 ]; do
		cb import payments "$T/live$i.csv" >/dev/null 2>&1 || exit 1
		i=$((i + 1))
	done
) &
writer=$!
sleep 0.2
run 0 cb backup "$T/copy"
wait $writer || fail "the writer failed"
run 0 "$COBRADOR" --db "$T/copy" check
run 0 cb check
[ "$(stat -c %a "$T/copy/data.mdb")" = "$(stat -c %a "$DB/data.mdb")" ] || fail "backup lost the file mode"
run 2 cb backup "$T/copy"
has "$T/err" "already holds a database"
