# The nightly re-score writes only what changed, and a database of schema
# 4 (accounts without the marks the re-score ages segments from) is
# marked again by the first program that opens it.
. "$COBRADOR_TOP/tests/lib.sh"

now="2026-03-02 10:00-03:00"
night="2026-03-03 02:00-03:00"
cbn demo --accounts 600 --seed 9 >/dev/null
run 0 cb --now "$night" rescore

# The same night again: every account is where it was, nothing is written.
before=$(db_digest)
run 0 cb --now "$night" rescore
[ "$(db_digest)" = "$before" ] || fail "a re-score that changed nothing wrote to the database"

# 120 nights later the segments have aged: some accounts became moroso.
cb export accounts - | awk -F, 'NR > 1 { print $1, $19 }' | sort > "$T/seg.before"
run 0 cb --now "2026-07-01 02:00-04:00" rescore
[ "$(db_digest)" != "$before" ] || fail "a re-score 120 days later changed nothing"
cb export accounts - | awk -F, 'NR > 1 { print $1, $19 }' | sort > "$T/seg.after"
moved=$(join "$T/seg.before" "$T/seg.after" | awk '$2 != $3 && $3 == "moroso"' | wc -l)
[ "$moved" -gt 0 ] || fail "no account became moroso in 120 days"
run 0 cb check

# Schema 4: the marks are gone; opening the database puts them back, so
# check (which proves them against the documents) passes and the
# segments and the queue are as they were.
cb queue --format csv --limit 0 > "$T/queue.before"
"$TAMPER" "$DB" schema 4 || fail "the demo has no account paid late"
run 0 cb check
cb export accounts - | awk -F, 'NR > 1 { print $1, $19 }' | sort > "$T/seg.migrated"
cmp -s "$T/seg.after" "$T/seg.migrated" || fail "the migration changed segments"
cb queue --format csv --limit 0 > "$T/queue.after"
cmp -s "$T/queue.before" "$T/queue.after" || fail "the migration changed the queue"
