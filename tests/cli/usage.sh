# Every command has --help; usage errors exit 1; a missing database, an
# unknown account and the admin-only options say so clearly.
. "$COBRADOR_TOP/tests/lib.sh"

run 0 "$COBRADOR" --help
for c in init demo import account search queue next release log rescore pin assign resolve plan weights report user export backup check; do
	has "$T/out" "  $c "
done
for c in init demo import account search queue next release log rescore pin assign resolve plan weights report user export backup check; do
	run 0 "$COBRADOR" "$c" --help
	has "$T/out" "usage: cobrador $c"
done

run 1 "$COBRADOR" frobnicate
has "$T/err" "unknown command 'frobnicate'"
run 1 cb import invoices
has "$T/err" "usage: cobrador import"
run 1 cb report aging --buckets 60,30
has "$T/err" "--buckets"
run 1 "$COBRADOR" --now "yesterday" check
has "$T/err" "--now"
# No terminal and no command: usage, not a screen.
run 1 cb < /dev/null

run 2 cb check
has "$T/err" "no database in $DB"

run 0 cb init
has "$T/out" "is its admin"
run 2 cb init
has "$T/err" "already holds a database"

run 2 cb account 12.345.678-5
has "$T/err" "no account 12.345.678-5"
run 2 cb --as nobody check
has "$T/err" "no active user nobody"

# Users: add, list, disable; the last admin stays.
run 0 cb user add ag.test --role agent --name "Agente Prueba"
run 2 cb user add ag.test --role agent
has "$T/err" "already exists"
run 1 cb user add ag.x --role boss
run 0 cb user list
has "$T/out" "ag.test"
has "$T/out" "Agente Prueba"
# An agent is refused the admin's options and commands (exit 4).
run 4 cb --as ag.test check
has "$T/err" "not permitted"
run 0 cb user disable ag.test
run 3 cb user disable ag.test
me=$(id -un)
run 5 cb user disable "$me"
has "$T/err" "last active admin"

# The clock can be fixed by an admin: the demo's history follows it.
run 0 "$COBRADOR" --db "$T/demo" --now "2026-03-02 08:00-03:00" demo --accounts 50
run 0 "$COBRADOR" --db "$T/demo" --now "2026-03-02T11:00Z" report aging --format csv
has "$T/out" "retail-cl,CLP,current"

# The help of log names every outcome code.
run 0 "$COBRADOR" log --help
for code in PTP PAID RPC RTP DSP CB PLAN LM NA BZ WPC WN DC DEC BK CD; do
	has "$T/out" "$code "
done
