# Installed as doc/deploy.md says: the program setgid to the group that
# owns the data folder (2770).  So installed, it works on its own database
# only: --db is refused (exit 4, logged) and $COBRADOR_DB ignored.  Real
# Unix users then: an agent works through the program but cannot open the
# database files, nor use --db, --as or --now, nor a supervisor's or
# admin's command (exit 4 each, each logged); a supervisor can.
# Making a group and users needs root, which CI has; elsewhere the test
# says so and stops.
. "$COBRADOR_TOP/tests/lib.sh"
if [ "$(id -u)" != 0 ]; then
	echo "setgid.sh: skipped: making a group needs root" >&2
	exit 0
fi
group="cbt$$" agent="cbag$$" sup="cbsup$$"
export TMUX_TMPDIR="$T"
trap 'tmux kill-server 2>/dev/null; userdel "$agent" 2>/dev/null
	userdel "$sup" 2>/dev/null; groupdel "$group" 2>/dev/null; rm -rf "$T"' EXIT
useradd -M -s /bin/sh "$agent" && useradd -M -s /bin/sh "$sup" ||
	fail "cannot make the test's users"
chmod 755 "$T" # the users reach the program, not the data

# A plain build (SAN= even under `make check SAN=1`): the sanitizers'
# leak checker cannot run in a setgid process.
make -s -C "$COBRADOR_TOP" install BUILD="$T/build" PREFIX="$T/prefix" \
	GROUP="$group" SAN= > "$T/make" 2>&1 || fail "make install failed: $(cat "$T/make")"
bin="$T/prefix/bin/cobrador"
data="$T/prefix/var/lib/cobrador"
[ -g "$bin" ] || fail "the program is not setgid"
[ "$(stat -c %G "$bin")" = "$group" ] || fail "the program's group is not $group"
[ "$(stat -c %a "$data")" = 2770 ] || fail "the data folder is $(stat -c %a "$data"), not 2770"
[ "$(stat -c %G "$data")" = "$group" ] || fail "the data folder's group is not $group"

# Run by root, the program's group is not root's: it runs as installed.
run 0 "$bin" init
[ -f "$data/data.mdb" ] || fail "no database in the data folder"
run 4 "$bin" --db "$T/elsewhere" check
has "$T/err" "--db is not for the installed program"
[ ! -e "$T/elsewhere" ] || fail "--db made a database elsewhere"
COBRADOR_DB="$T/elsewhere" run 0 "$bin" check
[ ! -e "$T/elsewhere" ] || fail "\$COBRADOR_DB was followed"
# The refusal is in the team's log.
"$bin" export events - | grep ",denied," | grep -q "what=--db" ||
	fail "the refusal of --db is not logged"
# The environment that could redirect it is dropped; the language stays.
LANG=es_CL.UTF-8 LC_ALL=es_CL.UTF-8 LOCPATH=/nonexistent TMPDIR=/nonexistent \
	TERMINFO=/nonexistent run 0 "$bin" --help
has "$T/out" "Comandos"

# A backup keeps the data's privacy: the folder 2770 and the group's.
run 0 "$bin" backup "$T/copy"
[ "$(stat -c %a "$T/copy")" = 2770 ] || fail "the backup's folder is $(stat -c %a "$T/copy")"
[ "$(stat -c %G "$T/copy")" = "$group" ] || fail "the backup's group is not $group"
[ "$(stat -c %a "$T/copy/data.mdb")" = 660 ] || fail "the backup's file is $(stat -c %a "$T/copy/data.mdb")"

# ---- Real users -----------------------------------------------------------
run 0 "$bin" user add "$agent" --role agent --name "Agente"
run 0 "$bin" user add "$sup" --role supervisor --name "Supervisora"
printf 'debtor_id,name,phone\n11.111.111-1,Uno,+56 9 1111 1111\n' > "$T/d.csv"
printf 'invoice_id,debtor_id,due_date,amount\nA1,11111111-1,2026-01-10,100000\n' > "$T/i.csv"
chmod 644 "$T/d.csv" "$T/i.csv"
# Any day, any hour: what is tested here is who may do what.
anytime "$bin" > /dev/null
run 0 "$bin" import debtors "$T/d.csv"
run 0 "$bin" import invoices "$T/i.csv"
as_agent() { runuser -u "$agent" -- "$@"; }
as_sup() { runuser -u "$sup" -- "$@"; }

# The agent works through the program...
run 0 as_agent "$bin" account 11111111-1
has "$T/out" "Uno"
# (3: nothing to call now, as on a Sunday, when the rule pack forbids it.)
got=0
as_agent "$bin" next > "$T/out" 2>&1 || got=$?
case $got in 0|3) ;; *) fail "next as the agent: $(cat "$T/out")" ;; esac
as_agent "$bin" release 11111111-1 >/dev/null 2>&1 || true
# ... but not behind its back.
if as_agent cat "$data/data.mdb" > /dev/null 2>&1; then
	fail "the agent read the database file"
fi
if as_agent ls "$data" > /dev/null 2>&1; then
	fail "the agent listed the data folder"
fi
denied=$("$bin" export events - | grep -c ",$agent,denied," || true)
run 4 as_agent "$bin" --db "$T/mine" account 11111111-1
run 4 as_agent "$bin" --as "$sup" report aging
run 4 as_agent "$bin" --now "2030-01-01 10:00" next
run 4 as_agent "$bin" report aging
run 4 as_agent "$bin" pin 11111111-1
run 4 as_agent "$bin" user add otro --role admin
run 4 as_agent "$bin" backup "$T/copy"
[ "$("$bin" export events - | grep -c ",$agent,denied,")" -eq $((denied + 7)) ] ||
	fail "not every refusal of the agent is logged"
# The agent's workstation, in a terminal of the agent's own.
tmux_start agent 80 24 "LANG=C.UTF-8 runuser -u '$agent' -- '$bin'"
wait_for "F2 n Next"
keys n
wait_for "Documents ("
screen | sed -n 2p | grep -q "Uno" || fail "the agent's workstation shows: $(screen)"
keys q y q
wait_for "EXITED 0"

# The supervisor may.
run 0 as_sup "$bin" report aging
run 0 as_sup "$bin" pin 11111111-1
