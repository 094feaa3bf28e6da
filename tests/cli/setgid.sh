# Installed as doc/deploy.md says: the program setgid to the group that
# owns the data folder (2770).  So installed, it works on its own database
# only: --db is refused (exit 4, logged) and $COBRADOR_DB ignored.
# Making a group needs root, which CI has; elsewhere the test says so and
# stops.
. "$COBRADOR_TOP/tests/lib.sh"
if [ "$(id -u)" != 0 ]; then
	echo "setgid.sh: skipped: making a group needs root" >&2
	exit 0
fi
group="cbt$$"
trap 'groupdel "$group" 2>/dev/null; rm -rf "$T"' EXIT

make -s -C "$COBRADOR_TOP" install BUILD="$T/build" PREFIX="$T/prefix" \
	GROUP="$group" > "$T/make" 2>&1 || fail "make install failed: $(cat "$T/make")"
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
