#!/usr/bin/env bats
# ps: the same output as procps-ng ps for the classic layouts, on a known
# set of processes; selection, sorting, forest, JSON values, hostile
# names, bad input.

load common

setup() {
	unset SYSQ_PROCFS SYSQ_SYSFS SYSQ_ROOTFS
	export TZ=UTC
	WORK=$(mktemp -d)
	# known processes: names chosen with exec -a, one niced, one stopped
	(exec -a sqtest-alpha sleep 1000) &
	A=$!
	(exec -a sqtest-beta-with-an-argv0-longer-than-a-column sleep 1000) &
	B=$!
	nice -n 7 sleep 1000 &
	N=$!
	sleep 1000 &
	T=$!
	PIDS="$A,$B,$N,$T"
	wait_asleep $A $B $N $T
	# stop it only once it runs sleep (stopping the forked shell would hang)
	kill -STOP "$T"
	wait_stopped "$T"
}

teardown() {
	[ -z "${STOPPED:-}" ] || kill -CONT "$STOPPED" 2>/dev/null || true
	stop_trees
	kill -9 $A $B $N $T ${E:-} ${G:-} ${NP:-} 2>/dev/null || true
	wait 2>/dev/null || true
	rm -rf "$WORK"
}

# procps and ours, same selection, compared byte for byte but for the
# values of the %CPU and C columns (see mask_cpu; their values are compared
# within a tolerance in "-o keywords identical").  A second may pass
# between the two runs (ELAPSED): when they differ, procps runs once more,
# after ours, and ours must then be the same as one of the two procps runs
# around it (see agree).
same_as_procps() {
	agree "$(masked ps "$@")" "$(masked tool ps "$@")" masked ps "$@"
}

@test "ps: UNIX layouts identical to procps on known processes" {
	for fmt in "" -f -F -l -ly -fl -j -jH -H -L -Lf -T "-O ni,stat"; do
		# shellcheck disable=SC2086
		same_as_procps $fmt -p "$PIDS"
	done
}

@test "ps: BSD layouts identical to procps" {
	for fmt in "" u j l s f "O ni"; do
		# shellcheck disable=SC2086
		same_as_procps $fmt p "$PIDS"
	done
	# x adds the caller's processes without a terminal: compare ours
	# (the test's own: other suites' processes come and go)
	diff <(ps x | own_rows 1) <(tool ps x | own_rows 1)
	# UNIX modifiers and -O with BSD syntax: -j keeps COMMAND (a modifier,
	# not a layout), -O ends in the command line, BSD O in the name
	for fmt in -j -jl -jf -jH "-O ni" "O ni" -F -P -c "-y -l"; do
		# shellcheck disable=SC2086
		same_as_procps $fmt p "$PIDS"
		# shellcheck disable=SC2086
		same_as_procps $fmt -p "$PIDS"
	done
}

@test "ps: BSD e (environment after the command) identical to procps" {
	# a plain environment: procps shows control bytes its own way
	env -i SQ_ONE=1 SQ_TWO="a b" sleep 1000 &
	E=$!
	wait_asleep "$E"
	same_as_procps e p "$E"
	same_as_procps ue p "$E"
}

@test "ps: PID columns follow the digits of pid_max, as in procps" {
	echo 4194304 >"$WORK/pid_max"
	# a private mount namespace shows another pid_max to both tools
	unshare -m true 2>/dev/null || skip "no mount namespaces here"
	run unshare -m bash -c "mount --bind '$WORK/pid_max' /proc/sys/kernel/pid_max &&
		diff <(ps -f -o pid,ppid,pgid,sid,tgid,lwp -p 1) <('$SQ_BUILDDIR/cmd/ps/ps' -f -o pid,ppid,pgid,sid,tgid,lwp -p 1) &&
		'$SQ_BUILDDIR/cmd/ps/ps' -o pid -p 1"
	assert_success
	assert_line --index 0 "    PID"
}

# the PIDs below $1 (not $1), comma-separated
descendants() {
	ps -e -o pid=,ppid= | awk -v root="$1" '
		{ parent[$1] = $2 }
		END {
			for (p in parent) {
				q = p
				while (q in parent && parent[q] != root && parent[q] > 1) q = parent[q]
				if (parent[q] == root) out = out (out ? "," : "") p
			}
			print out
		}'
}

@test "ps: a known tree (threads, zombie, switched users, not dumpable, niced, stopped) as procps shows it" {
	[ "$(id -u)" -eq 0 ] || skip "needs root to switch users"
	[ -x "$PTREE" ] || skip "tests/helpers/ptree is not built"
	start_tree "alpha[--flag;two words]{2}(beta,gamma{3=worker}),zed!,sw@65534(swkid),eu@0:65534,nd^,nu@65534^"
	TREE=$(descendants "$ROOT")
	[ "$(tr ',' '\n' <<<"$TREE" | wc -l)" -eq 9 ]
	beta=$(ps --ppid "$(ps --ppid "$ROOT" -o pid=,comm= | awk '$2 == "alpha" { print $1 }')" -o pid=,comm= | awk '$2 == "beta" { print $1 }')
	renice -n 5 -p "$beta" >/dev/null
	STOPPED=$(ps -p "$TREE" -o pid=,comm= | awk '$2 == "gamma" { print $1 }')
	kill -STOP "$STOPPED"
	wait_stopped "$STOPPED"
	for fmt in "" -f -F -l -j -L -Lf -T -m u j s v "-o pid,ppid,user,ruser,euser,suser,uid,ruid,euid,suid,stat,ni,nlwp,comm,args" \
		"-o pid,lwp,stat,psr,wchan:20,comm" -H; do
		# shellcheck disable=SC2086
		same_as_procps $fmt -p "$ROOT,$TREE"
	done
	# the values themselves
	run tool ps -o stat=,ni=,nlwp=,user=,euid=,ruid= -p "$beta,$STOPPED"
	assert_line --index 0 --regexp '^SN +5 +1 root +0 +0$'
	assert_line --index 1 --regexp '^Tl +0 +4 root +0 +0$'
	run tool ps -o comm=,stat= --ppid "$ROOT"
	assert_line --regexp '^zed +Z$'
	# euid from status where /proc says root (not dumpable, or switched)
	run tool ps -o comm=,euser=,ruser= --ppid "$ROOT"
	assert_line --regexp '^sw +nobody +nobody$'
	assert_line --regexp '^eu +nobody +root$'
	assert_line --regexp '^nd +root +root$'
	assert_line --regexp '^nu +nobody +nobody$'
	# the effective user comes from the owner of /proc/PID, which is
	# root's only for root's processes: -f reads no status, not even for
	# nu, whose /proc files are root's
	local nu
	nu=$(ps --ppid "$ROOT" -o pid=,comm= | awk '$2 == "nu" { print $1 }')
	# (LeakSanitizer cannot run under ptrace)
	run env ASAN_OPTIONS=detect_leaks=0 strace -f -e trace=openat -o "$WORK/ef.trace" "$SQ_BUILDDIR/cmd/ps/ps" -f -p "$ROOT,$TREE"
	assert_success
	assert_line --regexp "^nobody +$nu +$ROOT "
	run grep -c '/status"' "$WORK/ef.trace"
	assert_output 0
	# JSON has the same processes and values
	run tool ps --json -o pid,comm,ni,nlwp -p "$ROOT,$TREE"
	jq -e --argjson b "$beta" '[.processes[] | select(.pid == $b)][0] | .nice == 5 and .name == "beta"' <<<"$output"
	jq -e '[.processes[].name] | sort == ["alpha","beta","eu","gamma","nd","nu","ptree","sw","swkid","zed"]' <<<"$output"
}

