#!/usr/bin/env bats
# pstree: psmisc pstree side by side on a known tree of processes and
# threads (tests/helpers/ptree), option by option and width by width; JSON
# values; hostile names; what is read; bad input; as nobody.

load common

# The tree most tests draw: merged and unmerged siblings, named threads,
# arguments (with a space), a longer argv[0] than its name, a process
# group leader, a zombie, and (as root) processes of another user.
spec() {
	local other=
	[ "$(id -u)" -eq 0 ] && other='@65534'
	printf '%s' "alpha[--flag;two words]{2}(beta,beta,gamma{3=worker}(delta),gamma{3=worker}(delta)),"
	printf '%s' "eps%(zeta${other}(eta{1}),zeta(eta{1})),omega!,"
	printf '%s' "mu<a/long/argv0/path/mu>[x;y](nu,nu(xi),nu),"
	printf '%s' "pi[1;22;333;4444;55555]${other:+@0:65534}(rho[a;b;c;d;e;f;g;h;i;j;k;l;m;n;o;p])"
}

setup() {
	unset SYSQ_PROCFS SYSQ_SYSFS SYSQ_ROOTFS COLUMNS LC_ALL
	export LANG=C.UTF-8
	[ -x "$PTREE" ] || skip "tests/helpers/ptree is not built"
	command -v pstree >/dev/null || skip "psmisc pstree is not installed"
	WORK=$(mktemp -d)
	chmod 755 "$WORK"
	HPIDS=()
	ROOTS=()
}

teardown() {
	stop_trees
	rm -rf "$WORK"
}

# Fail when the text on stdin matches the grep pattern (bats ignores "! cmd").
refute_match() {
	if LC_ALL=C grep -q "$@"; then
		echo "unexpected match: $*"
		return 1
	fi
}

# Our output and psmisc's for the same arguments, byte for byte.
same_as_psmisc() {
	diff -u <(pstree "$@" 2>&1) <(tool pstree "$@" 2>&1)
}

# The PIDs of the processes named $2 among the children of $1.
kids_named() {
	local parent=$1 name=$2 p
	for p in $(ps -o pid= --ppid "$parent"); do
		[ "$(cat /proc/"$p"/comm)" = "$name" ] && echo "$p"
	done
	return 0
}

@test "pstree: same bytes as psmisc for every option on a known tree" {
	start_tree "$(spec)"
	local n=0
	for opts in "" -p -a -c -n -g -A -l -t -T -u -s -U -G \
		-pa -pn -pg -pgu -pt -pT -pc -ac -an -ag -au -aT -at -apgu -apn \
		-cu -cn -ct -cT -gu -nt -nT -tT -sp -sa -su -sT -sg -Ua -Up -Ga -Gp \
		-lp -la -lapgu "-p -A -l" "-U -A" "-A -G" "-G -U"; do
		# shellcheck disable=SC2086
		same_as_psmisc $opts "$ROOT" || { echo "options: '$opts'"; false; }
		n=$((n + 1))
	done
	[ "$n" -eq 53 ]
	# the tree is what the spec says: 2*[beta], 2*[gamma---...], threads
	run tool pstree "$ROOT"
	assert_line --index 0 --partial 'ptree-+-alpha-+-2*[beta]'
	assert_output --partial '`-2*[{alpha}]'
	assert_output --partial '|-2*[gamma-+-delta]'
	assert_output --partial '`-3*[{gamma}]]'
	assert_output --partial '|-omega'
}

@test "pstree: same bytes as psmisc at every width from 1 to 90, with and without -a" {
	start_tree "$(spec)"
	for w in $(seq 1 90); do
		for opts in "" -p -a -apgu -ac -U -aU -G -t; do
			# shellcheck disable=SC2086
			diff <(COLUMNS=$w pstree $opts "$ROOT") <(COLUMNS=$w tool pstree $opts "$ROOT") ||
				{ echo "COLUMNS=$w options '$opts'"; false; }
		done
	done
	# COLUMNS in C syntax, and values psmisc ignores (then 132 in a pipe)
	for c in 0x30 060 " 40" +40 40x -5 0 99999999999 ""; do
		diff <(COLUMNS=$c pstree -a "$ROOT") <(COLUMNS=$c tool pstree -a "$ROOT") ||
			{ echo "COLUMNS='$c'"; false; }
	done
	# cut: the width less one, then '+'
	run env COLUMNS=12 "$SQ_BUILDDIR/cmd/pstree/pstree" "$ROOT"
	assert_line --index 0 'ptree-+-alp+'
}

