# make install puts the program, its man page and the data folder under
# DESTDIR and PREFIX, and the installed program runs.
. "$COBRADOR_TOP/tests/lib.sh"

# A build of its own, so that the program under test stays as it is.
make -s -C "$COBRADOR_TOP" install BUILD="$T/build" DESTDIR="$T/root" GROUP= \
	PREFIX=/opt/cb > "$T/make" 2>&1 ||
	fail "make install failed: $(cat "$T/make")"
[ -x "$T/root/opt/cb/bin/cobrador" ] || fail "no program"
[ -f "$T/root/opt/cb/share/man/man1/cobrador.1" ] || fail "no man page"
[ -d "$T/root/opt/cb/var/lib/cobrador" ] || fail "no data folder"
run 0 "$T/root/opt/cb/bin/cobrador" --help
# The installed program's default database is under its PREFIX.
has "$T/out" "/opt/cb/var/lib/cobrador"
[ -f "$T/root/opt/cb/share/locale/es/LC_MESSAGES/cobrador.mo" ] || fail "no Spanish catalog"
