#!/usr/bin/env bats
# Races: a fork storm (tests/helpers/storm) makes processes and threads
# appear and vanish while ps -e, ps aux --json, pstree -p and pidof run
# again and again (SQ_STORM_RUNS times, 200 by default).  Every run must
# exit 0, write nothing to stderr, and print complete, valid output: a
# process that goes away under a reader is left out, never half shown or
# reported as an error.
#
# The runs go in a tight loop, not through bats' `run`, each run's output
# kept in a file; the outputs are checked together at the end, and every
# failed run is listed.

load common

setup() {
	unset SYSQ_PROCFS SYSQ_SYSFS SYSQ_ROOTFS
	STORM="$SQ_BUILDDIR/tests/helpers/storm"
	[ -x "$STORM" ] || fail "build tests/helpers/storm first"
	RUNS=${SQ_STORM_RUNS:-200}
	WORK=$(mktemp -d)
	FAILED="$WORK/failed"
	: >"$FAILED"
	SPID=
	start_storm
}

teardown() {
	# TERM too: a failed test may have left its stdin open elsewhere
	[ -z "$SPID" ] || kill -TERM "$SPID" 2>/dev/null || true
	stop_storm || true
	rm -rf "$WORK"
}

# The storm runs while the write end of its stdin, fd $CTL, is open.
start_storm() {
	rm -f "$WORK/ready" "$WORK/ctl"
	mkfifo "$WORK/ready" "$WORK/ctl"
	"$STORM" -t 1800 "$WORK/ready" <"$WORK/ctl" >"$WORK/storm.out" 2>"$WORK/storm.err" 3>&- &
	SPID=$!
	exec {CTL}>"$WORK/ctl"
	local fd
	exec {fd}<>"$WORK/ready"
	if ! read -r -t 120 -u "$fd" REPLY; then
		exec {fd}<&-
		cat "$WORK/storm.err" >&2
		fail "the storm did not start"
	fi
	exec {fd}<&-
	[ "$REPLY" = "$SPID" ] || fail "storm reported pid '$REPLY', started $SPID"
}

# Close its stdin and wait for it: it exits 0 having reaped everything,
# and says how many processes it forked (in FORKED).
stop_storm() {
	[ -n "$SPID" ] || return 0
	local rc=0 pid=$SPID
	SPID=
	exec {CTL}>&-
	wait "$pid" || rc=$?
	if [ "$rc" -ne 0 ]; then
		cat "$WORK/storm.err" >&2
		fail "storm exited with $rc"
	fi
	FORKED=$(cat "$WORK/storm.out")
}

# storm_ran: the storm was still going through all the runs, and forked
# at least one process per run on average.
storm_ran() {
	kill -0 "$SPID" || fail "the storm ended early"
	stop_storm
	[ "$FORKED" -ge "$RUNS" ] || fail "the storm forked only $FORKED processes"
}

# repeat CMD...: run CMD $RUNS times, stdout of run I in $WORK/out.I; a
# non-zero exit or anything on stderr is written to $FAILED.
repeat() {
	local i rc
	for ((i = 1; i <= RUNS; i++)); do
		"$@" >"$WORK/out.$i" 2>"$WORK/err.$i" && rc=0 || rc=$?
		[ "$rc" -eq 0 ] || echo "run $i: exit $rc: $*" >>"$FAILED"
		if [ -s "$WORK/err.$i" ]; then
			echo "run $i: stderr: $(head -c 500 "$WORK/err.$i")" >>"$FAILED"
		fi
	done
}

# Every output is non-empty and ends with a newline (nothing cut short).
complete_outputs() {
	python3 - "$RUNS" "$WORK" >>"$FAILED" <<-'EOF'
		import sys
		runs, work = int(sys.argv[1]), sys.argv[2]
		for i in range(1, runs + 1):
		    data = open(f"{work}/out.{i}", "rb").read()
		    if not data.endswith(b"\n"):
		        print(f"run {i}: output does not end with a newline: {data[-80:]!r}")
	EOF
}

# All the runs passed; else show what failed.
assert_no_failures() {
	if [ -s "$FAILED" ]; then
		head -c 20000 "$FAILED" >&2
		fail "$(wc -l <"$FAILED") failures in $RUNS runs"
	fi
}

# outputs: the output files of all runs, in order
outputs() {
	local i
	for ((i = 1; i <= RUNS; i++)); do
		printf '%s\n' "$WORK/out.$i"
	done
}

@test "storm: ps -e, every run complete: header, PID TTY TIME CMD rows, PID 1, the shell, the storm" {
	header=$(tool ps -e | head -1)
	[[ "$header" =~ ^\ +PID\ TTY\ +TIME\ CMD$ ]]
	if ps -V 2>/dev/null | grep -q procps; then
		[ "$header" = "$(ps -e | head -1)" ]
	fi
	me=$BASHPID
	repeat tool ps -e
	complete_outputs
	# shellcheck disable=SC2046
	awk -v runs="$RUNS" -v hdr="$header" -v me="$me" -v storm="$SPID" '
		function done_file() {
			if (!f) return
			if (!seen[1]) print f ": no PID 1"
			if (!seen[me]) print f ": no PID " me " (the test shell)"
			if (!seen[storm]) print f ": no PID " storm " (the storm)"
			if (rows < 3) print f ": only " rows " rows"
		}
		FNR == 1 {
			done_file()
			files++; f = FILENAME; rows = 0; last = 0
			delete seen
			if ($0 != hdr) print f ": header: " $0
			next
		}
		{
			rows++
			if ($0 !~ /^ *[0-9]+ [^ ]+ +([0-9]+-)?[0-9][0-9]:[0-9][0-9]:[0-9][0-9] ./)
				print f ": line " FNR ": not PID TTY TIME CMD: " $0
			else if ($1 + 0 <= last)
				print f ": line " FNR ": PID " $1 " after " last
			last = $1 + 0
			seen[$1 + 0] = 1
		}
		END {
			done_file()
			if (files != runs) print "only " files " of " runs " outputs are not empty"
		}' $(outputs) >>"$FAILED"
	storm_ran
	assert_no_failures
}

