#!/usr/bin/env bats
# uptime: fixed uptimes on fixtures, procps side by side, JSON, options.

load common

setup() {
	unset SYSQ_PROCFS SYSQ_SYSFS SYSQ_ROOTFS
	export TZ=UTC
}

# The classic line without its clock (which is the time of the run).
strip_clock() {
	sed -E 's/^ [0-9]{2}:[0-9]{2}:[0-9]{2} up /  HH:MM:SS up /'
}

@test "uptime: the classic line for six uptimes" {
	local -A want=(
		[30s]="up 0 min,  0 user,  load average: 0.00, 0.01, 0.05"
		[hour]="up  1:00,  0 user,  load average: 1.00, 2.50, 3.75"
		[1day]="up 1 day, 1 min,  0 user,  load average: 12.34, 5.67, 0.89"
		[3days]="up 3 days,  5:45,  0 user,  load average: 0.10, 0.20, 0.30"
		[week]="up 7 days, 0 min,  0 user,  load average: 0.00, 0.00, 0.00"
		[decade]="up 4018 days, 0 min,  0 user,  load average: 100.00, 99.99, 123.45"
	)
	for fx in "${!want[@]}"; do
		use_fixture "upt-$fx"
		run tool uptime
		assert_success
		assert_output --regexp "^ [0-2][0-9]:[0-5][0-9]:[0-5][0-9] ${want[$fx]}\$"
	done
}

@test "uptime: -p in words, as procps counts (exactly an hour is 60 minutes)" {
	local -A want=(
		[30s]="up 0 minutes"
		[hour]="up 60 minutes"
		[1day]="up 1 day, 1 minute"
		[3days]="up 3 days, 5 hours, 45 minutes"
		[week]="up 1 week, 0 minutes"
		[decade]="up 1 decade, 1 year, 3 days, 0 minutes"
	)
	for fx in "${!want[@]}"; do
		use_fixture "upt-$fx"
		run tool uptime -p
		assert_success
		assert_output "${want[$fx]}"
		run tool uptime --pretty
		assert_output "${want[$fx]}"
	done
}

@test "uptime: -s is now minus uptime, rounded" {
	use_fixture upt-3days
	before=$(date +%s)
	run tool uptime -s
	after=$(date +%s)
	assert_success
	got=$(date -u -d "$output" +%s)
	[ "$got" -ge $((before - 279900)) ] && [ "$got" -le $((after - 279900 + 1)) ]
	assert_output --regexp '^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$'
}

# procps reads the real /proc: give it the fixture's files in a private
# mount namespace, with a private /run for utmp.
peer_uptime() {
	local fx=$1
	shift
	unshare -m sh -c '
		d=$1; shift
		mount -t tmpfs none /run &&
		if [ -f "$d/var/run/utmp" ]; then cp "$d/var/run/utmp" /run/utmp; fi &&
		mount --bind "$d/proc/uptime" /proc/uptime &&
		mount --bind "$d/proc/loadavg" /proc/loadavg &&
		exec uptime "$@"' sh "$FIXTURES/$fx" "$@"
}

@test "uptime: same text as procps uptime on every fixture" {
	[ "$(id -u)" -eq 0 ] || skip "needs root for a mount namespace"
	unshare -m true 2>/dev/null || skip "no mount namespaces here"
	for fx in 30s hour 1day 3days week decade; do
		use_fixture "upt-$fx"
		for args in "" "-p"; do
			# shellcheck disable=SC2086
			theirs=$(peer_uptime "upt-$fx" $args | strip_clock)
			# shellcheck disable=SC2086
			ours=$(tool uptime $args | strip_clock)
			[ "$ours" = "$theirs" ] || { echo "ours:   $ours"; echo "theirs: $theirs"; false; }
		done
	done
}

@test "uptime: live, the same line as procps uptime" {
	for i in 1 2 3; do
		ours=$(tool uptime | strip_clock)
		theirs=$(uptime | strip_clock)
		# the minute may turn between the two runs: try again
		[ "$ours" = "$theirs" ] && break
	done
	[ "$ours" = "$theirs" ] || { echo "ours:   $ours"; echo "theirs: $theirs"; false; }
	[ "$(tool uptime -p)" = "$(uptime -p)" ] || [ "$(tool uptime -p)" = "$(uptime -p)" ]
	a=$(date -d "$(tool uptime -s)" +%s)
	b=$(date -d "$(uptime -s)" +%s)
	[ $((a > b ? a - b : b - a)) -le 1 ]
}

@test "uptime: JSON values from the fixture" {
	use_fixture upt-3days
	run tool uptime --json
	assert_success
	echo "$output" | jq -e '
		.boot_time == 1700000000 and
		.uptime == 279900.42 and
		.num_users == 0 and
		.load_average == [0.1, 0.2, 0.3] and
		(.timestamp | type) == "number" and .timestamp > 1600000000'
	run tool uptime --json -p
	assert_success
	assert_line --index 0 "{"
	echo "$output" | jq -e '.uptime == 279900.42'
}

@test "uptime: a missing loadavg is null in JSON and - in text" {
	use_fixture upt-broken
	run --separate-stderr tool uptime
	assert_failure 1
	[[ "$stderr" == "uptime: "*"/uptime: unexpected content in a kernel file" ]]
	use_fixture sys-notime
	run tool uptime --json
	assert_success
	echo "$output" | jq -e '.boot_time == null and .load_average == null and .uptime == 350735.61'
	run tool uptime
	assert_output --regexp 'load average: -, -, -$'
}

@test "uptime: bad input is a usage error" {
	assert_usage_error "'x'" -- tool uptime -x
	assert_usage_error "'now'" -- tool uptime now
	assert_usage_error "--bogus" -- tool uptime --bogus
}

@test "uptime: --help, -h and --version" {
	run tool uptime -h
	assert_success
	assert_line --index 0 "Usage: uptime [options]"
	run tool uptime --help
	assert_success
	run tool uptime -V
	assert_output --regexp '^uptime \(sysq\) '
}

@test "uptime: a write error is exit 1" {
	run --separate-stderr sh -c "'$SQ_BUILDDIR/cmd/uptime/uptime' > /dev/full"
	assert_failure 1
	assert_equal "$stderr" "uptime: write error: No space left on device"
}