@test "ps: -o keywords identical to procps" {
	same_as_procps -o pid,ppid,pgid,sid,tpgid,tty,stat,s,ni,pri,opri,priority,rtprio,class,psr,nlwp -p "$PIDS"
	same_as_procps -o pid,user,ruser,uid,euid,ruid,suid,fuid,gid,egid,rgid,group -p "$PIDS"
	same_as_procps -o pid,vsz,rss,sz,%mem,maj_flt,min_flt,f,wchan:12 -p "$PIDS"
	# (one process a run: each sleep's ELAPSED turns over at its own time)
	local p
	for p in ${PIDS//,/ }; do
		same_as_procps -o pid,time,bsdtime,stime,start_time,lstart,bsdstart,etime,etimes,c,%cpu -p "$p"
	done
	# CPU time over elapsed time: the young helpers' values move between
	# two runs, so ours lie between procps's before and after them, within
	# a tolerance for procps's rounding (C and %CPU 1, CP 10)
	local f="pid=,c=,%cpu=,cp=,cuu=,cuc="
	paste <(ps -o "$f" -p "1,$PIDS") <(tool ps -o "$f" -p "1,$PIDS") <(ps -o "$f" -p "1,$PIDS") |
		awk 'BEGIN { split("0 1 1 10 1 1", t) }
			{ for (i = 1; i <= 6; i++) { lo = $i < $(i + 12) ? $i : $(i + 12); hi = $i < $(i + 12) ? $(i + 12) : $i
				if ($(i + 6) < lo - t[i] || $(i + 6) > hi + t[i]) { print "procps, ours, procps: " $0; exit 1 } } }'
	same_as_procps -o pid,comm,ucomm,args,cmd -p "$PIDS"
	same_as_procps -o pid=PROCESS,comm=NAME -p "$PIDS"
	same_as_procps -o pid=,stat= -p "$PIDS"
	same_as_procps -o comm=A=B,pid:3=X:9 -p "$PIDS"
	same_as_procps -o "pid ni" -o stat -p "$PIDS"
	same_as_procps -o pid:9,comm -p "$PIDS"
	# no limit on the columns (procps has none)
	same_as_procps -o "$(printf 'pid,ni,%.0s' {1..50})comm" -p "$PIDS"
	same_as_procps -O "$(printf 'ni,%.0s' {1..70})stat" -p "$PIDS"
	same_as_procps -o pid --sort="$(printf 'ni,-pid,%.0s' {1..20})comm" -p "$PIDS"
	same_as_procps --no-headers -o pid,comm -p "$PIDS"
}

@test "ps: selection by name, user, parent; sorting" {
	# (the test's own sleeps: other suites' come and go; ours select no
	# other name)
	diff <(ps -C sqtest-alpha,sleep -o pid,comm | own_rows 1) <(tool ps -C sqtest-alpha,sleep -o pid,comm | own_rows 1)
	[ "$(tool ps -C sqtest-alpha,sleep -o comm= | sort -u)" = sleep ]
	# the shells of the comparison itself come and go: compare the sleeps
	diff <(ps --ppid $$ -o pid,comm --sort=pid | grep -v ' bash$\| diff$') \
		<(tool ps --ppid $$ -o pid,comm --sort=pid | grep -v ' bash$\| diff$')
	same_as_procps -p "$PIDS" --sort=-pid -o pid,ni
	same_as_procps -p "$PIDS" --sort=ni,-pid -o pid,ni
	# -N: everything but root's processes and PID 1; other users' processes
	# of other work come and go, so only ours are compared: a process of
	# nobody's, one of root's, PID 1
	setpriv --reuid=nobody --regid=nogroup --clear-groups sleep 1000 &
	NP=$!
	# (setpriv switches the user before the exec: asleep, it is nobody's)
	wait_asleep "$NP"
	ours_only() { grep -xE " *(PID|$NP|$A|1)"; }
	diff <(ps -u root -N -o pid -p 1 | ours_only) <(tool ps -u root -N -o pid -p 1 | ours_only)
	[ "$(tool ps -u root -N -o pid= -p 1 | ours_only | tr -d ' ')" = "$NP" ]
	# r: running, and in disk sleep (D), as procps (a copy of a captured
	# tree, one process put in D)
	cp -r "$FIXTURES/proc-basic" "$WORK/tree"
	sed -i 's/^1 (systemd) S/1 (systemd) D/' "$WORK/tree/proc/1/stat"
	run env SYSQ_PROCFS="$WORK/tree/proc" SYSQ_SYSFS="$WORK/tree/sys" SYSQ_ROOTFS="$WORK/tree" \
		"$SQ_BUILDDIR/cmd/ps/ps" r -e -o pid=
	assert_equal "$(echo $output)" "1 42"
	# -g: sessions when every item is a process ID, else groups
	sid=$(ps -o sid= -p "$A")
	diff <(ps -g "${sid// /}" -o pid,sid,comm | own_rows 1) <(tool ps -g "${sid// /}" -o pid,sid,comm | own_rows 1)
	diff <(ps -g 0 -o pid,egid,comm | own_rows 1) <(tool ps -g 0 -o pid,egid,comm | own_rows 1)
	diff <(ps -g "${sid// /},root" -o pid,comm | own_rows 1) <(tool ps -g "${sid// /},root" -o pid,comm | own_rows 1)
	run tool ps -o pid=,stat= -p "$T"
	assert_output --regexp "^ *$T T\$"
	run tool ps -o ni= -p "$N"
	assert_output "  7"
}

@test "ps: -e, -ef, aux list the same processes as procps" {
	# process lists move: compare the 20 lowest PIDs, those of processes
	# older than the test; a kernel worker among them may come or go
	# between the two runs, so a difference is tried again (three runs at most)
	local f col a b
	for f in -e -ef aux -eLf; do
		col=2
		[ "$f" = -e ] && col=1
		for _ in 1 2 3; do
			# shellcheck disable=SC2086
			a=$(ps $f | awk -v c=$col 'NR > 1 { print $c }' | sort -un | head -20)
			# shellcheck disable=SC2086
			b=$(tool ps $f | awk -v c=$col 'NR > 1 { print $c }' | sort -un | head -20)
			[ "$a" = "$b" ] && break
		done
		[ "$a" = "$b" ] || { echo "$f"; diff <(echo "$a") <(echo "$b"); false; }
		[ "$(wc -l <<<"$b")" -eq 20 ]
	done
	[ "$(ps -e | head -1)" = "$(tool ps -e | head -1)" ]
	[ "$(ps aux | head -1)" = "$(tool ps aux | head -1)" ]
}

# a name with ')' and spaces and an escape sequence, set through the
# executable's name (hostile.bats has every byte class).
start_evil() {
	cp /bin/sleep "$WORK/evil) x $(printf '\033[31m')"
	"$WORK/evil) x $(printf '\033[31m')" 1000 &
	E=$!
	wait_asleep "$E"
}

@test "ps: hostile names are shown as procps shows them in text and exact in JSON" {
	start_evil
	# (a control byte is '?' in a UTF-8 locale, '.' outside)
	[ "$(LC_ALL=C.UTF-8 locale charmap 2>/dev/null)" = UTF-8 ] || skip "no C.UTF-8 locale"
	export LC_ALL=C.UTF-8
	run tool ps -o comm= -p "$E"
	assert_success
	! LC_ALL=C grep -q $'\x1b' <<<"$output"
	assert_output 'evil) x ?[31m'
	same_as_procps -o pid,comm,args -p "$E"
	run tool ps --json -o pid,comm -p "$E"
	assert_success
	echo "$output" | jq -e --argjson p "$E" '.processes[0].pid == $p and .processes[0].name == "evil) x \u001b[31m"'
}

@test "ps: --json (written row by row) and --pretty (one tree) agree, hostile names too" {
	use_fixture proc-basic
	for args in "-e" "-e -L" "-o pid,comm,args,user,stat,nlwp -e"; do
		# shellcheck disable=SC2086
		diff <(tool ps $args --json | jq -S .) <(tool ps $args --pretty | jq -S .)
	done
	# the escapes themselves: C0, DEL, C1 as \u00XX, invalid bytes as U+FFFD
	run tool ps --json -p 43
	! LC_ALL=C grep -q $'[\x01-\x1f\x7f]' <<<"$output"
	jq -e '.processes[0].name | test("\u001b") and test("\ufffd")' <<<"$output"
}

@test "ps: JSON values, field by field" {
	run tool ps --json -p "$A,$N"
	assert_success
	echo "$output" | jq -e --argjson a "$A" --argjson n "$N" --argjson me $$ '
		(.processes | length) == 2 and
		(.processes[0] | .pid == $a and .ppid == $me and .cmdline == ["sqtest-alpha", "1000"]
			and .status == "sleeping" and .username == "root" and (.rss | type) == "number"
			and .terminal == null or (.terminal | type) == "string") and
		(.processes[1] | .pid == $n and .nice == 7)'
	run tool ps --json -o pid,user,%cpu,stat,tty,etimes -p "$T"
	echo "$output" | jq -e --argjson t "$T" '.processes[0] | .pid == $t and .stat == "T" and .euser == "root" and (.cpu_percent | type) == "number" and (.elapsed | type) == "number"'
	tool ps aux --json | jq -e '.processes | length > 3' >/dev/null
	tool ps -ef --pretty | jq -e . >/dev/null
}

@test "ps: nothing selected is exit 1 with only the header" {
	run --separate-stderr tool ps -p 999999
	assert_failure 1
	assert_output "  PID TTY          TIME CMD"
}

@test "ps: bad input is a usage error" {
	assert_usage_error "'12x'" -- tool ps -p 12x
	assert_usage_error "bogus" -- tool ps -o bogus
	assert_usage_error "'-1'" -- tool ps -p -1
	assert_usage_error "99999999999999999999" -- tool ps -p 99999999999999999999
	assert_usage_error "'Q'" -- tool ps auxQ
	assert_usage_error "--bogus" -- tool ps --bogus
	assert_usage_error "nosuchuser" -- tool ps -u nosuchuser
	assert_usage_error "sort" -- tool ps --sort
	assert_usage_error "'zz'" -- tool ps --sort=zz
	# formats that do not combine (procps refuses them too)
	assert_usage_error "conflicting" -- tool ps u -f
	assert_usage_error "conflicting" -- tool ps u v
	assert_usage_error "conflicting" -- tool ps -l -o pid
	assert_usage_error "conflicting" -- tool ps -O pid u
	assert_usage_error "modifiers" -- tool ps -j -o pid
	assert_usage_error "-y" -- tool ps -y
	assert_usage_error "-L and -T" -- tool ps -LT
	assert_usage_error "forest" -- tool ps -eLf --forest
	assert_usage_error "'0x'" -- tool ps -o pid:0x
	# -O comes before any other format, in procps
	assert_usage_error "'ni'" -- tool ps -o pid -O ni
	assert_usage_error "'ni'" -- tool ps o pid O ni
	assert_usage_error "'stat'" -- tool ps -O ni -O stat
	# list syntax as procps's: no empty item; a format or a sort list
	# may end in one separator
	assert_usage_error "'-o'" -- tool ps -o ''
	assert_usage_error "'pid,,comm'" -- tool ps -o pid,,comm
	assert_usage_error "',pid'" -- tool ps -o ,pid
	assert_usage_error "'1,,2'" -- tool ps -p 1,,2
	assert_usage_error "'1,'" -- tool ps -p 1,
	assert_usage_error "'-p'" -- tool ps -p ''
	assert_usage_error "'--sort'" -- tool ps --sort=
	assert_usage_error "'--sort'" -- tool ps --sort ''
	assert_usage_error "','" -- tool ps --sort=,
	assert_usage_error "'--pid'" -- tool ps --pid=
	assert_usage_error "multiple sort" -- tool ps --sort=pid k ni
	# procps: one heading option at most; an empty argument alone is
	# its "garbage option"; g conflicts with -a and -d
	local h
	for h in "--headers --no-headers" "h --headers" "hh" "--noheadings h" "--heading --header"; do
		# shellcheck disable=SC2086
		! ps $h >/dev/null 2>&1
		# shellcheck disable=SC2086
		assert_usage_error "only one heading option" -- tool ps $h
	done
	! ps t '' >/dev/null 2>&1
	assert_usage_error "empty argument ''" -- tool ps t ''
	assert_usage_error "empty argument ''" -- tool ps ''
	assert_usage_error "-a and BSD g" -- tool ps -a g
	assert_usage_error "-d and BSD g" -- tool ps g -d
	assert_usage_error "modifiers" -- tool ps -P -o pid
	assert_usage_error "modifiers" -- tool ps -P -O ni
	same_as_procps -o pid,comm, -p "$PIDS"
	same_as_procps --sort="ni pid," -o pid,ni -p "$PIDS"
	same_as_procps -o "$(printf 'pid\tni\ncomm')" -p "$A $B"
}

# the header and the rows of the test's own processes in a listing of
# all; $1: the column that holds the PID
own_rows() {
	awk -v col="$1" -v pids=",$PIDS," '(NR == 1 && $col !~ /^[0-9]+$/) || index(pids, "," $col ",")'
}
own_branch() {
	sed -E 's/[ |]*\\_ / \\_ /'
}

@test "ps: dash forms of BSD options (-aux, -ax, -x...) are read as BSD, as procps" {
	# procps reads a line that fails as UNIX options (-x; -aux, as no
	# user "x" exists) again with the dash words as BSD options
	! getent passwd x >/dev/null || skip "a user x exists: -aux is -a -u x"
	for f in -aux -auxww -auxf -ax -x -axu -axjf -ajx; do
		col=1
		case $f in *u* | *j*) col=2 ;; esac
		# (in a forest the bars of a row's ancestors depend on siblings
		# that come and go, the comparison's own shells: only the row's
		# own branch is compared)
		# shellcheck disable=SC2086
		diff -u <(ps $f | own_rows $col | mask_cpu | own_branch) <(tool ps $f | own_rows $col | mask_cpu | own_branch)
	done
	# a UNIX reading that fails on a conflict is read again too: BSD c
	# is the true command name, O the default columns with more
	same_as_procps -c -o pid,comm -p "$PIDS"
	same_as_procps -c -O ni -p "$PIDS"
	same_as_procps -M -o pid,stat -p "$PIDS"
	# ...and when the second reading fails too, the first one's error
	assert_usage_error "'-x'" -- tool ps -x u
	assert_usage_error "user name does not exist: 'x'" -- tool ps -u x
	assert_usage_error "conflict" -- tool ps -a x
	assert_usage_error "modifiers" -- tool ps -Z -o pid
	assert_usage_error "exclusive" -- tool ps L -e
}

