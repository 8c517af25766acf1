#!/usr/bin/env bats
# pidof: exact PIDs of processes started for the test (tests/helpers/spawn
# sets their argv, comm, threads, zombies, root), the installed pidof side
# by side, the fixture /proc, hostile names, JSON, options, bad input,
# write errors, a run as nobody.
#
# /usr/bin/pidof is procps-ng's on some systems and sysvinit's (killall5)
# on others, Debian included; the two agree on a common core (names that
# are argv[0]'s basename, full exe paths, -s -o -q -x -c, separators), which
# is compared against whichever is installed.  SQ_PIDOF_PEER names a
# procps-ng pidof to compare with instead, the procps-only rules too (exe
# basenames, -w, login shells, rewritten command lines, -S): check.sh sets
# it to the one setup.sh builds (tests/peers/procps-pidof.sh).

load common

setup() {
	unset SYSQ_PROCFS SYSQ_SYSFS SYSQ_ROOTFS
	SPAWN="$SQ_BUILDDIR/tests/helpers/spawn"
	[ -x "$SPAWN" ] || fail "build tests/helpers/spawn first"
	PIDOF="$SQ_BUILDDIR/cmd/pidof/pidof"
	PEER=${SQ_PIDOF_PEER:-$(command -v pidof || true)}
	WORK=$(mktemp -d)
	chmod 755 "$WORK"
	STARTED=()
	NSTART=0
	# names unique to this run, short enough to be a whole comm (15 bytes)
	N="sq$$"
}

teardown() {
	if [ "${#STARTED[@]}" -gt 0 ]; then
		# TERM: the helper reaps its zombie before it goes
		kill -TERM "${STARTED[@]}" 2>/dev/null || true
	fi
	wait 2>/dev/null || true
	rm -rf "$WORK"
}

# await FIFO: the line a helper writes there, in REPLY; fails after 20
# seconds rather than hang should the helper die first.
await() {
	local fd
	exec {fd}<>"$1"
	if ! read -r -t 120 -u "$fd" REPLY; then
		exec {fd}<&-
		fail "no report on $1"
	fi
	exec {fd}<&-
}

# start [spawn options] [--] ARGV0 [ARG...]: a process with that command
# line, running $EXE (default: the helper itself); when it is ready, its
# report "PID ZOMBIE TID..." is in REPLY and PID in P.
start() {
	local fifo="$WORK/ready.$((NSTART += 1))"
	mkfifo "$fifo"
	"${EXE:-$SPAWN}" "$fifo" "$@" </dev/null >/dev/null 2>&1 3>&- &
	STARTED+=("$!")
	await "$fifo"
	P=${REPLY%% *}
	[ "$P" = "$!" ]
}

# A copy of the helper under another name: its exe link and first comm.
exe_copy() {
	cp "$SPAWN" "$WORK/$1"
	chmod 755 "$WORK/$1"
	EXE="$WORK/$1"
}

# PIDs in pidof's order: descending (procps lists /proc backwards).
desc() {
	printf '%s\n' "$@" | sort -rn | paste -sd' '
}

# Our output and exit status, and the peer's, for the same arguments.
ours() {
	"$PIDOF" "$@" 2>&1
	echo "rc=$?"
}
theirs() {
	"$PEER" "$@" 2>&1
	echo "rc=$?"
}
same() {
	local a b
	a=$(ours "$@")
	b=$(theirs "$@")
	if [ "$a" != "$b" ]; then
		printf 'args:%s\nours:   %s\ntheirs: %s\n' "$(printf ' %q' "$@")" "$a" "$b"
		return 1
	fi
}

peer_is_procps() {
	[ -n "$PEER" ] && "$PEER" -h 2>/dev/null | grep -q -- --with-workers
}