@test "pstree: -a with empty arguments as psmisc 23.6 (a run of NULs counts one, the rest shift out)" {
	# "a '' b" shows "a b", "a '' '' b" "a ", trailing empty ones go
	start_tree 'ea[;b],eb[;;b],ec[x;;],ed[;],ee[p;;q;r;;;s],ef[a\\b;;\x1b;;x]'
	for w in 200 30 16 12 9; do
		for opts in -a -al -ac -ap; do
			diff <(COLUMNS=$w pstree $opts "$ROOT") <(COLUMNS=$w tool pstree $opts "$ROOT") ||
				{ echo "COLUMNS=$w options '$opts'"; false; }
		done
	done
	run tool pstree -a "$ROOT"
	assert_line --index 1 '  |-ea b'
	assert_line --index 2 '  |-eb '
	# JSON keeps every argument
	run tool pstree -a --json "$ROOT"
	jq -e '[.. | objects | select(.name == "eb") | .cmdline][0] == ["eb", "", "", "b"]' <<<"$output"
}

@test "pstree: -s, a thread's TID and process 0 as psmisc shows them" {
	start_tree "$(spec)"
	alpha=$(kids_named "$ROOT" alpha)
	gamma=$(kids_named "$alpha" gamma | head -1)
	delta=$(kids_named "$gamma" delta)
	tid=$(find /proc/"$gamma"/task -mindepth 1 -maxdepth 1 -printf '%f\n' | grep -vx "$gamma" | head -1)
	for opts in -s -sp -sa -sapgu -sc -su; do
		same_as_psmisc $opts "$delta"
		same_as_psmisc $opts "$gamma"
	done
	for opts in "" -p -t -pt -s -sp -a; do
		# shellcheck disable=SC2086
		same_as_psmisc $opts "$tid"
	done
	run tool pstree -pt "$tid"
	assert_output "{worker}($tid)"
	# the parent of init and of the kernel threads: "?", kernel threads in
	# parentheses with -a
	run tool pstree -a 0
	assert_success
	assert_line --index 0 '?'
	run tool pstree -p 0
	assert_line --index 0 --regexp '^\?\(\)-\+-'
	if [ -d /proc/2 ] && [ "$(cat /proc/2/comm)" = kthreadd ]; then
		tool pstree -a 0 | grep -qxF ' |-(kthreadd)'
		diff <(pstree -c 2 | head -1) <(tool pstree -c 2 | head -1)
	fi
}

@test "pstree: a USER operand draws that user's trees as psmisc does" {
	[ "$(id -u)" -eq 0 ] || skip "needs root to start processes as another user"
	# a system user that runs nothing here
	user=
	for u in gnats irc list backup proxy uucp news games; do
		if id "$u" >/dev/null 2>&1 && ! pgrep -U "$u" >/dev/null && ! pgrep -u "$u" >/dev/null; then
			user=$u
			break
		fi
	done
	[ -n "$user" ] || skip "no idle system user"
	uid=$(id -u "$user")
	start_tree "a(b@$uid(c,c(d))),e{2}@$uid(f),g@0:$uid(h),zz@$uid"
	for opts in "" -p -u -pu -a -n -c -T -l -apu; do
		# shellcheck disable=SC2086
		same_as_psmisc $opts "$user"
	done
	run tool pstree "$user"
	assert_success
	# four trees, in the order a walk from init meets them, blank lines between
	assert_equal "$(printf '%s\n' "$output" | grep -c '^[^ ]')" 4
	assert_equal "$(printf '%s\n' "$output" | grep -c '^$')" 3
	assert_line --index 0 'b-+-c'
	# JSON: the same roots, with their effective user
	run tool pstree -u --json "$user"
	echo "$output" | jq -e --argjson uid "$uid" '
		[.processes[].name] == ["b", "e", "g", "zz"] and
		all(.processes[]; .uids.effective == $uid) and
		.processes[2].uids.real == 0 and .processes[2].username == "root"'
}

@test "pstree: in a terminal, UTF-8 lines under C.UTF-8 and ASCII under C, as psmisc" {
	command -v script >/dev/null || skip "script(1) missing"
	locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$' || skip "no C.UTF-8 locale"
	start_tree "$(spec)"
	for loc in C.UTF-8 C; do
		for opts in "" -a -A -G; do
			theirs=$(LC_ALL=$loc script -qec "stty cols 200; pstree $opts $ROOT" /dev/null | tr -d '\r')
			ours=$(LC_ALL=$loc script -qec "stty cols 200; $SQ_BUILDDIR/cmd/pstree/pstree $opts $ROOT" /dev/null | tr -d '\r')
			assert_equal "$ours" "$theirs"
		done
	done
	run env LC_ALL=C.UTF-8 script -qec "$SQ_BUILDDIR/cmd/pstree/pstree $ROOT" /dev/null
	assert_output --partial 'ptree─┬─alpha─┬─2*[beta]'
	# the terminal's width when COLUMNS is not set
	run env LC_ALL=C script -qec "stty cols 20; $SQ_BUILDDIR/cmd/pstree/pstree $ROOT" /dev/null
	assert_line --index 0 "$(printf 'ptree-+-alpha-+-2*[+\r')"
}

