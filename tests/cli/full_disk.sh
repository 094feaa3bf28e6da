# No room: an import and an outcome (`log`) that meet a full disk, or a
# map that cannot grow, fail with exit 2 and say why; the database stays
# as it was and passes check.  A re-score, in small transactions, finishes
# in the room there is or stops and says so, its database whole.  The same
# commands with room then work.
#
# The disk is filled by a file-size limit (ulimit -f: the data file cannot
# grow, a write past its end fails with EFBIG) and, where root may mount
# one, by a small tmpfs (a real ENOSPC).  The map is kept from growing by
# an address-space limit (ulimit -v: the doubled map cannot be made).
. "$COBRADOR_TOP/tests/lib.sh"

# limited OPTION N CMD...: CMD under `ulimit -OPTION N`.  SIGXFSZ is left
# as it comes: the program itself must ignore it, so that a write past the
# file-size limit fails and is said instead of killing it silently.
limited() {
	(
		ulimit "-$1" "$2" || exit 99
		shift 2
		"$@"
	)
}

# content: a digest of what the database holds (its compacted copy).  A
# disk that fills during a commit may leave bytes past the end of the data
# in the file; the data itself must not change.
content() {
	rm -rf "$T/copy"
	cb backup "$T/copy" > /dev/null
	sha256sum "$T/copy/data.mdb" | cut -d' ' -f1
	rm -rf "$T/copy"
}

# payments PREFIX: a payments file of every payment of the database again,
# each under a new id, to $T/payments-PREFIX.csv; $rows is its rows.
payments() {
	cb export payments - | sed "1!s/^/$1/" > "$T/payments-$1.csv"
	rows=$(($(wc -l < "$T/payments-$1.csv") - 1))
}

# filler N TAG: imports N debtors of about 1.5 KB each, as the last write
# before a test of no room.  A write may reuse the pages freed by the
# writes before the last one, and this large one takes them all but those
# of the write just before it: a small one, so that the next write needs
# new pages.
filler() {
	run 0 cb user add "filler$2" --role agent --name "Filler $2"
	pad=$(printf '%0180d' 0)
	awk -v n="$1" -v pad="$pad" -v tag="$2" 'BEGIN {
		print "debtor_id,name,address,city,region,country,timezone"
		for (i = 1; i <= n; i++)
			printf "%s%07d,Name %d %s,Street %d %s,City %s,Region %s,US,America/New_York\n",
			    tag, i, i, pad, i, pad, pad, pad
	}' > "$T/filler.csv"
	run 0 cb import debtors "$T/filler.csv"
	rm -f "$T/filler.csv"
}

# no_room_then_room DIGEST PREFIX SAID OPTION N: an import of
# payments-PREFIX, an outcome and a re-score, each under `ulimit -OPTION N`,
# fail with exit 2 and SAID, and leave DIGEST (a function) of the database
# as it was; then, without the limit, each works.
no_room_then_room() {
	before=$($1)
	run 2 limited "$4" "$5" cb import payments "$T/payments-$2.csv"
	has "$T/err" "cobrador: $T/payments-$2.csv: $3"
	has "$T/err" "cobrador: $DB/data.mdb: nothing was changed; make room"
	lacks "$T/out" "added"
	run 2 limited "$4" "$5" cb log "$account" NA --note "$note"
	has "$T/err" "cobrador: the outcome was not logged: $3"
	[ "$($1)" = "$before" ] || fail "a write that met no room (ulimit -$4) changed the database"
	# A re-score commits a few milliseconds of work at a time, and a
	# small transaction may fit in pages the ones before it freed (under
	# Valgrind each takes an account or two): it either finishes in the
	# room there is, or stops and says so; either way what it committed is
	# whole.
	limited "$4" "$5" "$COBRADOR" --db "$DB" --now "$now" rescore \
		> "$T/out" 2> "$T/err" && rc=0 || rc=$?
	case $rc in
	0) echo "full_disk.sh: the re-score fitted in the room there was (ulimit -$4)" >&2 ;;
	2) has "$T/err" "cobrador: re-score stopped: $3" ;;
	*) fail "re-score with no room: exit $rc: $(cat "$T/err")" ;;
	esac
	run 0 cb check

	run 0 cb import payments "$T/payments-$2.csv"
	has "$T/out" "$rows added"
	run 0 cb log "$account" NA --note "$note"
	run 0 cbn rescore
	run 0 cb check
}

run 0 cb demo --accounts 400 --seed 5
anytime
account=$(cb export payments - | awk -F, 'NR == 2 { print $3 "/" $2 }')
# An outcome whose note takes pages of its own.
note=$(head -c 60000 /dev/zero | tr '\0' n)
# Re-scores a month and two months on: each moves every account.
later1=$(date -u -d '+30 days' '+%Y-%m-%d 10:00')
later2=$(date -u -d '+60 days' '+%Y-%m-%d 10:00')
now=$later1
payments N

# ---- The disk full: the data file cannot grow --------------------------
filler 3000 F
# ulimit -f counts 512-byte blocks (POSIX); the file is whole pages.
blocks=$(( $(stat -c %s "$DB/data.mdb") / 512 ))
no_room_then_room content N "the disk is full" f "$blocks"

# ---- A real full disk: a small tmpfs -------------------------------------
# Mounting needs root and a host that allows it (not every container does).
if [ "$(id -u)" = 0 ] && mkdir "$T/disk" &&
	mount -t tmpfs -o size=64m tmpfs "$T/disk" 2>/dev/null; then
	trap 'umount "$T/disk" 2>/dev/null || :; rm -rf "$T"' EXIT
	payments M
	cp -p -R "$DB" "$T/disk/db"
	DB="$T/disk/db"
	filler 3000 G
	before=$(content)
	# Room for the lock file and the data as they are, and a page more.
	kib=$(du -sk "$DB" | cut -f1)
	mount -o remount,size=$((kib + 4))k "$T/disk"
	run 2 cb import payments "$T/payments-M.csv"
	has "$T/err" "the disk is full"
	[ "$(content)" = "$before" ] || fail "a write that met a full tmpfs changed the database"
	run 0 cb check
	mount -o remount,size=64m "$T/disk"
	run 0 cb import payments "$T/payments-M.csv"
	has "$T/out" "$rows added"
	run 0 cb check
	umount "$T/disk"
	DB="$T/db"
else
	echo "full_disk.sh: the real full disk (tmpfs) skipped: mounting needs root and a host that allows it" >&2
fi

# ---- The map full: it cannot grow ----------------------------------------
# The address sanitizer reserves terabytes of shadow memory: under an
# address-space limit it cannot start at all.
# Valgrind (make check VALGRIND=1) needs room of its own as well.
if grep -q -e __asan_init -e valgrind "$COBRADOR"; then
	echo "full_disk.sh: the full map skipped: ulimit -v and the address sanitizer or Valgrind do not mix" >&2
	exit 0
fi
# The map is 256 MiB, or the data's size when that is larger: past 256 MiB
# of data the map is full at once, and a write that needs a new page must
# double it.  The limit leaves the program 128 MiB beside the map it has,
# far less than the doubling needs.
filler 180000 H
size=$(stat -c %s "$DB/data.mdb")
[ "$size" -gt $((256 << 20)) ] || fail "the filler made only $size bytes of data"
kib=$((size / 1024 + 131072))
payments O
now=$later2
no_room_then_room db_digest O \
    "the disk is full, or there is not enough memory for the database's map" \
    v "$kib"
