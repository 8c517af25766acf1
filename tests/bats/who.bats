#!/usr/bin/env bats
# who: golden outputs on fixture utmp files, coreutils who side by side on
# the same files, JSON values, idle and mesg from tty files, hostile names,
# bad input, write errors, a run as nobody.

load common

setup() {
	unset SYSQ_PROCFS SYSQ_SYSFS SYSQ_ROOTFS LC_TIME LANG
	export TZ=UTC LC_ALL=C
	MKUTMP="$SQ_BUILDDIR/tests/helpers/mkutmp"
	WHO="$SQ_BUILDDIR/cmd/who/who"
	BASIC="$FIXTURES/utmp-basic/var/run/utmp"
	HOSTILE="$FIXTURES/utmp-hostile/var/run/utmp"
	SHORT=
}

teardown() {
	[ -z "$SHORT" ] || rm -rf "$SHORT"
}

# golden CASE FIXTURE [ARGS...]: who ARGS on FIXTURE's utmp, against
# tests/expected/who/CASE.
golden() {
	local case=$1 fx=$2
	shift 2
	use_fixture "$fx"
	run --separate-stderr tool who "$@" </dev/null
	assert_success
	[ -z "$stderr" ]
	assert_output_file "$EXPECTED/who/$case"
}

# The options coreutils who and ours both have, alone and combined.
COMMON_ARGS=(
	"" -H -q -b -u -a -aH -d -l -p -r -t -T -w -s -m -Hm -qH -Hu -bH -dl -rt -pT
	-uT -aT -as -su -Ts --all --boot --count --dead --heading --login --lookup
	--process --runlevel --short --time --mesg --message --writable --users
)

# compare_with_coreutils FILE: every form in COMMON_ARGS prints the same
# bytes as /usr/bin/who on FILE.
compare_with_coreutils() {
	local file=$1 args
	for args in "${COMMON_ARGS[@]}"; do
		# (as agree has it: an idle time may turn over between the two)
		# shellcheck disable=SC2086
		agree "$(with_rc /usr/bin/who $args "$file")" "$(with_rc "$WHO" $args "$file")" \
			with_rc /usr/bin/who $args "$file" || { echo "who $args $file differs"; return 1; }
	done
}
# with_rc COMMAND...: its output and then its exit status, "rc=N"
with_rc() { "$@" </dev/null; echo "rc=$?"; }

@test "who: golden text for every option on utmp-basic" {
	golden default.txt utmp-basic
	golden heading.txt utmp-basic -H
	golden count.txt utmp-basic -q
	golden boot.txt utmp-basic -b
	golden users.txt utmp-basic -u
	golden all.txt utmp-basic -a
	golden all-heading.txt utmp-basic -aH
	golden dead.txt utmp-basic -d
	golden login.txt utmp-basic -l
	golden process.txt utmp-basic -p
	golden runlevel.txt utmp-basic -r
	golden time.txt utmp-basic -t
	golden mesg.txt utmp-basic -T
	golden short.txt utmp-basic -s
	# stdin is no terminal: "am i" finds no line, only the heading
	golden am-i.txt utmp-basic -H am i
}

@test "who: long options are the short ones" {
	use_fixture utmp-basic
	[ "$(tool who --all)" = "$(tool who -a)" ]
	[ "$(tool who --heading --users)" = "$(tool who -Hu)" ]
	[ "$(tool who --count)" = "$(tool who -q)" ]
	[ "$(tool who --mesg)" = "$(tool who -T)" ]
	[ "$(tool who --writable)" = "$(tool who -w)" ]
	[ "$(tool who --lookup)" = "$(tool who)" ]
}

@test "who: a non-C locale gets ISO dates, as coreutils" {
	locale -a 2>/dev/null | grep -qix 'C.utf-\?8' || skip "no C.UTF-8 locale"
	use_fixture utmp-basic
	LC_ALL=C.UTF-8 run tool who -aH
	assert_success
	assert_output_file "$EXPECTED/who/all-iso.txt"
}

@test "who: truncated, /run/utmp only, and no utmp at all" {
	golden truncated-all.txt utmp-truncated -a
	golden run.txt utmp-run
	golden none-all-heading.txt utmp-none -aH
	use_fixture utmp-none
	run --separate-stderr tool who
	assert_success
	assert_output ""
	run tool who -q
	assert_output $'\n# users=0'
	run tool who --json
	assert_output '{"users":[]}'
}

