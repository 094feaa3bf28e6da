# The certificate of collection efforts: the header and totals of the text
# form, the CSV's rows exactly the account's events in order and read back
# into them, who may make one, and --encoding; and the exports written in
# WINDOWS-1252.
. "$COBRADOR_TOP/tests/lib.sh"

now="2026-03-02 10:00-03:00"
cbn init >/dev/null
anytime
cbn user add ag.uno --role agent >/dev/null
cbn user add sup.jefa --role supervisor >/dev/null

# A letter on day 1, an e-mail on day 2, placement with an agency on day
# 30 past due.
cat > "$T/c.strategy" <<'EOF2'
strategy certs
name Certificado
portfolios default
language es
segment cumplidor parcial moroso
day 1 letter firme
day 2 email hola
day 30 place Agencia Norte

template firme letter es
{debtor.name}
{debtor.address}, {debtor.city}
Saldo vencido: {balance}.
.
template hola email es
subject Su saldo
{debtor.name}: su saldo es {balance}.
.
EOF2
run 0 cbn strategy load "$T/c.strategy"

cat > "$T/d.csv" <<'CSV'
debtor_id,name,segment,phone,email,address,city
11.111.111-1,José Núñez,parcial,+56 9 1111 1111,jose@example.cl,Av. Ñuble 100,Santiago
22.222.222-2,Peña Ñandú,parcial,+56 9 2222 2222,pena@example.cl,Calle Dos 200,Ñuñoa
CSV
# On 2026-03-02: José 10 and 5 days past due, Peña 40.
cat > "$T/i.csv" <<'CSV'
invoice_id,debtor_id,due_date,amount
A1,11111111-1,2026-02-20,300000
A2,11111111-1,2026-02-25,200000
B1,22222222-2,2026-01-21,700000
CSV
run 0 cbn import debtors "$T/d.csv"
run 0 cbn import invoices "$T/i.csv"

# José's history: no answer, the outbox's letter and e-mail, a promise
# kept by a payment, a promise broken, a callback and a conversation.
run 0 cbn --as ag.uno log 11111111-1 NA
run 0 cbn outbox run --dir "$T/outbox"
has "$T/out" "2 letters, 2 e-mails"
has "$T/out" "1 placed with an agency"
now="2026-03-03 11:00-03:00"
run 0 cbn --as ag.uno log 11111111-1 PTP --amount 100000 --date 2026-03-05
printf 'payment_id,debtor_id,date,amount\nP1,11111111-1,2026-03-04,100000\n' > "$T/p.csv"
now="2026-03-04 20:00-03:00"
run 0 cbn import payments "$T/p.csv"
run 0 cbn --as ag.uno log 11111111-1 PTP --amount 200000 --date 2026-03-06
now="2026-03-09 02:00-03:00"
run 0 cbn rescore
now="2026-03-09 10:00-03:00"
run 0 cbn --as ag.uno log 11111111-1 CB --at "2026-03-10 10:00-03:00"
now="2026-03-10 10:05-03:00"
run 0 cbn --as ag.uno log 11111111-1 RPC --note "habló la señora, dice \"pagará\", el lunes"

cbn export events - > "$T/ev"
grep -q ",promise_kept,default,11111111-1," "$T/ev" || fail "the promise was not kept"
grep -q ",promise_broken,default,11111111-1," "$T/ev" || fail "the promise was not broken"

# ---- The text form ------------------------------------------------------
now="2026-03-10 12:00-03:00"
run 0 cbn --as sup.jefa certificate 11111111-1
cp "$T/out" "$T/text"
has "$T/text" "CERTIFICATE OF COLLECTION EFFORTS"
has "$T/text" "Creditor:          default (default)"
has "$T/text" "Debtor:            11111111-1  José Núñez"
has "$T/text" "Country:           CL"
has "$T/text" "Date:              2026-03-10 15:00 UTC"
has "$T/text" "Made by:           sup.jefa"
# 500,000 invoiced, 100,000 paid to the oldest invoice.
has "$T/text" "Balance:           400.000 CLP"
has "$T/text" "Oldest due date:   2026-02-20"
grep -E '^A1 +invoice +2026-02-20 +300\.000 +200\.000 +18$' "$T/text" >/dev/null ||
	fail "A1 is not listed open with 18 days late"