@test "pidof: exact PIDs in descending order, one line, for argv[0]'s name" {
	start "$N-a"
	a=$P
	start "/some/dir/$N-a" x y
	b=$P
	start "$N-b"
	c=$P
	run --separate-stderr "$PIDOF" "$N-a"
	assert_success
	assert_output "$(desc "$a" "$b")"
	[ -z "$stderr" ]
	run "$PIDOF" "$N-b"
	assert_output "$c"
	# one program after the other, each in descending order, duplicates kept
	run "$PIDOF" "$N-b" "$N-a" "$N-b"
	assert_output "$c $(desc "$a" "$b") $c"
	# -s: one PID per program, the highest
	run "$PIDOF" -s "$N-a" "$N-b"
	assert_output "$(desc "$a" "$b" | cut -d' ' -f1) $c"
	run "$PIDOF" "$N-none"
	assert_failure 1
	assert_output ""
	# an empty name matches nothing; the others still count
	run "$PIDOF" "" "$N-b"
	assert_success
	assert_output "$c"
	run "$PIDOF" ""
	assert_failure 1
	assert_output ""
}

@test "pidof: the matching rules of procps: argv[0], its basename, the exe link, comm only when argv[0] was rewritten" {
	exe_copy "$N.exe"
	start -n "$N-comm" -- "/opt/x/$N-arg0" one
	p1=$P
	start -n "$N-comm" -- "-$N-login"
	p2=$P
	start -n "$N-title" -- "$N-daemon: worker 1"
	p3=$P
	unset EXE
	run "$PIDOF" "$N-arg0" # argv[0]'s basename
	assert_output "$p1"
	run "$PIDOF" "/opt/x/$N-arg0" # argv[0] itself
	assert_output "$p1"
	run "$PIDOF" "/elsewhere/$N-arg0" # the name's basename is argv[0]
	assert_failure 1
	run "$PIDOF" "/elsewhere/$N-login" # ... as for a login shell's "-name"
	assert_output "$p2"
	run "$PIDOF" "$N-login"
	assert_output "$p2"
	run "$PIDOF" "$N.exe" # the exe link's basename
	assert_output "$(desc "$p1" "$p2" "$p3")"
	run "$PIDOF" "$WORK/$N.exe" # the exe link
	assert_output "$(desc "$p1" "$p2" "$p3")"
	run "$PIDOF" "x/$N.exe" # a relative path is neither
	assert_failure 1
	# comm alone does not match ...
	run "$PIDOF" "$N-comm"
	assert_failure 1
	# ... unless argv[0] holds a space (setproctitle), or with -w
	run "$PIDOF" "$N-title"
	assert_output "$p3"
	run "$PIDOF" -w "$N-comm"
	assert_output "$(desc "$p1" "$p2")"
	# argv[0] "" (cmdline one NUL): a process still, found by its exe link
	EXE="$WORK/$N.exe" start -n "$N-empty" -- ""
	p4=$P
	[ "$(od -An -c "/proc/$p4/cmdline" | tr -d ' ')" = '\0' ]
	run "$PIDOF" "$N.exe"
	assert_output "$(desc "$p1" "$p2" "$p3" "$p4")"
}

@test "pidof: zombies and kernel threads only with -w, by their comm name" {
	start -z "$N-zomb" -- "$N-parent"
	z=$(echo "$REPLY" | cut -d' ' -f2)
	[ "$(cut -d' ' -f3 "/proc/$z/stat")" = Z ]
	run "$PIDOF" "$N-zomb"
	assert_failure 1
	run "$PIDOF" -w "$N-zomb"
	assert_success
	assert_output "$z"
	if grep -q '^2 (kthreadd)' /proc/2/stat 2>/dev/null; then
		run "$PIDOF" kthreadd
		assert_failure 1
		run "$PIDOF" -w kthreadd
		assert_output 2
	fi
}

@test "pidof: -x finds shells running a script of that name" {
	# as the kernel starts a script: argv = interpreter, script; comm = the script
	start -n "$N.sh" -- /bin/sh "/tmp/dir/$N.sh" arg
	s=$P
	run "$PIDOF" "$N.sh"
	assert_failure 1
	run "$PIDOF" -x "$N.sh"
	assert_output "$s"
	run "$PIDOF" -x "/tmp/dir/$N.sh"
	assert_output "$s"
	# comm must be a prefix of the script's basename
	start -n other -- /bin/sh "$N.sh"
	run "$PIDOF" -x "$N.sh"
	assert_output "$s"
	# a real script through its #! line
	# shellcheck disable=SC2016 # the script expands them
	printf '#!/bin/sh\necho $$ >"$1"\nread -r x <"$2"\n' >"$WORK/$N.run"
	chmod 755 "$WORK/$N.run"
	mkfifo "$WORK/r1" "$WORK/never"
	"$WORK/$N.run" "$WORK/r1" "$WORK/never" </dev/null >/dev/null 2>&1 3>&- &
	STARTED+=("$!")
	await "$WORK/r1"
	r=$REPLY
	[ "$r" = "$!" ]
	run "$PIDOF" -x "$N.run"
	assert_output "$r"
	run "$PIDOF" "$N.run"
	assert_failure 1
}

