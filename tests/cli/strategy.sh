# Strategies: a call step puts an account in the strategy tier, between
# promises and the rest; `outbox run` writes exactly the letters and
# e-mails the strategy calls for, once, within the rule packs' message
# limits, places accounts with an agency and sets write-off reviews.
. "$COBRADOR_TOP/tests/lib.sh"

now="2026-03-02 10:00-03:00"
cbn init >/dev/null
anytime
cbn user add ag.uno --role agent >/dev/null

# The shipped default strategy is in force in a new database.
run 0 cbn strategy list
has "$T/out" "default"

cat > "$T/t.strategy" <<'EOF2'
strategy tests
name Estrategia de prueba
portfolios default
language es
segment cumplidor parcial moroso
day 1 email hola
day 3 letter firme
day 8 call recordatorio
day 10 email ultimo
day 20 place Agencia Norte
day 30 review

template hola email es
subject Recordatorio: su factura {oldest.invoice} venció
Estimado(a) {debtor.name}:
Su saldo es {balance}, vencido el {oldest.due_date}.
.
template firme letter es
{debtor.name}
{debtor.address}, {debtor.city}
Saldo vencido: {balance} ({oldest.dpd} días).
.
template ultimo email es
subject Último aviso
{debtor.name}: su saldo de {balance} sigue impago.
.
EOF2
run 0 cbn strategy load "$T/t.strategy"
has "$T/out" "tests version 1"

# ---- The order of the tiers -------------------------------------------
cat > "$T/d.csv" <<'CSV'
debtor_id,name,segment,phone,email,address,city
11.111.111-1,Llamar Devuelta,parcial,+56 9 1111 1111,,,
22.222.222-2,Promesa Rota,parcial,+56 9 2222 2222,,,
33.333.333-3,Paso Debido,parcial,+56 9 3333 3333,,,
44.444.444-4,Cuenta Comun,parcial,+56 9 4444 4444,,,
CSV
cat > "$T/i.csv" <<'CSV'
invoice_id,debtor_id,due_date,amount
A1,11111111-1,2026-02-20,100000
B1,22222222-2,2026-02-20,100000
C1,33333333-3,2026-02-20,100000
D1,44444444-4,2026-02-20,9000000
CSV
run 0 cbn import debtors "$T/d.csv"
run 0 cbn import invoices "$T/i.csv"

# On 2026-03-02 (10 days past due, the call step of day 8 has come): a
# promise for the 4th, and Cuenta Comun called with no answer.
run 0 cbn --as ag.uno log 22222222-2 PTP --amount 100000 --date 2026-03-04
run 0 cbn --as ag.uno log 44444444-4 NA
run 0 cbn queue --agent ag.uno --explain --format csv --limit 0
grep 33333333-3 "$T/out" | grep -q ",strategy," || fail "a due call step is not in the strategy tier"
grep 44444444-4 "$T/out" | grep -q ",by recovery," ||
	fail "an account called since its step came is not in the last tier"

# The 8th: the promise was found broken yesterday by the nightly re-score;
# a callback is due now.
now="2026-03-07 02:00-03:00"
run 0 cbn rescore
now="2026-03-08 09:00-03:00"
run 0 cbn --as ag.uno log 11111111-1 CB --at "2026-03-08 10:00-03:00"
now="2026-03-08 10:05-03:00"
cbn queue --agent ag.uno --format csv --limit 0 > "$T/q"
order=$(awk -F, 'NR > 1 { sub(/.*\//, "", $2); printf "%s ", $2 }' "$T/q")
[ "$order" = "11111111-1 22222222-2 33333333-3 44444444-4 " ] ||
	fail "order is '$order': a callback due, a promise broken yesterday, a strategy step due, then the rest"

