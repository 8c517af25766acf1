#!/bin/bash
# bench/syscalls.sh: sysq's free, uptime and who beside their classic peers
# (procps-ng free and uptime, coreutils who), ours and the peer's in the same
# run and the same environment.  Prints Markdown:
#   1. syscalls of one run (strace -f -c total) and mean wall time (hyperfine),
#   2. where those syscalls go: dynamic loader, locale/time zone files, the
#      data itself (/proc, /sys, utmp), everything else,
#   3. the five most frequent syscalls of each side.
# A report, not a test: nothing asserts on time.  Exit status is non-zero only
# when a tool (ours, a peer, strace) is missing.
#
#   bench/syscalls.sh [RUNS]    from the top of a built tree; RUNS defaults
#                               to 300, 0 skips the timing
set -u
cd "$(dirname "$0")/.." || exit 1

runs=${1:-300}
warmup=20
case $runs in '' | *[!0-9]*) echo "usage: bench/syscalls.sh [RUNS]" >&2; exit 2 ;; esac

# "ours|peer": each row runs both with the same arguments
pairs=(
	"cmd/free/free|/usr/bin/free"
	"cmd/free/free -h|/usr/bin/free -h"
	"cmd/free/free -w -t -v|/usr/bin/free -w -t -v"
	"cmd/uptime/uptime|/usr/bin/uptime"
	"cmd/uptime/uptime -p|/usr/bin/uptime -p"
	"cmd/who/who|/usr/bin/who"
	"cmd/who/who -a|/usr/bin/who -a"
)

missing=0
for f in cmd/free/free cmd/uptime/uptime cmd/who/who \
	/usr/bin/free /usr/bin/uptime /usr/bin/who; do
	[ -x "$f" ] || { echo "bench: $f is missing (build the tree, install procps and coreutils)" >&2; missing=1; }
done
command -v strace >/dev/null || { echo "bench: strace is not installed" >&2; missing=1; }
[ "$missing" = 0 ] || exit 1

have_hyperfine=0
command -v hyperfine >/dev/null && have_hyperfine=1

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

