#!/usr/bin/env bats
# The conventions every tool shares (sysq(7)).

load common

TOOLS="free uptime who ps pidof pstree procinfo"

# the operand a tool needs to print something (pidof and procinfo want one)
operand() {
	case $1 in
	pidof) echo bash ;;
	procinfo) echo 1 ;;
	esac
}

setup() {
	unset SYSQ_PROCFS SYSQ_SYSFS SYSQ_ROOTFS
}

@test "cli: every tool answers --help on stdout and --version, exit 0" {
	for t in $TOOLS; do
		run --separate-stderr tool "$t" --help
		assert_success
		assert_line --index 0 --regexp "^Usage: $t "
		[ -z "$stderr" ]
		run --separate-stderr tool "$t" --version
		assert_success
		assert_output --regexp "^$t \(sysq\) [0-9.]+\$"
	done
}

@test "cli: every tool's --json is one valid JSON object on one line" {
	for t in $TOOLS; do
		run --separate-stderr tool "$t" --json $(operand "$t")
		assert_success
		[ "${#lines[@]}" -eq 1 ]
		echo "$output" | jq -e 'type == "object"' >/dev/null
	done
}

@test "cli: every tool's --json output has no NaN, no string numbers, no \\/" {
	for t in $TOOLS; do
		out=$(tool "$t" --json $(operand "$t"))
		! grep -qE 'NaN|Infinity|\\/' <<<"$out"
		# every leaf that looks like a number is a JSON number, except
		# free text taken from processes (a name or argument may be "1000")
		[ -z "$(jq -r '[paths(strings) as $p
			| select([$p[] | strings] | last | IN("name", "cmdline", "environ", "exe", "cwd", "host", "terminal", "username", "args", "cgroup", "wchan") | not)
			| getpath($p) | select(test("^-?[0-9]+(\\.[0-9]+)?$"))] | .[]' <<<"$out")" ]
	done
}

@test "cli: an unknown option is exit 2 with one line naming it" {
	for t in $TOOLS; do
		assert_usage_error "--no-such-option" -- tool "$t" --no-such-option
	done
}

@test "cli: a write error on stdout is exit 1 for every tool" {
	for t in $TOOLS; do
		run --separate-stderr sh -c "'$SQ_BUILDDIR/cmd/$t/$t' --help > /dev/full"
		assert_failure 1
		assert_equal "$stderr" "$t: write error: No space left on device"
	done
}

@test "cli: a closed stdout is a write error, not a crash" {
	for t in $TOOLS; do
		run --separate-stderr sh -c "'$SQ_BUILDDIR/cmd/$t/$t' --json $(operand "$t") >&-"
		assert_failure 1
		[[ "$stderr" == "$t: write error"* ]]
	done
}

@test "cli: SYSQ_PROCFS pointing nowhere is a runtime error (exit 1), not a crash" {
	export SYSQ_PROCFS=/nonexistent
	for t in free uptime; do
		run --separate-stderr tool "$t"
		assert_failure 1
		[[ "$stderr" == "$t: /nonexistent/"* ]]
		assert_output ""
	done
}

@test "cli: SYSQ_PROCFS is read: the same fixture gives the same numbers" {
	export SYSQ_PROCFS="$FIXTURES/mem-overcommit/proc"
	run tool free -b
	assert_line --index 1 --regexp '^Mem: +8232493056 '
}

@test "cli: a tool run under another name (a link) uses that name in its help, version and errors" {
	local d
	d=$(mktemp -d)
	for t in $TOOLS; do
		ln -s "$SQ_BUILDDIR/cmd/$t/$t" "$d/my-$t"
		run --separate-stderr "$d/my-$t" --version
		assert_success
		assert_output --regexp "^my-$t \(sysq\) [0-9.]+\$"
		run --separate-stderr "$d/my-$t" --help
		assert_line --index 0 --regexp "^Usage: my-$t "
		# getopt's own message and the tool's both name the link
		run --separate-stderr "$d/my-$t" --no-such-option
		assert_failure 2
		[[ "$stderr" == "my-$t: "* ]]
		run --separate-stderr sh -c "'$d/my-$t' --help > /dev/full"
		assert_equal "$stderr" "my-$t: write error: No space left on device"
	done
	run --separate-stderr "$d/my-ps" -p 12x
	assert_failure 2
	[[ "$stderr" == "my-ps: "*"'12x'"* ]]
	rm -rf "$d"
}

@test "cli: a bad option is named whole and escaped, by every tool" {
	local t want
	for t in $TOOLS; do
		# a UTF-8 letter is one option, not its first byte
		want="$t: invalid option -- 'é'"
		[ "$t" = ps ] && want="ps: unknown option '-é'"
		run --separate-stderr tool "$t" -é
		assert_equal "$status" 2
		assert_equal "$stderr" "$want"
		# ESC and BEL never reach the terminal raw, on a long option either
		run --separate-stderr tool "$t" $'--\e[31mX\a'
		assert_equal "$status" 2
		assert_equal "$stderr" "$t: unrecognized option '--\\033[31mX\\a'"
		# in a word of options, the bad one and its word
		want="$t: invalid option -- '\\033' in '-\\033[31m'"
		[ "$t" = ps ] && want="ps: unknown option '-\\033'"
		run --separate-stderr tool "$t" $'-\e[31m'
		assert_equal "$status" 2
		assert_equal "$stderr" "$want"
	done
	# an invalid byte is named as the byte it is
	run --separate-stderr tool free $'-\xff'
	assert_equal "$status" 2
	assert_equal "$stderr" "free: invalid option -- '\\377'"
	# the other complaints getopt had, in its words
	run --separate-stderr tool free -s
	assert_equal "$stderr" "free: option requires an argument -- 's'"
	run --separate-stderr tool free --json=1
	assert_equal "$stderr" "free: option '--json' doesn't allow an argument"
	run --separate-stderr tool free --seconds
	assert_equal "$stderr" "free: option '--seconds' requires an argument"
}

@test "cli: values quoted in error messages are escaped (ps -u, ps -o, pidof -o, free -s)" {
	run --separate-stderr tool ps -u $'\e[31mX\a'
	assert_equal "$status" 2
	assert_equal "$stderr" "ps: user name does not exist: '\\033[31mX\\a'"
	run --separate-stderr tool ps -o $'pid,\e]0;owned\a'
	assert_equal "$status" 2
	[[ "$stderr" != *$'\e'* && "$stderr" != *$'\a'* ]]
	assert_equal "${#stderr_lines[@]}" 1
	run --separate-stderr tool pidof -o $'\e[2J' bash
	assert_equal "$status" 2
	[[ "$stderr" == *"'\\033[2J'"* && "$stderr" != *$'\e'* ]]
	run --separate-stderr tool free -s $'1\e[2J'
	assert_equal "$status" 2
	assert_equal "$stderr" "free: invalid --seconds '1\\033[2J': not a number"
}
