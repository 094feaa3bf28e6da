# Processes die: 200 times an import, a run of outcome logs or a re-score
# is killed with SIGKILL at a random moment.  After each kill the database
# passes check, and every outcome whose `log` had returned 0 is in the
# log: nothing acknowledged is ever lost.
. "$COBRADOR_TOP/tests/lib.sh"

KILLS=${KILLS:-200}
# Kills land 0 to 99 ms after the start; under Valgrind, which takes about
# a second to start the program, 0 to 2.97 s, and fewer of them.
scale=1
if under_valgrind; then
	scale=30
	KILLS=20
fi
cb demo --accounts 300 --seed 4 >/dev/null
anytime
cb export accounts - | awk -F, 'NR > 1 && $15 > 0 { print $13 "/" $1 }' |
	head -n 40 > "$T/accounts"
# A payments file large enough for an import to be caught in the middle.
cb export accounts - | awk -F, 'NR > 1 && $15 > 0 {
	printf "K%d-%%RUN%%,%s,2026-01-05,1,transferencia\n", NR, $1 }' > "$T/pay.body"

# random N: a number from 0 to N - 1.
random() { echo $(( $(od -An -N2 -tu2 /dev/urandom) % $1 )); }

: > "$T/acked"
kills=0
while [ $kills -lt "$KILLS" ]; do
	case $(random 3) in
	0)	# an import
		{ echo "payment_id,debtor_id,date,amount,method"
		  sed "s/%RUN%/$kills/" "$T/pay.body"; } > "$T/pay.csv"
		setsid "$COBRADOR" --db "$DB" import payments "$T/pay.csv" \
			>/dev/null 2>&1 &
		;;
	1)	# outcomes, each written down once `log` said it was done
		setsid sh -c '
			n=0
			while read -r a; do
				n=$((n + 1))
				note="k'$kills'-$n"
				if "$0" --db "$1" log "$a" NA --note "$note" >/dev/null 2>&1
				then echo "$note" >> "$2"; fi
			done < "$3"' "$COBRADOR" "$DB" "$T/acked" "$T/accounts" &
		;;
	2)	# a re-score
		setsid "$COBRADOR" --db "$DB" rescore >/dev/null 2>&1 &
		;;
	esac
	pid=$!
	sleep "$(awk -v ms=$(( $(random 100) * scale )) 'BEGIN { print ms / 1000 }')"
	kill -9 -"$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	kills=$((kills + 1))
	run 0 cb check
done

# Every acknowledged outcome is there, once.
cb export events - > "$T/events"
missing=0
while read -r note; do
	n=$(grep -c "note=$note\$" "$T/events" || true)
	[ "$n" -eq 1 ] || { echo "note $note found $n times" >&2; missing=1; }
done < "$T/acked"
[ $missing -eq 0 ] || fail "an acknowledged outcome was lost or doubled"
[ -s "$T/acked" ] || fail "no outcome was acknowledged: the loop proved nothing"
echo "crash_loop: $kills kills, $(wc -l < "$T/acked") outcomes acknowledged, all kept" >&2
