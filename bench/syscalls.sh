#!/bin/bash
# Side by side with the classic tools: syscalls (strace -c -f) and wall time
# (hyperfine), ours and the peer's in the same run.  A report, not a test.
#   bench/syscalls.sh [RUNS]        from the top of a built tree
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-300}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for t in free uptime who; do
	[ -x "cmd/$t/$t" ] || { echo "bench: cmd/$t/$t not built" >&2; exit 1; }
done
command -v strace >/dev/null || { echo "bench: strace is not installed" >&2; exit 1; }

# pairs: "our command|peer command"
pairs=(
	"cmd/free/free|/usr/bin/free"
	"cmd/free/free -h|/usr/bin/free -h"
	"cmd/free/free -w -t -v|/usr/bin/free -w -t -v"
	"cmd/uptime/uptime|/usr/bin/uptime"
	"cmd/uptime/uptime -p|/usr/bin/uptime -p"
	"cmd/who/who|/usr/bin/who"
	"cmd/who/who -a|/usr/bin/who -a"
)

# total syscalls of one run, and how many of them the dynamic loader made
# (everything before the program's first read of /proc or utmp)
count() {
	# shellcheck disable=SC2086
	strace -f -qq -o "$tmp/trace" $1 >/dev/null 2>&1 || true
	total=$(grep -cv -e '^[0-9]* +++' -e '^[0-9]* ---' "$tmp/trace")
	loader=$(awk '/"\/proc|utmp|"\/sys/ { exit } { n++ } END { print n + 0 }' "$tmp/trace")
	echo "$total $loader"
}

mean_ms() { # hyperfine mean of one command, in milliseconds
	if command -v hyperfine >/dev/null; then
		# shellcheck disable=SC2086
		hyperfine -N --warmup 20 --runs "$runs" --export-json "$tmp/h.json" "$1" >/dev/null 2>&1
		jq '.results[0].mean * 1000' "$tmp/h.json"
	else
		local s e
		s=$(date +%s%N)
		for _ in $(seq "$runs"); do $1 >/dev/null 2>&1 || true; done
		e=$(date +%s%N)
		echo "scale=3; ($e - $s) / 1000000 / $runs" | bc
	fi
}

echo "| command | sysq syscalls (loader) | peer syscalls (loader) | sysq mean | peer mean | peer/sysq |"
echo "| --- | --- | --- | --- | --- | --- |"
for pair in "${pairs[@]}"; do
	ours=${pair%%|*}
	peer=${pair#*|}
	read -r ot ol <<<"$(count "$ours")"
	read -r pt pl <<<"$(count "$peer")"
	om=$(mean_ms "$ours")
	pm=$(mean_ms "$peer")
	ratio=$(echo "scale=2; $pm / $om" | bc)
	printf '| %s | %s (%s) | %s (%s) | %.2f ms | %.2f ms | %s |\n' \
		"${ours#cmd/*/}" "$ot" "$ol" "$pt" "$pl" "$om" "$pm" "$ratio"
done
