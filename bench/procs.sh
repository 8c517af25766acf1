#!/bin/bash
# bench/procs.sh: sysq's ps, pidof and pstree beside procps-ng ps and pidof
# and psmisc pstree, on two workloads of idle processes (default 2,000 and
# 10,000 on top of what the machine runs), to see what each tool costs per
# process.  Prints Markdown:
#   1. the workload actually achieved (owners, threads, names, argv sizes),
#   2. syscalls per process, (count at BIG - count at SMALL) / (BIG - SMALL),
#      from `strace -f -c`, and mean wall time and CPU time (user + system)
#      from hyperfine at both sizes,
#   3. where our syscalls per process go (openat, read, close, newfstatat,
#      readlinkat, getdents64, other), and the same for the peers,
#   4. what each side printed at BIG (lines / bytes).
# A report, not a test: nothing asserts on time.  Run it as root from the top
# of a built tree (it creates the user sqbench if missing, and removes it
# again, and starts processes as root, sqbench and nobody).
#
#   bench/procs.sh [SMALL BIG]    default 2000 10000; BENCH_RUNS=N timed runs
#                                 per command (default 20, 0 = no timing)
#   PIDOF_PEER=path               procps-ng pidof (default tests/peers/procps-pidof,
#                                 which setup.sh builds; /usr/bin/pidof is sysvinit's)
#   BENCH_KEEP=dir                keep the raw files there: strace -c output
#                                 (SIZE.ROW.SIDE.c), hyperfine JSON (SIZE.ROW.json),
#                                 what each command printed at BIG (ROW.SIDE.txt)
#
# The workload comes from bench/spawn_procs.c, compiled here into a temporary
# directory; see its header for the exact composition.
set -u
set -f # the command strings below are split on spaces, never globbed
cd "$(dirname "$0")/.." || exit 1

usage() {
	echo "bench/procs.sh: $1 (usage: bench/procs.sh [SMALL BIG], positive integers, BIG > SMALL)" >&2
	exit 2
}
is_count() { case $1 in '' | *[!0-9]*) return 1 ;; esac; [ "$((10#$1))" -gt 0 ]; }