grep -E '^A2 +invoice +2026-02-25 +200\.000 +200\.000 +13$' "$T/text" >/dev/null ||
	fail "A2 is not listed open with 13 days late"
# Every event of the account is a row: as many as the log holds.
nev=$(awk -F, '$5 == "default" && $6 == "11111111-1"' "$T/ev" | wc -l)
has "$T/text" "Events listed:         $nev"
# NA, PTP, PTP, CB, RPC; PTP, PTP and RPC reached the debtor.
has "$T/text" "Call attempts:         5"
has "$T/text" "Right-party contacts:  3"
has "$T/text" "Letters:               1"
has "$T/text" "E-mails:               1"
has "$T/text" "Placements:            0"
has "$T/text" "Promises made:         2 (kept 1, broken 1, pending 0, refused 0)"
has "$T/text" "Payments received:     1, total 100.000 CLP"
has "$T/text" "Days past due:         $(days 2026-02-20 2026-03-10) "
# What happened, in words, by channel.
grep -E ' call +ag\.uno +NA no answer' "$T/text" >/dev/null || fail "no NA row"
grep -E ' call +ag\.uno +PTP .*100\.000 CLP, by 2026-03-05' "$T/text" >/dev/null ||
	fail "no PTP row with its amount and date"
grep -E ' letter +[a-z._-]+ +letter: firme ' "$T/text" >/dev/null || fail "no letter row"
grep -E ' email +[a-z._-]+ +e-mail: hola ' "$T/text" >/dev/null || fail "no e-mail row"
has "$T/text" "promise of 100.000 CLP for 2026-03-05 kept"
has "$T/text" "promise of 200.000 CLP for 2026-03-06 broken"
has "$T/text" "payment of 100.000 CLP received, dated 2026-03-04"
# Written to a file, it says how many events.
run 0 cbn --as sup.jefa certificate 11111111-1 "$T/cert.txt"
has "$T/out" "$T/cert.txt: $nev events"
cmp -s "$T/cert.txt" "$T/text" || fail "the file differs from the standard output"

# Peña's was placed with the agency by the outbox.
run 0 cbn certificate 22222222-2
has "$T/out" "Placements:            1"
grep -E ' placement +[a-z._-]+ +placed with Agencia Norte' "$T/out" >/dev/null ||
	fail "no placement row"

# ---- The CSV: exactly the account's events, in order ------------------
run 0 cbn certificate 11111111-1 --format csv
cp "$T/out" "$T/cert.csv"
[ "$(head -1 "$T/cert.csv")" = "seq,time,channel,user,kind,code,amount,date,details" ] ||
	fail "the CSV header reads '$(head -1 "$T/cert.csv")'"
awk -F, '$5 == "default" && $6 == "11111111-1" { print $1 }' "$T/ev" > "$T/want.seq"
awk -F, 'NR > 1 { print $1 }' "$T/cert.csv" > "$T/got.seq"
[ -s "$T/want.seq" ] || fail "the account has no events"
diff "$T/want.seq" "$T/got.seq" >/dev/null ||
	fail "the certificate's rows are not the account's events in order:
$(diff "$T/want.seq" "$T/got.seq")"

