# Loaded by every bats suite: bats-support/bats-assert, paths, helpers.
: "${SQ_SRCDIR:=$(cd "$(dirname "$BATS_TEST_FILENAME")/../.." && pwd)}"
: "${SQ_BUILDDIR:=$SQ_SRCDIR}"
: "${BATS_LIB_DIR:=/usr/lib/bats}"
bats_require_minimum_version 1.5.0 # run --separate-stderr, run !
load "$BATS_LIB_DIR/bats-support/load.bash"
load "$BATS_LIB_DIR/bats-assert/load.bash"

FIXTURES="$SQ_SRCDIR/tests/fixtures"
EXPECTED="$SQ_SRCDIR/tests/expected"

# The freshly built tool: tool free -h
tool() {
	local name=$1
	shift
	"$SQ_BUILDDIR/cmd/$name/$name" "$@"
}

# Point the tools at fixture <name> (proc/, sys/, and the tree as rootfs).
use_fixture() {
	export SYSQ_PROCFS="$FIXTURES/$1/proc"
	export SYSQ_SYSFS="$FIXTURES/$1/sys"
	export SYSQ_ROOTFS="$FIXTURES/$1"
}

# Compare the output of the last `run` with an expected file, showing a diff.
assert_output_file() {
	local want=$1
	if ! diff -u "$want" <(printf '%s\n' "$output") >&2; then
		fail "output differs from $want"
	fi
}

# A usage error: exit 2, nothing on stdout, one stderr line naming the value.
# usage: assert_usage_error VALUE -- tool args...
assert_usage_error() {
	local value=$1
	shift 2
	local out err rc
	out=$(mktemp) err=$(mktemp)
	"$@" >"$out" 2>"$err" && rc=0 || rc=$?
	if [ "$rc" -ne 2 ]; then
		cat "$err" >&2
		fail "exit $rc, want 2: $*"
	fi
	if [ -s "$out" ]; then
		fail "stdout not empty: $*"
	fi
	if [ "$(wc -l <"$err")" -ne 1 ]; then
		cat "$err" >&2
		fail "stderr is not one line: $*"
	fi
	if ! grep -qF -- "$value" "$err"; then
		cat "$err" >&2
		fail "stderr does not name '$value': $*"
	fi
	rm -f "$out" "$err"
}

# Run a command as the unprivileged user nobody.
as_nobody() {
	setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"
}

# Known process trees (tests/helpers/ptree; see its usage).  Needs WORK.
PTREE="$SQ_BUILDDIR/tests/helpers/ptree"
HPIDS=()
ROOTS=()

# start_tree SPEC [RUNNER...]: start the helper (through RUNNER, e.g.
# as_nobody), wait until its whole tree is up, set ROOT to its PID.  The
# helper's guard alarm (-t) only matters should the teardown not run: it
# must outlast the longest test, the sanitizer build on a loaded machine
# (pstree's width test outlived 120 s there, and its tree died under it).
start_tree() {
	local spec=$1 fifo="$WORK/ready.${#HPIDS[@]}" fd
	shift
	mkfifo -m 666 "$fifo"
	"$@" "$PTREE" -t 1800 "$fifo" "$spec" </dev/null >/dev/null 2>"$WORK/ptree.err" 3>&- &
	HPIDS+=("$!")
	# read-write: the open does not wait for the writer, the read times out
	exec {fd}<>"$fifo"
	read -r -t 120 -u "$fd" ROOT || { cat "$WORK/ptree.err" >&2; false; }
	exec {fd}<&-
	[ -n "$ROOT" ]
	ROOTS+=("$ROOT")
	# ready means every process and thread exists; wait until they have
	# all reached their wait too (a new thread may still be runnable on a
	# loaded machine, and its state and wchan would move under the tests)
	wait_until tree_settled "$ROOT"
}

# tree_settled PID: no thread of PID or of its descendants is running or
# runnable, nor in an uninterruptible wait: all sleep, stopped or zombies.
tree_settled() {
	local t s kids kid
	for t in "/proc/$1/task/"*; do
		{ s=$(<"$t/stat"); } 2>/dev/null || continue
		s=${s##*) }
		[[ $s != [RD]* ]] || return 1
		{ kids=$(<"$t/children"); } 2>/dev/null || kids=
		for kid in $kids; do
			tree_settled "$kid" || return 1
		done
	done
}

# agree THEIRS OURS COMMAND...: OURS (an output) is the peer's output
# THEIRS or, when not, COMMAND's output (the peer run once more, after
# ours: what moved between the first two runs, a second of ELAPSED, an
# idle time, moves once); if neither, the difference and false.
agree() {
	local theirs=$1 ours=$2
	shift 2
	[ "$ours" = "$theirs" ] || [ "$ours" = "$("$@")" ] ||
		{ diff -u <(printf '%s\n' "$theirs") <(printf '%s\n' "$ours") || true; false; }
}

# Take down every tree start_tree started: the helpers (a runner such as
# as_nobody may stand between), then the jobs that started them.
stop_trees() {
	local p
	for p in "${ROOTS[@]}"; do
		kill "$p" 2>/dev/null || true
	done
	for p in "${HPIDS[@]}"; do
		kill "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
	ROOTS=()
	HPIDS=()
}

# wait_until COMMAND...: run it until it succeeds, for five minutes at
# most (a guard against a hang: the sanitizer build on a loaded machine
# can take long), then fail.
wait_until() {
	local end=$((SECONDS + 300))
	until "$@"; do
		[ "$SECONDS" -lt "$end" ] || { echo "wait_until: timed out: $*" >&2; return 1; }
	done
}

# wait_stopped PID: until the process is stopped (after a SIGSTOP, which
# the kernel delivers on its own time), bounded as wait_until.
wait_stopped() {
	wait_until grep -qs ') T [0-9-]' "/proc/$1/stat"
}

# Wait until each sleep(1) PID is in its sleep (not only exec'd): until
# then its memory, faults, CPU time and wchan still move.  Bounded as
# wait_until.
wait_asleep() {
	local p end=$((SECONDS + 300))
	for p in "$@"; do
		until grep -qs nanosleep "/proc/$p/wchan"; do
			[ -e "/proc/$p" ] || { echo "wait_asleep: $p is gone" >&2; return 1; }
			[ "$SECONDS" -lt "$end" ] || { echo "wait_asleep: $p never slept" >&2; return 1; }
		done
	done
}

# The values of the columns of CPU time over elapsed time masked (%CPU, C,
# CP, %CUU, %CUC), for layouts that show them on processes that used CPU
# time: the ratio moves between two runs, most of all for young processes
# on a busy machine.  The columns are right-aligned: a value is the word
# that ends where its heading ends (found by position, as other values,
# lstart's, hold spaces).
mask_cpu() {
	perl -ne 'if ($. == 1) { while (/(\S+)/g) { my $e = pos(); push @e, $e if $1 =~ /^(%CPU|C|CP|%CUU|%CUC)$/ } }
		else { for my $e (reverse @e) { substr($_, 0, $e) =~ s/(\S+)$/"#" x length($1)/e if length() > $e } } print'
}
# COMMAND..., its output masked so
masked() { "$@" | mask_cpu; }
