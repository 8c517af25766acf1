#!/usr/bin/env bats
# free: golden outputs on fixtures, procps side by side, live comparison,
# JSON values, options and bad input.

load common

setup() {
	unset SYSQ_PROCFS SYSQ_SYSFS SYSQ_ROOTFS
}

# Every case of tests/expected/free/cases on every fixture with goldens.
@test "free: golden text outputs for every option on four fixtures" {
	local n=0
	for fx in vm-debian12 mem-overcommit mem-highmem32 mem-hostile; do
		while IFS='|' read -r name args; do
			use_fixture "$fx"
			# shellcheck disable=SC2086
			run tool free $args
			assert_success
			assert_output_file "$EXPECTED/free/$fx-$name.txt"
			n=$((n + 1))
		done <"$EXPECTED/free/cases"
	done
	[ "$n" -eq 84 ]
}

@test "free: golden JSON on five fixtures, with and without -l -t -v" {
	for fx in vm-debian12 mem-overcommit mem-highmem32 mem-hostile mem-avail-zero; do
		use_fixture "$fx"
		run tool free --json
		assert_success
		assert_output_file "$EXPECTED/free/$fx.json"
		run tool free --json -l -t -v
		assert_success
		assert_output_file "$EXPECTED/free/$fx-all.json"
	done
}

# procps free cannot be pointed at a fixture: give it the fixture's meminfo
# over /proc/meminfo in a private mount namespace.
peer_free() {
	local fx=$1
	shift
	unshare -m sh -c 'mount --bind "$1" /proc/meminfo && shift && exec free "$@"' \
		sh "$FIXTURES/$fx/proc/meminfo" "$@"
}

@test "free: same bytes as procps free for every option on fixtures with MemAvailable" {
	[ "$(id -u)" -eq 0 ] || skip "needs root for a mount namespace"
	unshare -m true 2>/dev/null || skip "no mount namespaces here"
	for fx in vm-debian12 mem-overcommit; do
		while IFS='|' read -r name args; do
			use_fixture "$fx"
			# shellcheck disable=SC2086
			run tool free $args
			# shellcheck disable=SC2086
			diff -u <(peer_free "$fx" $args) <(printf '%s\n' "$output")
		done <"$EXPECTED/free/cases"
	done
}

@test "free: where MemAvailable is 0, sysq estimates it and procps shows MemFree" {
	[ "$(id -u)" -eq 0 ] || skip "needs root for a mount namespace"
	unshare -m true 2>/dev/null || skip "no mount namespaces here"
	use_fixture mem-avail-zero
	run tool free
	assert_success
	# the documented difference: available (and so used) only
	peer=$(peer_free mem-avail-zero)
	[ "$(echo "$peer" | awk '/^Mem:/ { print $2, $4, $5, $6 }')" = \
	  "$(echo "$output" | awk '/^Mem:/ { print $2, $4, $5, $6 }')" ]
	[ "$(echo "$peer" | awk '/^Mem:/ { print $7 }')" = 12345678 ]
	[ "$(echo "$output" | awk '/^Mem:/ { print $7 }')" = 15053879 ]
}

# Live: the same moment, the same layout; totals identical, the moving
# figures within 2% of total memory.
@test "free: live comparison with procps free" {
	for args in "" "-w" "-b" "-l -t -v" "-h" "-m --si"; do
		# shellcheck disable=SC2086
		ours=$(tool free $args)
		# shellcheck disable=SC2086
		theirs=$(free $args)
		# same lines, same labels, same widths
		[ "$(echo "$ours" | awk '{ print $1, length($0) }' | sed 1d)" = \
		  "$(echo "$theirs" | awk '{ print $1, length($0) }' | sed 1d)" ] ||
			{ echo "$ours"; echo "$theirs"; false; }
		[ "$(echo "$ours" | head -1)" = "$(echo "$theirs" | head -1)" ]
	done
	ours=$(tool free -b)
	theirs=$(free -b)
	total=$(echo "$theirs" | awk '/^Mem:/ { print $2 }')
	[ "$(echo "$ours" | awk '/^Mem:/ { print $2 }')" = "$total" ]
	[ "$(echo "$ours" | awk '/^Swap:/ { print $2 }')" = "$(echo "$theirs" | awk '/^Swap:/ { print $2 }')" ]
	for col in 3 4 5 6 7; do
		a=$(echo "$ours" | awk -v c=$col '/^Mem:/ { print $c }')
		b=$(echo "$theirs" | awk -v c=$col '/^Mem:/ { print $c }')
		d=$((a > b ? a - b : b - a))
		[ "$d" -le $((total / 50)) ] || { echo "column $col: $a vs $b"; false; }
	done
}

@test "free: JSON values match the fixture's meminfo field by field" {
	use_fixture mem-overcommit
	run tool free --json -v
	assert_success
	echo "$output" | jq -e '
		.virtual_memory.total == 8232493056 and
		.virtual_memory.available == 308453376 and
		.virtual_memory.used == 7924039680 and
		.virtual_memory.percent == 96.3 and
		.virtual_memory.free == 115040256 and
		.virtual_memory.buffers == 10465280 and
		.virtual_memory.cached == 522698752 and
		.virtual_memory.shared == 122884096 and
		.virtual_memory.slab == 317673472 and
		.virtual_memory.commit_free == -6278764544 and
		.swap_memory.used == 3221225472 and
		.swap_memory.percent == 75.0 and
		.swap_memory.sin == 37369675776 and
		(has("timestamp") | not) and
		(.virtual_memory | has("low_total") | not)'
}