@test "ps: a bare PID is BSD syntax: the BSD layout, as procps; -PGRP and +SID too" {
	same_as_procps "$A"
	same_as_procps "$A" "$B" "$N"
	same_as_procps -o pid,stat,comm "$A"
	[ -x "$PTREE" ] || skip "tests/helpers/ptree is not built"
	start_tree "lead%(kid)"
	lead=$(ps --ppid "$ROOT" -o pid=)
	same_as_procps "-${lead// /}"
	same_as_procps "$A" "-${lead// /}"
	# a session of its own (setsid execs: a job is no group leader)
	start_tree "s1,s2" setsid
	same_as_procps "+$ROOT"
	[ "$(tool ps --no-headers -o sid "+$ROOT" | sort -u)" -eq "$ROOT" ]
	# the IDs end the options; one ID an argument
	assert_usage_error "'u'" -- tool ps "$A" u
	assert_usage_error "'$A,$B'" -- tool ps "$A,$B"
}

@test "ps: -q shows the processes in the order given, as procps; it takes no other list" {
	same_as_procps -q "$N,$A,$T,$A" -o pid,comm
	same_as_procps q "$T,$B"
	same_as_procps -q "$N,$A" -L -e
	run tool ps --no-headers -q "$N,$A" -o pid
	assert_success
	assert_equal "$(echo $output)" "$N $A"
	# procps refuses these combinations
	assert_usage_error "combined" -- tool ps -q "$A" -p "$N"
	assert_usage_error "combined" -- tool ps q "$A" -C sleep
	assert_usage_error "combined" -- tool ps --quick-pid "$A" "$N"
	assert_usage_error "once" -- tool ps -q "$A" -q "$N"
	assert_usage_error "sort" -- tool ps -q "$A" --sort=pid
	assert_usage_error "forest" -- tool ps -q "$A" --forest
	assert_usage_error "negation" -- tool ps -q "$A" -N
}

@test "ps: --sort orders by procps's keys: STAT by the state letter, then PID" {
	# a plain sleep after the niced one (S after SN), and two that used
	# CPU time before they slept
	# (a bash of their own burns the ticks: in the test's subshell bats's
	# DEBUG trap runs for every command, minutes on a loaded machine)
	sleep 1000 &
	E=$!
	local ticks
	for ticks in 20 60; do
		# shellcheck disable=SC2016
		bash -c 'while read -ra f </proc/$$/stat && ((f[13] + f[14] < $0)); do :; done; exec sleep 1000' "$ticks" &
		E="$E $!"
	done
	# shellcheck disable=SC2086
	wait_asleep $E
	all="$PIDS,${E// /,}"
	for key in stat -stat s state pid -pid -rss comm user start_time %cpu -%cpu time etime -etime pri ni,-pid; do
		# a value that moved between the two runs (under a fork storm in a
		# parallel suite) can reorder two rows once; a wrong order stays
		same_as_procps --sort="$key" -o pid,stat,ni,pri,time,comm -p "$all" >/dev/null ||
			same_as_procps --sort="$key" -o pid,stat,ni,pri,time,comm -p "$all"
	done
	# comm orders by the name even where -f shows the command line
	same_as_procps -f --sort=comm -p "$all"
	# BSD k (no %CPU shown: it moves between the two runs for processes
	# that used CPU time)
	same_as_procps k -etime p "$all" o pid,stat,time,comm
}

@test "ps: -L --sort=-lwp orders the threads (procps 4.0.2 drops them)" {
	[ -x "$PTREE" ] || skip "tests/helpers/ptree is not built"
	start_tree "t{3},u{2}"
	kids=$(ps --ppid "$ROOT" -o pid= | tr -d ' ' | paste -sd,)
	run tool ps -L --sort=-lwp --no-headers -o lwp -p "$kids"
	assert_success
	[ "${#lines[@]}" -eq 7 ]
	# every thread, by LWP from the highest
	assert_equal "$(echo $output)" "$(ps -L --no-headers -o lwp -p "$kids" | sort -rn | xargs)"
	# the state letter of each thread, then the TID
	diff <(tool ps -L --sort=s,-lwp --no-headers -o s,lwp -p "$kids") \
		<(ps -L --no-headers -o s,lwp -p "$kids" | sort -k1,1 -k2,2rn)
}

@test "ps: --sort orders the siblings of a forest (--forest, -H, f), as procps" {
	[ -x "$PTREE" ] || skip "tests/helpers/ptree is not built"
	# names in the reverse of their start order
	start_tree "ac,ab,aa"
	tree="$ROOT,$(descendants "$ROOT")"
	for key in comm -comm -pid pid -start_time,comm; do
		same_as_procps --forest --sort="$key" -o pid,comm -p "$tree"
		same_as_procps -H --sort="$key" -o pid,comm -p "$tree"
		same_as_procps f --sort="$key" -o pid,comm p "$tree"
	done
	same_as_procps -f --forest --sort=comm -p "$tree"
	# where the keys part siblings in procps's order (a's children come
	# between a and b), procps 4.0.2 loses b and its children: all here
	start_tree "b(bb,ba),a(ab,aa)"
	run tool ps --forest --sort=comm --no-headers -o comm -p "$ROOT,$(descendants "$ROOT")"
	assert_success
	assert_equal "$(echo $output)" 'ptree \_ a | \_ aa | \_ ab \_ b \_ ba \_ bb'
}