case $# in
0) small=2000 big=10000 ;;
2) small=$1 big=$2 ;;
*) usage "give both sizes or none" ;;
esac
is_count "$small" || usage "SMALL '$small' is not a positive integer"
is_count "$big" || usage "BIG '$big' is not a positive integer"
small=$((10#$small)) big=$((10#$big))
[ "$big" -gt "$small" ] || usage "BIG ($big) must be greater than SMALL ($small)"
runs=${BENCH_RUNS:-20}
case $runs in '' | *[!0-9]*) usage "BENCH_RUNS '$runs' is not a number" ;; esac
warmup=3
pidof_peer=${PIDOF_PEER:-tests/peers/procps-pidof}
pidof_name=sqb-worker # one of the names spawn_procs gives its children

# ---- requirements ---------------------------------------------------------
missing=0
for f in cmd/ps/ps cmd/pidof/pidof cmd/pstree/pstree /usr/bin/ps /usr/bin/pstree; do
	[ -x "$f" ] || { echo "bench: $f is missing (build the tree; install procps and psmisc)" >&2; missing=1; }
done
for c in strace cc; do
	command -v "$c" >/dev/null || { echo "bench: $c is not installed" >&2; missing=1; }
done
[ "$(id -u)" = 0 ] || { echo "bench: run as root (it starts processes as other users)" >&2; missing=1; }
[ "$missing" = 0 ] || exit 1
have_hyperfine=0
command -v hyperfine >/dev/null && have_hyperfine=1
have_pidof_peer=0
[ -x "$pidof_peer" ] && have_pidof_peer=1

# "label|ours|peer|peer label"
pairs=(
	"ps -e|cmd/ps/ps -e|/usr/bin/ps -e|ps -e"
	"ps aux|cmd/ps/ps aux|/usr/bin/ps aux|ps aux"
	"ps -ef|cmd/ps/ps -ef|/usr/bin/ps -ef|ps -ef"
	"ps -eo pid,comm|cmd/ps/ps -eo pid,comm|/usr/bin/ps -eo pid,comm|ps -eo pid,comm"
	"ps aux --json|cmd/ps/ps aux --json|/usr/bin/ps aux|ps aux"
)
if [ "$have_pidof_peer" = 1 ]; then
	pairs+=("pidof $pidof_name|cmd/pidof/pidof $pidof_name|$pidof_peer $pidof_name|pidof $pidof_name (procps-ng)")
fi
pairs+=("pstree -p|cmd/pstree/pstree -p|/usr/bin/pstree -p|pstree -p (psmisc)")

# ---- set-up and clean-up ------------------------------------------------------
tmp=$(mktemp -d) || exit 1
chmod 755 "$tmp" # the other user's children execute spawn_procs from here
spawn_pid='' spawn_in='' spawn_out='' created_user='' restore_pid_max='' restore_threads_max=''

stop_workload() {
	local fd=$spawn_in line='' rc=0
	# EOF on its stdin: spawn_procs kills and reaps its children, then exits,
	# which closes its stdout
	[ -n "$fd" ] && exec {fd}>&-
	spawn_in=''
	fd=$spawn_out
	if [ -n "$fd" ]; then
		while [ "$rc" = 0 ]; do
			read -r -t 120 line <&"$fd"
			rc=$?
		done
		[ "$rc" -gt 128 ] && [ -n "$spawn_pid" ] && kill -TERM "$spawn_pid" 2>/dev/null # timed out
		exec {fd}<&-
	fi
	spawn_out='' spawn_pid=''
}
# shellcheck disable=SC2317 # called from the traps
cleanup() {
	trap - EXIT INT TERM HUP
	stop_workload
	[ -n "$restore_pid_max" ] && echo "$restore_pid_max" >/proc/sys/kernel/pid_max
	[ -n "$restore_threads_max" ] && echo "$restore_threads_max" >/proc/sys/kernel/threads-max
	[ -n "$created_user" ] && userdel "$created_user" 2>/dev/null
	if [ -n "${BENCH_KEEP:-}" ]; then
		set +f
		mkdir -p "$BENCH_KEEP" && cp -p "$tmp"/*.c "$tmp"/*.json "$tmp"/*.txt "$BENCH_KEEP"/ 2>/dev/null
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'echo "bench: interrupted" >&2; cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM
trap 'cleanup; exit 129' HUP

if ! cc -O2 -pthread -o "$tmp/spawn_procs" bench/spawn_procs.c 2>"$tmp/cc.err"; then
	cat "$tmp/cc.err" >&2
	exit 1
fi

# a quarter of the workload runs as sqbench (created if missing), else nobody
other=sqbench
if ! id -u "$other" >/dev/null 2>&1; then
	if useradd --system --no-create-home --shell /usr/sbin/nologin "$other" 2>/dev/null; then
		created_user=$other
	else
		other=nobody
	fi
fi
other_ids="$(id -u "$other"):$(id -g "$other")"

# room for BIG processes and their threads (spawn_procs: ~19 % extra threads);
# loadavg's 4th field is "running/total scheduling entities"
tasks_now=$(awk '{ split($4, a, "/"); print a[2] }' /proc/loadavg)
need=$((tasks_now + big + big / 4 + 1000))
pid_max=$(cat /proc/sys/kernel/pid_max)
if [ "$pid_max" -lt "$need" ]; then
	restore_pid_max=$pid_max
	echo "$((need * 2))" >/proc/sys/kernel/pid_max || exit 1
fi
threads_max=$(cat /proc/sys/kernel/threads-max)
if [ "$threads_max" -lt "$need" ]; then
	restore_threads_max=$threads_max
	echo "$((need * 2))" >/proc/sys/kernel/threads-max || exit 1
fi
# RLIMIT_NPROC: spawn_procs raises its own soft limit when it must
mem_avail_kb=$(awk '/^MemAvailable:/ { print $2 }' /proc/meminfo)
if [ "$((big * 512))" -gt "${mem_avail_kb:-0}" ]; then
	echo "bench: warning: $((mem_avail_kb / 1024)) MiB available; $big processes may need ~$((big / 2)) MiB" >&2
fi

start_workload() { # N
	local line=''
	rm -f "$tmp/in" "$tmp/out"
	mkfifo "$tmp/in" "$tmp/out" || exit 1
	# -d: it detaches, so the workload hangs off init, not off our shells
	"$tmp/spawn_procs" -d -u "$other_ids" "$1" <"$tmp/in" >"$tmp/out" 2>"$tmp/spawn.err" &
	exec {spawn_in}>"$tmp/in" {spawn_out}<"$tmp/out"
	wait "$!" # the detaching parent exits at once
	read -r -t 60 line <&"$spawn_out" && spawn_pid=${line#pid }
	case $spawn_pid in '' | *[!0-9]*) spawn_pid='' ;; esac
	if [ -z "$spawn_pid" ] || ! read -r -t 900 line <&"$spawn_out" || [ "$line" != ready ]; then
		echo "bench: the workload of $1 processes did not come up:" >&2
		cat "$tmp/spawn.err" >&2
		exit 1
	fi
}

# ---- measuring ----------------------------------------------------------------
nprocs() {
	local d n=0
	set +f
	for d in /proc/[0-9]*; do [ -d "$d" ] && n=$((n + 1)); done
	set -f
	echo "$n"
}

# stop, rather than report nonsense, when the workload died under us: Ctrl-C
# reaches spawn_procs too (same process group), and bash drops the SIGINT
# when the foreground command (strace, hyperfine) catches it and exits
# normally
check_workload() { # size
	if [ ! -d "/proc/$spawn_pid" ] || grep -q '^State:.*zombie' "/proc/$spawn_pid/status" 2>/dev/null; then
		echo "bench: the workload of $1 processes is gone (interrupted?); stopping" >&2
		exit 130
	fi
}

# strace -c file -> total calls
sc_total() { awk '$NF == "total" { print $4 }' "$1"; }

# hyperfine both commands in one invocation -> "ours_mean ours_sd ours_user
# ours_sys peer_mean peer_sd peer_user peer_sys" (ms)
time_pair() {
	if [ "$have_hyperfine" = 0 ] || [ "$runs" = 0 ]; then
		echo "nan nan nan nan nan nan nan nan"
		return
	fi
	if ! hyperfine -N --warmup "$warmup" --runs "$runs" --output=null \
		--export-json "$tmp/h.json" "$1" "$2" >/dev/null 2>"$tmp/h.err"; then
		sed 's/^/bench: hyperfine: /' "$tmp/h.err" >&2
		echo "nan nan nan nan nan nan nan nan"
		return
	fi
	awk -F: '/"(mean|stddev|user|system)":/ { gsub(/[ ,]/, "", $2); printf "%.4f ", $2 * 1000 } END { print "" }' "$tmp/h.json"
}

fmt_ms() { # mean sd -> "12.3 ± 0.4"
	awk -v m="$1" -v s="$2" 'BEGIN {
		if (m == "nan" || m == "") { print "n/a"; exit }
		if (s == "nan") printf "%.1f\n", m; else printf "%.1f ± %.1f\n", m, s }'
}
ratio() { awk -v o="$1" -v p="$2" 'BEGIN { if (o == "nan" || p == "nan" || o + 0 == 0) print "n/a"; else printf "%.2f\n", p / o }'; }

declare -A mean sd cpu census procs_seen
measure() { # size
	local size=$1 pair label ours peer side cmd i rc
	local -a t
	local ppid
	ppid=$(awk '/^PPid:/ { print $2 }' "/proc/$spawn_pid/status")
	census[$size]="- spawner: spawn_procs($spawn_pid), detached: its parent is $(cat "/proc/$ppid/comm" 2>/dev/null)($ppid)
$("$tmp/spawn_procs" census "$spawn_pid")"
	i=0
	for pair in "${pairs[@]}"; do
		IFS='|' read -r label ours peer _ <<<"$pair"
		for side in ours peer; do
			[ "$side" = ours ] && cmd=$ours || cmd=$peer
			procs_seen[$size]="${procs_seen[$size]:-} $(nprocs)"
			# shellcheck disable=SC2086 # split on purpose
			strace -f -c -o "$tmp/$size.$i.$side.c" $cmd >/dev/null 2>"$tmp/strace.err"
			rc=$?
			check_workload "$size"
			[ "$rc" = 0 ] || echo "bench: '$cmd' exited $rc under strace at $size: $(head -1 "$tmp/strace.err")" >&2
			if [ "$size" = "$big" ]; then
				# shellcheck disable=SC2086
				$cmd >"$tmp/$i.$side.txt" 2>/dev/null
				wc -lc <"$tmp/$i.$side.txt" >"$tmp/$i.$side.out"
			fi
		done
		read -r -a t <<<"$(time_pair "$ours" "$peer")"
		[ -f "$tmp/h.json" ] && mv "$tmp/h.json" "$tmp/$size.$i.json"
		check_workload "$size"
		mean[$size.$i.ours]=${t[0]} sd[$size.$i.ours]=${t[1]}
		cpu[$size.$i.ours]=$(awk -v u="${t[2]}" -v s="${t[3]}" 'BEGIN { print (u == "nan") ? "nan" : u + s }')
		mean[$size.$i.peer]=${t[4]} sd[$size.$i.peer]=${t[5]}
		cpu[$size.$i.peer]=$(awk -v u="${t[6]}" -v s="${t[7]}" 'BEGIN { print (u == "nan") ? "nan" : u + s }')
		i=$((i + 1))
	done
}

# syscalls per process of one side, total or of one syscall ("" = total,
# "other" = everything but the named ones)
per_proc() { # i side [name]
	local a=$tmp/$small.$1.$2.c b=$tmp/$big.$1.$2.c
	awk -v name="${3:-}" -v d="$((big - small))" -v named="openat read close newfstatat readlinkat getdents64" '
	BEGIN { split(named, l, " "); for (k in l) isnamed[l[k]] = 1 }
	FNR == 1 { f++ }
	/^-+ / { sep[f]++; next }
	sep[f] == 1 && NF >= 5 {
		n = $NF
		if (name == "" || n == name || (name == "other" && !(n in isnamed)))
			c[f] += $4
	}
	END { v = (c[2] - c[1]) / d; if (v > -0.005 && v < 0.005) v = 0; printf "%.2f\n", v }' "$a" "$b"
}

# ---- run --------------------------------------------------------------------
kernel=$(uname -r)
echo "sysq bench/procs.sh, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
# shellcheck source=/dev/null
echo "- machine: $(nproc) CPUs, $(awk '/^MemTotal:/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), Linux $kernel, $(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME")"
echo "- peers: $(/usr/bin/ps -V 2>&1 | head -1); $(/usr/bin/pstree -V 2>&1 | head -1);" \
	"$([ "$have_pidof_peer" = 1 ] && "$pidof_peer" -V 2>&1 | head -1 | sed "s|^|$pidof_peer: |" ||
		echo "procps-ng pidof NOT found at $pidof_peer (set PIDOF_PEER): the pidof row is skipped")"
echo "- sysq: $(git describe --always --dirty 2>/dev/null || echo "not a git tree"), cmd/ps/ps built $(date -u -r cmd/ps/ps '+%Y-%m-%d %H:%M UTC')"
echo "- workloads: $small and $big processes from bench/spawn_procs.c, on top of $(nprocs) already running"
echo "- other user: $other${created_user:+ (created for this run, removed at exit)}"
if [ "$have_hyperfine" = 0 ]; then
	echo "- timing: hyperfine is NOT installed: syscalls only"
elif [ "$runs" = 0 ]; then
	echo "- timing: skipped (BENCH_RUNS=0)"
else
	echo "- timing: $(hyperfine --version), -N (no shell), --warmup $warmup --runs $runs, output to /dev/null (--output=null) on both sides, mean ± stddev"
fi
echo "- syscalls: strace -f -c, one run of each command at each size; per process = (count at $big − count at $small) / $((big - small))"
echo "- locale: LANG=${LANG:-} LC_ALL=${LC_ALL:-} (the same for both sides)"
echo "- load average at start: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine moves the timings, not the syscall counts)"
[ -n "$restore_pid_max" ] && echo "- pid_max raised from $restore_pid_max for the run"
[ -n "$restore_threads_max" ] && echo "- threads-max raised from $restore_threads_max for the run"
echo

for size in "$small" "$big"; do
	echo "bench: starting $size processes..." >&2
	start_workload "$size"
	echo "bench: measuring at $size..." >&2
	measure "$size"
	stop_workload
done

echo "- load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
for size in "$small" "$big"; do
	echo "Workload of $size (processes in /proc before each strace: $(tr ' ' '\n' <<<"${procs_seen[$size]}" | sort -n | awk 'NF { a[n++] = $1 } END { print a[0] "-" a[n - 1] }')):"
	echo
	echo "${census[$size]}"
	echo
done

echo "### Per process at $big, and wall time"
echo
echo "| command | peer | ours syscalls/process | peer syscalls/process | ours mean (ms) at $big | peer mean (ms) at $big | speed-up (peer/ours) |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: |"
i=0
for pair in "${pairs[@]}"; do
	IFS='|' read -r label _ _ plabel <<<"$pair"
	echo "| $label | $plabel | $(per_proc $i ours) | $(per_proc $i peer) |" \
		"$(fmt_ms "${mean[$big.$i.ours]}" "${sd[$big.$i.ours]}") | $(fmt_ms "${mean[$big.$i.peer]}" "${sd[$big.$i.peer]}") |" \
		"$(ratio "${mean[$big.$i.ours]}" "${mean[$big.$i.peer]}") |"
	i=$((i + 1))
done
echo
echo "At $small processes:"
echo
echo "| command | ours mean (ms) at $small | peer mean (ms) at $small | speed-up (peer/ours) | syscalls at $small (ours / peer) | syscalls at $big (ours / peer) |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
i=0
for pair in "${pairs[@]}"; do
	IFS='|' read -r label _ _ _ <<<"$pair"
	echo "| $label | $(fmt_ms "${mean[$small.$i.ours]}" "${sd[$small.$i.ours]}") | $(fmt_ms "${mean[$small.$i.peer]}" "${sd[$small.$i.peer]}") |" \
		"$(ratio "${mean[$small.$i.ours]}" "${mean[$small.$i.peer]}") |" \
		"$(sc_total "$tmp/$small.$i.ours.c") / $(sc_total "$tmp/$small.$i.peer.c") | $(sc_total "$tmp/$big.$i.ours.c") / $(sc_total "$tmp/$big.$i.peer.c") |"
	i=$((i + 1))
done
echo
if [ "$have_hyperfine" = 1 ] && [ "$runs" != 0 ]; then
	echo "CPU time (user + system, mean per run, from hyperfine): less moved by other work on the machine than wall time"
	echo
	echo "| command | ours at $small (ms) | peer at $small (ms) | ours at $big (ms) | peer at $big (ms) | peer/ours at $big |"
	echo "| --- | ---: | ---: | ---: | ---: | ---: |"
	i=0
	for pair in "${pairs[@]}"; do
		IFS='|' read -r label _ _ _ <<<"$pair"
		echo "| $label | $(fmt_ms "${cpu[$small.$i.ours]}" nan) | $(fmt_ms "${cpu[$small.$i.peer]}" nan) |" \
			"$(fmt_ms "${cpu[$big.$i.ours]}" nan) | $(fmt_ms "${cpu[$big.$i.peer]}" nan) | $(ratio "${cpu[$big.$i.ours]}" "${cpu[$big.$i.peer]}") |"
		i=$((i + 1))
	done
	echo
fi
echo "### Where the syscalls per process go"
echo
for side in ours peer; do
	if [ "$side" = ours ]; then echo "sysq:"; else echo "peers:"; fi
	echo
	echo "| command | openat | read | close | newfstatat | readlinkat | getdents64 | other | total |"
	echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
	i=0
	for pair in "${pairs[@]}"; do
		IFS='|' read -r label _ _ plabel <<<"$pair"
		[ "$side" = peer ] && label=$plabel
		row="| $label |"
		for n in openat read close newfstatat readlinkat getdents64 other ""; do
			row+=" $(per_proc $i $side "$n") |"
		done
		echo "$row"
		i=$((i + 1))
	done
	echo
done
echo "What each side printed at $big (lines / bytes, one run to a file):"
echo
echo "| command | ours | peer |"
echo "| --- | ---: | ---: |"
i=0
for pair in "${pairs[@]}"; do
	IFS='|' read -r label _ _ _ <<<"$pair"
	read -r ol ob <"$tmp/$i.ours.out"
	read -r pl pb <"$tmp/$i.peer.out"
	echo "| $label | $ol / $ob | $pl / $pb |"
	i=$((i + 1))
done
exit 0
