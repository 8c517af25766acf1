#!/usr/bin/env bats
# Man pages: lint-clean, and every option of --help documented.

load common

PAGES="free.1 uptime.1 who.1 ps.1 pidof.1 pstree.1 procinfo.1 sysq.7"

# Pages of other packages that sysq's pages refer to: mandoc -Tlint says
# "referenced manual not found" for each that the machine running the
# test lacks (manpages, manpages-dev, jq, util-linux); that note is
# accepted for them alone.
OTHER_PAGES="chroot.2 ionice.1 jq.1 last.1 prlimit.1 proc.5 pthread_setname_np.3 utf-8.7 utmp.5 w.1 write.1"

# mandoc -Tlint at every level (style and base included), each note shown
# but those accepted: a reference to another package's page the machine
# lacks, and "outdated mandoc.db lacks X entry", which only says that the
# machine indexes its pages with man-db rather than mandoc's makewhatis,
# so mandoc found the page by its file name.
lint_notes() {
	mandoc -Tlint "$1" 2>&1 | while IFS= read -r line; do
		case $line in
		"mandoc: outdated mandoc.db lacks "*" entry, run makewhatis "*) continue ;;
		*": STYLE: referenced manual not found: Xr "*)
			local xr=${line##*: Xr }
			xr=${xr%% (*}
			[[ " $OTHER_PAGES " != *" ${xr/ /.} "* ]] || continue ;;
		esac
		printf '%s\n' "$line"
	done
}

@test "man: every page is clean under mandoc -Tlint, every level" {
	command -v mandoc >/dev/null || skip "mandoc not installed"
	# run beside the pages: mandoc looks a reference up as NAME.SECTION in
	# the current directory too, so sysq's pages find each other as they
	# do once installed
	cd "$SQ_SRCDIR/man"
	local p notes all=""
	for p in $PAGES; do
		notes=$(lint_notes "$p")
		[ -z "$notes" ] || all="$all$notes"$'\n'
	done
	[ -z "$all" ] || { printf '%s' "$all"; false; }
	# the filter lets a note through: a reference to a page nobody has
	printf '.Dd December 7, 2026\n.Dt X 1\n.Os\n.Sh NAME\n.Nm x\n.Nd x\n.Sh SEE ALSO\n.Xr no-such-page 1\n' >"$BATS_TEST_TMPDIR/x.1"
	[[ "$(lint_notes "$BATS_TEST_TMPDIR/x.1")" == *"not found: Xr no-such-page 1"* ]]
}

@test "man: every page renders at 80 columns without a groff warning" {
	command -v groff >/dev/null || skip "groff not installed"
	local p out all="" wc
	# one note is accepted: the row of ps.1's keyword table for wcbytes,
	# whose five cells (cancelled_write_bytes,
	# proc.cancelled_write_bytes) are longer together than a line
	wc=$(grep -n '^\.It Li wcbytes ' "$SQ_SRCDIR/man/ps.1" | cut -d: -f1)
	[ -n "$wc" ]
	for p in $PAGES; do
		# -z: warnings only; a line man(1) cannot break on an 80-column
		# terminal is "can't break line"
		out=$(cd "$SQ_SRCDIR/man" && groff -mandoc -Tutf8 -ww -z "$p" 2>&1 |
			grep -v "^troff: ps\.1:$wc: warning \[[^]]*\]: can't break line\$" || :)
		[ -z "$out" ] || all="$all$out"$'\n'
	done
	[ -z "$all" ] || { printf '%s' "$all"; false; }
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


# The examples of a page as rendered: each "$ command" line (with the lines
# that continue it after a trailing "|"), one command a line; a line
# after a command that is not one is that command's sample output, given
# on the same line after a tab.
page_examples() {
	mandoc -Tascii "$SQ_SRCDIR/man/$1" | col -bx | sed -n '/^EXAMPLES$/,/^[A-Z]/p' |
		awk 'function flush() { if (cmd != "") print cmd; cmd = "" }
			/^ +\$ / { flush(); match($0, /^ +/); ind = RLENGTH; sub(/^ +\$ /, "")
				cmd = $0; cont = /\|$/; next }
			cmd != "" && cont && /^ +/ { sub(/^ +/, " "); cmd = cmd $0; cont = /\|$/; next }
			cmd != "" && match($0, /^ +/) && RLENGTH == ind { print cmd "\t" substr($0, ind + 1); cmd = ""; next }
			{ flush() }
			END { flush() }'
}

@test "man: every example in ps.1 runs, and its sample output has the shape ps prints" {
	local bin cmd sample out n=0
	bin=$(mktemp -d)
	ln -s "$SQ_BUILDDIR/cmd/ps/ps" "$bin/ps"
	while IFS=$'\t' read -r cmd sample; do
		run --separate-stderr env PATH="$bin:$PATH" bash -c "$cmd"
		[ "$status" -eq 0 ] && [ -z "$stderr" ] || { echo "$cmd: exit $status: $stderr"; false; }
		case $cmd in *"| jq"* | *"| head"*) ;; *) [ -n "$output" ] || { echo "$cmd: no output"; false; } ;; esac
		if [ -n "$sample" ]; then
			# a JSON sample: the same keys, each with the same type
			[ "$(jq -c '[paths(scalars) as $p | [$p, (getpath($p) | type)]]' <<<"$output")" = \
				"$(jq -c '[paths(scalars) as $p | [$p, (getpath($p) | type)]]' <<<"$sample")" ] ||
				{ echo "$cmd: prints $output, the page shows $sample"; false; }
		fi
		n=$((n + 1))
	done < <(page_examples ps.1)
	rm -rf "$bin"
	[ "$n" -ge 10 ]
}