@test "ps: terminals as procps finds them: -t 0 is pts/0, T and t and -t alone ps's own" {
	command -v script >/dev/null || skip "script(1) missing"
	# on a terminal of its own: the shell and a sleep there, compared
	# (the other processes of the comparison come and go)
	cat >"$WORK/tty.sh" <<-'EOS'
		sleep 1000 &
		s=$!
		# (bounded: until the sleep runs sleep, not a copy of this shell)
		end=$((SECONDS + 300))
		until grep -qs nanosleep "/proc/$s/wchan" || [ "$SECONDS" -ge "$end" ]; do :; done
		n=$(tty)
		n=${n#/dev/pts/}
		for args in "-t $n" "-t pts/$n" "-t /dev/pts/$n" "--tty=$n" T t -t "t $n"; do
			# shellcheck disable=SC2086
			diff <(ps -o pid,tty,comm $args | grep -E "^ +(PID|$$|$s) ") \
				<("$1" -o pid,tty,comm $args | grep -E "^ +(PID|$$|$s) ") || echo "differs: $args"
		done
		"$1" -o pid= -t "$n" | grep -c -E "^ *($$|$s)$"
		kill "$s"
	EOS
	run script -qec "bash '$WORK/tty.sh' '$SQ_BUILDDIR/cmd/ps/ps'" /dev/null
	assert_success
	assert_output --regexp '^2.?$'
	# no terminal is those without one
	diff <(ps -t - -o pid,tty,comm | own_rows 1) <(tool ps -t - -o pid,tty,comm | own_rows 1)
	same_as_procps -t 1 -o pid,tty,comm
	# a terminal this system lacks: procps's exit status 1, nothing on stdout
	run --separate-stderr tool ps -t nosuchtty
	assert_failure 1
	assert_output ""
	assert_equal "$stderr" "ps: TTY could not be found: 'nosuchtty'"
	run --separate-stderr tool ps -t /etc/passwd
	assert_failure 1
	assert_equal "$stderr" "ps: list member was not a TTY: '/etc/passwd'"
}

@test "ps: System V modifiers combine as in procps; BSD layouts take -j, -y, -L, -m" {
	for fmt in -fj -lj -Fl -fF -jf -jl -lF -Fj -fjl -ljy -Fly -Fjly -jly -lH -FH -fL -FL -lL -ljL -FjL -flL \
		-Tf -TF -Tl -Tj -c -lc -fc -Fc -jc -lyc -Z -M -m -Lm -Tm -mf "-j u" "-j v" "-j s" "-j j" \
		"-y l" "-L u" v Z m H "-O pid -o comm" "-o pid -o stat,comm"; do
		# shellcheck disable=SC2086
		same_as_procps $fmt -p "$PIDS"
	done
}

# same_on_tty SIZE CMD: procps's CMD and ours the same on a terminal of
# SIZE (stty's words), as agree has it (PID 2's state moves)
same_on_tty() {
	agree "$(script -qec "stty $1; $2" /dev/null)" "$(script -qec "stty $1; $SQ_BUILDDIR/cmd/ps/$2" /dev/null)" \
		script -qec "stty $1; $2" /dev/null
}

@test "ps: line width as procps: --cols, COLUMNS, -w, a terminal, a pipe" {
	# PID 2 has wide signal masks, one of ours a long command line
	for cols in 10 23 47 50 79 90 200; do
		for fmt in -f -l u s "-o pid,args" "-o pid,pid,pid,pid,args" "-o args,pid" "-o pid,pending,comm"; do
			# shellcheck disable=SC2086
			same_as_procps --cols "$cols" $fmt -p "2,$PIDS"
			# shellcheck disable=SC2086
			COLUMNS=$cols same_as_procps $fmt -p "2,$PIDS"
		done
		same_as_procps --cols "$cols" -fw -p "2,$PIDS"
	done
	# a pipe without COLUMNS: unlimited; -ww: unlimited
	same_as_procps -f -p "2,$PIDS"
	same_as_procps -fww --cols 40 -p "2,$PIDS"
	# terminals of 50 and 120 columns, one without a row count (that size
	# does not count: 80), and COLUMNS over them
	command -v script >/dev/null || skip "script(1) missing"
	unset COLUMNS
	for size in "rows 24 cols 50" "rows 40 cols 120" "cols 50"; do
		for cmd in "ps -f -p 2,$PIDS" "ps s -p 2,$PIDS" "ps u -p 2,$PIDS"; do
			same_on_tty "$size" "$cmd"
			COLUMNS=100 same_on_tty "$size" "$cmd"
		done
	done
}

@test "ps: double-width and combining characters take the cells procps gives them (UTF-8 locale)" {
	[ -x "$PTREE" ] || skip "tests/helpers/ptree is not built"
	[ "$(LC_ALL=C.UTF-8 locale charmap 2>/dev/null)" = UTF-8 ] || skip "no C.UTF-8 locale"
	# CJK and full-width (2 cells), an emoji (2), e + U+0301 and U+200D (0)
	start_tree '漢字プロセ<漢字のプロセス名>[引数e\xcc\x81一;ｆｕｌｌ;a😀b],e\xcc\x81中中中[中e\xcc\x81文;zero\xe2\x80\x8dwidth]'
	KIDS=$(descendants "$ROOT")
	[ "$(tr ',' '\n' <<<"$KIDS" | wc -l)" -eq 2 ]
	export LC_ALL=C.UTF-8
	for cols in $(seq 20 3 50) 80; do
		for fmt in "-o pid,comm,args" "-o args,comm,pid" -f u "-o pid,comm:7,args:9,pid" "-o comm:6,args"; do
			# shellcheck disable=SC2086
			diff -u <(COLUMNS=$cols ps $fmt -p "$KIDS" | mask_cpu) <(COLUMNS=$cols tool ps $fmt -p "$KIDS" | mask_cpu)
		done
	done
	# a pipe: the line is unlimited, the columns before the last are cut
	same_as_procps -o args,comm,pid -p "$KIDS"
	same_as_procps -f -p "$KIDS"
}

@test "ps: --headers repeats the header every page (--lines, LINES, 24)" {
	for n in 1 2 3 5; do
		same_as_procps --headers --lines "$n" -p "2,$PIDS"
	done
	LINES=3 same_as_procps --headers -p "2,$PIDS"
	run tool ps --headers --lines 3 -p "2,$PIDS"
	[ "$(grep -c '^ *PID' <<<"$output")" -eq 3 ]
	assert_usage_error "'0'" -- tool ps --headers --lines 0
}

@test "ps: -C matches the whole name, a comm of 15 bytes by those; comm is the kernel's name" {
	cp /bin/sleep "$WORK/sqtest-a-rather-long-name"
	"$WORK/sqtest-a-rather-long-name" 1000 &
	E=$!
	wait_asleep "$E"
	for name in sqtest-a-rather-long-name sqtest-a-rathe sqtest-a-rather sqtest-a-ratherXYZ; do
		same_as_procps -C "$name" -o pid,comm,args
	done
	run tool ps -o comm= -p "$E"
	assert_output "sqtest-a-rather"
	# kernel threads' names run past 15 bytes (Linux 6.x): all of it
	long=$(ps -e -o comm= | grep -v -e / -e '^kworker' | awk 'length($0) > 16' | head -1)
	if [ -n "$long" ]; then
		for name in "$long" "${long:0:15}" "${long:0:16}" "${long}x"; do
			same_as_procps -C "$name" -o pid,comm
		done
	fi
	# JSON: psutil's name is the longer argv[0] basename, comm the kernel's
	run tool ps --json -o comm -p "$E"
	jq -e '.processes[0].name == "sqtest-a-rather-long-name"' <<<"$output"
	# and in a captured tree: 45 is kworker/0:1-events, 47 averyveryverylo
	use_fixture proc-basic
	run tool ps --no-headers -o pid -C kworker/0:1-events,averyveryverylongname
	assert_equal "$(echo $output)" "45 47"
	run tool ps --no-headers -o pid -C kworker/0:1-eve,averyveryveryl
	assert_failure 1
}

@test "ps: user and group names, and -u/-G names, come from the rootfs's passwd and group files" {
	use_fixture proc-basic
	# wonderland (gid 1000) and big (4242) exist only in the fixture; 42
	# is alice's; the broken lines are skipped
	run tool ps -o pid=,user=,group=,rgroup:10=,sgroup:10=,fgroup:10= -p 1,42,43
	assert_output "$(printf '%s\n' \
		'    1 root     root     root       root       root' \
		'   42 alice    wonderl+ wonderland wonderland wonderland' \
		'   43 4242     big      big        big        big')"
	run tool ps --json -o egroup,euser -p 42
	jq -e '.processes[0] | .egroup == "wonderland" and .euser == "alice"' <<<"$output"
	run tool ps --no-headers -o pid -G wonderland
	assert_output "   42"
	run tool ps --no-headers -o pid -g big
	assert_output "   43"
	run tool ps --no-headers -o pid -u alice
	assert_output "   42"
	assert_usage_error "'bin'" -- tool ps -G bin
}

@test "ps: L lists keywords with their JSON keys; --help; write errors" {
	run tool ps L
	assert_success
	assert_line --regexp '^pid +PID +pid '
	assert_line --regexp '^rss +RSS +rss '
	run tool ps --help
	assert_success
	run --separate-stderr sh -c "'$SQ_BUILDDIR/cmd/ps/ps' -e > /dev/full"
	assert_failure 1
	assert_equal "$stderr" "ps: write error: No space left on device"
}

@test "ps: as nobody, other users' processes are listed without noise" {
	[ "$(id -u)" -eq 0 ] || skip "needs root"
	d=$(mktemp -d)
	cp "$SQ_BUILDDIR/cmd/ps/ps" "$d/"
	chmod -R a+rX "$d"
	run --separate-stderr as_nobody "$d/ps" -eo pid,user,rss,comm
	assert_success
	[ -z "$stderr" ]
	assert_line --regexp '^ +1 root '
	run --separate-stderr as_nobody "$d/ps" --json -o pid,uss -p 1
	echo "$output" | jq -e '.processes[0].uss == null'
	rm -rf "$d"
}

# ---- every keyword, long names, JSON keys ---------------------------------

# A long-named system user (and group) to run a process as: systemd's
# when the machine has them, else made here (and removed in long_user_done).
long_user() {
	if getent passwd systemd-timesync >/dev/null && getent group systemd-journal >/dev/null; then
		LUSER=systemd-timesync LGROUP=systemd-journal
	else
		LUSER=sqtest-long-username LGROUP=sqtest-long-username MADE_USER=1
		getent passwd "$LUSER" >/dev/null || useradd --system --user-group --no-create-home "$LUSER"
	fi
}
# (the trees first: userdel refuses a user whose processes run)
long_user_done() {
	[ -z "${MADE_USER:-}" ] || { stop_trees; userdel "$LUSER"; }
}

# the keywords both ps know
common_keywords() {
	comm -12 <(ps L | awk '{ print $1 }' | sort) <(tool ps L | awk '{ print $1 }' | sort)
}

# ours and procps's -o KEY for every common keyword but the exceptions
# (a space-separated list), through RUNNER... (as_nobody), with the
# options in PSOPTS (-L)
all_keywords_as_procps() {
	local pids=$1 except=" $2 " k bad=""
	shift 2
	for k in $(common_keywords); do
		[[ $except == *" $k "* ]] && continue
		# (as agree has it: kthreadd's CPU, state and wchan move when it
		# starts a worker)
		# shellcheck disable=SC2086
		agree "$("$@" ps ${PSOPTS:-} -o "$k" -p "$pids")" "$("$@" "$PS" ${PSOPTS:-} -o "$k" -p "$pids")" \
			"$@" ps ${PSOPTS:-} -o "$k" -p "$pids" >&2 || bad="$bad $k"
	done
	[ -z "$bad" ] || { echo "differ:$bad" >&2; false; }
}

@test "ps: PS_FORMAT gives the columns when the line chooses none, as procps; one that does not parse is ignored with a warning" {
	local f
	for f in "" -L -T "--sort=-pid" "--forest"; do
		# shellcheck disable=SC2086
		diff -u <(PS_FORMAT="pid,comm=NAME,ni" ps $f -p "$PIDS") <(PS_FORMAT="pid,comm=NAME,ni" tool ps $f -p "$PIDS")
	done
	# anything that chooses columns wins
	for f in -f -l u -j -c -P "-o pid,stat"; do
		# shellcheck disable=SC2086
		diff -u <(PS_FORMAT="pid,comm" ps $f -p "$PIDS" | mask_cpu) <(PS_FORMAT="pid,comm" tool ps $f -p "$PIDS" | mask_cpu)
	done
	run --separate-stderr env PS_FORMAT="pid,bogus" "$SQ_BUILDDIR/cmd/ps/ps" -p "$A"
	assert_success
	assert_equal "$stderr" 'ps: warning: $PS_FORMAT ignored (unknown user-defined format specifier "bogus")'
	assert_output "$(tool ps -p "$A")"
	run env PS_FORMAT="pid,ni" "$SQ_BUILDDIR/cmd/ps/ps" --json -p "$N"
	jq -e '.processes[0] == {"pid": '"$N"', "nice": 7}' <<<"$output"
}

@test "ps: procps's format macros (DefBSD, FB_u, SCHED, ...) and its never-filled keywords as there" {
	local m nop
	# the keywords procps takes but does not list in ps L: '-' under its
	# header and width, threads (-m rows) too
	nop=$(tool ps L | awk '/always -, as in procps-ng/ { printf "%s%s", (n++ ? "," : ""), $1 }')
	[ "$(tr -cd , <<<"$nop" | wc -c)" -ge 70 ]
	same_as_procps -o "pid,$nop,comm" -p "$PIDS"
	same_as_procps -m -o "pid,$nop" -p "$A"
	run tool ps --json -o "pid,$nop" -p "$A"
	jq -e '.processes[0] | keys == ["pid"]' <<<"$output"
	for m in DefBSD DefSysV DFMT FB_j FD_fj HP_fl J390 OL_m RUSAGE SCHED SFMT Std_fl THREAD UFMT VFMT "pid,SCHED=,comm" "DefBSD=X"; do
		same_as_procps -o "$m" -p "$PIDS"
	done
	same_as_procps -O DefSysV -p "$A"
	# the macro's columns, each by its own key
	run tool ps --json -o DefBSD -p "$A"
	jq -e '.processes[0] | keys == ["cmdline", "cpu_time", "pid", "stat", "terminal"]' <<<"$output"
	assert_usage_error "'DefBSD'" -- tool ps -o DefBSD:20
}

@test "ps: every keyword procps knows prints as procps prints it" {
	[ "$(id -u)" -eq 0 ] || skip "needs root to switch users"
	[ -x "$PTREE" ] || skip "tests/helpers/ptree is not built"
	long_user
	chmod a+x "$WORK" # the FIFO, for the helper as another user
	start_tree "alpha[--flag;two words]{2}(beta,gamma{3=worker}),zed!,sw@65534(swkid),eu@0:65534,nd^"
	TREE=$(descendants "$ROOT")
	start_tree "long" setpriv --reuid="$LUSER" --regid="$LGROUP" --clear-groups
	kill -USR1 "$T" # a stopped process keeps it pending
	PS=$SQ_BUILDDIR/cmd/ps/ps
	# the user's processes, a kernel thread (2), threads, a zombie, a
	# stopped one, other users, a process that is not dumpable;
	# moving between two runs: etime(s) (a second may pass), pss (ps's
	# own libraries change every process's share), uss (a page of a
	# library the helpers share with only one of the two ps, libasan in
	# the sanitizer build, is private while the other runs), and CPU time
	# over elapsed time for the helpers that used some (their %CPU columns
	# are checked on idle processes in "-o keywords identical to procps")
	local moving="etime etimes pss uss %cpu pcpu c cp cuc cuu"
	all_keywords_as_procps "2,$PIDS,$ROOT,$TREE,${ROOTS[1]}" "$moving"
	# a row per thread
	PSOPTS=-L all_keywords_as_procps "$ROOT,$TREE" "$moving"
	# uss and pss within a few pages of procps's, process by process, for
	# the sleeps; the helpers, built with the sanitizers in that build,
	# share libasan's pages with whatever sanitized tool runs beside them
	# (other suites' too), within 4 MiB
	local k p1 p2 tol
	for k in uss pss; do
		for tol in "64 $PIDS" "4096 $ROOT,$TREE"; do
			paste <(ps -o "$k=" -p "${tol#* }") <(tool ps -o "$k=" -p "${tol#* }") |
				while read -r p1 p2; do
					[ $((p1 > p2 ? p1 - p2 : p2 - p1)) -le "${tol%% *}" ] || { echo "$k: $p1 $p2"; exit 1; }
				done
		done
	done
	# as nobody: what the kernel hides.  sysq shows '-' where it was
	# denied (procps 0): the io counters, pss and uss
	local d
	d=$(mktemp -d)
	cp "$PS" "$d/"
	chmod -R a+rX "$d"
	PS=$d/ps
	all_keywords_as_procps "2,$PIDS,$ROOT,$TREE,${ROOTS[1]}" \
		"$moving uss rbytes wbytes rchars wchars rops wops wcbytes" as_nobody
	rm -rf "$d"
	long_user_done
}

@test "ps: long user and group names are cut with '+' as procps 4 does; JSON has them whole" {
	[ "$(id -u)" -eq 0 ] || skip "needs root to switch users"
	[ -x "$PTREE" ] || skip "tests/helpers/ptree is not built"
	long_user
	chmod a+x "$WORK"
	start_tree "long" setpriv --reuid="$LUSER" --regid="$LGROUP" --clear-groups
	L=$(ps --ppid "$ROOT" -o pid=)
	L=${L// /}
	local names=user,ruser,euser,suser,fuser,fsuser,svuser,uid_hack,uname,group,egroup,rgroup,sgroup,fgroup,fsgroup,svgroup
	for fmt in -f -F -l u "-o pid,user" "-o user:3,pid" "-o $names,pid" "-o pid,$names" "-o user=ABCDEFGHIJKL,group:4,pid"; do
		# shellcheck disable=SC2086
		same_as_procps $fmt -p "$L"
	done
	run tool ps -o user=,group=,pid= -p "$L"
	assert_output --regexp "^${LUSER:0:7}\+ ${LGROUP:0:7}\+ +$L$"
	# the last column has room for it all
	run tool ps -o pid=,group= -p "$L"
	assert_output --regexp " $LGROUP$"
	run tool ps -o user:3=,pid= -p "$L"
	assert_output --regexp "^${LUSER:0:2}\+ +$L$"
	run tool ps --json -o "$names" -p "$L"
	jq -e --arg u "$LUSER" --arg g "$LGROUP" '.processes[0] |
		.euser == $u and .username == $u and .suser == $u and .fsuser == $u and
		.egroup == $g and .rgroup == $g and .sgroup == $g and .fsgroup == $g' <<<"$output"
	long_user_done
}

# Every keyword's JSON for process $A, 50 keywords a run (a format holds
# 64), merged into one document in $doc; no run has a key twice.  PSL
# holds ps L's output.
every_key() {
	local keys all=""
	for keys in $(awk '$3 != "-" { printf "%s%s", (n % 50 ? "," : " "), $1; n++ }' <<<"$PSL"); do
		run tool ps --json -o "$keys" -p "$A"
		assert_success
		jq -e '.processes[0] | length' <<<"$output" >/dev/null
		[ -z "$(grep -o '"[a-z_0-9]*":' <<<"$output" | sort | uniq -d)" ]
		all="$all$output"
	done
	doc=$(jq -sc '{ processes: [map(.processes[0]) | add] }' <<<"$all")
}

@test "ps: JSON: one key per value, typed, the same as ps L and the default document" {
	local moving='^(elapsed|cpu_percent|cpu_utilization|cp|cuc|pss|uss)$' before after
	# every keyword: every key of ps L there
	PSL=$(tool ps L)
	every_key
	before=$doc
	diff <(jq -r '.processes[0] | keys[]' <<<"$before" | sort) <(awk '$3 != "-" { print $3 }' <<<"$PSL" | sort -u)
	# keywords that share a key print the same value: each keyword alone,
	# then the whole set again; a value must be the one before or after
	# (what the kernel changed between them may change once)
	awk -v m="$moving" '$3 != "-" && $3 !~ m { print $3, $1 }' <<<"$PSL" | sort |
	while read -r key kw; do
		printf '{"kw":"%s","key":"%s","doc":' "$kw" "$key"
		tool ps --json -o "$kw" -p "$A" | tr -d '\n'
		printf '}\n'
	done >"$WORK/each"
	run tool ps --json -p "$A"
	default=$output
	every_key
	after=$doc
	jq -sr --argjson a "$before" --argjson b "$after" '.[] | .key as $k | .doc.processes[0][$k] as $v |
		select($v != $a.processes[0][$k] and $v != $b.processes[0][$k]) |
		"\(.kw) (\($k)): \($v | tojson), around it \($a.processes[0][$k] | tojson) and \($b.processes[0][$k] | tojson)"' \
		"$WORK/each" >"$WORK/differ"
	[ ! -s "$WORK/differ" ] || { cat "$WORK/differ"; false; }
	# what moves between two runs (times since the start and what divides by
	# them, pss and uss): each keyword between two runs of the first keyword
	# of its key around it, pss and uss within 64 KiB
	awk -v m="$moving" '$3 ~ m { print $3, $1, ($3 in first ? first[$3] : first[$3] = $1) }' <<<"$PSL" |
	while read -r key kw ref; do
		local r1 v r2
		r1=$(tool ps --json -o "$ref" -p "$A")
		v=$(tool ps --json -o "$kw" -p "$A")
		r2=$(tool ps --json -o "$ref" -p "$A")
		jq -n -e --arg k "$key" --argjson r1 "$r1" --argjson v "$v" --argjson r2 "$r2" '
			{elapsed: 0.01, cpu_percent: 0.01, cpu_utilization: 0.01, cp: 1, cuc: 0.01, pss: 65536, uss: 65536} as $tol |
			[$r1, $r2 | .processes[0][$k]] as $ends | $v.processes[0][$k] as $x |
			($x | type) == "number" and $x >= ($ends | min) - $tol[$k] and $x <= ($ends | max) + $tol[$k]' >/dev/null ||
			{ echo "$kw ($key): $v, around it $r1 and $r2"; false; }
	done
	# the default document has the values under the same keys
	for kw in pid ppid comm args s ni priority psr vsz rss size f maj_flt min_flt pending tsig blocked uid ruser rgid tty; do
		key=$(awk -v k="$kw" '$1 == k { print $3 }' <<<"$PSL")
		jq -e --arg k "$key" --argjson a "$before" --argjson b "$after" \
			'.processes[0][$k] | . == $a.processes[0][$k] or . == $b.processes[0][$k]' <<<"$default" >/dev/null ||
			{ echo "$kw ($key) in the default document: $(jq -c ".processes[0].$key" <<<"$default")"; false; }
	done
	# numbers are numbers; the text is the same value (a niced sleep).
	# The autogroup needs a session begun after boot (a setsid): a process
	# in the root group (kernel threads, and what descends from an init
	# that never began a session, as a CI runner may) has an empty
	# autogroup file
	setsid nice -n 7 sleep 1000 &
	G=$!
	wait_asleep "$G"
	run tool ps --json -o pri,opri,priority,intpri,pri_api,pri_bar,pri_baz,pri_foo,oom,oomadj,ag_id,ag_nice,sched,cp,numa -p "$G"
	jq -e '.processes[0] | [.pri, .opri, .priority, .pri_api, .pri_bar, .pri_baz, .pri_foo, .oom_score, .oom_score_adj,
		.ag_id, .ag_nice, .policy, .cp, .numa] | all(type == "number")' <<<"$output"
	local ag
	ag=$(</proc/"$G"/autogroup)
	jq -e --arg ag "$ag" '.processes[0] | "/autogroup-\(.ag_id) nice \(.ag_nice)" == $ag' <<<"$output"
	# (oom_score follows the memory the kernel counts: the text is the
	# JSON before or after it)
	before=$output
	read -r pri opri priority api bar baz foo oom adj agid agni < <(tool ps -o pri=,opri=,priority=,pri_api=,pri_bar=,pri_baz=,pri_foo=,oom=,oomadj=,ag_id=,ag_nice= -p "$G")
	after=$(tool ps --json -o oom -p "$G")
	jq -n -e --argjson v "[$pri,$opri,$priority,$api,$bar,$baz,$foo,$oom,$adj,$agid,$agni]" --argjson b "$before" --argjson e "$after" '
		($b.processes[0] | [.pri, .opri, .priority, .pri_api, .pri_bar, .pri_baz, .pri_foo, .oom_score, .oom_score_adj, .ag_id,
			.ag_nice]) as $w | $v == $w or $v == ($w[:7] + [$e.processes[0].oom_score] + $w[8:])'
	# no autogroup (kthreadd is in the root group): null in JSON, procps's
	# -1 and 0 in the text
	[ -z "$(</proc/2/autogroup)" ]
	run tool ps --json -o ag_id,ag_nice -p 2
	jq -e '.processes[0] == {ag_id: null, ag_nice: null}' <<<"$output"
	run tool ps -o ag_id=,ag_nice= -p 2
	assert_output "   -1    0"
	# io counters as psutil names them, equal to the text: a process that
	# read, wrote and truncated what it wrote, then sleeps (the test's shell
	# would move under the two runs)
	(read -r _ </etc/passwd; echo written >"$WORK/io"; : >"$WORK/io"; exec sleep 1000) &
	E=$!
	wait_asleep "$E"
	read -r rc wc ro wo rb wb wcb < <(tool ps -o rchars=,wchars=,rops=,wops=,rbytes=,wbytes=,wcbytes= -p "$E")
	[ "$rc" -gt 0 ] && [ "$wc" -gt 0 ] && [ "$ro" -gt 0 ] && [ "$wo" -gt 0 ]
	run tool ps --json -o rchars,wchars,rops,wops,rbytes,wbytes,wcbytes -p "$E"
	jq -e --argjson v "[$rc,$wc,$ro,$wo,$rb,$wb,$wcb]" '.processes[0] | [.read_chars, .write_chars, .read_count,
		.write_count, .read_bytes, .write_bytes, .cancelled_write_bytes] == $v' <<<"$output"
	grep -q "^rchar: $rc\$" "/proc/$E/io" && grep -q "^cancelled_write_bytes: $wcb\$" "/proc/$E/io"
	# namespaces: the inode of the link
	ino=$(readlink /proc/$A/ns/net | tr -dc 0-9)
	run tool ps --json -o netns -p "$A"
	jq -e --argjson i "$ino" '.processes[0].netns == $i' <<<"$output"
	run tool ps -o netns= -p "$A"
	assert_output "$ino"
	# a supplementary group list
	run tool ps --json -o supgid,supgrp -p 1
	jq -e '.processes[0] | (.supgid | type) == "array" and (.supgrp | type) == "array"' <<<"$output"
}