@test "free: absent values are - in text and null in JSON, never 0" {
	use_fixture mem-hostile
	run tool free -w
	assert_success
	[ "$(echo "$output" | awk '/^Mem:/ { print $6 }')" = "-" ]
	run tool free --json
	echo "$output" | jq -e '.virtual_memory.buffers == null and .virtual_memory.inactive == null and .swap_memory.sin == null'
}

@test "free: a meminfo without MemTotal, empty, or missing is a runtime error" {
	for fx in mem-no-total mem-empty does-not-exist; do
		use_fixture "$fx"
		run --separate-stderr tool free
		assert_failure 1
		assert_output ""
		[[ "$stderr" == "free: "*"/meminfo: "* ]]
	done
}

@test "free: every option combination with --json is valid JSON" {
	while IFS='|' read -r name args; do
		for fx in vm-debian12 mem-hostile; do
			use_fixture "$fx"
			# shellcheck disable=SC2086
			tool free $args --json | jq -e . >/dev/null
			# shellcheck disable=SC2086
			tool free $args --pretty | jq -e . >/dev/null
		done
	done <"$EXPECTED/free/cases"
}

@test "free: --pretty indents one document" {
	use_fixture vm-debian12
	run tool free --pretty
	assert_success
	assert_line --index 0 "{"
	assert_line --index 1 '  "virtual_memory": {'
	[ "$(echo "$output" | jq -cS .)" = "$(tool free --json | jq -cS .)" ]
}

@test "free: -c and -s repeat, blank line between samples, none after the last" {
	use_fixture vm-debian12
	run tool free -c 3 -s 0.01
	assert_success
	[ "${#lines[@]}" -eq 9 ]           # bats drops empty lines from lines[]
	[ "$(printf '%s\n' "$output" | grep -c '^$')" -eq 2 ]
	[ "$(printf '%s\n' "$output" | tail -1 | cut -c1-5)" = "Swap:" ]
	run tool free -c 2 -s 0.01 --json
	assert_success
	[ "${#lines[@]}" -eq 2 ]
	for l in "${lines[@]}"; do
		echo "$l" | jq -e '(.timestamp | type) == "number" and .timestamp > 1600000000 and .virtual_memory.total == 25276514304'
	done
}

@test "free: -c alone samples every second" {
	use_fixture vm-debian12
	start=$(date +%s%N)
	run tool free -c 2
	end=$(date +%s%N)
	assert_success
	[ $(( (end - start) / 1000000 )) -ge 900 ]
}

@test "free: bad numbers are usage errors naming the value" {
	for opt in -s -c --seconds --count; do
		for v in "" 12x -1 99999999999999999999 0 1e3 " 5" 0x10 nan; do
			assert_usage_error "'$v'" -- tool free "$opt" "$v"
		done
	done
	assert_usage_error "'1.5'" -- tool free -c 1.5
}

@test "free: a delay below the smallest accepted names that smallest, not \"greater than 0\"" {
	# procps-ng takes microseconds: 0.000001 is the least it waits
	for v in 0.0000001 0 0.0000009; do
		run --separate-stderr tool free -s "$v" -c 1
		assert_equal "$status" 2
		assert_equal "$stderr" "free: invalid --seconds '$v': must be at least 0.000001"
		[ -z "$output" ]
	done
	run tool free -s 0.000001 -c 1
	assert_success
	run --separate-stderr tool free -s 31536001 -c 1
	assert_equal "$stderr" "free: invalid --seconds '31536001': must be at most 31536000"
}

@test "free: conflicting units, unknown options and operands are usage errors" {
	assert_usage_error "--mebi" -- tool free -b -m
	assert_usage_error "--kilo" -- tool free --kilo --giga
	assert_usage_error "'z'" -- tool free -z
	assert_usage_error "--nope" -- tool free --nope
	assert_usage_error "'extra'" -- tool free extra
	assert_usage_error "'s'" -- tool free -s
}

@test "free: --help and --version go to stdout with exit 0" {
	run --separate-stderr tool free --help
	assert_success
	assert_line --index 0 "Usage: free [options]"
	assert_output --partial "--json"
	[ -z "$stderr" ]
	run tool free -V
	assert_success
	assert_output --regexp '^free \(sysq\) [0-9]+\.[0-9]+\.[0-9]+$'
	run tool free --version
	assert_success
}

@test "free: a write error is exit 1, a closed pipe is quiet" {
	run --separate-stderr tool free
	assert_success
	run --separate-stderr sh -c "'$SQ_BUILDDIR/cmd/free/free' > /dev/full"
	assert_failure 1
	assert_equal "$stderr" "free: write error: No space left on device"
	run --separate-stderr sh -c "'$SQ_BUILDDIR/cmd/free/free' -c 3 -s 0.01 --json > /dev/full"
	assert_failure 1
	run --separate-stderr sh -c "'$SQ_BUILDDIR/cmd/free/free' -s 0.01 | head -c1"
	assert_success
	assert_output " "
	[ -z "$stderr" ]
}
