#!/usr/bin/env bats
# Man pages: lint-clean, and every option of --help documented.

load common

PAGES="free.1 uptime.1 who.1 ps.1 pidof.1 pstree.1 procinfo.1 sysq.7"

@test "man: every page is clean under mandoc -Tlint" {
	command -v mandoc >/dev/null || skip "mandoc not installed"
	for p in $PAGES; do
		run mandoc -Tlint -W warning "$SQ_SRCDIR/man/$p"
		[ -z "$output" ] || { echo "$p: $output"; false; }
	done
}

@test "man: every long option a tool's --help lists is in its page" {
	command -v mandoc >/dev/null || skip "mandoc not installed"
	for t in free uptime who ps pidof pstree procinfo; do
		page=$(mandoc -Tascii "$SQ_SRCDIR/man/$t.1" | col -b)
		for opt in $(tool "$t" --help | grep -oE -- '--[a-z][a-z-]+' | sort -u); do
			grep -qF -- "$opt" <<<"$page" || { echo "$t.1 lacks $opt"; false; }
		done
	done
}

@test "man: sysq.7 names every environment variable the tools read" {
	page=$(mandoc -Tascii "$SQ_SRCDIR/man/sysq.7" | col -b)
	for v in $(grep -rhoE 'getenv\("[A-Z_]+"\)' "$SQ_SRCDIR/lib" "$SQ_SRCDIR/cmd" | grep -oE '[A-Z_]{4,}' | sort -u); do
		grep -qF "$v" <<<"$page" || { echo "sysq.7 lacks $v"; false; }
	done
}

@test "man: ps.1 lists every keyword of ps L with its header and JSON key" {
	page=$(cat "$SQ_SRCDIR/man/ps.1")
	n=0
	while read -r key header json _; do
		grep -qF ".It Li $key Ta $header Ta $json Ta" <<<"$page" || { echo "ps.1 lacks $key $header $json"; false; }
		n=$((n + 1))
	done < <(tool ps L)
	[ "$n" -gt 100 ]
}

# a key documented in a page: an ".It Li" line that names it
documents() {
	grep -qE "^\.It Li (.*[ ,])?$2( ,|\$| )" "$SQ_SRCDIR/man/$1"
}

@test "man: procinfo.1 documents every key of procinfo's JSON, and the default ps JSON document's keys are there or in ps.1" {
	local k n=0 missing=""
	for k in $(tool procinfo --json $$ | jq -r 'keys[]'); do
		documents procinfo.1 "$k" || missing="$missing $k"
		n=$((n + 1))
	done
	[ "$n" -gt 90 ]
	for k in $(tool ps --json -p $$ | jq -r '.processes[0] | keys[]'); do
		documents procinfo.1 "$k" || grep -qF " Ta $k Ta" "$SQ_SRCDIR/man/ps.1" || missing="$missing ps:$k"
	done
	[ -z "$missing" ] || { echo "undocumented:$missing"; false; }
}