@test "ps: what the kernel hides is null in JSON: wchan of a zombie, addresses and wchan as nobody" {
	[ "$(id -u)" -eq 0 ] || skip "needs root"
	[ -x "$PTREE" ] || skip "tests/helpers/ptree is not built"
	start_tree "zed!,nd^"
	Z=$(ps --ppid "$ROOT" -o pid=,stat= | awk '$2 == "Z" { print $1 }')
	run tool ps --json -o wchan,cgroup -p "$Z"
	jq -e '.processes[0].wchan == null' <<<"$output"
	run tool ps -o wchan=,cgroup= -p "$Z"
	assert_output --regexp '^- +-$'
	run tool procinfo --json "$Z"
	jq -e '.proc.wchan == null' <<<"$output"
	local d
	d=$(mktemp -d)
	cp "$SQ_BUILDDIR/cmd/ps/ps" "$d/"
	chmod -R a+rX "$d"
	# another user's sleeper: its wchan, text and stack are hidden
	run as_nobody "$d/ps" --json -o wchan,trs,drs,stackp,eip,vsz -p "$A"
	jq -e '.processes[0] | .wchan == null and .trs == null and .drs == null and .start_stack == null and .eip == null and .vms > 0' <<<"$output"
	# the text as procps's: TRS 0, DRS the virtual size
	diff <(as_nobody ps -o wchan,trs,drs,tsiz,dsiz,stackp,vsz -p "$A") <(as_nobody "$d/ps" -o wchan,trs,drs,tsiz,dsiz,stackp,vsz -p "$A")
	rm -rf "$d"
}