# ---- The outbox --------------------------------------------------------
T2="$T/two"
mkdir "$T2"
DB="$T2/db"
now="2026-03-02 10:00-03:00"
cbn init >/dev/null
anytime
run 0 cbn strategy load "$T/t.strategy"
cat > "$T/d2.csv" <<'CSV'
debtor_id,name,segment,phone,email,address,city
11.111.111-1,José Núñez,parcial,+56 9 1111 1111,jose@example.cl,Av. Uno 100,Santiago
22.222.222-2,Ana Díaz,parcial,+56 9 2222 2222,ana@example.cl,Calle Dos 200,Ñuñoa
33.333.333-3,Sin Correo,parcial,+56 9 3333 3333,,Pasaje Tres 3,Talca
44.444.444-4,Para Agencia,parcial,+56 9 4444 4444,agencia@example.cl,Cuatro 4,Arica
55.555.555-5,Para Castigo,parcial,+56 9 5555 5555,castigo@example.cl,Cinco 5,Iquique
66.666.666-6,Al Dia,parcial,+56 9 6666 6666,aldia@example.cl,Seis 6,Temuco
CSV
# Days past due on 2026-03-02: 3, 12, 3, 25, 40, not yet due.
cat > "$T/i2.csv" <<'CSV'
invoice_id,debtor_id,due_date,amount
A1,11111111-1,2026-02-27,150000
B1,22222222-2,2026-02-18,250000
C1,33333333-3,2026-02-27,350000
D1,44444444-4,2026-02-05,450000
E1,55555555-5,2026-01-21,550000
F1,66666666-6,2026-03-20,650000
CSV
run 0 cbn import debtors "$T/d2.csv"
run 0 cbn import invoices "$T/i2.csv"
run 0 cbn outbox run --dir "$T/out1" --from "cobranza@example.cl"
has "$T/out" "5 letters, 4 e-mails"
has "$T/out" "1 placed with an agency, 1 set for a write-off review"
ls "$T/out1" > "$T/files"
cat > "$T/want" <<'LIST'
2026-03-02_default_11111111-1_email-hola.eml
2026-03-02_default_11111111-1_letter-firme.txt
2026-03-02_default_22222222-2_email-ultimo.eml
2026-03-02_default_22222222-2_letter-firme.txt
2026-03-02_default_33333333-3_letter-firme.txt
2026-03-02_default_44444444-4_email-ultimo.eml
2026-03-02_default_44444444-4_letter-firme.txt
2026-03-02_default_55555555-5_email-ultimo.eml
2026-03-02_default_55555555-5_letter-firme.txt
LIST
# Sin Correo gets its letter and no e-mail; Al Dia nothing yet.
diff "$T/want" "$T/files" || fail "the outbox holds other files than the strategy calls for"
has "$T/out" "1 with no address"
has "$T/out" "steps passed over"

# A letter, rendered in Spanish for a CLP portfolio.
has "$T/out1/2026-03-02_default_11111111-1_letter-firme.txt" "José Núñez"
has "$T/out1/2026-03-02_default_11111111-1_letter-firme.txt" "Av. Uno 100, Santiago"
has "$T/out1/2026-03-02_default_11111111-1_letter-firme.txt" 'Saldo vencido: $150.000 (3 días).'

# An e-mail: RFC 5322 headers, the subject and name encoded in UTF-8.
eml="$T/out1/2026-03-02_default_11111111-1_email-hola.eml"
has "$eml" "From: cobranza@example.cl"
has "$eml" "<jose@example.cl>"
has "$eml" "Date: Mon, 02 Mar 2026 13:00:00 +0000"
has "$eml" "Content-Type: text/plain; charset=UTF-8"
has "$eml" "MIME-Version: 1.0"
has "$eml" "Su saldo es \$150.000, vencido el 27 de febrero de 2026."
subject=$(sed -n 's/^Subject: =?UTF-8?B?\(.*\)?=$/\1/p' "$eml" | base64 -d)
[ "$subject" = "Recordatorio: su factura A1 venció" ] || fail "subject reads '$subject'"
name=$(sed -n 's/^To: =?UTF-8?B?\(.*\)?= <.*$/\1/p' "$eml" | base64 -d)
[ "$name" = "José Núñez" ] || fail "To: name reads '$name'"
# Headers end at the first empty line; nothing from the data in them but
# the encoded words and the addresses.
awk 'NF == 0 { exit } { print }' "$eml" | grep -qv '^[A-Za-z-]*: \|^ ' &&
	fail "a header line is malformed"