# Split one `strace -f -o` trace into loader / locale / data / other.
# loader: everything ld.so does before it unmaps /etc/ld.so.cache, plus any
# later opening of a .so; locale: locale archives, gconv, message catalogues,
# /etc/localtime and zoneinfo; data: /proc, /sys, utmp/wtmp and the root
# directory fd.  A syscall on an fd (read, fstat, mmap, close, openat
# relative to it) counts where the open of that fd counted.  exit_group is
# left out, as strace -c leaves it out.
split_trace() {
	awk '
	function cat_of_path(p) {
		if (p ~ /gconv|\/locale|\.mo"$|^"\/etc\/localtime"|zoneinfo/) return "locale"
		if (p ~ /\.so(\.[0-9]+)*"$|^"\/etc\/ld\.so\./) return "loader"
		if (p ~ /^"\/(proc|sys)(\/|")|utmp|wtmp|^"\/"$/) return "data"
		return ""
	}
	function arg(s, i,   a, n) { # i-th argument (1-based) of "name(a, b, ...) = r"
		s = substr(s, index(s, "(") + 1)
		n = split(s, a, ", ")
		return i <= n ? a[i] : ""
	}
	{
		sub(/^[0-9]+ +/, "")
		if ($0 ~ /^(\+\+\+|---)/ || $0 ~ /resumed>/) next
		name = $0; sub(/\(.*/, "", name)
		if (name == "exit_group") next
		n = split($0, parts, " = "); ret = parts[n]; sub(/ .*/, "", ret)
		cat = ""
		if (name ~ /^(openat|open|access|faccessat2?|newfstatat|statx|stat|lstat|readlink|readlinkat)$/) {
			p = (name ~ /at2?$|^statx$/) ? arg($0, 2) : arg($0, 1)
			d = (name ~ /at2?$|^statx$/) ? arg($0, 1) : ""
			if (p ~ /^"/ && p != "\"\"") cat = cat_of_path(p)
			if (cat == "" && d ~ /^[0-9]+$/ && (d in fdcat)) cat = fdcat[d]
			if (name ~ /^open/ && ret ~ /^[0-9]+$/) {
				if (cat != "") fdcat[ret] = cat; else delete fdcat[ret]
			}
			if (p ~ /ld\.so\.cache"$/ && ret ~ /^[0-9]+$/) cachefd = ret
			if (p ~ /\.so(\.[0-9]+)*"$/) sofiles++
		} else {
			fd = (name == "mmap") ? arg($0, 5) : arg($0, 1)
			sub(/[,)].*/, "", fd)
			if (fd ~ /^[0-9]+$/ && (fd in fdcat)) cat = fdcat[fd]
			if (name == "mmap" && cachefd != "" && fd == cachefd && cacheaddr == "") cacheaddr = ret
			if (name == "close" && fd ~ /^[0-9]+$/) {
				delete fdcat[fd]
				if (fd == cachefd) cachefd = ""
			}
		}
		if (!ldso_done) cat = "loader"
		if (cat == "") cat = "other"
		count[cat]++
		if (name == "munmap" && cacheaddr != "" && arg($0, 1) == cacheaddr) ldso_done = 1
	}
	END {
		printf "%d %d %d %d %d\n", count["loader"], count["locale"], count["data"], count["other"], sofiles
	}' "$1"
}

# strace -c: total calls, and the five most frequent syscalls
summary_total() { awk '$NF == "total" { print $4 }' "$1"; }
summary_top() {
	awk '/^-+ / { sep++; next } sep == 1 && NF >= 5 { print $4, $NF }' "$1" |
		sort -k1,1nr -k2 | head -5 | awk '{ printf "%s%s %s", (NR > 1 ? ", " : ""), $2, $1 }'
}

# hyperfine both commands of a pair in one invocation; prints
# "ours_mean ours_sd peer_mean peer_sd" in milliseconds
time_pair() {
	if [ "$have_hyperfine" = 1 ]; then
		if ! hyperfine -N -i --warmup "$warmup" --runs "$runs" \
			--export-json "$tmp/h.json" "$1" "$2" >/dev/null 2>"$tmp/h.err"; then
			sed 's/^/bench: hyperfine: /' "$tmp/h.err" >&2
			echo "nan nan nan nan"
			return
		fi
		awk -F: '/"(mean|stddev)":/ { gsub(/[ ,]/, "", $2); printf "%.4f ", $2 * 1000 } END { print "" }' "$tmp/h.json"
	else
		# no hyperfine: alternate the two in blocks of 10, timed with date(1);
		# the loop's fork+exec is included, the same for both
		local o=0 p=0 i s e k
		for i in $(seq "$warmup"); do $1 >/dev/null 2>&1; $2 >/dev/null 2>&1; done
		for ((i = 0; i < runs; i += 10)); do
			s=$(date +%s%N); for ((k = 0; k < 10; k++)); do $1 >/dev/null 2>&1; done; e=$(date +%s%N); o=$((o + e - s))
			s=$(date +%s%N); for ((k = 0; k < 10; k++)); do $2 >/dev/null 2>&1; done; e=$(date +%s%N); p=$((p + e - s))
		done
		awk -v o="$o" -v p="$p" -v n="$(( (runs + 9) / 10 * 10 ))" \
			'BEGIN { printf "%.4f nan %.4f nan\n", o / n / 1e6, p / n / 1e6 }'
	fi
}

fmt_ms() { # mean sd -> "0.77 ± 0.10 ms"
	awk -v m="$1" -v s="$2" 'BEGIN {
		if (m == "nan" || m == "") { print "n/a"; exit }
		if (s == "nan") printf "%.2f ms\n", m; else printf "%.2f ± %.2f ms\n", m, s }'
}

# ---- environment --------------------------------------------------------
echo "sysq bench/syscalls.sh, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
echo "- machine: $(nproc) CPUs, $(uname -sr), $(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME")"
echo "- peers: $(/usr/bin/free -V 2>&1 | head -1); $(/usr/bin/who --version 2>&1 | head -1)"
echo "- locale: LANG=${LANG:-} LC_ALL=${LC_ALL:-} (the same for both sides)"
for u in /var/run/utmp /run/utmp; do [ -e "$u" ] && utmp=$u; done
echo "- utmp: ${utmp:-none on this machine (who prints nothing, uptime counts 0 users)}"
echo "- sysq links: $(ldd cmd/free/free 2>/dev/null | awk '$1 !~ /vdso/ { printf "%s%s", (n++ ? " " : ""), $1 }')"
if [ "$runs" = 0 ]; then
	echo "- timing: skipped (RUNS=0)"
