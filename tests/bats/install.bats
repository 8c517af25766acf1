#!/usr/bin/env bats
# make install: tools and man pages, under the classic names or a prefix.

load common

setup() {
	[ -f "$SQ_BUILDDIR/Makefile" ] || skip "no build tree"
	DEST=$(mktemp -d)
}

teardown() {
	rm -rf "$DEST"
}

install_into() {
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$SQ_BUILDDIR" install DESTDIR="$DEST" "$@" >/dev/null
}

@test "install: the tools and their pages under the classic names" {
	install_into
	for t in free uptime who; do
		[ -x "$(find "$DEST" -path "*/bin/$t")" ]
		[ -f "$(find "$DEST" -path "*/man1/$t.1")" ]
	done
	[ -f "$(find "$DEST" -path '*/man7/sysq.7')" ]
	"$(find "$DEST" -path '*/bin/free')" --version | grep -q '^free (sysq) '
	# without a transform the pages are installed as they are
	local man
	man=$(dirname "$(dirname "$(find "$DEST" -path '*/man1/ps.1')")")
	for p in free.1 uptime.1 who.1 ps.1 pidof.1 pstree.1 procinfo.1; do
		cmp "$SQ_SRCDIR/man/$p" "$man/man1/$p"
	done
	cmp "$SQ_SRCDIR/man/sysq.7" "$man/man7/sysq.7"
}

# Installing this build with the transform on the command line is what a
# tree configured with --program-prefix=sq installs: configure only writes
# program_transform_name = s&^&sq& into the Makefile, and the install rules
# (programs, pages, the page hook) all read it from there.
@test "install: --program-prefix=sq puts sqfree beside the system's free, and the tools and pages use the installed names" {
	install_into program_transform_name='s&^&sq&'
	for t in free uptime who; do
		[ -x "$(find "$DEST" -path "*/bin/sq$t")" ]
		[ -f "$(find "$DEST" -path "*/man1/sq$t.1")" ]
		[ -z "$(find "$DEST" -path "*/bin/$t")" ]
	done
	# the conventions page keeps its name
	[ -f "$(find "$DEST" -path '*/man7/sysq.7')" ]
	local bin man
	bin=$(dirname "$(find "$DEST" -path '*/bin/sqps')")
	man=$(dirname "$(dirname "$(find "$DEST" -path '*/man1/sqps.1')")")
	run --separate-stderr "$bin/sqps" --version
	assert_success
	assert_output --regexp '^sqps \(sysq\) [0-9.]+$'
	run --separate-stderr "$bin/sqfree" --help
	assert_success
	assert_line --index 0 --regexp '^Usage: sqfree \[options\]$'
	run --separate-stderr "$bin/sqps" -p 12x
	assert_failure 2
	[[ "$stderr" == "sqps: "*"'12x'"* ]]
	run --separate-stderr "$bin/sqwho" --no-such-option
	assert_failure 2
	[[ "$stderr" == "sqwho: "*"no-such-option"* ]]
	# the pages name the installed tools; sysq(7) keeps its own name
	grep -qx '\.Nm sqps' "$man/man1/sqps.1"
	grep -qx '\.Dt SQPS 1' "$man/man1/sqps.1"
	! grep -qx '\.Nm ps' "$man/man1/sqps.1"
	grep -q '^\.Xr sqprocinfo 1' "$man/man1/sqps.1"
	grep -q '^\.Xr sysq 7' "$man/man1/sqps.1"
	grep -qx '\.Nm sysq' "$man/man7/sysq.7"
	grep -qE '(^\.| )Xr sqpidof 1' "$man/man7/sysq.7"
	# every cross-reference to a sysq page names one that is installed
	local xr missing=""
	for xr in $(cat "$man"/man[17]/* | grep -oE '(^\.| )Xr [a-z]+ [17]' | sed -E 's/.*Xr ([a-z]+) ([17])/\1.\2/' | sort -u); do
		case $xr in
		sq*|sysq.7) [ -f "$man/man${xr##*.}/$xr" ] || missing="$missing $xr" ;;
		free.1|uptime.1|who.1|ps.1|pidof.1|pstree.1|procinfo.1) missing="$missing $xr" ;;
		esac
	done
	[ -z "$missing" ] || { echo "no such installed page:$missing"; false; }
	for t in free uptime who ps pidof pstree procinfo; do
		grep -qx "\.Nm sq$t" "$man/man1/sq$t.1" || { echo "sq$t.1 lacks .Nm sq$t"; false; }
	done
}
