#!/bin/bash
# tests/fuzz/mkcorpus.sh: (re)build the seed corpora of the fuzz targets,
# tests/fuzz/corpus/NAME/, from the fixture trees (tests/fixtures/*), from
# this machine's /proc for the files no fixture has (this script's own
# processes: io, limits, smaps...; never environ, which may hold secrets),
# and from the hostile cases below.  Each seed is named after where it came
# from; a file whose bytes another seed already has is left out.  What the
# fuzzers find is added by hand (tests/fuzz/corpus/NAME/found-*), and kept
# when this runs again.
#
#   tests/fuzz/mkcorpus.sh     from the top of the source tree
set -eu
cd "$(dirname "$0")/../.."
out=tests/fuzz/corpus
fix=tests/fixtures

# seed TARGET NAME < bytes
seed() {
	local dir=$out/$1 tmp sum
	mkdir -p "$dir"
	tmp=$(mktemp)
	cat >"$tmp"
	sum=$(md5sum <"$tmp" | cut -c1-32)
	if grep -qx "$sum" "$dir/.sums" 2>/dev/null; then
		rm -f "$tmp"
		return
	fi
	echo "$sum" >>"$dir/.sums"
	mv "$tmp" "$dir/$2"
	chmod 644 "$dir/$2"
}
# hostile TARGET NAME FORMAT...: printf's bytes
hostile() {
	local t=$1 n=$2
	shift 2
	# shellcheck disable=SC2059
	printf -- "$@" | seed "$t" "hostile-$n"
}