@test "pidof: -o omits PIDs, lists and %PPID; pidof never lists itself" {
	start "$N-o"
	a=$P
	start "$N-o"
	b=$P
	start "$N-o"
	c=$P
	run "$PIDOF" -o "$b" "$N-o"
	assert_output "$(desc "$a" "$c")"
	run "$PIDOF" -o "$a,$b" -o "$c" "$N-o"
	assert_failure 1
	assert_output ""
	run "$PIDOF" -o "$a;$c:$b" "$N-o"
	assert_failure 1
	run "$PIDOF" --omit-pid="$c" "$N-o"
	assert_output "$(desc "$a" "$b")"
	# %PPID: the shell that runs pidof, here one named like the others
	run bash -c 'exec -a "$2" bash -c "\"\$0\" -o %PPID \"\$1\"; echo \"rc=\$? \$\$\"; \"\$0\" \"\$1\"; :" "$1" "$2"' x "$PIDOF" "$N-o"
	assert_success
	sh=$(echo "${lines[1]}" | cut -d' ' -f2)
	assert_line --index 0 "$(desc "$a" "$b" "$c")"
	assert_line --index 1 "rc=0 $sh"
	assert_line --index 2 "$(desc "$a" "$b" "$c" "$sh")"
	# itself: its own argv[0] and exe would match (a copy under a name of
	# its own: other suites run pidof at the same time)
	cp "$PIDOF" "$WORK/sqpidof-self"
	run "$WORK/sqpidof-self" sqpidof-self "$WORK/sqpidof-self"
	assert_failure 1
	refute_output --regexp '[0-9]'
}

@test "pidof: -q prints nothing, only the exit status" {
	start "$N-q"
	run --separate-stderr "$PIDOF" -q "$N-q"
	assert_success
	assert_output ""
	[ -z "$stderr" ]
	run "$PIDOF" -q --json "$N-q"
	assert_success
	assert_output ""
	run "$PIDOF" --quiet "$N-none"
	assert_failure 1
	assert_output ""
}

@test "pidof: -S and -d set the separator" {
	start "$N-s"
	a=$P
	start "$N-s"
	b=$P
	run "$PIDOF" -S , "$N-s"
	assert_output "$(desc "$a" "$b" | tr ' ' ,)"
	run "$PIDOF" -d : "$N-s"
	assert_output "$(desc "$a" "$b" | tr ' ' :)"
	run "$PIDOF" --separator ' -- ' "$N-s" "$N-s"
	assert_output "$(desc "$a" "$b" | sed 's/ / -- /') -- $(desc "$a" "$b" | sed 's/ / -- /')"
	run "$PIDOF" -S '' "$N-s"
	assert_output "$(desc "$a" "$b" | tr -d ' ')"
}

@test "pidof: -t lists thread IDs, each thread on its own comm name" {
	start -n "$N-t" -t 3 -T "$N-w" -- "$N-t"
	read -r p _ t1 t2 t3 <<<"$REPLY"
	run "$PIDOF" -t "$N-t"
	assert_output "$(desc "$p" "$t1" "$t2" "$t3")"
	[ "$("$PIDOF" "$N-t")" = "$p" ]
	# the workers' own name: with -w, or when argv[0] was rewritten
	run "$PIDOF" -t -w "$N-w"
	assert_output "$(desc "$t1" "$t2" "$t3")"
	run "$PIDOF" -t "$N-w"
	assert_failure 1
	run "$PIDOF" -w "$N-w"
	assert_failure 1
	# -o names thread IDs
	run "$PIDOF" -t -o "$p,$t2" "$N-t"
	assert_output "$(desc "$t1" "$t3")"
	run "$PIDOF" -t -s "$N-t"
	assert_output "$(desc "$p" "$t1" "$t2" "$t3" | cut -d' ' -f1)"
	start -n "$N-u" -t 2 -T "$N-x" -- "$N-u title"
	read -r p _ t1 t2 <<<"$REPLY"
	run "$PIDOF" -t "$N-x"
	assert_output "$(desc "$t1" "$t2")"
	run "$PIDOF" --lightweight "$N-u"
	assert_output "$p"
}