@test "who: the same bytes as coreutils who on the fixture files" {
	[ -x /usr/bin/who ] || skip "no coreutils who"
	compare_with_coreutils "$BASIC"
	# (a named file cut inside a record is an error here, where coreutils
	# drops the part: see "who: a named file is read in bounded memory")
	LC_ALL=C.UTF-8 compare_with_coreutils "$BASIC"
	# a file that does not exist is an empty list for both
	compare_with_coreutils "$BATS_TEST_TMPDIR/no-such-utmp"
}

@test "who: idle and mesg from the tty's atime and mode, same as coreutils" {
	[ -x /usr/bin/who ] || skip "no coreutils who"
	local d now
	# a short directory: the lines hold whole paths, in 32 bytes
	SHORT=$(mktemp -d /tmp/sqwho.XXXXXX)
	d=$SHORT
	now=$(date +%s)
	touch "$d/t1" "$d/t2" "$d/t3" "$d/t4"
	chmod 620 "$d/t1" "$d/t3"
	chmod 600 "$d/t2" "$d/t4"
	touch -a -d "@$((now - 300))" "$d/t1"   # 00:05
	touch -a -d "@$((now - 20))" "$d/t2"    # .
	touch -a -d "@$((now - 172800))" "$d/t3" # old: over a day
	touch -a -d "@$((now - 7200))" "$d/t4"  # old: before the boot
	# absolute ut_line: coreutils stats it as is, so both see the same files
	cat >"$d/spec" <<-EOF
		BOOT_TIME reboot ~ - 0 $((now - 3600)) ~~
		USER_PROCESS u1 $d/t1 - 1 $((now - 600)) a1
		USER_PROCESS u2 $d/t2 - 2 $((now - 600)) a2
		USER_PROCESS u3 $d/t3 - 3 $((now - 600)) a3
		USER_PROCESS u4 $d/t4 - 4 $((now - 600)) a4
		USER_PROCESS u5 $d/gone - 5 $((now - 600)) a5
	EOF
	"$MKUTMP" "$d/spec" "$d/utmp"
	compare_with_coreutils "$d/utmp"
	# idle times from a fresh clock: the comparison above may take long
	# (the sanitizer build on a loaded machine)
	now=$(date +%s)
	touch -a -d "@$((now - 300))" "$d/t1"
	touch -a -d "@$((now - 20))" "$d/t2"
	run tool who -uT "$d/utmp"
	assert_line --index 0 --regexp "^u1       \+ .* 00:0[56] +1\$"
	assert_line --index 1 --regexp "^u2       - .*   \. +2\$"
	assert_line --index 2 --regexp "^u3       \+ .*  old +3\$"
	assert_line --index 3 --regexp "^u4       - .*  old +4\$"
	assert_line --index 4 --regexp "^u5       \? .*   \? +5\$"
	run tool who --json "$d/utmp"
	# (idle is at least the age set, and no more than the time since)
	echo "$output" | jq -e --argjson el "$(($(date +%s) - now + 1))" '
		(.users[0].idle | . >= 300 and . <= 300 + $el) and .users[0].mesg == true and
		(.users[1].idle | . >= 20 and . <= 20 + $el) and .users[1].mesg == false and
		(.users[2].idle | . >= 172800 and . < 172800 + 1800) and
		.users[4].idle == null and .users[4].mesg == null'
}

@test "who: ttys are looked up under SYSQ_ROOTFS/dev" {
	local r="$BATS_TEST_TMPDIR/root" now
	now=$(date +%s)
	mkdir -p "$r/var/run" "$r/dev/pts"
	cp "$BASIC" "$r/var/run/utmp"
	touch "$r/dev/ttyQ1" "$r/dev/pts/4001"
	chmod 620 "$r/dev/ttyQ1"
	chmod 600 "$r/dev/pts/4001"
	touch -a -d "@$((now - 3 * 3600 - 120))" "$r/dev/ttyQ1"
	touch -a -d "@$((now - 5))" "$r/dev/pts/4001"
	SYSQ_ROOTFS=$r run tool who -uT
	assert_success
	assert_line --index 0 --regexp '^alice    \+ ttyQ1        Nov 14 22:15 03:0[23] +610$'
	assert_line --index 1 --regexp '^bob      - pts/4001     Nov 14 23:13   \. +2001 \(192\.0\.2\.10\)$'
	assert_line --index 2 --regexp '^carol    \? pts/4002 '
}

