#!/usr/bin/env bats
# procinfo: a process the test starts (values the test chose, compared with
# ps and /proc), golden outputs on the proc-basic fixture, hostile names,
# other users' processes as nobody, bad input and write errors.

load common

setup() {
	unset SYSQ_PROCFS SYSQ_SYSFS SYSQ_ROOTFS
	export TZ=UTC
	WORK=$(mktemp -d)
	WORK=$(realpath "$WORK")
	chmod 755 "$WORK"
	ME=$BASHPID
	# the target: comm "sq-target" (a copy of sleep), argv[0] "sqtest-argv0",
	# cwd $WORK, nice 5, an environment of its own
	cp "$(command -v sleep)" "$WORK/sq-target"
	(
		cd "$WORK" || exit 1
		renice -n 5 -p "$BASHPID" >/dev/null
		# (no process substitution: its process would become a child of
		# the target)
		for v in $(compgen -e); do unset "$v" 2>/dev/null; done
		for f in $(declare -Fx); do
			case $f in declare | -fx) ;; *) export -fn "$f" ;; esac
		done
		export SQTEST_VAR=sq-value SQ_E1=one SQ_E2=two SQ_E3=three SQ_E4=four SQ_E5=five
		exec -a sqtest-argv0 "$WORK/sq-target" 1000
	) &
	P=$!
	wait_exec "$P" sq-target
	# (exec'd is not yet settled: the loader still maps, opens and runs)
	wait_asleep "$P"
	Z=
	ZP=
}

teardown() {
	stop_trees
	kill -9 "$P" 2>/dev/null || true
	wait 2>/dev/null || true
	rm -rf "$WORK"
}

# Wait (boundedly, see wait_until) until process $1 runs the program
# named $2.
wait_exec() {
	is_comm() { [ "$(cat "/proc/$1/comm" 2>/dev/null)" = "$2" ]; }
	wait_until is_comm "$1" "$2" || fail "process $1 never became $2"
}

@test "procinfo: JSON values are those the test set" {
	run --separate-stderr tool procinfo --json "$P"
	assert_success
	[ -z "$stderr" ]
	[ "${#lines[@]}" -eq 1 ]
	echo "$output" | jq -e --argjson p "$P" --argjson me "$ME" --arg cwd "$WORK" \
		--arg exe "$WORK/sq-target" --arg user "$(id -un)" --arg pname "$(cat "/proc/$ME/comm")" '
		.pid == $p and .ppid == $me and .name == "sq-target"
		and .cmdline == ["sqtest-argv0", "1000"] and .cwd == $cwd and .exe == $exe
		and .nice == 5 and .environ.SQTEST_VAR == "sq-value"
		and .username == $user and .num_threads == 1 and .status == "sleeping"
		and .proc.parent_name == $pname and (.threads | length) == 1 and .threads[0].id == $p
		and .threads[0].name == "sq-target" and .children == []'
}

@test "procinfo: rss, vms, status, fds, times and limits match ps and /proc" {
	read -r rss vsz stat pmem tty < <(ps -o rss=,vsz=,stat=,%mem=,tty= -p "$P")
	run tool procinfo --json "$P"
	assert_success
	json=$output
	# a sleeping sleep does not grow: rss within 64 KiB, vsz exact
	jq -e --argjson rss "$rss" --argjson vsz "$vsz" \
		'((.memory_info.rss / 1024) - $rss | fabs) <= 64 and .memory_info.vms / 1024 == $vsz and .proc.vsize / 1024 == $vsz' <<<"$json"
	[ "${stat:0:1}" = S ]
	# memory_percent within 0.1 of ps %mem (ps rounds to 0.1)
	jq -e --argjson m "$pmem" '(.memory_percent - $m | fabs) <= 0.1' <<<"$json"
	if [ "$tty" = "?" ]; then
		jq -e '.terminal == null' <<<"$json"
	else
		jq -e --arg t "$tty" '.terminal == $t' <<<"$json"
	fi
	fds=$(find "/proc/$P/fd" -mindepth 1 -maxdepth 1 | wc -l)
	jq -e --argjson n "$fds" '.num_fds == $n' <<<"$json"
	aff=$(awk '$1 == "Cpus_allowed_list:" { print $2 }' "/proc/$P/status")
	# the kernel's list "0-3,8" is the JSON array [0,1,2,3,8]
	jq -e --arg a "$aff" '.cpu_affinity == ($a | split(",")
		| map(split("-") | map(tonumber) | [range(.[0]; .[-1] + 1)]) | add)' <<<"$json"
	# create_time = btime + starttime / CLK_TCK, exactly as /proc says
	bt=$(awk '$1 == "btime" { print $2 }' /proc/stat)
	st=$(sed 's/.*) //' "/proc/$P/stat" | awk '{ print $20 }')
	jq -e --argjson bt "$bt" --argjson st "$st" --argjson hz "$(getconf CLK_TCK)" \
		'(.create_time - ($bt + $st / $hz) | fabs) < 0.001' <<<"$json"
	# limits as prlimit shows them; unlimited is null
	read -r soft hard < <(prlimit -p "$P" --nofile --raw --noheadings -o SOFT,HARD)
	jq -e --argjson s "$soft" --argjson h "$hard" \
		'.rlimits.nofile == {soft: $s, hard: $h}' <<<"$json"
	[ "$(prlimit -p "$P" --cpu --noheadings -o SOFT)" = unlimited ]
	jq -e '.rlimits.cpu.soft == null and (.rlimits | length) == 16' <<<"$json"
}

