#!/bin/sh
# Quick start, step 2: run the whole test suite, twice: in this tree
# (built with -Werror by setup.sh) and, through make distcheck, from the
# distribution tarball built with ASan and UBSan.  Ends with one line
# "N passed, N failed" counting every test case (the skipped ones are
# counted on the line before it).
set -u
cd "$(dirname "$0")"
logdir=$(mktemp -d)
status=0
# procps-ng's pidof, when setup.sh could build it: the pidof tests compare
# with it (in the distcheck tree too)
if [ -z "${SQ_PIDOF_PEER:-}" ] && [ -x tests/peers/procps-pidof ]; then
	SQ_PIDOF_PEER=$PWD/tests/peers/procps-pidof
	export SQ_PIDOF_PEER
fi

make -j"$(nproc)" check >"$logdir/check.out" 2>&1 || status=1
make -j"$(nproc)" distcheck \
	DISTCHECK_CONFIGURE_FLAGS="--enable-werror --enable-sanitizers" \
	>"$logdir/distcheck.out" 2>&1 || status=1

for f in "$logdir/check.out" "$logdir/distcheck.out"; do
	grep -E '^(FAIL|ERROR|XPASS):' "$f" || true
	grep -E '^# (TOTAL|PASS|SKIP|XFAIL|FAIL|XPASS|ERROR):' "$f" | sed "s|^|$(basename "$f" .out) |"
done
if [ "$status" -ne 0 ]; then
	for f in "$logdir"/*.out; do
		echo "---- last lines of $(basename "$f")"
		tail -n 60 "$f"
	done
	# then each failed test with its own messages (a suite's log holds them
	# after its "not ok" line), last, where a short excerpt of the output
	# still shows them
	find . -name '*.log' -path '*tests*' -newer "$logdir" -exec grep -l '^not ok' {} + 2>/dev/null |
		head -n 5 | while read -r l; do
			echo "---- failed in $l"
			awk '/^not ok/ { n = 12; print; next } /^[A-Z]+: / { next } n > 0 && /^#/ { print; n--; next } { n = 0 }' "$l"
		done
fi

sum() { cat "$logdir"/*.out | awk -v k="$1" '$1 == "#" && $2 == k":" { n += $3 } END { print n + 0 }'; }
pass=$(sum PASS)
fail=$(( $(sum FAIL) + $(sum ERROR) + $(sum XPASS) ))
skip=$(sum SKIP)
if [ "$status" -ne 0 ] && [ "$fail" -eq 0 ]; then
	fail=1 # a build or distcheck step failed outside the test counts
fi
rm -rf "$logdir"
echo "$skip skipped"
echo "$pass passed, $fail failed"
[ "$status" -eq 0 ] && [ "$fail" -eq 0 ]