@test "ps: cgroup, cgname, fname, wchan and the -m process row as procps" {
	[ -x "$PTREE" ] || skip "tests/helpers/ptree is not built"
	start_tree "a_process_name{2}"
	K=$(ps --ppid "$ROOT" -o pid=)
	K=${K// /}
	for fmt in "-o pid,cgroup,cgname,fname,wchan:30" "-o pid,fname,comm" "-m -o pid,lwp,pending,blocked,ignored,caught,sig,stat,comm" \
		"-L -o pid,lwp,pending,tsig,sig,wchan:25"; do
		# shellcheck disable=SC2086
		same_as_procps $fmt -p "$K"
	done
	run tool ps -o fname= -p "$K"
	assert_output "a_proces"
	# procps's row of the process: '-' for the thread-only masks
	run tool ps -m -o blocked=,ignored=,caught=,pending= -p "$K"
	assert_line --index 0 --regexp '^ +- +- +- +[0-9a-f]{16}$'
	# a pending signal of the process (stopped: it stays pending)
	kill -USR1 "$T"
	run tool ps --json -o pending,tsig -p "$T"
	jq -e '.processes[0] | .sig_pending == 512 and .sig_pending_thread == 0' <<<"$output"
	same_as_procps -o pid,pending,tsig,sig,sig_pend -p "$T"
}

@test "ps: V, -V and --version print the version alone on the line, as procps; --info is a usage error" {
	local v
	for v in V -V --version; do
		# procps prints its own name here, and exits 0 too
		ps "$v" >/dev/null
		run --separate-stderr tool ps "$v"
		assert_success
		assert_output --regexp '^ps \(sysq\) [0-9]'
		[ -z "$stderr" ]
	done
	# with anything else on the line procps refuses them (its usage, exit 1)
	! ps V x 2>/dev/null
	assert_usage_error "exclusive: 'V'" -- tool ps V x
	assert_usage_error "exclusive: 'V'" -- tool ps x V
	assert_usage_error "exclusive: 'V'" -- tool ps Vx
	# the UNIX reading's error, as procps reports it
	assert_usage_error "exclusive: '-V'" -- tool ps -eV
	assert_usage_error "exclusive: '--version'" -- tool ps --version -e
	# procps's dump of its own internals: nothing of it here
	assert_usage_error "'--info'" -- tool ps --info
}

@test "ps: S and --cumulative add the waited-for children's CPU time and page faults where procps does" {
	local tck
	tck=$(getconf CLK_TCK)
	# a sleeper whose shell first reaped a child that used 1.1 s of CPU,
	# then ls (the children's sums stay over the exec)
	bash -c "( while :; do read -ra f </proc/\$BASHPID/stat; (( f[13] + f[14] >= $tck * 11 / 10 )) && break; done )
		ls / >/dev/null; exec -a sqtest-cumul sleep 1000" &
	E=$!
	wait_asleep "$E"
	# BSD TIME (bsdtime) and the faults take them; the System V TIME
	# (time), times and cuu do not (%CPU moves between two runs here)
	for fmt in S "S v" "S l" "S j" "S s" "S X" "--cumulative -o pid,bsdtime,time,cputime,times,minflt,majflt,min_flt,maj_flt,pagein,cuu"; do
		# shellcheck disable=SC2086
		same_as_procps $fmt -p "$E"
	done
	run tool ps -o bsdtime= -p "$E"
	assert_output "  0:00"
	run tool ps S -o bsdtime= -p "$E"
	assert_output "  0:01"
	# C: with S the children's 1.1 s over the elapsed time; without, the
	# shell's own few milliseconds
	[ "$(tool ps S -o c= -p "$E")" -gt 0 ]
	[ "$(tool ps -o c= -p "$E")" -lt "$(tool ps S -o c= -p "$E")" ]
	# JSON: the sums under keys of their own; time keeps the process's
	run tool ps --json --cumulative -o bsdtime,time,minflt,majflt,pcpu,c,cp -p "$E"
	jq -e '.processes[0] | .cpu_time_with_children >= 1.1 and .cpu_time < 0.1 and .minor_faults_with_children > 0 and
		.major_faults_with_children >= 0 and .cpu_percent_with_children > 0 and .cpu_utilization_with_children > 0 and
		.cp_with_children > 0 and (has("minor_faults") | not)' <<<"$output"
	# a sum of whole clock ticks, not of rounded seconds
	jq -e --argjson t "$tck" '.processes[0].cpu_time_with_children | (. * $t | round) / $t == .' <<<"$output"
	min=$(tool ps -o minflt= -p "$E")
	[ "$(tool ps S -o minflt= -p "$E")" -gt "$min" ]
	run tool ps --json -o minflt -p "$E"
	jq -e --argjson m "$min" '.processes[0].minor_faults == $m' <<<"$output"
}

@test "ps: X is the old i386 register layout, as procps" {
	[ -x "$PTREE" ] || skip "tests/helpers/ptree is not built"
	start_tree "regs{2}"
	K=$(ps --ppid "$ROOT" -o pid=)
	K=${K// /}
	# a process with threads, a stopped one, sleepers, a kernel thread;
	# after a dash too (-X is no UNIX option), with -j, -Z, -L
	for fmt in X -X "X -j" "X -Z" "X -L" "X -T" "-o pid,timeout,tmout,alarm"; do
		# shellcheck disable=SC2086
		same_as_procps $fmt -p "2,$PIDS,$ROOT,$K"
	done
	# and e (the helper's environment is plain)
	same_as_procps Xe -p "$K"
	run tool ps X -p "$A"
	assert_line --index 0 --regexp '^ +PID +STACKP +ESP +EIP TMOUT ALARM STAT TTY +TIME COMMAND$'
	# one layout at a time, as procps
	assert_usage_error "'X' and 'u'" -- tool ps Xu
	assert_usage_error "conflicting" -- tool ps X -o pid
}

@test "ps: m in a line read as BSD after a dash (-axm, -xm) is the old Linux memory layout, as procps" {
	# procps's second reading takes its "old" personality's m: not
	# threads, but PID TTY MAJFLT MINFLT TRS DRS SIZE SWAP RSS SHRD LIB DT
	for f in -axm -xm -mx -xmS -xmT -xmH -xmh; do
		# shellcheck disable=SC2086
		diff -u <(ps $f | own_rows 1) <(tool ps $f | own_rows 1)
	done
	diff -u <(ps -axmZ | own_rows 2) <(tool ps -axmZ | own_rows 2)
	run tool ps -xm
	assert_line --index 0 --regexp '^ +PID TTY +MAJFLT MINFLT +TRS +DRS +SIZE +SWAP +RSS +SHRD +LIB +DT COMMAND$'
	# its keywords; SWAP and SHRD are - in text, as procps has them, and
	# values in JSON; LIB and DT have none
	same_as_procps -o pid,majflt,minflt,m_trs,m_drs,m_size,m_swap,rss,m_share,vm_lib,m_dt -p "$PIDS"
	run tool ps --json -o m_swap,m_share,vm_lib,m_dt,swap -p "$A"
	shared=$(($(cut -d' ' -f3 /proc/$A/statm) * $(getconf PAGESIZE)))
	swap=$(awk '$1 == "VmSwap:" { print $2 * 1024 }' /proc/$A/status)
	jq -e --argjson s "$shared" --argjson w "$swap" '.processes[0] | .shared == $s and .swap == $w and keys == ["shared", "swap"]' <<<"$output"
	# without a dash m is still threads; a layout besides it conflicts,
	# and the first reading's error is told
	same_as_procps m -p "$A"
	assert_usage_error "'-x'" -- tool ps -xm u
}

@test "ps: --context is the security context layout (PID CONTEXT COMMAND), as procps" {
	[ -x "$PTREE" ] || skip "tests/helpers/ptree is not built"
	start_tree "ctx{2},zz!"
	TREE=$(descendants "$ROOT")
	# threads, a zombie, a stopped process, a kernel thread; with the
	# modifiers that combine with it (-f conflicts, so procps reads the
	# line again: the forest of BSD f)
	for fmt in --context "--context -j" "--context -Z" "--context -L" "--context -T" "--context --forest" "--context -H" \
		"--context -f"; do
		# shellcheck disable=SC2086
		same_as_procps $fmt -p "2,$PIDS,$ROOT,$TREE"
	done
	run tool ps --context -p "$A"
	assert_line --index 0 --regexp '^ +PID CONTEXT +COMMAND$'
	# with no security module the context is "-" (procps reads the same
	# attr/current)
	if [ ! -s /proc/$A/attr/current ]; then
		assert_line --index 1 --regexp "^ *$A - +sqtest-alpha 1000$"
	fi
	# one layout at a time, as procps
	assert_usage_error "'--context' and 'u'" -- tool ps --context u
	assert_usage_error "'--context' and a System V layout" -- tool ps --context -l
	assert_usage_error "conflicting" -- tool ps --context -o pid
	assert_usage_error "'--context'" -- tool ps --context=x
}

# spawn_argv ARGV0 [ARG...]: tests/helpers/spawn with exactly that command
# line (any byte but NUL), in SP once it is ready; a plain environment
# (procps shows control bytes there its own way).
spawn_argv() {
	local fifo="$WORK/spawn.${#HPIDS[@]}" fd
	mkfifo "$fifo"
	env -i SQTEST=1 EMPTY= "$SQ_BUILDDIR/tests/helpers/spawn" "$fifo" -- "$@" </dev/null >/dev/null 2>"$WORK/spawn.err" 3>&- &
	HPIDS+=("$!")
	exec {fd}<>"$fifo"
	read -r -t 120 -u "$fd" SP _ || { cat "$WORK/spawn.err" >&2; false; }
	exec {fd}<&-
	ROOTS+=("$SP")
}

@test "ps: empty arguments as procps (trailing ones dropped, only empty ones '?')" {
	[ -x "$SQ_BUILDDIR/tests/helpers/spawn" ] || skip "tests/helpers/spawn is not built"
	spawn_argv ./prog ""
	local pids=$SP
	spawn_argv ./prog "" "" x ""
	pids+=,$SP
	spawn_argv "" ""
	pids+=,$SP
	for fmt in "-o args" "-o args=" "-o cmd" -f u "e -o pid,args" "--forest -o pid,args"; do
		# shellcheck disable=SC2086
		same_as_procps $fmt -p "$pids"
	done
	run tool ps -o args= -p "$pids"
	assert_output "$(printf './prog\n./prog   x\n?')"
	# JSON keeps every argument
	run tool ps --json -o args -p "$SP"
	jq -e '.processes[0].cmdline == ["", ""]' <<<"$output"
}

@test "ps: a long command line fills procps's 128 KiB line, whatever the other columns; wide columns pad as procps's" {
	[ -x "$SQ_BUILDDIR/tests/helpers/spawn" ] || skip "tests/helpers/spawn is not built"
	local big fmt ww
	printf -v big '%100000s' ''
	spawn_argv "${big// /x}" "${big// /y}" "${big// /z}"
	for fmt in "-o args" "-o pid,args" "-o args,pid" "-o comm,args" u -f "-o pid:4000,args" \
		"-o pid:1000,comm:1000,args" "-o pid:200,pid:300,pid:150,comm" "-o args:4096,pid"; do
		for ww in -ww "" "--cols 70000" "--cols 300"; do
			# shellcheck disable=SC2086
			cmp <(ps $ww $fmt -p "$SP" | mask_cpu) <(tool ps $ww $fmt -p "$SP" | mask_cpu) || { echo "$ww $fmt"; false; }
		done
	done
	[ "$(tool ps -o pid,args -p "$SP" | tail -n 1 | wc -c)" -eq 131073 ]
	assert_usage_error "'05'" -- tool ps -o pid:05
	assert_usage_error "'200000'" -- tool ps -o pid:200000
}

@test "ps: argv[0] = \"\" alone (cmdline one NUL) is '?' as procps, cmdline [\"\"] in JSON" {
	[ -x "$SQ_BUILDDIR/tests/helpers/spawn" ] || skip "tests/helpers/spawn is not built"
	spawn_argv ""
	[ "$(od -An -c "/proc/$SP/cmdline" | tr -d ' ')" = '\0' ]
	run tool ps --json -o args -p "$SP"
	if jq -e '.processes[0].cmdline == []' <<<"$output" >/dev/null; then
		skip "libsysq reads a one-NUL cmdline as no argument (its fix is pending)"
	fi
	jq -e '.processes[0].cmdline == [""]' <<<"$output"
	for fmt in "-o args" "-o cmd" -f u "e -o pid,args"; do
		# shellcheck disable=SC2086
		same_as_procps $fmt -p "$SP"
	done
}

@test "ps: JSON terminal is the device's path (as psutil and procinfo), the text its name" {
	use_fixture proc-basic
	run tool ps --json -p 42
	jq -e '.processes[0].terminal == "/dev/pts/0"' <<<"$output"
	run tool ps --json --pretty -p 42
	jq -e '.processes[0].terminal == "/dev/pts/0"' <<<"$output"
	run tool ps --json -o tty,tname,tt -p 42
	jq -e '.processes[0] == {terminal: "/dev/pts/0"}' <<<"$output"
	[ "$(tool procinfo --json 42 | jq -r .terminal)" = /dev/pts/0 ]
	run tool ps -o tty=,tname= -p 42
	assert_output "pts/0    pts/0"
}

@test "ps: the default JSON document has cpu_percent, memory_percent and cpu_time, as the -o columns" {
	local before after
	for args in "" aux -ef "--pretty"; do
		# (the helper is young: its cpu_percent falls between two runs of
		# %cpu around the document's)
		before=$(tool ps --json -o %cpu,%mem,time -p "$A")
		# shellcheck disable=SC2086
		run tool ps --json $args
		after=$(tool ps --json -o %cpu,%mem,time -p "$A")
		jq -e --arg a "$A" --argjson w1 "$before" --argjson w2 "$after" '
			[$w1, $w2 | .processes[0]] as [$b, $e] |
			.processes[] | select(.pid == ($a | tonumber)) |
			(.cpu_percent | type) == "number" and (.memory_percent | type) == "number" and
			.cpu_percent <= $b.cpu_percent + 0.01 and .cpu_percent >= $e.cpu_percent - 0.01 and
			({memory_percent, cpu_time} | . == ($b | {memory_percent, cpu_time}) or . == ($e | {memory_percent, cpu_time}))' <<<"$output" ||
			{ echo "ps --json $args: $(jq -c --arg a "$A" '.processes[] | select(.pid == ($a | tonumber)) |
				{cpu_percent, memory_percent, cpu_time}' <<<"$output"), around it $before and $after"; false; }
	done
}

@test "ps: a forest level that does not fit its column is left out whole, as procps" {
	[ -x "$PTREE" ] || skip "tests/helpers/ptree is not built"
	start_tree "a(b(c(deep(deeper(deepest)))))"
	local list=$ROOT q=$ROOT
	for _ in 1 2 3 4 5 6; do
		q=$(ps -o pid= --ppid "$q" | tr -d ' ')
		list+=,$q
	done
	for fmt in "-o comm,pid --forest" "-o pid,args --forest" "-o comm:9,pid f" "-o comm:6,pid -H" "-o pid,comm -H"; do
		for cols in 11 13 15 17 80; do
			# shellcheck disable=SC2086
			COLUMNS=$cols same_as_procps $fmt -p "$list"
		done
	done
	run tool ps -o comm=,pid= --forest -p "$list"
	assert_line --index 4 --regexp '^            dee +[0-9]+$'
}

@test "ps: BSD c shows the name where the command line would be, as procps" {
	[ -x "$PTREE" ] || skip "tests/helpers/ptree is not built"
	start_tree "alpha[--flag;two words]{2}(beta),zed!"
	TREE=$(descendants "$ROOT")
	for fmt in c cu cj cs cv cf "c -o pid,args,cmd,comm" "c -o pid,command"; do
		# shellcheck disable=SC2086
		same_as_procps $fmt -p "2,$ROOT,$TREE"
	done
	run tool ps c -o args= -p "$ROOT"
	assert_output "ptree"
}

@test "ps: -P (PSR), n (numeric users and groups), g and the heading spellings as procps" {
	# a user and a group with names, as nobody's sleeper (setpriv keeps
	# the groups given)
	[ "$(id -u)" -eq 0 ] || skip "needs root"
	setpriv --reuid=nobody --regid=nogroup --clear-groups sleep 1000 &
	E=$!
	wait_asleep "$E"
	for fmt in -P -fP -lP -FP -jP "-yP -l" -LP -LPf -TP -jlP "-P -c" "-P -cf" "-P -F -y -l" "-P u" "-P j" \
		"n u" nu "n l" "-l n" "n -o user,wchan,group,uid" "n -o pid,wname" "n -o supgrp,fuser,ruser:3,suser,egroup,rgroup:12,uid_hack,uname,svuser,fsgroup" \
		g gu "--heading u" "--noheaders u" "--no-headings -o pid,user"; do
		# shellcheck disable=SC2086
		same_as_procps $fmt -p "$E,$A"
	done
	run tool ps n -o user=,group= -p "$E"
	assert_output "$(printf '%8d %8d' "$(id -u nobody)" "$(getent group nogroup | cut -d: -f3)")"
	# JSON keeps the names (each ID has its own key)
	run tool ps n --json -o user,uid,group -p "$E"
	jq -e --argjson u "$(id -u nobody)" '.processes[0] | .euser == "nobody" and .euid == $u and .egroup == "nogroup"' <<<"$output"
	run tool ps -P --json -p "$E"
	jq -e '.processes[0].cpu_num | type == "number"' <<<"$output"
}

@test "ps: JSON numbers derived from ticks have 2 decimals, percentages 1 (etime is not 1000.0200000000001)" {
	# a captured tree with an uptime whose subtraction is inexact in
	# binary: 1000.07 - 0.05 is 1000.0200000000001 as a double
	cp -r "$FIXTURES/proc-basic" "$WORK/tree"
	echo "1000.07 100.00" >"$WORK/tree/proc/uptime"
	printf 'MemTotal:        3000001 kB\nMemFree:            1000 kB\nMemAvailable:       2000 kB\n' >"$WORK/tree/proc/meminfo"
	run env SYSQ_PROCFS="$WORK/tree/proc" SYSQ_SYSFS="$WORK/tree/sys" SYSQ_ROOTFS="$WORK/tree" \
		"$SQ_BUILDDIR/cmd/ps/ps" -o pid,etime,time,pcpu,pmem -p 1,42 --json
	assert_success
	assert_output '{"processes":[{"pid":1,"elapsed":1000.02,"cpu_time":3.8,"cpu_percent":0.4,"memory_percent":0.3},{"pid":42,"elapsed":1000.02,"cpu_time":11.3,"cpu_percent":1.1,"memory_percent":0.3}]}'
	# the field-table writer of the default document, with the same rule
	run env SYSQ_PROCFS="$WORK/tree/proc" SYSQ_SYSFS="$WORK/tree/sys" SYSQ_ROOTFS="$WORK/tree" \
		"$SQ_BUILDDIR/cmd/ps/ps" -p 42 --json
	assert_success
	jq -e '.processes[0] | [.user_time, .system_time, .children_user, .children_system, .create_time, .iowait, .cpu_percent, .cpu_time] ==
		[10.0, 1.3, 0.1, 0.2, 1700000000.05, 0.07, 1.1, 11.3]' <<<"$output"
	run env SYSQ_PROCFS="$WORK/tree/proc" SYSQ_SYSFS="$WORK/tree/sys" SYSQ_ROOTFS="$WORK/tree" \
		"$SQ_BUILDDIR/cmd/ps/ps" -o etime,pcpu -p 42 --pretty
	assert_output --partial '"elapsed": 1000.02,'
	assert_output --partial '"cpu_percent": 1.1'
}

@test "ps: an option after a bare process ID list is a list syntax error, as procps says, not a bad ID 'o'" {
	# procps-ng: "error: process ID list syntax error"; ours names the word
	run --separate-stderr tool ps 1 -o pid
	assert_equal "$status" 2
	assert_equal "$stderr" "ps: process ID list syntax error: '-o' after the process ID '1' (a bare process ID ends the options)"
	[ -z "$output" ]
	run --separate-stderr tool ps -p 1 2 -o pid
	assert_equal "$status" 2
	assert_equal "$stderr" "ps: process ID list syntax error: '-o' after the process ID '2' (a bare process ID ends the options)"
	run --separate-stderr ps 1 -o pid
	[[ "$stderr" == *"process ID list syntax error"* ]]
	# a malformed ID is still named as one
	run --separate-stderr tool ps 1 2x
	assert_equal "$status" 2
	assert_equal "$stderr" "ps: invalid process ID '2x': not a number"
	# and a list that is only IDs works
	run tool ps -o pid= 1 "$A"
	assert_success
	assert_equal "$(echo $output)" "1 $A"
}