@test "pstree: JSON values are the processes' own" {
	start_tree "$(spec)"
	alpha=$(kids_named "$ROOT" alpha)
	run tool pstree --json -a -g -u "$ROOT"
	assert_success
	[ "${#lines[@]}" -eq 1 ]
	j=$output
	# the root: its own PID, parent, group, command line and user
	jq -e --argjson root "$ROOT" --argjson ppid "$(awk '{print $4}' /proc/"$ROOT"/stat)" \
		--argjson pgid "$(awk '{print $5}' /proc/"$ROOT"/stat)" \
		--arg user "$(id -un)" --argjson uid "$(id -u)" '
		.processes | length == 1 and
		.[0].pid == $root and .[0].ppid == $ppid and .[0].pgid == $pgid and
		.[0].name == "ptree" and (.[0].cmdline | length) == 5 and
		.[0].username == $user and .[0].uids == {"real": $uid, "effective": $uid, "saved": $uid} and
		([.[0].children[].name] == ["alpha", "eps", "mu", "omega", "pi"])' <<<"$j"
	# every PID of the tree, and only those, children by children
	want=$(ps -o pid= --ppid "$ROOT" | tr -d " " | sort -n)
	got=$(jq '.processes[0].children[].pid' <<<"$j" | sort -n)
	assert_equal "$got" "$want"
	jq -e --argjson alpha "$alpha" '
		.processes[0].children[0] |
		.pid == $alpha and .cmdline == ["alpha", "--flag", "two words"] and
		(.threads | length) == 2 and (.children | length) == 4 and
		([.children[].name] == ["beta", "beta", "gamma", "gamma"]) and
		(.children[2].threads | map(.name)) == ["worker", "worker", "worker"] and
		(.children[2].children[0].name == "delta")' <<<"$j"
	# thread IDs are the task/ entries
	gamma=$(kids_named "$alpha" gamma | head -1)
	assert_equal "$(jq --argjson g "$gamma" '.. | objects | select(.pid? == $g) | .threads[].id' <<<"$j" | sort -n)" \
		"$(find /proc/"$gamma"/task -mindepth 1 -maxdepth 1 -printf '%f\n' | grep -vx "$gamma" | sort -n)"
	# a zombie has an empty command line; an argv[0] longer than the name stays whole
	jq -e '.processes[0].children[] | select(.name == "omega") | .cmdline == []' <<<"$j"
	jq -e '.processes[0].children[] | select(.name == "mu") | .cmdline[0] == "a/long/argv0/path/mu"' <<<"$j"
	# keys only with their option; -T leaves threads out; --pretty is the same document
	run tool pstree --json "$ROOT"
	jq -e '.processes[0] | (has("cmdline") or has("pgid") or has("username") or has("uids")) | not' <<<"$output"
	run tool pstree --json -T "$ROOT"
	jq -e '[.. | objects | select(has("threads"))] | length == 0' <<<"$output"
	run tool pstree --pretty -a -g -u "$ROOT"
	assert_line --index 0 '{'
	assert_equal "$(jq -cS . <<<"$output")" "$(jq -cS . <<<"$j")"
	# -s: the ancestors down to the target, one child each
	run tool pstree --json -s "$alpha"
	jq -e --argjson root "$ROOT" --argjson alpha "$alpha" '
		.processes[0].pid == 1 and
		([.. | objects | select(has("children")) | .children | length] | max) == 4 and
		(.. | objects | select(.pid? == $root) | .children | map(.pid)) == [$alpha]' <<<"$output"
}

@test "pstree: hostile names: escaped in text as psmisc does, raw in valid JSON" {
	start_tree 'sp ace,par\)en(x),nl\x0aline,esc\x1b\[31mred,bad\xff\xfeutf,c1\xc2\x9bz,tab\x09d,del\x7fx,back\\slash,caf\xc3\xa9[a\x1b\[2Jb;c\x0ad;\xff](k{1})'
	run tool pstree -a "$ROOT"
	assert_success
	# nothing raw: no C0 but the newlines ending lines, no DEL, no C1, valid UTF-8
	refute_match $'[\x01-\x08\x0b-\x1f\x7f]' <<<"$output"
	refute_match -P '\xc2[\x80-\x9f]' <<<"$output"
	iconv -f UTF-8 -t UTF-8 <<<"$output" >/dev/null
	# psmisc's escaping: printable ASCII, a backslash doubled, other bytes
	# (UTF-8 too) in octal; and psmisc's bytes exactly
	refute_match $'[\x80-\xff]' <<<"$output"
	for want in '-sp ace' '-par)en' '-nl\012line' '-esc\033[31mred' '-bad\377\376utf' \
		'-c1\302\233z' '-tab\011d' '-del\177x' '-back\\slash' \
		'-caf\303\251 a\033[2Jb c\012d \377'; do
		assert_line --partial -- "$want"
	done
	assert_equal "$output" "$(pstree -a "$ROOT")"
	assert_equal "$(tool pstree "$ROOT")" "$(pstree "$ROOT")"
	run tool pstree -p "$ROOT"
	assert_line --partial "$(printf -- '-par)en(%s)---x(' "$(kids_named "$ROOT" 'par)en')")"
	# JSON: the raw values, invalid bytes as U+FFFD
	run tool pstree --json -a "$ROOT"
	assert_success
	jq -e '[.processes[0].children[].name] | sort ==
		(["sp ace", "par)en", "nl\nline", "esc\u001b[31mred", "bad\ufffd\ufffdutf",
		  "c1\u009bz", "tab\td", "del\u007fx", "back\\slash", "café"] | sort)' <<<"$output"
	jq -e '.processes[0].children[] | select(.name == "café") |
		.cmdline == ["caf\u00e9", "a\u001b[2Jb", "c\nd", "\ufffd"] and
		(.children[0].threads | length) == 1' <<<"$output"
	# json-c leaves C1 raw; sysq's layer escapes it
	refute_match -P '\xc2[\x80-\x9f]' <<<"$output"
}