@test "pidof: -c keeps only processes with our root directory" {
	[ "$(id -u)" -eq 0 ] || skip "chroot needs root"
	mkdir "$WORK/jail"
	start "$N-c"
	a=$P
	start -r "$WORK/jail" -- "$N-c"
	j=$P
	run "$PIDOF" "$N-c"
	assert_output "$(desc "$a" "$j")"
	run "$PIDOF" -c "$N-c"
	assert_output "$a"
	run "$PIDOF" --check-root -t "$N-c"
	assert_output "$a"
	run "$PIDOF" -c -o "$a" "$N-c"
	assert_failure 1
	[ -z "$PEER" ] || same -c "$N-c"
}

@test "pidof: hostile names in argv[0] and comm match byte for byte" {
	local names=("a b)" $'nl\nx' $'esc\033[31m' $'bad\xff\xfe' "p) (q" $'c1\xc2\x9b') i=0
	for name in "${names[@]}"; do
		i=$((i + 1))
		start -n "$name" -- "/x/$name" arg
		p1=$P
		run "$PIDOF" -- "$name"
		assert_output "$p1"
		run "$PIDOF" -- "/x/$name"
		assert_output "$p1"
		# comm alone: with a rewritten argv[0] (it has a space), or -w
		start -n "$name" -- "$N title $i"
		p2=$P
		run "$PIDOF" -- "$name"
		assert_output "$(desc "$p1" "$p2")"
		run "$PIDOF" -w -s -- "$name"
		assert_output "$(desc "$p1" "$p2" | cut -d' ' -f1)"
		run "$PIDOF" --json -- "$name"
		echo "$output" | jq -e --argjson a "$p1" --argjson b "$p2" \
			'.pids == ([$a, $b] | sort | reverse) and (.programs | length) == 1'
		kill -9 "$p1" "$p2"
	done
	# the names come back as valid UTF-8, control characters escaped
	run "$PIDOF" --json -- $'bad\xff\xfe' $'nl\nx' $'c1\xc2\x9b'
	echo "$output" | jq -e '.programs | map(.name) == ["bad\ufffd\ufffd", "nl\nx", "c1\u009b"]'
	[[ "$output" == *'"c1\u009b"'* ]]
	run "$PIDOF" --json -- $'esc\033[31m'
	[[ "$output" == *'"esc\u001b[31m"'* ]]
}

@test "pidof: --json: all PIDs and each program's, in text order" {
	start "$N-j"
	a=$P
	start "$N-j"
	b=$P
	start "$N-k"
	c=$P
	run "$PIDOF" --json "$N-j" "$N-none" "$N-k"
	assert_success
	echo "$output" | jq -e --argjson a "$a" --argjson b "$b" --argjson c "$c" \
		--arg j "$N-j" --arg k "$N-k" --arg none "$N-none" '
		.pids == ([$a, $b] | sort | reverse) + [$c] and
		.programs == [{"name": $j, "pids": ([$a, $b] | sort | reverse)},
			      {"name": $none, "pids": []},
			      {"name": $k, "pids": [$c]}] and
		(keys == ["pids", "programs"])'
	[ "${#lines[@]}" -eq 1 ]
	# text and JSON agree
	[ "$(echo "$output" | jq -r '.pids | map(tostring) | join(" ")')" = "$("$PIDOF" "$N-j" "$N-none" "$N-k")" ]
	run "$PIDOF" --json -s -S , "$N-j" "$N-k"
	echo "$output" | jq -e --argjson c "$c" '(.pids | length) == 2 and .programs[1].pids == [$c]'
	# nothing found: still a document, exit 1
	run --separate-stderr "$PIDOF" --json "$N-none"
	assert_failure 1
	echo "$output" | jq -e --arg n "$N-none" '. == {"pids": [], "programs": [{"name": $n, "pids": []}]}'
	run "$PIDOF" --pretty "$N-j"
	assert_success
	assert_line --index 0 "{"
	assert_line --index 1 '  "pids": ['
	[ "$(echo "$output" | jq -c .)" = "$("$PIDOF" --json "$N-j")" ]
}

