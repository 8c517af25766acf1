#!/usr/bin/env bats
# The tools run as an unprivileged user (nobody): same answers, no noise.

load common

setup_file() {
	[ "$(id -u)" -eq 0 ] || return 0
	# a copy nobody can reach, whatever the permissions of the build tree
	UNPRIV=$(mktemp -d)
	export UNPRIV
	for t in free uptime who; do
		cp "$SQ_BUILDDIR/cmd/$t/$t" "$UNPRIV/"
	done
	cp -r "$FIXTURES/vm-debian12" "$FIXTURES/upt-3days" "$UNPRIV/"
	chmod -R a+rX "$UNPRIV"
}

teardown_file() {
	[ -n "${UNPRIV:-}" ] && rm -rf "$UNPRIV"
}

setup() {
	[ "$(id -u)" -eq 0 ] || skip "needs root to switch to nobody"
	command -v setpriv >/dev/null || skip "setpriv missing"
	unset SYSQ_PROCFS SYSQ_SYSFS SYSQ_ROOTFS
}

@test "unpriv: free as nobody prints the fixture's numbers like root" {
	export SYSQ_PROCFS="$UNPRIV/vm-debian12/proc"
	root=$("$UNPRIV/free" -l -t -v)
	run --separate-stderr as_nobody "$UNPRIV/free" -l -t -v
	assert_success
	[ -z "$stderr" ]
	assert_equal "$output" "$root"
	run as_nobody "$UNPRIV/free" --json
	assert_success
	echo "$output" | jq -e '.virtual_memory.total == 25276514304'
}

@test "unpriv: live free and uptime as nobody: same layout, no stderr" {
	run --separate-stderr as_nobody "$UNPRIV/free" -b
	assert_success
	[ -z "$stderr" ]
	[ "$(echo "$output" | awk '/^Mem:/ { print $2 }')" = "$(free -b | awk '/^Mem:/ { print $2 }')" ]
	run --separate-stderr as_nobody "$UNPRIV/uptime" --json
	assert_success
	[ -z "$stderr" ]
	echo "$output" | jq -e '.uptime > 0 and (.load_average | length) == 3'
}

@test "unpriv: uptime and who as nobody on fixtures" {
	export SYSQ_PROCFS="$UNPRIV/upt-3days/proc" SYSQ_ROOTFS="$UNPRIV/upt-3days"
	run --separate-stderr as_nobody "$UNPRIV/uptime" -p
	assert_success
	assert_output "up 3 days, 5 hours, 45 minutes"
	[ -z "$stderr" ]
	run --separate-stderr as_nobody "$UNPRIV/who" --json
	assert_success
	[ -z "$stderr" ]
	echo "$output" | jq -e '.users == []'
}

@test "unpriv: a meminfo nobody may not read is exit 1 with access denied" {
	d=$(mktemp -d)
	mkdir "$d/proc"
	cp "$FIXTURES/vm-debian12/proc/meminfo" "$d/proc/meminfo"
	chmod 600 "$d/proc/meminfo"
	chmod 755 "$d" "$d/proc"
	export SYSQ_PROCFS="$d/proc"
	run --separate-stderr as_nobody "$UNPRIV/free"
	assert_failure 1
	[[ "$stderr" == *"meminfo: access denied" ]]
	rm -rf "$d"
}