# Each message is an event; placement and review take accounts out.
cbn export events - > "$T/ev"
[ "$(grep -c ',letter,default,' "$T/ev")" = 5 ] || fail "letters are not one event each"
[ "$(grep -c ',email,default,' "$T/ev")" = 4 ] || fail "e-mails are not one event each"
grep -q ',placement,default,44444444-4,.*Agencia Norte' "$T/ev" || fail "no placement event"
grep -q ',writeoff_review,default,55555555-5,' "$T/ev" || fail "no review event"
run 0 cbn queue --all --limit 0
grep 44444444-4 "$T/out" | grep -q "placed with an agency" || fail "a placed account is in the queue"
grep 55555555-5 "$T/out" | grep -q "waits for a write-off review" || fail "an account for review is in the queue"
run 0 cbn export placements "$T/placements.csv"
has "$T/placements.csv" "44444444-4,Para Agencia"
has "$T/placements.csv" "Agencia Norte"
lacks "$T/placements.csv" "55555555-5"

# Running again produces nothing new.
run 0 cbn outbox run --dir "$T/out1"
has "$T/out" "0 letters, 0 e-mails"
has "$T/out" "0 placed with an agency, 0 set for a write-off review"
[ "$(ls "$T/out1" | wc -l)" = 9 ] || fail "a second run wrote files"

# A week later José is 10 days past due: only his last e-mail is new (Sin
# Correo's has no address to go to).
now="2026-03-09 10:00-03:00"
run 0 cbn outbox run --dir "$T/out1"
has "$T/out" "0 letters, 1 e-mails"
has "$T/out" "1 with no address"
[ -f "$T/out1/2026-03-09_default_11111111-1_email-ultimo.eml" ] || fail "the day-10 e-mail is missing"

# ---- The rule packs' message limits -----------------------------------
# Under the shipped CL pack (2 messages per 7 days, 2 days apart) José's
# letter and e-mail of the same day cannot both go.
T3="$T/three"
mkdir "$T3"
DB="$T3/db"
now="2026-03-02 10:00-03:00"
cbn init >/dev/null
run 0 cbn strategy load "$T/t.strategy"
head -2 "$T/d2.csv" > "$T/d3.csv"
head -2 "$T/i2.csv" > "$T/i3.csv"
run 0 cbn import debtors "$T/d3.csv"
run 0 cbn import invoices "$T/i3.csv"
run 0 cbn outbox run --dir "$T/out3"
has "$T/out" "1 letters, 0 e-mails"
has "$T/out" "1 held by rule packs"
now="2026-03-03 10:00-03:00"
run 0 cbn outbox run --dir "$T/out3"
has "$T/out" "0 letters, 0 e-mails"
now="2026-03-04 10:30-03:00"
run 0 cbn outbox run --dir "$T/out3"
has "$T/out" "0 letters, 1 e-mails"
# Two messages in 7 days: the day-10 e-mail waits until the letter of
# 2026-03-02 10:00 is a week old.
now="2026-03-09 09:30-03:00"
run 0 cbn outbox run --dir "$T/out3"
has "$T/out" "0 letters, 0 e-mails"
has "$T/out" "1 held by rule packs"
now="2026-03-10 10:30-03:00"
run 0 cbn outbox run --dir "$T/out3"
has "$T/out" "0 letters, 1 e-mails"
[ "$(ls "$T/out3" | wc -l)" = 3 ] || fail "the CL limits let more through"

# ---- sendmail ----------------------------------------------------------
cat > "$T/sendmail" <<SH
#!/bin/sh
[ "\$*" = "-t -i" ] || exit 64
cat >> "$T/sent"
SH
chmod +x "$T/sendmail"
now="2026-03-20 10:30-03:00"
sed -n '1p;3p' "$T/d2.csv" > "$T/d4.csv"
printf 'invoice_id,debtor_id,due_date,amount\nB9,22222222-2,2026-03-19,5000\n' \
    > "$T/i4.csv"
run 0 cbn import debtors "$T/d4.csv"
run 0 cbn import invoices "$T/i4.csv"
run 0 cbn outbox run --dir "$T/out3" --sendmail "$T/sendmail"
has "$T/out" "1 e-mails handed to"
has "$T/sent" "To: =?UTF-8?B?"
has "$T/sent" "X-Cobrador-Account: default/22222222-2"

# ---- Who may ----------------------------------------------------------
cbn user add ag.dos --role agent >/dev/null
run 4 cbn --as ag.dos outbox run --dir "$T/out3"
run 4 cbn --as ag.dos strategy load "$T/t.strategy"
run 0 cbn check
