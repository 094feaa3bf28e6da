# The script pane in tmux: options 1-9 walk the steps, a step's questions
# are answered in a form (a wrong choice is said and kept), b goes back,
# Enter goes on and at an end opens that outcome's form filled from the
# answers; the outcome records the script, its path and the answers.  o
# lists every code (typing its first letters), a plan and a note too.
. "$COBRADOR_TOP/tests/lib.sh"
tmux_setup

now="2026-03-02 10:00-03:00"
cbn init >/dev/null
anytime
cat > "$T/d.csv" <<'CSV'
debtor_id,name,phone
11.111.111-1,Uno Deudor,+56 9 1111 1111
22.222.222-2,Dos Deudor,+56 9 2222 2222
33.333.333-3,Tres Deudor,+56 9 3333 3333
CSV
cat > "$T/i.csv" <<'CSV'
invoice_id,debtor_id,due_date,amount
A1,11111111-1,2026-01-10,300000
B1,22222222-2,2026-01-20,200000
C1,33333333-3,2026-01-30,100000
CSV
cbn import debtors "$T/d.csv" >/dev/null
cbn import invoices "$T/i.csv" >/dev/null
cat > "$T/test.script" <<'SCRIPT'
script call-test
name Test call
language en
when portfolio default
when dpd 1..
when segment cumplidor parcial moroso

step hello mandatory
say Hello {debtor.name}.
option 1 It is them -> why
option 2 Nobody answers -> gone

step why
say You owe {balance}.
ask reason choice forgot|no-funds Reason
option 1 Will pay -> promise
option 2 Wants a plan -> plan

step promise
say How much and when?
ask amount amount Amount to pay
ask date date Day to pay
next promised

step promised
say Noted {answer.amount} on {answer.date}.
end PTP

step plan
say We note a plan.
end PLAN

step gone
say Nobody answered.
end NA
SCRIPT
cbn script load "$T/test.script" >/dev/null

tmux_start script 80 24 "TZ=America/Santiago LANG=C.UTF-8 '$COBRADOR' --db '$DB' --now '$now'"
wait_for "F2 n Next"

# ---- The first account: a promise through the script --------------------
keys F2
wait_for "Test call v1"
has_screen() { screen | grep -qF -- "$1" || fail "no '$1' on screen: $(screen)"; }
has_screen "Hello Uno Deudor."
has_screen "hello (mandatory)"
keys 1
wait_for "You owe \$300.000."
has_screen "? Reason: ..."
# Option 1 with the reason unanswered asks it first.
keys 1
wait_for "The script asks"
keys bogus Enter
wait_for "Reason:"
has_screen "bogus"
keys C-u forgot Enter
wait_for "How much and when?"
# Back one step: the answer stays; on again without a form.
keys b
wait_for "? Reason: forgot"
keys 1
wait_for "How much and when?"
# Enter: the questions of the step, then its `next`.
keys Enter
wait_for "Amount to pay"
keys 150000 Tab 2026-03-10 Enter
wait_for "Noted \$150.000 on March 10, 2026."
has_screen "Enter: log PTP"
keys Enter
wait_for "promise to pay"
screen | grep -q "Amount  *150000" || fail "the amount answered is not in the form"
screen | grep -q "Date  *2026-03-10" || fail "the date answered is not in the form"
keys Enter
wait_for "Logged PTP on default/11111111-1"
cbn account 11111111-1 | grep " outcome " > "$T/ev1"
for f in code=PTP amount=150000 date=2026-03-10 script=call-test \
	script_version=1 'path=hello>why>promise>promised' answer.reason=forgot \
	answer.amount=150000 answer.date=2026-03-10; do
	has "$T/ev1" "$f"
done

# ---- The second: nobody answers, with a note ------------------------------
keys F2
wait_for "Hello Dos Deudor."
keys 2
wait_for "Nobody answered."
keys Enter
wait_for "no answer"
keys "call again at noon" Enter
wait_for "Logged NA on default/22222222-2"
cbn account 22222222-2 | grep " outcome " > "$T/ev2"
has "$T/ev2" 'code=NA'
has "$T/ev2" 'note="call again at noon"'
has "$T/ev2" 'path=hello>gone'

# ---- The third: another script by hand, then o, a plan ------------------------
keys F2
wait_for "Hello Tres Deudor."
keys s
wait_for "Another call script"
has_screen "third-party-en"
has_screen "Test call"
lacks_screen() { screen | grep -qF -- "$1" && fail "'$1' on screen: $(screen)"; true; }
lacks_screen "third-party-es"
keys t h Enter
wait_for "A third party answers v1"
has_screen "Could I speak with Tres"
keys s
wait_for "Another call script"
keys c a Enter
wait_for "Hello Tres Deudor."
keys o
wait_for "Outcome of the call"
has_screen "RTP"
has_screen "refuses to pay"
keys P L Enter
wait_for "payment plan"
keys 30000 Tab 3 Tab 2026-03-05 Tab Enter
wait_for "Logged PLAN on default/33333333-3"
cbn account 33333333-3 > "$T/acct3"
grep " outcome " "$T/acct3" | grep -F "code=PLAN" | grep -qF "path=hello" ||
	fail "no plan: $(cat "$T/acct3")"
[ "$(awk '/^Promises/, /^$/' "$T/acct3" | grep -c "10.000  pending")" -eq 3 ] ||
	fail "not three installments of 10.000: $(cat "$T/acct3")"

keys q
wait_for "EXITED 0"