@test "pstree: reads only what the options show" {
	command -v strace >/dev/null || skip "strace missing"
	start_tree "$(spec)"
	# (LeakSanitizer cannot run under ptrace)
	export ASAN_OPTIONS=detect_leaks=0
	pids_now() { find /proc -mindepth 1 -maxdepth 1 -name '[0-9]*' -printf '%f\n' | sort; }
	opened() { # opened FILE: the /proc/PID/FILE opened in the last trace, one a line
		grep -oE "\"[0-9]+/$1\"|/[0-9]+/$1\"" "$WORK/trace" || true
	}
	count() { # count FILE options...: openat calls of /proc/*/FILE
		local file=$1
		shift
		pids_now >"$WORK/before"
		strace -f -e trace=openat -o "$WORK/trace" "$SQ_BUILDDIR/cmd/pstree/pstree" "$@" >/dev/null
		pids_now >"$WORK/after"
		opened "$file" | wc -l
	}
	unread() { # unread FILE: processes there before and after the last
		# trace whose FILE it did not open (other work on the machine, a
		# fork storm, moves the number of processes, not these)
		opened "$1" | grep -oE '[0-9]+' | sort -u >"$WORK/read"
		comm -12 "$WORK/before" "$WORK/after" | comm -23 - "$WORK/read" | wc -l
	}
	once() { # once FILE: no process's FILE was opened twice in the last trace
		opened "$1" | sort | uniq -d | grep -q . && echo no || echo yes
	}
	shown=$(tool pstree --json "$ROOT" | jq '[.. | objects | select(has("children"))] | length')
	threaded=$(tool pstree --json "$ROOT" | jq '[.. | objects | select((.threads | length) > 0)] | length')
	# equal names are ordered by the owner of /proc/PID: the effective uid
	# status already gave, so no fstatat, though the tree has such twins
	twins=$(tool pstree --json "$ROOT" |
		jq '[.. | objects | select(has("children")) | .children | group_by(.name)[] |
		     select(length > 1) | length] | add')
	[ "$twins" -eq 9 ]
	# the tree: one status a process (each once: other work on the machine
	# moves the number of processes), nothing else
	[ "$(count cmdline "$ROOT")" -eq 0 ]
	[ "$(count stat "$ROOT")" -eq 0 ]
	count status "$ROOT" >/dev/null
	[ "$(unread status)" -eq 0 ]
	[ "$(once status)" = yes ]
	strace -f -e trace=newfstatat -o "$WORK/trace" "$SQ_BUILDDIR/cmd/pstree/pstree" "$ROOT" >/dev/null
	[ "$(grep -cE 'newfstatat\([0-9]+, "[0-9]+",' "$WORK/trace")" -eq 0 ]
	[ "$(count task "$ROOT")" -eq 0 ]
	# -a: the command lines of the processes shown, once each, and stat
	# (the kernel-thread flag); -u: nothing more, the uids came with status
	[ "$(count cmdline -a "$ROOT")" -eq "$shown" ]
	count stat -a "$ROOT" >/dev/null
	[ "$(unread stat)" -eq 0 ]
	count status -u "$ROOT" >/dev/null
	[ "$(unread status)" -eq 0 ]
	[ "$(once status)" = yes ]
	[ "$(count cmdline -u "$ROOT")" -eq 0 ]
	[ "$(count stat -u "$ROOT")" -eq 0 ]
	# thread IDs only when shown: once a threaded process with -p, never with -T
	[ "$(count task -p "$ROOT")" -eq "$threaded" ]
	[ "$(count task -pT "$ROOT")" -eq 0 ]
}

