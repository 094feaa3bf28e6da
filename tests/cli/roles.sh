# Roles in core: an agent sees and works the accounts of its own
# portfolios only, and may not run the supervisors' and admins' commands;
# every refusal is exit 4 with a message, and an event in the log.
. "$COBRADOR_TOP/tests/lib.sh"

now="2026-03-02 10:00-03:00"
cbn demo --accounts 300 --seed 5 >/dev/null
anytime
cbn user add ag.cl --role agent --portfolios retail-cl >/dev/null
cl=$(cbn export accounts - | awk -F, '$13 == "retail-cl" && $15 > 0 { print $13 "/" $1; exit }')
pe=$(cbn export accounts - | awk -F, '$13 == "pymes-pe" && $15 > 0 { print $13 "/" $1; exit }')
agent() { "$COBRADOR" --db "$DB" --now "$now" --as ag.cl "$@"; }

before=$(cbn export events - | grep -c ',denied,' || true)

# Its own portfolio: seen and worked.
run 0 agent account "$cl"
run 0 agent log "$cl" NA
# Another portfolio: neither seen nor worked, nor found.
run 4 agent account "$pe"
has "$T/err" "cobrador:"
run 4 agent log "$pe" NA
name=$(cbn account "$pe" | head -n 1 | cut -d' ' -f3-)
run 0 agent search "$name"
lacks "$T/out" "pymes-pe"
# Nor is it handed one by the queue.
run 0 agent next
case "$(cat "$T/out")" in retail-cl/*) ;; *) fail "next gave $(cat "$T/out")" ;; esac
agent release "$(cat "$T/out")" >/dev/null

# Supervisors' and admins' commands: exit 4, each logged.
run 4 agent pin "$cl"
run 4 agent report aging
run 4 agent queue --agent ag.munoz
run 4 agent user add ag.nuevo --role agent
run 4 agent export accounts -
run 4 agent rescore
run 4 agent certificate "$cl"
printf 'debtor_id,name\n11.111.111-1,Nadie\n' > "$T/d.csv"
run 4 agent import debtors "$T/d.csv"
cbn export events - | grep ',denied,' > "$T/denied"
[ "$(wc -l < "$T/denied")" -eq $((before + 10)) ] ||
	fail "not every refusal is logged: $(cat "$T/denied")"
for what in account log pin report queue user export rescore certificate import; do
	grep ",ag.cl,denied,," "$T/denied" | grep -q "what=$what" ||
		fail "the refusal of $what is not logged"
done
# A supervisor may.
run 0 "$COBRADOR" --db "$DB" --now "$now" --as sup.rojas pin "$pe"
run 0 "$COBRADOR" --db "$DB" --now "$now" --as sup.rojas account "$pe"