@test "procinfo: ionice as ionice(1) set it" {
	ionice -c 2 -n 3 -p "$P"
	run tool procinfo --json "$P"
	assert_success
	jq -e '.ionice == {ioclass: "IOPRIO_CLASS_BE", value: 3}' <<<"$output"
	ionice -c 3 -p "$P"
	run tool procinfo "$P"
	# the idle class has no levels: the value is whatever ionice(1) stored
	assert_line --regexp '^ionice        class=IOPRIO_CLASS_IDLE, value=[0-7]$'
	jq -e '.ionice.ioclass == "IOPRIO_CLASS_IDLE"' <<<"$(tool procinfo --json "$P")"
}

@test "procinfo: text report of the started process" {
	run --separate-stderr tool procinfo "$P"
	assert_success
	[ -z "$stderr" ]
	assert_line "pid           $P"
	assert_line "name          sq-target"
	assert_line "parent        $ME ($(cat "/proc/$ME/comm"))"
	assert_line "status        sleeping"
	assert_line "user          $(id -un)"
	assert_line "exe           $WORK/sq-target"
	assert_line "cwd           $WORK"
	assert_line "cmdline       sqtest-argv0 1000"
	assert_line "nice          5"
	assert_line "num-threads   1"
	assert_line "children      (none)"
	assert_line --regexp "^started       $(date -d "@$(jq .create_time <<<"$(tool procinfo --json "$P")")" '+%Y-%m-%d %H:%M:%S')\$"
	assert_line --regexp '^running       ([0-9]+-)?([0-9]{2}:)?[0-9]{2}:[0-9]{2}$'
	assert_line --regexp "^              RLIMIT_NOFILE +[0-9]+ +[0-9]+  files\$"
	assert_line --regexp "^memory        rss=[0-9.]+[KM]i, vms=[0-9.]+[KMG]i, "
}

@test "procinfo: long lists show their first items without -v, all with -v" {
	n=$(tr -cd '\0' <"/proc/$P/environ" | wc -c)
	[ "$n" -ge 6 ]
	jq -e --argjson n "$n" '.environ | length == $n' <<<"$(tool procinfo --json "$P")"
	run tool procinfo "$P"
	assert_success
	assert_line "              [... $((n - 4)) more]"
	run tool procinfo -v "$P"
	assert_success
	refute_line --partial "[... "
	assert_line "environ       SQTEST_VAR=sq-value"
	assert_line "              SQ_E5=five"
	# sorted, as psutil's procinfo shows them
	got=$(sed -n '/^environ /,$p' <<<"$output" | cut -c15-)
	want=$(tool procinfo --json "$P" | jq -r '.environ | to_entries | map("\(.key)=\(.value)") | sort | .[]')
	assert_equal "$got" "$want"
	run tool procinfo --verbose "$P"
	assert_success
	refute_line --partial "[... "
}

