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

# a key documented in a page: an ".It Li" line that names it (the key
# taken literally: it holds dots and brackets)
documents() {
	local k
	k=$(sed 's/[].[]/\\&/g' <<<"$2")
	# (a tuple that is null on this machine, proc.attr without a security
	# module, is documented by its fields)
	grep -qE "^\.It Li (.*[ ,])?$k(\.[a-z_.]+)?( ,|\$| )" "$SQ_SRCDIR/man/$1"
}

# Every leaf of procinfo's document by its path: "cpu_times.user",
# "threads[].id"; an array of numbers or strings by its key; the names of
# environ and the soft/hard pair of each limit are data, not keys.
procinfo_keys() {
	tool procinfo --json "$1" | jq -r '[paths(scalars or . == [] or . == {})
		| if .[0] == "environ" then .[:1] elif .[0] == "rlimits" then .[:2] else . end
		| map(if type == "number" then "[]" else . end) | join(".")
		| gsub("\\.\\[\\]"; "[]") | sub("\\[\\]$"; "")] | unique[]'
}

@test "man: procinfo.1 documents every key of procinfo's JSON by its path, and ps.1 every key of the default ps JSON document with its psutil path" {
	local k n=0 missing=""
	for k in $(procinfo_keys $$) $(procinfo_keys 1); do
		documents procinfo.1 "$k" || missing="$missing $k"
		n=$((n + 1))
	done
	[ "$n" -gt 180 ]
	# the nesting is real: a leaf and a tuple of it
	documents procinfo.1 cpu_times.user
	procinfo_keys $$ | grep -qx 'threads\[\]\.id'
	procinfo_keys $$ | grep -qx 'rlimits\.nofile'
	[ -z "$missing" ] || { echo "undocumented:$missing"; false; }
	# each key of ps's default document has its psutil path in ps.1, and
	# on a fixture the value there in procinfo's document is ps's value
	use_fixture proc-basic
	local ps pi path wrong="" paths=0
	ps=$(tool ps --json -p 42 | jq -c '.processes[0]')
	pi=$(tool procinfo --json 42)
	for k in $(jq -r 'keys[]' <<<"$ps"); do
		path=$(sed -nE "s/^\.It Li [^ ]+ Ta [^ ]+ Ta $k Ta [^T]*Ta ([^ ]+)\$/\1/p; s/^\.It Li $k Ta ([^ ]+)\$/\1/p" \
			"$SQ_SRCDIR/man/ps.1" | sort -u)
		[ -n "$path" ] || { missing="$missing ps:$k"; continue; }
		[ "$(wc -l <<<"$path")" -eq 1 ] || { wrong="$wrong $k:($path)"; continue; }
		[ "$path" != - ] || continue
		paths=$((paths + 1))
		jq -e --argjson ps "$ps" --arg k "$k" --arg p "$path" \
			'getpath($p | split(".")) == $ps[$k]' <<<"$pi" >/dev/null || wrong="$wrong $k:$path"
	done
	[ -z "$missing" ] || { echo "undocumented:$missing"; false; }
	[ -z "$wrong" ] || { echo "wrong psutil path:$wrong"; false; }
	[ "$paths" -gt 60 ]
}