@test "who: the system utmp: records of dead processes are dropped, as coreutils" {
	[ "$(id -u)" -eq 0 ] || skip "needs root for a mount namespace"
	unshare -m true 2>/dev/null || skip "no mount namespaces here"
	[ -x /usr/bin/who ] || skip "no coreutils who"
	local d="$BATS_TEST_TMPDIR"
	# pid $$ is alive; 2000000000 is above any pid_max
	cat >"$d/spec" <<-EOF
		BOOT_TIME reboot ~ - 0 1700000000 ~~
		USER_PROCESS alive pts/4401 - $$ 1700000100 4401
		USER_PROCESS stale pts/4402 - 2000000000 1700000200 4402
		DEAD_PROCESS - pts/4403 - 2000000001 1700000300 4403 0 0
	EOF
	"$MKUTMP" "$d/spec" "$d/utmp"
	for args in "" -a -q -u "--json -a"; do
		# shellcheck disable=SC2016,SC2086
		out=$(unshare -m sh -c '
			who=$1 utmp=$2 && shift 2 &&
			mount -t tmpfs none /run && cp "$utmp" /run/utmp &&
			echo coreutils && { [ "$1" = --json ] || /usr/bin/who "$@"; } &&
			echo ours && "$who" "$@"' \
			sh "$WHO" "$d/utmp" $args </dev/null)
		theirs=$(sed -n '/^coreutils$/,/^ours$/p' <<<"$out" | sed '1d;$d')
		ours=$(sed -n '/^ours$/,$p' <<<"$out" | sed 1d)
		[[ "$args" == --json* ]] && {
			jq -e '[.users[].name] == ["alive"]' <<<"$ours"
			continue
		}
		[ "$ours" = "$theirs" ] || { echo "who $args:"; diff <(echo "$theirs") <(echo "$ours"); false; }
		[[ "$ours" != *stale* ]]
	done
}

@test "who: am i picks the line of the terminal on stdin, as coreutils" {
	command -v script >/dev/null || skip "no script(1)"
	[ -x /usr/bin/who ] || skip "no coreutils who"
	# script(1) passes no arguments: hand the paths over in the environment
	export MKUTMP WHO D="$BATS_TEST_TMPDIR"
	# shellcheck disable=SC2016
	run script -qec '
		l=$(tty) && l=${l#/dev/} &&
		printf "USER_PROCESS me %s host 1 1700000000 x\nUSER_PROCESS other pts/4999 - 2 1700000000 y\n" "$l" |
			"$MKUTMP" - "$D/utmp" &&
		for a in -m -mH -mu -mq -mT; do
			[ "$(/usr/bin/who $a "$D/utmp")" = "$("$WHO" $a "$D/utmp")" ] || echo "DIFF $a"
		done
		"$WHO" -m "$D/utmp"
		"$WHO" --json -m "$D/utmp"' /dev/null
	assert_success
	refute_output --partial DIFF
	assert_output --regexp 'me +[^ ]+ +Nov 14 22:13 \(host\)'
	assert_output --partial '"users":[{"name":"me",'
	refute_output --partial other
}

@test "who: JSON values of the users, field by field" {
	use_fixture utmp-basic
	run tool who --json
	assert_success
	assert_output_file "$EXPECTED/who/default.json"
	echo "$output" | jq -e '
		(.users | length) == 4 and
		.users[0].name == "alice" and .users[0].terminal == "ttyQ1" and
		.users[0].host == "" and .users[0].started == 1700000100 and
		.users[0].pid == 610 and .users[0].idle == null and .users[0].mesg == null and
		.users[1].name == "bob" and .users[1].host == "192.0.2.10" and
		.users[1].started == 1700003600 and .users[1].pid == 2001 and
		.users[2].name == "carol" and .users[2].terminal == "pts/4002" and
		.users[2].started == 1700007265 and .users[2].pid == 2002 and
		.users[3].host == ":0" and .users[3].terminal == "pts/4003" and
		(has("records") | not) and (has("boot_time") | not)'
}

@test "who: JSON of -a, -b and -q" {
	use_fixture utmp-basic
	run tool who --json -a
	assert_success
	assert_output_file "$EXPECTED/who/all.json"
	echo "$output" | jq -e '
		(.users | length) == 4 and .boot_time == 1700000000 and
		[.records[].type] == ["boot_time", "run_level", "init_process", "login_process",
			"dead_process", "dead_process", "new_time"] and
		.records[0].started == 1700000000 and .records[0].host == "6.1.0-18-amd64" and
		.records[1].runlevel == "5" and .records[1].previous_runlevel == "S" and
		.records[2].terminal == "ttyQ1" and .records[2].pid == 601 and .records[2].id == "Q1" and
		.records[3].name == "LOGIN" and .records[3].pid == 602 and
		.records[4].termination == 0 and .records[4].exit_status == 0 and
		.records[5].terminal == "ttyQ3" and .records[5].termination == 15 and
		.records[5].exit_status == 2 and .records[5].started == 1700012000 and
		.records[6].started == 1700020000'
	run tool who --json -b
	assert_output_file "$EXPECTED/who/boot.json"
	echo "$output" | jq -e '.boot_time == 1700000000 and (has("users") | not) and (.records | length) == 1'
	run tool who --json -q
	assert_output_file "$EXPECTED/who/count.json"
	echo "$output" | jq -e '.count == 4 and [.users[].name] == ["alice", "bob", "carol", "bob"]'
	# --pretty indents the same document
	run tool who --pretty -a
	assert_success
	[ "$(echo "$output" | jq -c .)" = "$(tool who --json -a | jq -c .)" ]
	[ "${#lines[@]}" -gt 10 ]
}

@test "who: every --json form is valid JSON on one line" {
	local fx args
	for fx in utmp-basic utmp-hostile utmp-truncated utmp-run utmp-none; do
		use_fixture "$fx"
		for args in "" -a -b -d -l -p -r -t -T -u -q -s -H -m "am i" -aq; do
			# shellcheck disable=SC2086
			run --separate-stderr tool who --json $args </dev/null
			assert_success
			[ "${#lines[@]}" -eq 1 ]
			echo "$output" | jq -e 'type == "object"' >/dev/null
		done
	done
}

@test "who: hostile names are escaped in text, exact in JSON" {
	golden hostile-all.txt utmp-hostile -a
	golden hostile-count.txt utmp-hostile -q
	for args in "" -a -q -u -d -r -aH -T; do
		# shellcheck disable=SC2086
		out=$(tool who $args)
		# only printable ASCII and newlines: no ESC, no C1, no raw bytes
		! LC_ALL=C grep -q $'\x1b' <<<"$out"
		! LC_ALL=C grep -q '[^ -~]' <<<"$out"
	done
	run tool who --json -a
	assert_output_file "$EXPECTED/who/hostile-all.json"
	! LC_ALL=C grep -q $'\x1b' <<<"$output"
	# C1 controls (CSI here) are \u escapes in JSON, never raw bytes
	! LC_ALL=C grep -q $'\xc2\x9b' <<<"$output"
	echo "$output" | jq -e '
		.users[0].name == "0123456789abcdef0123456789ABCDEF" and
		(.users[0].terminal | length) == 32 and (.users[0].host | length) == 256 and
		.users[1].name == "evil\u001b[31m" and
		.users[2].name == "bad\ufffd\ufffd" and
		.users[3].name == "new\nline" and .users[3].host == "a host with spaces" and
		.users[4].host == "\u001b]0;pwned\u0007" and
		.users[5].terminal == "pts/41\u001b5" and
		.users[6].name == "pad  " and
		.records[1].runlevel == "\u001b"'
}

@test "who: bad input is exit 2 with one line, nothing on stdout" {
	use_fixture utmp-basic
	assert_usage_error "'x'" -- tool who -x
	assert_usage_error "--bogus" -- tool who --bogus
	assert_usage_error "extra operand 'c'" -- tool who a b c
	assert_usage_error "--json" -- tool who --json=1
	assert_usage_error "--pretty" -- tool who -a --pretty=yes
	run --separate-stderr tool who -x
	assert_equal "$stderr" "who: invalid option -- 'x'"
	# an operand with escape sequences is escaped in the message
	run --separate-stderr tool who a b $'\e[31mred'
	assert_failure 2
	assert_equal "$stderr" "who: extra operand '\\033[31mred'"
}

@test "who: write errors are exit 1" {
	use_fixture utmp-basic
	run --separate-stderr sh -c '"$1" > /dev/full' sh "$WHO"
	assert_failure 1
	assert_equal "$stderr" "who: write error: No space left on device"
	run --separate-stderr sh -c '"$1" --json -a > /dev/full' sh "$WHO"
	assert_failure 1
	assert_equal "$stderr" "who: write error: No space left on device"
}

@test "who: --help and --version" {
	run --separate-stderr tool who --help
	assert_success
	assert_line --index 0 "Usage: who [OPTION]... [ FILE | ARG1 ARG2 ]"
	assert_output --partial "--json"
	[ -z "$stderr" ]
	run tool who --version
	assert_success
	assert_output --regexp '^who \(sysq\) [0-9.]+$'
}

@test "who: as nobody: same output, and an unreadable utmp is exit 1" {
	[ "$(id -u)" -eq 0 ] || skip "needs root to switch to nobody"
	command -v setpriv >/dev/null || skip "setpriv missing"
	local d
	d=$(mktemp -d)
	cp "$WHO" "$d/who"
	cp -r "$FIXTURES/utmp-basic" "$d/"
	chmod -R a+rX "$d"
	export SYSQ_ROOTFS="$d/utmp-basic"
	run --separate-stderr as_nobody "$d/who" -a
	assert_success
	[ -z "$stderr" ]
	assert_output_file "$EXPECTED/who/all.txt"
	# denied: the named file, then the default one under the rootfs
	chmod 600 "$d/utmp-basic/var/run/utmp"
	run --separate-stderr as_nobody "$d/who" "$d/utmp-basic/var/run/utmp"
	assert_failure 1
	assert_output ""
	assert_equal "$stderr" "who: $d/utmp-basic/var/run/utmp: access denied"
	run --separate-stderr as_nobody "$d/who" --json
	assert_failure 1
	assert_output ""
	assert_equal "$stderr" "who: $d/utmp-basic/var/run/utmp: access denied"
	rm -rf "$d"
}

@test "who: live, the same as coreutils who on the system's utmp" {
	[ -x /usr/bin/who ] || skip "no coreutils who"
	for args in "" -a -q -b -u -H; do
		# shellcheck disable=SC2086
		[ "$(tool who $args </dev/null)" = "$(/usr/bin/who $args </dev/null)" ]
	done
	run tool who --json
	assert_success
	echo "$output" | jq -e '.users | type == "array"'
}

# run "$@" with its memory bounded: ulimit -v, or under AddressSanitizer
# (which reserves terabytes of address space) its own RSS limit
bounded_memory() {
	local mib=$1
	shift
	if ldd "$WHO" 2>/dev/null | grep -q libasan; then
		ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}hard_rss_limit_mb=$((mib + 200))" "$@"
	else
		(ulimit -v $((mib * 1024)) && exec "$@")
	fi
}

@test "who: a named file is read in bounded memory, and one that is no utmp file is an error saying why" {
	# /dev/zero never ends: coreutils reads it forever in constant memory;
	# no device holds utmp records, so it is refused at once
	run --separate-stderr bounded_memory 16 "$WHO" /dev/zero
	assert_equal "$status" 2
	assert_equal "$stderr" "who: /dev/zero: not a utmp file: a device, not a file of utmp records"
	[ -z "$output" ]
	# 24 MiB of empty slots through a pipe, in 16 MiB: nothing to show,
	# like coreutils, and the memory stays flat
	run --separate-stderr bounded_memory 16 "$WHO" -a <(head -c $((384 * 65536)) /dev/zero)
	assert_success
	[ -z "$output$stderr" ]
	run --separate-stderr bounded_memory 16 "$WHO" -a --json <(head -c $((384 * 65536)) /dev/zero)
	assert_success
	assert_output '{"users":[],"records":[],"boot_time":null}'
	# real records after them are still read
	run bounded_memory 16 "$WHO" <(head -c $((384 * 100000)) /dev/zero; cat "$BASIC")
	assert_success
	assert_output "$("$WHO" "$BASIC")"
	# a size that is no whole number of records: a pipe, a file
	run --separate-stderr "$WHO" /dev/stdin < <(head -c 1000 /dev/zero)
	assert_equal "$status" 2
	assert_equal "$stderr" "who: /dev/stdin: not a utmp file: its size is no whole number of 384-byte utmp records"
	run --separate-stderr "$WHO" "$FIXTURES/utmp-truncated/var/run/utmp"
	assert_equal "$status" 2
	assert_equal "$stderr" "who: $FIXTURES/utmp-truncated/var/run/utmp: not a utmp file: its size is no whole number of 384-byte utmp records"
	# whole records of text: no utmp record type
	head -c 768 /dev/zero | tr '\0' x >"$BATS_TEST_TMPDIR/text"
	run --separate-stderr "$WHO" -a "$BATS_TEST_TMPDIR/text"
	assert_equal "$status" 2
	assert_equal "$stderr" "who: $BATS_TEST_TMPDIR/text: not a utmp file: a record has no utmp record type"
	run --separate-stderr "$WHO" /
	assert_equal "$stderr" "who: /: not a utmp file: a directory"
	# the system's own utmp keeps dropping a part at its end, as getutent
	use_fixture utmp-truncated
	run tool who -a
	assert_success
}