# The fixture /proc: a thread, a zombie, a kernel thread, a comm cut to 15
# bytes, a hostile comm, a truncated stat, processes without cmdline.
@test "pidof: exact answers on the fixture /proc" {
	use_fixture proc-basic
	check() {
		local want=$1
		shift
		run "$PIDOF" "$@"
		if [ -z "$want" ]; then
			assert_failure 1
			assert_output ""
		else
			assert_success
			assert_output "$want"
		fi
	}
	check 1 init
	check 1 /sbin/init
	check "" /usr/sbin/init # not argv[0], not its basename
	check "" systemd
	check 1 -w systemd
	check "" defunct
	check 44 -w defunct
	check "" kworker/0:1-events
	check 45 -w kworker/0:1-events
	check 47 averyveryverylongname
	check "" averyveryverylo
	check 47 -w averyveryverylo
	check 43 -w $'a\nb\033[31m\377'
	check 43 sh
	check "49 1" -t init
	check 49 -t -w "worker thr"
	check "1 43 1" init sh init
	check "1,43" -S , init sh
	check 43 -o 1 init sh
	if [ "$(id -u)" -eq 0 ]; then
		check "" -c init # no root links in a fixture: nothing has our root
	else
		check 1 -c init # -c is ignored but for root
	fi
	run "$PIDOF" --json -t -w init "worker thr"
	echo "$output" | jq -e '. == {"pids": [49, 1, 49], "programs": [{"name": "init", "pids": [49, 1]}, {"name": "worker thr", "pids": [49]}]}'
}

@test "pidof: a missing /proc is a runtime error" {
	export SYSQ_PROCFS=/nonexistent
	run --separate-stderr "$PIDOF" init
	assert_failure 1
	assert_output ""
	[[ "$stderr" == "pidof: /nonexistent: "* ]]
}

# What procps-ng and sysvinit pidof both do, against the installed one.
@test "pidof: same PIDs, order and exit status as the installed pidof" {
	[ -n "$PEER" ] || skip "no pidof installed"
	exe_copy "$N.bin"
	start "$N-1"
	start "$N-1" arg
	start "/abs/dir/$N-1"
	start "$N-2" -x
	start -n "$N.sh" -- /bin/sh "/d/$N.sh"
	start -z "$N-z" -- "$N-3"
	a=$P
	unset EXE
	start "$N-1"
	local sep=-d
	peer_is_procps && sep=-S
	for args in "$N-1" "$N-2" "$N-1 $N-2" "$N-2 $N-1 $N-2" "$N-3" "$N-z" "$N-none" \
		"$N-none $N-2" "$WORK/$N.bin" "$N.sh" "/d/$N.sh" "-s $N-1" "-s $N-1 $N-2" \
		"-q $N-1" "-q $N-none" "-x $N.sh" "-x /d/$N.sh" "-x $N-1" "-o $a $N-3" \
		"-o $a,1 $N-1 $N-3" "-o $a -s $N-3 $N-1" "-s -q $N-2" "$sep , $N-1 $N-2" \
		"-c $N-1" "-c -s $N-2"; do
		# shellcheck disable=SC2086
		same $args
	done
	# %PPID, the same shell for both
	run bash -c 'exec -a "$3" bash -c "\"\$0\" -o %PPID \"\$2\"; \"\$1\" -o %PPID \"\$2\"; :" "$1" "$2" "$3"' \
		x "$PIDOF" "$PEER" "$N-1"
	assert_success
	[ "${#lines[@]}" -eq 2 ]
	assert_equal "${lines[0]}" "${lines[1]}"
}

@test "pidof: same as procps-ng pidof for the rules only it has" {
	peer_is_procps || skip "set SQ_PIDOF_PEER to a procps-ng pidof"
	exe_copy "$N.bin"
	start -n "$N-c" -- "/opt/$N-a" one
	start -n "$N-c" -- "-$N-login"
	start -n "$N-t" -- "$N-title: x y"
	start -z "$N-z" -- "$N-parent"
	start -n "$N-c" -t 2 -T "$N-w" -- "$N-thr"
	unset EXE
	for args in "$N.bin" "$N-a" "/opt/$N-a" "/x/$N-a" "$N-login" "/x/$N-login" \
		"$N-c" "-w $N-c" "$N-t" "-w $N-t" "$N-z" "-w $N-z" "-w $N-w" "$N-w" \
		"-S ,, $N.bin" "-S , -s $N.bin $N-a" "-w kthreadd" "-w $N.bin $N-z" "x/$N.bin"; do
		# shellcheck disable=SC2086
		same $args
	done
	if "$PEER" -h | grep -q -- --lightweight; then
		for args in "-t $N.bin" "-t -w $N-w" "-t $N-w" "-t -o $P $N-thr"; do
			# shellcheck disable=SC2086
			same $args
		done
	fi
}