@test "procinfo: children and a live zombie" {
	# a process "sleep" with a child "sleep" that exited and stays a zombie
	# (tests/helpers/ptree: ready on a FIFO once the tree is as described)
	start_tree "sleep(sleep!)"
	ZP=$(ps --ppid "$ROOT" -o pid=)
	ZP=${ZP// /}
	Z=$(ps --ppid "$ZP" -o pid=)
	Z=${Z// /}
	[ "$(sed 's/.*) //' "/proc/$Z/stat" | cut -c1)" = Z ]
	run --separate-stderr tool procinfo --json "$Z"
	assert_success
	[ -z "$stderr" ]
	jq -e --argjson zp "$ZP" '.status == "zombie" and .ppid == $zp and .exe == null and .proc.parent_name == "sleep"' <<<"$output"
	run tool procinfo --json "$ZP"
	jq -e --argjson z "$Z" '.children == [$z]' <<<"$output"
	run tool procinfo "$ZP"
	assert_line "children      PID      NAME"
	assert_line "              $(printf '%-8s' "$Z") sleep"
	run tool procinfo "$Z"
	assert_success
	assert_line "status        zombie"
	# the test shell's children include the target
	run tool procinfo --json "$ME"
	jq -e --argjson p "$P" '.children | index($p) != null' <<<"$output"
}

# Golden files: the running time depends on now, so it is checked by form
# and left out of the text goldens.
@test "procinfo: golden text and JSON on the proc-basic fixture" {
	use_fixture proc-basic
	for pid in 1 42 43 44 45; do
		run --separate-stderr tool procinfo "$pid"
		assert_success
		[ -z "$stderr" ]
		assert_line --regexp '^running       [0-9]+-[0-9]{2}:[0-9]{2}:[0-9]{2}$'
		output=$(grep -v '^running ' <<<"$output")
		assert_output_file "$EXPECTED/procinfo/proc-basic-$pid.txt"
		run tool procinfo --json "$pid"
		assert_success
		assert_output_file "$EXPECTED/procinfo/proc-basic-$pid.json"
	done
	run tool procinfo -v 1
	assert_success
	output=$(grep -v '^running ' <<<"$output")
	assert_output_file "$EXPECTED/procinfo/proc-basic-1.txt"
}

@test "procinfo: fixture values, field by field" {
	use_fixture proc-basic
	run tool procinfo --json 1
	jq -e '.create_time == 1700000000.05 and .memory_info.rss == 10240000 and .memory_info.vms == 170000384
		and .memory_footprint.uss == 5120000 and .memory_footprint.pss == 6144000 and .children == [42, 43, 44, 47]
		and .rlimits.nofile == {soft: 1024, hard: 524288}
		and .rlimits.stack == {soft: 8388608, hard: null}
		and .threads == [{id: 1, name: "systemd", user_time: 2.5, system_time: 1.3},
				 {id: 49, name: "worker thr", user_time: 2.5, system_time: 1.3}]
		and .environ == {"HOME": "/", "TERM": "linux"} and .exe == null
		and .memory_percent == null and .ionice == null and .proc.parent_name == null' <<<"$output"
	run tool procinfo --json 42
	jq -e '.name == "evil) S 1 (x" and .status == "running" and .nice == 5 and .terminal == "/dev/pts/0"
		and .username == "alice" and .proc.parent_name == "systemd" and .memory_info == {rss: 10240000,
		vms: 170000384, shared: 4096000, text: null, data: null}' <<<"$output"
	run tool procinfo --json 45
	jq -e '.status == "idle" and .cmdline == [] and .uids == null and .ppid == 2 and .proc.parent_name == null' <<<"$output"
	run tool procinfo 45
	assert_line "status        idle (kernel thread)"
}

@test "procinfo: a hostile name has no raw control bytes in text, exact bytes in JSON" {
	use_fixture proc-basic
	for args in 43 "-v 43" 1; do
		# shellcheck disable=SC2086
		run tool procinfo $args
		assert_success
		! LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f\x80-\x9f]' <<<"$output"
	done
	run tool procinfo 43
	assert_line 'name          a\nb\033[31m\377'
	assert_line 'cmdline       sh -c echo \033]0;pwned\a\377'
	run tool procinfo --json 43
	! LC_ALL=C grep -q $'[\x01-\x1f\x7f]' <<<"$output"
	jq -e '.name == "a\nb\u001b[31m\ufffd" and .cmdline[2] == "echo \u001b]0;pwned\u0007\ufffd"' <<<"$output"
	run tool procinfo --pretty 1
	assert_success
	jq -e '.children | index(43) != null' <<<"$output"
}

@test "procinfo: as nobody, a root process: exit 0, no stderr, denied is null or -" {
	[ "$(id -u)" -eq 0 ] || skip "needs root to switch to nobody"
	command -v setpriv >/dev/null || skip "setpriv missing"
	bin=$(mktemp -d)
	cp "$SQ_BUILDDIR/cmd/procinfo/procinfo" "$bin/"
	chmod -R a+rX "$bin"
	for pid in 1 "$P"; do
		run --separate-stderr as_nobody "$bin/procinfo" --json "$pid"
		assert_success
		[ -z "$stderr" ]
		jq -e --argjson p "$pid" '.pid == $p and .exe == null and .cwd == null and .environ == null
			and .io_counters == null and .num_fds == null and .memory_footprint == null
			and .memory_full_info.uss == null and .username == "root" and (.create_time | type) == "number"
			and (.memory_info.rss | type) == "number"' <<<"$output"
		run --separate-stderr as_nobody "$bin/procinfo" -v "$pid"
		assert_success
		[ -z "$stderr" ]
		assert_line "exe           -"
		assert_line "environ       -"
		assert_line "num-fds       -"
	done
	rm -rf "$bin"
}

@test "procinfo: bad input is a usage error naming the value" {
	assert_usage_error "'12x'" -- tool procinfo 12x
	assert_usage_error "'-1'" -- tool procinfo -1
	assert_usage_error "'0'" -- tool procinfo 0
	assert_usage_error "'99999999999999999999'" -- tool procinfo 99999999999999999999
	assert_usage_error "' 5'" -- tool procinfo " 5"
	assert_usage_error "'+5'" -- tool procinfo +5
	assert_usage_error "PID" -- tool procinfo
	assert_usage_error "'2'" -- tool procinfo 1 2
	assert_usage_error "--bogus" -- tool procinfo --bogus 1
	assert_usage_error "'x'" -- tool procinfo -x 1
}

@test "procinfo: a PID that does not exist is exit 1 with one line" {
	run --separate-stderr tool procinfo 2147483647
	assert_failure 1
	assert_output ""
	assert_equal "$stderr" "procinfo: no such process: 2147483647"
	use_fixture proc-basic
	run --separate-stderr tool procinfo --json 46
	assert_failure 1
	assert_output ""
	assert_equal "$stderr" "procinfo: no such process: 46"
	# a thread ID answers in /proc, but names no process (psutil's pid_exists)
	unset SYSQ_PROCFS SYSQ_SYSFS SYSQ_ROOTFS
	start_tree "sq-thr{1}"
	local proc tid
	proc=$(cat "/proc/$ROOT/task/$ROOT/children")
	proc=${proc% }
	tid=$(find "/proc/$proc/task" -mindepth 1 -maxdepth 1 ! -name "$proc" -printf '%f\n')
	[ -n "$tid" ] && [ "$tid" != "$proc" ]
	run --separate-stderr tool procinfo "$tid"
	assert_failure 1
	assert_output ""
	assert_equal "$stderr" "procinfo: no such process: $tid"
	run tool procinfo --json "$proc"
	assert_success
	jq -e --argjson p "$proc" --argjson t "$tid" '.pid == $p and ([.threads[].id] | sort) == ([$p, $t] | sort)' <<<"$output"
	use_fixture proc-basic
	# a stat file that ends inside the name: a runtime error, not a crash
	run --separate-stderr tool procinfo 48
	assert_failure 1
	assert_output ""
	[[ "$stderr" == "procinfo: process 48: "* ]]
}

@test "procinfo: write errors are exit 1; --help and --version" {
	run --separate-stderr sh -c "'$SQ_BUILDDIR/cmd/procinfo/procinfo' $P > /dev/full"
	assert_failure 1
	assert_equal "$stderr" "procinfo: write error: No space left on device"
	run --separate-stderr sh -c "'$SQ_BUILDDIR/cmd/procinfo/procinfo' --json $P > /dev/full"
	assert_failure 1
	assert_equal "$stderr" "procinfo: write error: No space left on device"
	run --separate-stderr tool procinfo --help
	assert_success
	assert_line --index 0 "Usage: procinfo [options] PID"
	[ -z "$stderr" ]
	run tool procinfo --version
	assert_success
	assert_output --regexp '^procinfo \(sysq\) [0-9.]+$'
}

@test "procinfo: supplementary groups: a list of numbers in JSON, as status has them in text" {
	local fifo="$WORK/g.fifo" q
	mkfifo "$fifo"
	setpriv --groups=4,24,100 "$SQ_BUILDDIR/tests/helpers/spawn" "$fifo" -- sq-groups </dev/null >/dev/null 2>&1 &
	q=$!
	read -r -t 120 _ <>"$fifo"
	run tool procinfo --json "$q"
	assert_success
	jq -e '.proc.groups == [4, 24, 100]' <<<"$output"
	run tool procinfo "$q"
	assert_line "groups        4,24,100"
	kill "$q"
	run tool procinfo --json "$P"
	jq -e '.proc.groups == []' <<<"$output"
}