elif [ "$have_hyperfine" = 1 ]; then
	echo "- timing: $(hyperfine --version), -N (no shell), --warmup $warmup --runs $runs, mean ± stddev"
else
	echo "- timing: hyperfine is NOT installed; fallback: $runs runs each in a bash loop" \
		"timed with date +%s%N (includes bash's fork+exec, so the ratio is compressed)"
fi
echo

# ---- measure ---------------------------------------------------------------
declare -a rows splits tops
for pair in "${pairs[@]}"; do
	ours=${pair%%|*}
	peer=${pair#*|}
	label=${ours#cmd/*/}
	for side in ours peer; do
		cmd=${!side}
		# shellcheck disable=SC2086 # the command string is split on purpose
		strace -f -c -o "$tmp/$side.c" $cmd >/dev/null 2>"$tmp/$side.err"
		rc=$?
		[ "$rc" = 0 ] || echo "bench: '$cmd' exited $rc under strace" >&2
		# shellcheck disable=SC2086
		strace -f -o "$tmp/$side.tr" $cmd >/dev/null 2>&1
		eval "${side}_total=\$(summary_total \"\$tmp/\$side.c\")"
		eval "${side}_top=\$(summary_top \"\$tmp/\$side.c\")"
		eval "${side}_split=(\$(split_trace \"\$tmp/\$side.tr\"))"
	done
	if [ "$runs" = 0 ]; then
		t=(nan nan nan nan)
	else
		read -r -a t <<<"$(time_pair "$ours" "$peer")"
	fi
	ratio=$(awk -v o="${t[0]}" -v p="${t[2]}" 'BEGIN { if (o == "nan" || o + 0 == 0) print "n/a"; else printf "%.2f\n", p / o }')
	rows+=("| $label | ${ours_total:-?} | ${peer_total:-?} | $(fmt_ms "${t[0]}" "${t[1]}") | $(fmt_ms "${t[2]}" "${t[3]}") | $ratio |")
	# shellcheck disable=SC2154 # set by eval above
	splits+=("| $label | ${ours_split[0]} / ${ours_split[1]} / ${ours_split[2]} / ${ours_split[3]} | ${peer_split[0]} / ${peer_split[1]} / ${peer_split[2]} / ${peer_split[3]} | ${ours_split[4]} / ${peer_split[4]} |")
	tops+=("| $label | ${ours_top} | ${peer_top} |")
done

# ---- report ---------------------------------------------------------------
echo "| command | sysq syscalls | peer syscalls | sysq mean | peer mean | speed-up (peer/ours) |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
printf '%s\n' "${rows[@]}"
echo
echo "Where the syscalls go: loader / locale+tz / data / other"
echo "(loader: ld.so until it unmaps ld.so.cache; locale+tz: locale files, gconv,"
echo "catalogues, /etc/localtime; data: /proc, /sys, utmp; other: libc start-up,"
echo "malloc, option handling, stdout, exit)"
echo
echo "| command | sysq | peer | .so files opened (sysq / peer) |"
echo "| --- | --- | --- | ---: |"
printf '%s\n' "${splits[@]}"
echo
echo "| command | sysq top syscalls | peer top syscalls |"
echo "| --- | --- | --- |"
printf '%s\n' "${tops[@]}"
exit 0