@test "pidof: as nobody: names match, other users' exe links are unreadable" {
	[ "$(id -u)" -eq 0 ] || skip "needs root to switch to nobody"
	command -v setpriv >/dev/null || skip "setpriv missing"
	cp "$PIDOF" "$WORK/pidof"
	chmod 755 "$WORK/pidof"
	exe_copy "$N.bin"
	start "$N-r" # root's
	r=$P
	unset EXE
	# one of nobody's own, through the same executable
	mkfifo "$WORK/nb"
	chmod 666 "$WORK/nb"
	# (setpriv itself, not as_nobody: $! must be the process, not a subshell)
	setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$WORK/$N.bin" "$WORK/nb" "$N-n" \
		</dev/null >/dev/null 2>&1 3>&- &
	STARTED+=("$!")
	await "$WORK/nb"
	n=${REPLY%% *}
	[ "$n" = "$!" ]
	run --separate-stderr as_nobody "$WORK/pidof" "$N-r"
	assert_success
	assert_output "$r"
	[ -z "$stderr" ]
	run --separate-stderr as_nobody "$WORK/pidof" "$N.bin"
	assert_success
	assert_output "$n"
	[ -z "$stderr" ]
	run "$PIDOF" "$N.bin"
	assert_output "$(desc "$r" "$n")"
	# -c means nothing to others: ignored
	run as_nobody "$WORK/pidof" -c "$N-r"
	assert_output "$r"
	run as_nobody "$WORK/pidof" --json -w "$N-r" kthreadd
	assert_success
	echo "$output" | jq -e --argjson r "$r" '.programs[0].pids == [$r]'
}

@test "pidof: bad input is a usage error naming the value" {
	for v in 12x "" -5 0 99999999999 " 5" +5 0x10 %ppid "1,,2" "1,x"; do
		want="'$v'"
		case $v in
		"1,,2") want="''" ;;
		"1,x") want="'x'" ;;
		esac
		assert_usage_error "$want" -- "$PIDOF" -o "$v" init
	done
	assert_usage_error "'z'" -- "$PIDOF" -z init
	assert_usage_error "--nope" -- "$PIDOF" --nope init
	assert_usage_error "'o'" -- "$PIDOF" init -o
	assert_usage_error "'S'" -- "$PIDOF" init -S
	assert_usage_error "program" -- "$PIDOF"
	assert_usage_error "program" -- "$PIDOF" -s -o 1
}

@test "pidof: --help and --version go to stdout with exit 0" {
	for h in --help -h; do
		run --separate-stderr "$PIDOF" "$h"
		assert_success
		assert_line --index 0 "Usage: pidof [options] program..."
		assert_output --partial "--json"
		[ -z "$stderr" ]
	done
	for v in -V --version; do
		run "$PIDOF" "$v"
		assert_success
		assert_output --regexp '^pidof \(sysq\) [0-9]+\.[0-9]+\.[0-9]+$'
	done
}

@test "pidof: a write error is exit 1, a closed pipe is quiet" {
	start "$N-f"
	run --separate-stderr sh -c "'$PIDOF' '$N-f' > /dev/full"
	assert_failure 1
	assert_equal "$stderr" "pidof: write error: No space left on device"
	run --separate-stderr sh -c "'$PIDOF' --json '$N-f' > /dev/full"
	assert_failure 1
	assert_equal "$stderr" "pidof: write error: No space left on device"
	# nothing to write: the exit status says it, no error
	run --separate-stderr sh -c "'$PIDOF' '$N-none' > /dev/full"
	assert_failure 1
	[ -z "$stderr" ]
	run --separate-stderr sh -c "'$PIDOF' '$N-f' | true"
	[ -z "$stderr" ]
}