@test "storm: ps aux --json, every run valid JSON with every pid, PID 1, the shell, the storm" {
	me=$BASHPID
	repeat tool ps aux --json
	complete_outputs
	# one jq for all outputs; should one not parse, find which
	# shellcheck disable=SC2046
	if ! jq -r --argjson me "$me" --argjson storm "$SPID" '
		.processes as $p
		| select(($p | length > 0 and all(.pid != null)
			and any(.pid == 1) and any(.pid == $me) and any(.pid == $storm)
			and all(.name != null and .status != null and .ppid != null
				and .cmdline != null and .username != null)) | not)
		| "\(input_filename): incomplete: \($p | length) processes"' $(outputs) >>"$FAILED" 2>"$WORK/jq.err"; then
		for f in $(outputs); do
			jq -e . "$f" >/dev/null 2>&1 || echo "$f: not JSON: $(head -c 300 "$f")" >>"$FAILED"
		done
		[ -s "$FAILED" ] || echo "jq: $(cat "$WORK/jq.err")" >>"$FAILED"
	fi
	# one document on one line per run
	for f in $(outputs); do
		[ "$(wc -l <"$f")" -eq 1 ] || echo "$f: $(wc -l <"$f") lines" >>"$FAILED"
	done
	storm_ran
	assert_no_failures
}

@test "storm: pstree -p, every run one whole tree from PID 1 with the shell and the storm" {
	# the root as psmisc prints it: PID 1's name and (1)
	root="$(tr -d '\n' </proc/1/comm)(1)"
	if pstree -V 2>&1 | grep -q PSmisc; then
		[[ "$(pstree -p | head -1)" == "$root"* ]]
	fi
	[[ "$(tool pstree -p | head -1)" == "$root"* ]]
	me=$BASHPID
	# wide enough that no line is cut: the shell is deep in the tree
	COLUMNS=100000 repeat tool pstree -p
	complete_outputs
	# shellcheck disable=SC2046
	awk -v runs="$RUNS" -v root="$root" -v me="($me)" -v storm="storm($SPID)" '
		function done_file() {
			if (!f) return
			if (!has_me) print f ": no " me " (the test shell)"
			if (!has_storm) print f ": no " storm
		}
		FNR == 1 {
			done_file()
			files++; f = FILENAME; has_me = has_storm = 0
			if (substr($0, 1, length(root)) != root)
				print f ": first line does not start with " root ": " $0
		}
		FNR > 1 && $0 !~ /^ +[|`]/ { print f ": line " FNR " is not in the tree: " $0 }
		index($0, me) { has_me = 1 }
		index($0, storm) { has_storm = 1 }
		END {
			done_file()
			if (files != runs) print "only " files " of " runs " outputs are not empty"
		}' $(outputs) >>"$FAILED"
	storm_ran
	assert_no_failures
}

@test "storm: pidof storm, every run finds the storm" {
	repeat tool pidof storm
	complete_outputs
	# shellcheck disable=SC2046
	awk -v storm="$SPID" '
		$0 !~ /^[0-9]+( [0-9]+)*$/ { print FILENAME ": not a PID list: " $0 }
		{ found = 0; for (i = 1; i <= NF; i++) if ($i == storm) found = 1 }
		!found { print FILENAME ": no " storm ": " $0 }
		FNR > 1 { print FILENAME ": more than one line" }' $(outputs) >>"$FAILED"
	# and as JSON, the same way
	repeat tool pidof --json storm
	# shellcheck disable=SC2046
	jq -r --argjson storm "$SPID" '
		select((.pids | index($storm)) == null or .programs[0].pids != .pids)
		| "\(input_filename): storm \($storm) missing: \(.)"' $(outputs) >>"$FAILED" 2>&1 ||
		echo "jq failed on the pidof --json outputs" >>"$FAILED"
	storm_ran
	assert_no_failures
}

@test "storm: the storm helper leaves no process behind" {
	exe=$(readlink -f "$STORM")
	storm=$SPID
	stop_storm
	[ "$FORKED" -gt 0 ]
	# nothing runs its executable any more, nor is a child of it
	for d in /proc/[0-9]*; do
		[ "$(readlink "$d/exe" 2>/dev/null)" != "$exe" ] || fail "${d#/proc/} still runs $exe"
		if [ -r "$d/stat" ]; then
			stat=$(cat "$d/stat" 2>/dev/null) || continue
			set -- ${stat##*) }
			[ "$2" != "$storm" ] || fail "${d#/proc/} is still a child of the storm"
		fi
	done
	# SIGTERM ends it the same way
	start_storm
	storm=$SPID
	kill -TERM "$storm"
	stop_storm
	[ "$FORKED" -gt 0 ]
	for d in /proc/[0-9]*; do
		[ "$(readlink "$d/exe" 2>/dev/null)" != "$exe" ] || fail "${d#/proc/} still runs $exe"
	done
}
