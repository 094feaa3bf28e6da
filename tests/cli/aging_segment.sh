# report aging --by segment: each portfolio's receivables split by the
# accounts' segment; per segment they add up to the balances of its
# accounts, per bucket to the portfolio's row.
. "$COBRADOR_TOP/tests/lib.sh"

now="2026-03-02 10:00-03:00"
cbn demo --accounts 600 --seed 9 >/dev/null
cbn report aging --by segment --format csv > "$T/seg"
has "$T/seg" "portfolio,currency,segment,bucket,documents,amount"
cbn report aging --format csv > "$T/pf"
cbn export accounts "$T/accounts" >/dev/null

# Per segment: the balances of its accounts (export accounts).
awk -F, 'NR > 1 { s[$13 "," $19] += $15 } END { for (k in s) printf "%s,%.2f\n", k, s[k] }' \
	"$T/accounts" | sort > "$T/by_accounts"
awk -F, 'NR > 1 { s[$1 "," $3] += $6 } END { for (k in s) if (s[k] != 0) printf "%s,%.2f\n", k, s[k] }' \
	"$T/seg" | sort > "$T/by_report"
awk -F, '$3 != 0.00' "$T/by_accounts" > "$T/by_accounts.nz"
diff -u "$T/by_accounts.nz" "$T/by_report" >&2 || fail "segments do not add up to their accounts"

# Per bucket: the segments add up to the portfolio's row.
awk -F, 'NR > 1 { s[$1 "," $4] += $6; d[$1 "," $4] += $5 }
	END { for (k in s) printf "%s,%d,%.2f\n", k, d[k], s[k] }' "$T/seg" | sort > "$T/a"
awk -F, 'NR > 1 { printf "%s,%s,%d,%.2f\n", $1, $3, $4, $5 }' "$T/pf" | sort > "$T/b"
diff -u "$T/b" "$T/a" >&2 || fail "segments do not add up to the portfolio"
run 1 cb report aging --by region
