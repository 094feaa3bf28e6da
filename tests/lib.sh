# lib.sh -- helpers for the end-to-end tests, sourced by tests/cli/*.sh and
# tests/tui/*.sh.  scripts/run-tests sets COBRADOR to the program to test.
set -eu
# The tests read what the program prints in a known locale.
export LC_ALL=C.UTF-8
: "${COBRADOR:?run through scripts/run-tests or set COBRADOR}"
T=$(mktemp -d "${TMPDIR:-/tmp}/cobrador-e2e.XXXXXX")
trap 'rm -rf "$T"' EXIT
DB="$T/db"

# cb ARGS: the program on the test's database.
cb() { "$COBRADOR" --db "$DB" "$@"; }

# cbn ARGS: the same at the moment the test's $now names.
cbn() { "$COBRADOR" --db "$DB" --now "$now" "$@"; }

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# run CODE CMD...: runs CMD, keeping stdout in $T/out and stderr in $T/err,
# and fails unless it exits with CODE.
run() {
	want=$1
	shift
	set +e
	"$@" >"$T/out" 2>"$T/err"
	got=$?
	set -e
	[ "$got" -eq "$want" ] ||
		fail "exit $got, not $want: $*
--- stdout
$(cat "$T/out")
--- stderr
$(cat "$T/err")"
}

# has FILE TEXT: FILE contains TEXT (fixed string).
has() {
	grep -qF -- "$2" "$1" || fail "$1 lacks '$2':
$(cat "$1")"
}

# lacks FILE TEXT
lacks() {
	! grep -qF -- "$2" "$1" || fail "$1 has '$2'"
}

# win1252 FILE: writes stdin (UTF-8) to FILE in Windows-1252 with CRLF.
win1252() {
	sed 's/$/\r/' | iconv -f UTF-8 -t WINDOWS-1252 > "$1"
}

# db_digest: a digest of the database file, to prove nothing changed.
db_digest() {
	sha256sum "$DB/data.mdb" | cut -d' ' -f1
}

# under_valgrind: true when the program runs under Valgrind (make check
# VALGRIND=1), where each start takes about a second: the tests that race
# the clock (kills at random moments, a crowd with a deadline) scale down.
under_valgrind() {
	grep -q valgrind "$COBRADOR" 2>/dev/null
}

# days FROM TO: days from one YYYY-MM-DD to another.
days() {
	echo $(( ($(date -u -d "$2" +%s) - $(date -u -d "$1" +%s)) / 86400 ))
}

# anytime: puts the debtors of every shipped pack's country under a pack
# that lets any call be made at any time and counts none, for the tests of
# something else than the rule packs (rules.sh tests those).  Loaded by
# cb, or by the program given (anytime PROGRAM ARG...).
anytime() {
	cat > "$T/anytime.pack" <<'PACK'
pack ANYTIME
name Tests: any call at any time
countries CL PE ES US MX
days mon-sun
hours 00:00-24:00
holidays ignore
attempts
conversations
PACK
	if [ $# -gt 0 ]; then
		"$@" rules load "$T/anytime.pack"
	else
		cb rules load "$T/anytime.pack"
	fi
}

# no_strategy: a default strategy with no steps, so that the queue's
# strategy tier stays empty, for the tests of the other tiers (strategy.sh
# tests the strategies).
no_strategy() {
	printf 'strategy default\nname Tests: no steps\n' > "$T/no-steps.strategy"
	cb strategy load "$T/no-steps.strategy" > /dev/null
}

# ---- The workstation in tmux (tests/tui) --------------------------------

# tmux_setup: a tmux server of the test's own, killed at the end.
tmux_setup() {
	export TMUX_TMPDIR="$T"
	trap 'tmux kill-server 2>/dev/null || true; rm -rf "$T"' EXIT
}

# tmux_start NAME COLS LINES COMMAND: runs COMMAND in a new tmux session;
# the session $S is NAME from then on.  The pane stays after the command
# ends, for the test to read what it printed.
tmux_start() {
	S=$1
	tmux new-session -d -s "$S" -x "$2" -y "$3" "$4; echo EXITED \$?; sleep 60"
}

# screen: the visible text of the pane.
screen() { tmux capture-pane -p -t "$S"; }

# keys KEY...: sends keys (tmux names: F2, Enter, Tab, Escape).
keys() { tmux send-keys -t "$S" "$@"; }

# wait_for TEXT [SECONDS]: polls the pane until TEXT shows (10 s unless
# told).
wait_for() {
	i=0
	while ! screen | grep -qF -- "$1"; do
		i=$((i + 1))
		[ $i -lt $((${2:-10} * 10)) ] || fail "the screen never showed '$1':
$(screen)"
		sleep 0.1
	done
}

# wait_gone TEXT: polls the pane until TEXT is no longer shown.
wait_gone() {
	i=0
	while screen | grep -qF -- "$1"; do
		i=$((i + 1))
		[ $i -lt 100 ] || fail "the screen still shows '$1':
$(screen)"
		sleep 0.1
	done
}
