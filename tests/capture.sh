#!/bin/sh
# Capture the kernel files sysq's fixtures are made of from a live machine:
#   tests/capture.sh NAME [ROOT]
# writes tests/fixtures/NAME/{proc,sys,var/run}/... (ROOT defaults to /).
# Review the result before committing: utmp holds user and host names.
set -eu
name=${1:?usage: capture.sh NAME [ROOT]}
root=${2:-/}
dest="$(cd "$(dirname "$0")" && pwd)/fixtures/$name"
mkdir -p "$dest"

copy() { # copy one file if readable, keeping its path below the root
	src="$root/$1"
	[ -r "$src" ] || return 0
	mkdir -p "$dest/$(dirname "$1")"
	# kernel files report size 0: read them with cat, not cp
	cat "$src" >"$dest/$1" 2>/dev/null || rm -f "$dest/$1"
}

for f in meminfo zoneinfo vmstat stat uptime loadavg cpuinfo; do
	copy "proc/$f"
done
for d in "$root"/sys/devices/system/cpu/cpu[0-9]*; do
	[ -d "$d" ] || continue
	cpu=${d#"$root"/}
	for f in topology/core_cpus_list topology/thread_siblings_list topology/core_id \
		topology/physical_package_id cpufreq/scaling_cur_freq cpufreq/scaling_min_freq \
		cpufreq/scaling_max_freq online; do
		copy "$cpu/$f"
	done
done
for f in online present possible; do
	copy "sys/devices/system/cpu/$f"
done
copy var/run/utmp
echo "captured into $dest"