@test "pstree: bad input is a usage error that names the value" {
	assert_usage_error 12x -- tool pstree 12x
	assert_usage_error 99999999999 -- tool pstree 99999999999
	assert_usage_error 2 -- tool pstree 1 2
	assert_usage_error bogus -- tool pstree --bogus
	assert_usage_error bogus -- tool pstree -N bogus
	assert_usage_error NET -- tool pstree -N NET
	assert_usage_error 1 -- tool pstree -N net 1
	assert_usage_error rainbow -- tool pstree -C rainbow
	assert_usage_error C -- tool pstree -C
	assert_usage_error N -- tool pstree -N
	assert_usage_error 1 -- tool pstree -1
	TERM=xterm assert_usage_error 12x -- tool pstree -H 12x
	TERM=xterm assert_usage_error once -- tool pstree -h -H 1
	TERM=xterm assert_usage_error H -- tool pstree -H
}

@test "pstree: -H PID and -h highlight with TERM's bold, as psmisc" {
	start_tree "$(spec)"
	kid=$(kids_named "$ROOT" mu)
	for term in xterm vt100 linux; do
		for o in "" -a -p -ap -s -c; do
			# shellcheck disable=SC2086
			want=$(TERM=$term pstree $o -H "$kid" "$ROOT" | od -An -c)
			# shellcheck disable=SC2086
			got=$(TERM=$term tool pstree $o -H "$kid" "$ROOT" | od -An -c)
			assert_equal "$got" "$want"
		done
	done
	run env TERM=xterm "$SQ_BUILDDIR/cmd/pstree/pstree" -l -s -H "$kid" "$kid"
	assert_output --partial $'\e[1mmu\e[0m'
	# -h: this pstree, which reads itself too, and its parents
	run env TERM=xterm "$SQ_BUILDDIR/cmd/pstree/pstree" -l -h -s "$BASHPID"
	assert_output --partial $'\e[1mpstree\e[0m'
	# without TERM -h is nothing, -H an error
	run env -u TERM "$SQ_BUILDDIR/cmd/pstree/pstree" -h "$ROOT"
	assert_success
	refute_output --partial $'\e['
	run --separate-stderr env -u TERM "$SQ_BUILDDIR/cmd/pstree/pstree" -H "$kid" "$ROOT"
	assert_failure 1
	assert_equal "$stderr" "pstree: TERM is not set"
}

@test "pstree: a PID or user that does not exist is a runtime error" {
	pid=4194304
	while [ -e /proc/$pid ]; do pid=$((pid - 1)); done
	run --separate-stderr tool pstree "$pid"
	assert_failure 1
	assert_output ""
	assert_equal "$stderr" "pstree: no such process: $pid"
	run --separate-stderr tool pstree no-such-user-here
	assert_failure 1
	assert_output ""
	assert_equal "$stderr" "pstree: no such user: no-such-user-here"
	user=
	for u in gnats irc list backup proxy uucp news games; do
		id "$u" >/dev/null 2>&1 && ! pgrep -u "$u" >/dev/null && { user=$u; break; }
	done
	if [ -n "$user" ]; then
		run --separate-stderr tool pstree "$user"
		assert_failure 1
		assert_equal "$stderr" "pstree: no processes found for user $user"
	fi
}

@test "pstree: a failed write is exit 1, a closed pipe is quiet" {
	run --separate-stderr bash -c "'$SQ_BUILDDIR/cmd/pstree/pstree' -a > /dev/full"
	assert_failure 1
	assert_equal "$stderr" "pstree: write error: No space left on device"
	run --separate-stderr bash -c "'$SQ_BUILDDIR/cmd/pstree/pstree' --json > /dev/full"
	assert_failure 1
	run --separate-stderr bash -c "'$SQ_BUILDDIR/cmd/pstree/pstree' -apl 0 | head -c 10"
	assert_success
	[ -z "$stderr" ]
}

@test "pstree: --help and --version" {
	run --separate-stderr tool pstree --help
	assert_success
	assert_line --index 0 'Usage: pstree [options] [PID | USER]'
	run tool pstree -V
	assert_output --regexp '^pstree \(sysq\) [0-9.]+$'
}

@test "pstree: as nobody, the same as psmisc as nobody, no stderr" {
	[ "$(id -u)" -eq 0 ] || skip "needs root to switch to nobody"
	command -v setpriv >/dev/null || skip "setpriv missing"
	# copies nobody can reach, whatever the permissions of the build tree
	cp "$SQ_BUILDDIR/cmd/pstree/pstree" "$PTREE" "$WORK/"
	chmod 755 "$WORK/pstree" "$WORK/ptree"
	PTREE="$WORK/ptree"
	start_tree 'n1[a;b]{2}(n2,n2,n3{1=t}(n4)),n5%' as_nobody
	[ "$(stat -c %u /proc/"$ROOT")" = "$(id -u nobody)" ]
	for opts in "" -p -a -apgu -t -pt -n -s -u -l; do
		# shellcheck disable=SC2086
		diff -u <(as_nobody pstree $opts "$ROOT") <(as_nobody "$WORK/pstree" $opts "$ROOT")
		# shellcheck disable=SC2086
		run --separate-stderr as_nobody "$WORK/pstree" $opts "$ROOT"
		assert_success
		[ -z "$stderr" ]
	done
	# a root-owned tree read by nobody
	start_tree "$(spec)"
	for opts in "" -pa -apgu -t --json; do
		# shellcheck disable=SC2086
		run --separate-stderr as_nobody "$WORK/pstree" $opts "$ROOT"
		assert_success
		[ -z "$stderr" ]
	done
	diff -u <(as_nobody pstree -apu "$ROOT") <(as_nobody "$WORK/pstree" -apu "$ROOT")
	as_nobody "$WORK/pstree" --json -a -u "$ROOT" | jq -e '.processes[0].children | length == 5'
}