# Read back field by field (RFC 4180: quoted fields, doubled quotes), the
# rows are the events: the same time, user, kind and details; the channel
# follows the kind; code, amount and date are what the details hold.
cat > "$T/csv.awk" <<'AWK'
# Splits an RFC 4180 line into F[1..n] (no quoted newlines in these files).
function split_csv(line,    i, c, f, q, n) {
	n = 0; f = ""; q = 0
	for (i = 1; i <= length(line); i++) {
		c = substr(line, i, 1)
		if (q && c == "\"" && substr(line, i + 1, 1) == "\"") { f = f c; i++ }
		else if (c == "\"") q = !q
		else if (!q && c == ",") { F[++n] = f; f = "" }
		else f = f c
	}
	F[++n] = f
	return n
}
# The value of key in details written as key=value key="v a l" ...
function value(details, key,    s, i, c, v) {
	s = " " details
	i = index(s, " " key "=")
	if (i == 0)
		return ""
	s = substr(s, i + length(key) + 2)
	if (substr(s, 1, 1) != "\"") {
		i = index(s, " ")
		return i ? substr(s, 1, i - 1) : s
	}
	v = ""
	for (i = 2; i <= length(s); i++) {
		c = substr(s, i, 1)
		if (c == "\"" && substr(s, i + 1, 1) == "\"") { v = v c; i++ }
		else if (c == "\"") break
		else v = v c
	}
	return v
}
AWK
# csvawk PROGRAM FILE: awk with the functions above.
csvawk() { awk "$(cat "$T/csv.awk")
$1" "$2"; }
csvawk '
	NR > 1 && split_csv($0) == 7 && F[5] == "default" && F[6] == "11111111-1" {
		print F[1] "|" F[2] "|" F[3] "|" F[4] "|" F[7]
	}' "$T/ev" > "$T/want.rows"
csvawk '
	NR > 1 {
		if ((n = split_csv($0)) != 9) { print "row " NR - 1 ": " n " fields"; next }
		print F[1] "|" F[2] "|" F[4] "|" F[5] "|" F[9]
	}' "$T/cert.csv" > "$T/got.rows"
diff "$T/want.rows" "$T/got.rows" >/dev/null ||
	fail "the CSV does not read back into the events:
$(diff "$T/want.rows" "$T/got.rows")"
csvawk '
	NR > 1 {
		split_csv($0)
		kind = F[5]; d = F[9]
		ch = "system"; code = ""
		if (kind == "outcome") { ch = "call"; code = value(d, "code") }
		if (kind == "letter" || kind == "email") { ch = kind; code = value(d, "template") }
		if (kind == "placement") { ch = kind; code = value(d, "agency") }
		amount = value(d, "amount")
		if (kind == "promise_kept" || kind == "promise_broken")
			amount = F[7] # from the promise table: checked below
		if (F[3] != ch || F[6] != code || F[7] != amount ||
		    F[8] != value(d, "date"))
			print "row " NR - 1 ": " $0
	}' "$T/cert.csv" > "$T/bad.rows"
[ ! -s "$T/bad.rows" ] || fail "rows with the wrong channel, code, amount or date:
$(cat "$T/bad.rows")"
grep -q ',system,system,promise_kept,,100000,2026-03-05,' "$T/cert.csv" ||
	fail "the kept promise lacks its amount"
grep -q ',system,system,promise_broken,,200000,2026-03-06,' "$T/cert.csv" ||
	fail "the broken promise lacks its amount"
grep -q ',call,ag.uno,outcome,PTP,200000,2026-03-06,' "$T/cert.csv" ||
	fail "the second promise's outcome row is wrong"
grep -q ',system,[a-z._-]*,payment,,100000,2026-03-04,' "$T/cert.csv" ||
	fail "the payment row is wrong"
# The note with quotes and commas came back whole.
csvawk 'NR > 1 { split_csv($0); if (F[6] == "RPC") print value(F[9], "note") }' \
    "$T/cert.csv" > "$T/note"
[ "$(cat "$T/note")" = 'habló la señora, dice "pagará", el lunes' ] ||
	fail "the note reads back as '$(cat "$T/note")'"

# To a file: the rows counted; '-' is the standard output.
run 0 cbn certificate --format csv 11111111-1 "$T/c.csv"
has "$T/out" "$T/c.csv: $nev events"
cmp -s "$T/c.csv" "$T/cert.csv" || fail "the CSV file differs from the standard output"
run 0 cbn certificate --format csv 11111111-1 -
cmp -s "$T/out" "$T/cert.csv" || fail "'-' is not the standard output"

# ---- Who may, and what is refused ---------------------------------------
run 4 cbn --as ag.uno certificate 11111111-1
run 4 cbn --as ag.uno certificate 11111111-1 --format csv "$T/no.csv"
[ ! -e "$T/no.csv" ] || fail "a refused certificate wrote its file"
run 2 cbn certificate 12.345.678-5
has "$T/err" "no account 12.345.678-5"
run 1 cbn certificate
run 1 cbn certificate 11111111-1 --format pdf
run 1 cbn certificate 11111111-1 a b
run 1 cbn certificate 11111111-1 --encoding WINDOWS-1252
run 0 cbn certificate --help
has "$T/out" "--encoding"

# ---- --encoding ------------------------------------------------------
run 0 cbn certificate 11111111-1 --format csv --encoding WINDOWS-1252 "$T/w.csv"
LC_ALL=C grep -q "$(printf 'se\361ora')" "$T/w.csv" || fail "ñ is not the byte 0xF1"
LC_ALL=C grep -q "$(printf 'se\303\261ora')" "$T/w.csv" && fail "ñ is still UTF-8"
iconv -f WINDOWS-1252 -t UTF-8 "$T/w.csv" | cmp -s - "$T/cert.csv" ||
	fail "the WINDOWS-1252 file is not the UTF-8 one converted"
run 1 cbn certificate 11111111-1 --format csv --encoding NO-SUCH-CODE "$T/x.csv"
has "$T/err" "iconv does not know 'NO-SUCH-CODE'"
[ ! -e "$T/x.csv" ] && [ ! -e "$T/x.csv.part" ] || fail "an unknown encoding left a file"
# ASCII cannot hold the letter's address (Ñuble): that row is named.
row=$(LC_ALL=C grep -n "$(printf '[\200-\377]')" "$T/cert.csv" | head -1 | cut -d: -f1)
row=$((row - 1))
seq=$(awk -F, -v r="$((row + 1))" 'NR == r { print $1 }' "$T/cert.csv")
run 2 cbn certificate 11111111-1 --format csv --encoding ASCII "$T/x.csv"
has "$T/err" "$T/x.csv: row $row (event $seq) has a character ASCII cannot hold"
[ ! -e "$T/x.csv" ] && [ ! -e "$T/x.csv.part" ] || fail "a failed certificate left a file"

# ---- The exports in WINDOWS-1252 ---------------------------------------
run 0 cbn export accounts --encoding WINDOWS-1252 "$T/accounts.csv"
LC_ALL=C grep -q "$(printf 'Jos\351 N\372\361ez')" "$T/accounts.csv" ||
	fail "accounts: the name is not in WINDOWS-1252"
[ "$(od -An -v -tx1 "$T/accounts.csv" | tr -s ' \n' '\n\n' | grep -c '^f1$')" -ge 3 ] ||
	fail "accounts: ñ is not the single byte 0xF1"
run 0 cbn export events --encoding WINDOWS-1252 "$T/events.csv"
LC_ALL=C grep -q "$(printf 'se\361ora')" "$T/events.csv" ||
	fail "events: the note's ñ is not the byte 0xF1"
iconv -f WINDOWS-1252 -t UTF-8 "$T/events.csv" > "$T/events.utf8"
cbn export events - > "$T/ev"
cmp -s "$T/events.utf8" "$T/ev" || fail "events: not the UTF-8 export converted"
run 0 cbn export placements --encoding WINDOWS-1252 "$T/placements.csv"
LC_ALL=C grep -q "$(printf '22222222-2,Pe\361a \321and\372')" "$T/placements.csv" ||
	fail "placements: the name is not in WINDOWS-1252"
run 0 cbn check
