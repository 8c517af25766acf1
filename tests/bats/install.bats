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
}

@test "install: --program-prefix=sq puts sqfree beside the system's free" {
	install_into program_transform_name='s&^&sq&'
	for t in free uptime who; do
		[ -x "$(find "$DEST" -path "*/bin/sq$t")" ]
		[ -f "$(find "$DEST" -path "*/man1/sq$t.1")" ]
		[ -z "$(find "$DEST" -path "*/bin/$t")" ]
	done
	# the conventions page keeps its name
	[ -f "$(find "$DEST" -path '*/man7/sysq.7')" ]
}