@test "pstree: the helper leaves nothing behind" {
	start_tree "$(spec)"
	pids=$(tool pstree --json "$ROOT" | jq '.. | .pid? // empty')
	[ "$(wc -w <<<"$pids")" -eq 21 ]
	kill "${HPIDS[0]}"
	wait "${HPIDS[0]}"
	HPIDS=()
	ROOTS=()
	for p in $pids; do
		if kill -0 "$p" 2>/dev/null; then
			echo "$p is still there"
			false
		fi
	done
}

# hide_run SPEC OPTS...: in a private PID and mount namespace with a
# hidepid=2 /proc, start the tree SPEC (as root: pid 1's child), then run
# psmisc's pstree and ours as nobody with each set of options (where
# H, B, D stand for the PIDs of the processes named h1, b and d), into
# $WORK/theirs.N and $WORK/ours.N; the runner's own PID, which differs
# between the two, reads P.  Also our --json -p into $WORK/json, and into
# $WORK/pids the PIDs nobody may see, then those of h1 and h2.
hide_run() {
	local spec=$1
	shift
	cp "$SQ_BUILDDIR/cmd/pstree/pstree" "$WORK/"
	chmod 755 "$WORK/pstree"
	printf '%s\n' "$@" >"$WORK/opts"
	cat >"$WORK/hide.sh" <<-'SCRIPT'
		set -e
		W=$1 PT=$2 SPEC=$3
		mount -t proc -o hidepid=2 proc /proc
		mkfifo "$W/hready"
		"$PT" -t 600 "$W/hready" "$SPEC" </dev/null >/dev/null 2>"$W/ptree.err" &
		exec {fd}<>"$W/hready"
		read -r -t 60 -u "$fd" root || { cat "$W/ptree.err" >&2; exit 1; }
		named() { for p in $(pgrep -x "$1"); do echo "$p"; return; done; }
		H=$(named h1) B=$(named b) D=$(named d)
		nob() { setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"; }
		i=0
		while IFS= read -r o; do
			o=${o//H/$H} o=${o//B/$B} o=${o//D/$D}
			# shellcheck disable=SC2086
			nob pstree $o >"$W/theirs.$i" 2>&1 || true
			# shellcheck disable=SC2086
			nob "$W/pstree" $o >"$W/ours.$i" 2>&1 || true
			sed -i -E 's/pstree([(,])[0-9]+/pstree\1P/' "$W/theirs.$i" "$W/ours.$i"
			i=$((i + 1))
		done <"$W/opts"
		nob "$W/pstree" --json -p >"$W/json"
		# what nobody may see (not h1 and h2, which changed user without
		# exec: not dumpable), less the shell that looks
		{ nob bash -c 'for p in /proc/[0-9]*; do [ "${p#/proc/}" = $$ ] || printf "%s " "${p#/proc/}"; done; echo'
		  echo "$(named h1) $(named h2)"; } >"$W/pids"
		kill "$root"
		wait
	SCRIPT
	unshare -pfm --propagation private bash "$WORK/hide.sh" "$WORK" "$PTREE" "$spec"
}

@test "pstree: under hidepid=2, nobody sees its processes below '?' parents, as psmisc" {
	[ "$(id -u)" -eq 0 ] || skip "needs root for a private /proc"
	command -v unshare >/dev/null && command -v setpriv >/dev/null || skip "util-linux missing"
	hide_run 'a(h1@65534(b(c{2},c(d)),b2[x;y])),e(h2@65534(f{1=w}(g)))' \
		"" -p -a -pu -n -pn -c -apgu -T -pt "nobody" "-p nobody" "-s -p D" "-s B" "-p H" "-p 1"
	local n
	n=$(wc -l <"$WORK/opts")
	for ((i = 0; i < n; i++)); do
		diff -u "$WORK/theirs.$i" "$WORK/ours.$i" || { echo "options: $(sed -n "$((i + 1))p" "$WORK/opts")"; false; }
	done
	# the tree itself: hidden init and hidden parents as '?'
	assert_equal "$(head -c 9 "$WORK/ours.1")" '?(1)-+-?('
	grep -q 'b(' "$WORK/ours.1"
	grep -q -- '---f(' "$WORK/ours.1"
	# nobody's own trees, below hidden parents: b, b2, f (and the runner)
	assert_equal "$(grep -c "^[^ ]" "$WORK/ours.10")" 4
	assert_equal "$(grep "^[^ ]" "$WORK/ours.11" | cut -c1-2 | tr "\n" " ")" "f( b( b2 ps "
	# JSON: hidden parents with their PIDs and null names, and every
	# process nobody can see
	read -r visible <"$WORK/pids"
	read -r h1 h2 < <(sed -n 2p "$WORK/pids")
	jq -e --argjson h1 "$h1" --argjson h2 "$h2" '
		.processes | length == 1 and .[0].pid == 1 and .[0].name == null and .[0].ppid == null and
		([.[0].children[] | select(.name == null) | .pid] | sort) == ([$h1, $h2] | sort) and
		([.. | objects | select(.name == "b") | .ppid] == [$h1])' "$WORK/json"
	[ "$(wc -w <<<"$visible")" -eq 7 ]
	for p in $visible; do
		jq -e --argjson p "$p" '[.. | objects | select(.pid? == $p and .name != null)] | length == 1' "$WORK/json" >/dev/null ||
			{ echo "$p missing"; false; }
	done
	for p in $nobodys; do
		jq -e --argjson p "$p" '[.. | objects | select(.pid? == $p and .name != null)] | length == 1' "$WORK/json" >/dev/null ||
			{ echo "$p missing"; false; }
	done
}

# ns_run OPTS...: in a private PID namespace with its own /proc (only
# what this test starts is there), start processes in namespaces of their
# own (unshare(1)) under one shell, wait until each has become its sleep,
# then run psmisc's pstree and ours with each set of options (W stands for
# the shell's PID) into $WORK/theirs.N and $WORK/ours.N, the runner's PID
# read P; our --json -S W into $WORK/json, our --json -N net into
# $WORK/json.N, and the namespaces' inodes into $WORK/ns.
ns_run() {
	printf '%s\n' "$@" >"$WORK/opts"
	cat >"$WORK/ns.sh" <<-'SCRIPT'
		set -e
		W=$1 SQ=$2
		bash -c 'unshare -n -u sleep 600 & unshare -i -m sleep 600 & unshare -p -f sleep 600 &
			unshare -U -C sleep 600 & unshare -T -f sleep 600 & unshare -n sleep 600 &
			unshare -n sleep 600 & wait' &
		w=$!
		# settled: seven children, each a sleep or an unshare above one
		settled() {
			local n=0 k c
			for k in $(pgrep -P "$w"); do
				c=$(cat /proc/"$k"/comm)
				[ "$c" = sleep ] || [ "$(pgrep -P "$k" -x sleep)" ] || return 1
				n=$((n + 1))
			done
			[ "$n" -eq 7 ]
		}
		end=$((SECONDS + 120))
		until settled; do [ "$SECONDS" -lt "$end" ] || exit 1; sleep 0.05; done
		i=0
		while IFS= read -r o; do
			o=${o//W/$w}
			# shellcheck disable=SC2086
			pstree $o >"$W/theirs.$i" 2>&1 || true
			# shellcheck disable=SC2086
			"$SQ" $o >"$W/ours.$i" 2>&1 || true
			sed -i -E 's/pstree([(,])[0-9]+/pstree\1P/' "$W/theirs.$i" "$W/ours.$i"
			i=$((i + 1))
		done <"$W/opts"
		"$SQ" --json -S "$w" >"$W/json"
		"$SQ" --json -N net >"$W/json.N"
		for k in $(pgrep -P "$w") $(pgrep -P "$w" -x unshare | xargs -r -n1 pgrep -P); do
			echo "$k $(stat -L -c %i /proc/"$k"/ns/net) $(stat -L -c %i /proc/"$k"/ns/uts)"
		done >"$W/ns"
		echo "w $w $(stat -L -c %i /proc/self/ns/net)" >>"$W/ns"
		# the end of this shell, the namespace's init, ends them all
	SCRIPT
	unshare -pfm --mount-proc --propagation private bash "$WORK/ns.sh" "$WORK" "$SQ_BUILDDIR/cmd/pstree/pstree"
}

@test "pstree: -S and -N show namespaces as psmisc, on unshare'd processes" {
	[ "$(id -u)" -eq 0 ] || skip "needs root to make namespaces"
	command -v unshare >/dev/null || skip "util-linux missing"
	ns_run "-S W" "-Sp W" "-Sa W" "-Sc W" "-Sn W" "-Spu W" "-Sl W" "-ZS W" \
		"-N net" "-N uts" "-N ipc" "-N mnt" "-N pid" "-N user" "-N cgroup" "-N time" \
		"-N net -p" "-N net -S" "-N net -a" "-N pid -c" "-S" "-Sp"
	local n
	n=$(wc -l <"$WORK/opts")
	for ((i = 0; i < n; i++)); do
		diff -u "$WORK/theirs.$i" "$WORK/ours.$i" || { echo "options: $(sed -n "$((i + 1))p" "$WORK/opts")"; false; }
	done
	# the changes themselves, in psmisc's order
	grep -qF 'sleep(net,uts)' "$WORK/ours.0"
	grep -qF 'sleep(ipc,mnt)' "$WORK/ours.0"
	grep -qF 'sleep(cgroup,user)' "$WORK/ours.0"
	grep -qF 'unshare---sleep(pid)' "$WORK/ours.0"
	grep -qF 'unshare---sleep(time)' "$WORK/ours.0"
	# two sleeps in net namespaces of their own are not the same subtree
	refute_match -F '2*[sleep(net)]' <"$WORK/ours.0"
	# -N net: init's namespace first, then one for each of the three
	assert_equal "$(grep -c '^\[' "$WORK/ours.8")" 4
	read -r _ w init_net < <(grep '^w ' "$WORK/ns")
	assert_equal "$(head -1 "$WORK/ours.8")" "[$init_net]"
	# JSON: each process's inodes, as stat(1) has them
	while read -r pid net uts; do
		[ "$pid" = w ] && continue
		jq -e --argjson p "$pid" --argjson net "$net" --argjson uts "$uts" '
			[.. | objects | select(.pid? == $p) | .namespaces | .net == $net and .uts == $uts] == [true]' \
			"$WORK/json" >/dev/null || { echo "pid $pid: net $net uts $uts"; false; }
	done <"$WORK/ns"
	jq -e --argjson n "$init_net" '
		(.namespaces | length) == 4 and .namespaces[0].inode == $n and
		all(.namespaces[]; .type == "net") and
		([.namespaces[1:][] | .processes | length] == [1, 1, 1]) and
		([.namespaces[1:][] | .processes[0].name] | unique) == ["sleep"]' "$WORK/json.N"
}

@test "pstree: -Z shows the security context as psmisc, one process a line" {
	start_tree "$(spec)"
	for opts in -Z -Zp -Za -Zc -Zu -Zapgu -ZT -Zt -Zs -ZU -Zl -Zn; do
		# shellcheck disable=SC2086
		same_as_psmisc $opts "$ROOT" || { echo "options: '$opts'"; false; }
	done
	for w in 10 25 40 60; do
		diff <(COLUMNS=$w pstree -Z "$ROOT") <(COLUMNS=$w tool pstree -Z "$ROOT") || { echo "COLUMNS=$w"; false; }
	done
	# what attr/current holds, else empty (no security module has one)
	want=$(tr -d '\0\n' <"/proc/$ROOT/attr/current" 2>/dev/null || true)
	run tool pstree -Z -T "$ROOT"
	assert_line --index 0 "ptree(\`$want')"
	run tool pstree --json -Z "$ROOT"
	if [ -n "$want" ]; then
		jq -e --arg w "$want" 'all(.. | objects | select(has("children")); .security_context == $w)' <<<"$output"
	else
		jq -e 'all(.. | objects | select(has("children")); has("security_context") and .security_context == null)' <<<"$output"
	fi
}

@test "pstree: -C age colours by age as psmisc: green, yellow from a minute, red from an hour" {
	# a fixture tree whose ages straddle the bounds: 7200, 600, 59, 60, 50 and 1 s
	SYSQ_PROCFS=$FIXTURES/pstree-ages/proc run tool pstree -C age -p
	assert_success
	assert_output "$(printf '%s\n' \
		$'\e[31minit(1)\e[0m-+-\e[33mhour(10)\e[0m-+-\e[32malmost(13)\e[0m' \
		$'        |          |-\e[32mfresh(11)\e[0m' \
		$'        |          `-\e[33mminute(12)\e[0m' \
		$'        `-\e[32myoung(14)\e[0m')"
	# -a: the colour ends after the arguments
	SYSQ_PROCFS=$FIXTURES/pstree-ages/proc run tool pstree -C AGE -a 14
	assert_output $'\e[32myoung\e[0m'
	# live: the tree just started (under a minute old), as psmisc colours
	# it, the escapes written past the cut too
	start_tree "$(spec)"
	for opts in "" -p -a -apgu -c -u -t -Z; do
		# shellcheck disable=SC2086
		same_as_psmisc -C age $opts "$ROOT" || { echo "options: '$opts'"; false; }
	done
	for w in 5 20 40; do
		diff <(COLUMNS=$w pstree -C age "$ROOT" | od -c) <(COLUMNS=$w tool pstree -C age "$ROOT" | od -c) ||
			{ echo "COLUMNS=$w"; false; }
	done
	# JSON is not coloured
	run tool pstree --json -C age "$ROOT"
	refute_output --partial $'\e'
}