find "$out" -mindepth 1 -maxdepth 2 ! -name 'found-*' ! -type d -delete 2>/dev/null || true
mkdir -p "$out"
# the sums of what the fuzzers found, so that it is not added twice
for d in "$out"/*/; do
	[ -d "$d" ] || continue
	for f in "$d"found-*; do [ -f "$f" ] && md5sum <"$f" | cut -c1-32 >>"$d.sums"; done
done

# sysfs_seeds TREE NAME: the one-value files of the cpu family and pid_max
sysfs_seeds() {
	local f rel
	while IFS= read -r f; do
		rel=${f#"$1"/}
		seed sysfs_value "$2-${rel//\//-}" <"$f"
	done < <(find "$1/sys/devices/system/cpu" "$1/proc/sys/kernel" -type f \
		\( -name online -o -name affected_cpus -o -name '*_freq' -o -name core_cpus_list \
		-o -name thread_siblings_list -o -name pid_max \) 2>/dev/null | sort)
}

# ---- fixtures
for tree in "$fix"/*/; do
	t=$(basename "$tree")
	for f in "$tree"proc/[0-9]*/{stat,status,statm,cmdline,wchan,io,limits,cgroup,autogroup,loginuid} \
		"$tree"proc/[0-9]*/task/[0-9]*/stat; do
		[ -f "$f" ] || continue
		rel=${f#"$tree"proc/}
		seed "$(basename "$f")" "$t-${rel//\//-}" <"$f"
	done
	for f in meminfo zoneinfo vmstat cpuinfo loadavg uptime; do
		[ -f "$tree/proc/$f" ] && seed "$f" "$t" <"$tree/proc/$f"
	done
	[ -f "$tree/proc/stat" ] && seed proc_stat "$t" <"$tree/proc/stat"
	[ -f "$tree/var/run/utmp" ] && seed utmp "$t" <"$tree/var/run/utmp"
	for f in passwd group; do
		[ -f "$tree/etc/$f" ] && seed passwd "$t-$f" <"$tree/etc/$f"
	done
	[ -f "$tree/proc/tty/drivers" ] && seed tty_drivers "$t" <"$tree/proc/tty/drivers"
	sysfs_seeds "$tree" "$t"
done

# ---- this machine, files no fixture holds (a short-lived cat reads its own)
for f in stat status statm io limits smaps_rollup smaps cgroup autogroup loginuid oom_score wchan attr/current; do
	name=${f//\//_}
	cat "/proc/self/$f" 2>/dev/null | seed "$name" "live-self" || true
done
for f in meminfo zoneinfo vmstat cpuinfo loadavg uptime; do
	seed "$f" live </proc/$f
done
seed proc_stat live </proc/stat
seed tty_drivers live </proc/tty/drivers
sysfs_seeds "" live
printf 'net:[4026531840]' | seed ns live-net

# ---- hostile cases
big=$(printf '%04096d' 7)
# stat: a name with spaces and parentheses, a cut line, a huge number, no fields
hostile stat name-parens '1 (a) b) (c) S 0 1 1 0 -1 4194560 1 2 3 4 5 6 7 8 20 0 1 0 99 4096 3\n'
hostile stat cut '7 (x) S 1 7 7'
hostile stat huge '7 (x) R 99999999999999999999999 7 7 0 -1 18446744073709551615 1 2 3 4 18446744073709551616 6 7 8 20 0 1 0 99 4096 18446744073709551615\n'
hostile stat noclose '7 (never closed S 1 2 3\n'
hostile stat closefirst ')7 ( S\n'
hostile stat empty ''
hostile stat nocode '7 (x) S 1 7 7 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 99 0 0 18446744073709551615 1 1 0 0 0\n'
# status: reordered, repeated, unknown, missing, no newline, a 4 KiB line, overflow
hostile status reordered 'Uid:\t1\t2\t3\t4\nName:\tz\nVmRSS:\t 8 kB\nState:\tS (sleeping)\nVmSize:\t 16 kB\n'
hostile status repeated 'Name:\ta\nName:\tb\nVmRSS:\t1 kB\nVmRSS:\t2 kB\nUid:\t1\t1\t1\t1\nUid:\t2\t2\t2\t2\n'
hostile status unknown 'Nope:\t1\nVmRSSX:\t2 kB\nVmRSS :\t3 kB\n:\t4\nGroups\n'
hostile status nonl 'Name:\tx\nUid:\t0\t0\t0\t0\nVmRSS:\t12 kB'
hostile status longline "Name:\t$big\nGroups:\t$big\nCpus_allowed_list:\t$big\nSigCgt:\t$big\n"
hostile status overflow 'VmRSS:\t18446744073709551615 kB\nVmSize:\t18014398509481984 kB\nVmData:\t18446744073709551615 kB\nVmStk:\t4503599627370495 kB\nUid:\t-1\t99999999999999999999\t0\t0\n'
hostile status cut 'Name:\tcut\nUid:\t1\t2'
hostile status escapes 'Name:\ta\\nb\\\\c\\\nState:\t\nThreads:\tx\nGroups:\t1 2 x\nSigPnd:\tzz\nShdPnd:\t00000000000000000000ffff\n'
# statm, io, limits, smaps
hostile statm short '1 2 3\n'
hostile statm huge '18446744073709551615 1 1 1 0 1 0\n'
hostile io repeated 'rchar: 1\nrchar: 2\nwchar 3\nread_bytes: 99999999999999999999\ncancelled_write_bytes:\n'
hostile limits cut 'Limit                     Soft Limit           Hard Limit           Units\nMax cpu time              unlimited            unlim'
hostile limits bad 'Max file size  x y\nMax file locks            1                    2                    locks\n'
hostile smaps_rollup overflow 'Pss:  18446744073709551615 kB\nPss:  18446744073709551615 kB\nPrivate_Clean: 1 kB\nSwap:\n'
hostile smaps records '00400000-00452000 r-xp 00000000 08:02 173521 /bin/x\nPss: 4 kB\nPrivate_Dirty: 8 kB\n00452000-00453000 rw-p 0 0:0 0\nPss: 1 kB\nSwap: 2 kB'
# the one-number files and short texts
hostile oom_score neg '-1000\n'
hostile oom_score junk '12x\n'
hostile loginuid unset '4294967295'
hostile loginuid huge '99999999999999999999\n'
hostile autogroup nonice '/autogroup-12'
hostile autogroup bad '/autogroup-x nice 0\n'
hostile autogroup huge '/autogroup-99999999999999999999 nice -99999999999999999999\n'
hostile wchan zero '0'
hostile cgroup nonl '0::/user.slice'
hostile cmdline nul '\0'
hostile cmdline args 'a\0b\0\0c'
hostile environ vars 'A=1\0B=\0=C\0D'
hostile ns bad 'net:[123'
hostile ns huge 'net:[99999999999999999999]'
# system files
hostile meminfo overflow 'MemTotal: 18446744073709551615 kB\nMemFree: 1 kB\nCached: 18014398509481983 kB\nSReclaimable: 18014398509481983 kB\n'
hostile meminfo noavail 'MemTotal: 100 kB\nMemFree: 200 kB\nActive(file): 1 kB\nInactive(file): 1 kB\nSReclaimable: 1 kB\nMemAvailable: 0 kB\n'
hostile meminfo nototal 'MemFree: 1 kB\n'
hostile zoneinfo overflow 'Node 0, zone DMA\n  pages free 1\n        low 18446744073709551615\n        low 1\n'
hostile vmstat cut 'pswpin 1\npswpout'
hostile proc_stat cut 'cpu  1 2 3 4 5 6 7 8 9 10\ncpu0 1 2 3 4\ncpu1 1 2'
hostile proc_stat huge 'cpu  99999999999999999999 2 3 4\ncpu4294967296 1 2 3 4\nctxt 99999999999999999999\nbtime 18446744073709551616\nintr 1 2 3\n'
hostile proc_stat fewcpus 'cpu 1 2 3\ncpu0 1 2 3 4\n'
hostile cpuinfo cores 'processor\t: 0\nphysical id\t: 0\ncpu cores\t: 18446744073709551615\n\nprocessor\t: 1\nphysical id\t: 1\ncpu cores\t: 2\ncpu MHz\t\t: 1e400\nclock : 1200.000000MHz'
hostile sysfs_value cpus-repeat '0 1 1 0  3\t2\n\n7'
hostile sysfs_value cpus-huge '1 2147483648 4294967296 99999999999999999999\n'
hostile sysfs_value khz-junk '1800000kHz\n'
hostile sysfs_value blank ' \n\t\n'
hostile sysfs_value range '0-3,8-11\n'
hostile loadavg cut '0.10 0.20 0.3'
hostile loadavg bad '0.10 x 0.30 1/2 3\n'
hostile uptime long '123.456789012345678901234567890 99999999999999999999.1\n'
hostile uptime bad '.5 1.\n'
hostile passwd odd 'root:x:0:0::/:/bin/sh\n:x:1:\nnoid:x::\nbig:x:4294967296:\nneg:x:-1:\nlong:x:7\nnocolon\n'
hostile passwd longname "$big:x:1:1::/:\n"
hostile tty_drivers odd '/dev/tty /dev/tty 5 0 system:/dev/tty\npty_slave /dev/pts 136 0-1048575 pty:slave\nbad /dev/x 4 9-1 x\nhuge /dev/h 4 99999999999-1 x\nnodev /x/y 4 1 x\n'
hostile tty_drivers long "$big /dev/$big 4 1-2 x\n"
head -c 383 /dev/zero | seed utmp hostile-short
{ head -c 384 /dev/zero | tr '\0' '\377'; head -c 100 /dev/zero; } | seed utmp hostile-ff
rm -f "$out"/*/.sums
