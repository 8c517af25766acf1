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
