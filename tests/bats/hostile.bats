#!/usr/bin/env bats
# Hostile names and command lines, across ps, pstree, pidof and procinfo:
# comm and argv with spaces and ')', newlines, escape sequences, C1
# controls (UTF-8 and raw), invalid UTF-8, backslashes, a 200-byte
# argv[0], a 2 MiB command line.  Processes are started by
# tests/helpers/spawn (comm with prctl, any argv), synchronised by a FIFO.
#
# The rules are sysq(7)'s:
#   ps text: as procps-ng 4.0.2's ps shows it, byte for byte (ps(1)): in a
#     UTF-8 locale a control byte or a character it cannot print is '?',
#     a newline in the arguments a space, and from a byte that starts no
#     UTF-8 sequence on, a control is '.' and each byte past ASCII '?';
#     outside UTF-8 a control is '.' and each byte past ASCII '?';
#   other text (procinfo): no control character reaches the output (C0
#     but TAB and LF, DEL, C1 either as UTF-8 or as a raw byte), the output
#     is valid UTF-8, BEL BS TAB LF VT FF CR are \a \b \t \n \v \f \r,
#     other controls and bytes that are not UTF-8 are \ and three octal
#     digits (ESC \033, CSI \302\233, 0xff \377), a backslash is itself
#     (as procps and coreutils print it); pstree escapes as psmisc does
#     (the ascii rules);
#   JSON: valid (jq), no raw C0 or C1 character, each byte that is not
#     part of valid UTF-8 (overlong forms and surrogates included) is
#     U+FFFD, the values are the processes' own.

load common

setup() {
	unset SYSQ_PROCFS SYSQ_SYSFS SYSQ_ROOTFS COLUMNS
	SPAWN="$SQ_BUILDDIR/tests/helpers/spawn"
	[ -x "$SPAWN" ] || fail "build tests/helpers/spawn first"
	WORK=$(mktemp -d)
	chmod 755 "$WORK"
	STARTED=()
	NSTART=0
	FAILED="$WORK/failed"
	: >"$FAILED"
	mkdir "$WORK/q"
	NQ=0
	write_checker
	# argv[0]s unique to this run, so that pidof finds only ours
	T=$(printf '%04d' $(($$ % 10000)))
	define_cases
	for i in "${!NAME[@]}"; do
		start -n "${COMM[i]}" -- "${ARGV0[i]}" "${ARG[i]}"
		PID[i]=$P
	done
}

teardown() {
	stop_trees
	if [ "${#STARTED[@]}" -gt 0 ]; then
		kill -TERM "${STARTED[@]}" 2>/dev/null || true
	fi
	wait 2>/dev/null || true
	[ -z "${CGDIR:-}" ] || rmdir "$CGDIR" 2>/dev/null || true
	rm -rf "$WORK"
}

# await FIFO: the line a helper writes there, in REPLY (fails after 20 s
# rather than hang should the helper die first).
await() {
	local fd
	exec {fd}<>"$1"
	if ! read -r -t 120 -u "$fd" REPLY; then
		exec {fd}<&-
		cat "$WORK/spawn.err" >&2
		fail "no report on $1"
	fi
	exec {fd}<&-
}

# start [spawn options] [--] ARGV0 [ARG...]: P is the PID once it is ready.
# STACK_KIB, if set, is the stack limit to exec with (ARG_MAX is a quarter).
start() {
	local fifo="$WORK/ready.$((NSTART += 1))"
	mkfifo "$fifo"
	(
		[ -z "${STACK_KIB:-}" ] || ulimit -s "$STACK_KIB"
		exec "$SPAWN" "$fifo" "$@"
	) </dev/null >/dev/null 2>"$WORK/spawn.err" 3>&- &
	STARTED+=("$!")
	await "$fifo"
	P=${REPLY%% *}
	[ "$P" = "$!" ] || fail "spawn reported '$REPLY', started $!"
}

# The cases: the raw comm (the kernel keeps 15 bytes), argv[0] and one
# argument; then how procinfo's text shows each (X_), what JSON holds (J_,
# as JSON text) and what ps shows in a UTF-8 locale as procps does (P_:
# comm, and the whole command line).  NAME is psutil's name (ps JSON
# name, procinfo's name): the comm, or argv[0] when the comm is 15 bytes
# and argv[0] starts with them.
define_cases() {
	local e95='' i
	for ((i = 0; i < 95; i++)); do e95+='é'; done
	NAME=() COMM=() ARGV0=() ARG=() X_COMM=() X_NAME=() X_ARGV0=() X_ARG=()
	J_COMM=() J_NAME=() J_ARGV0=() J_ARG=() P_COMM=() P_ARGS=() PID=()

	case_ paren 'a b) c' "a b) c$T" 'x) (y' \
		'a b) c' '' "a b) c$T" 'x) (y' \
		'"a b) c"' '' "\"a b) c$T\"" '"x) (y"' \
		'a b) c' "a b) c$T x) (y"
	case_ newline $'nl\nline' $'nl\nline'"$T" $'one\ntwo\r\tthree\v\f\b' \
		'nl\nline' '' "nl\\nline$T" 'one\ntwo\r\tthree\v\f\b' \
		'"nl\nline"' '' "\"nl\\nline$T\"" '"one\ntwo\r\tthree\u000b\f\b"' \
		'nl?line' "nl line$T one two??three???"
	case_ esc $'ev\e[31mil\e[0m' $'ev\e[31mil'"$T" $'\e]0;pwned\a\e[2J' \
		'ev\033[31mil\033[0m' '' "ev\\033[31mil$T" '\033]0;pwned\a\033[2J' \
		'"ev\u001b[31mil\u001b[0m"' '' "\"ev\\u001b[31mil$T\"" '"\u001b]0;pwned\u0007\u001b[2J"' \
		'ev?[31mil?[0m' "ev?[31mil$T ?]0;pwned??[2J"
	# U+009B is one '?'; the raw 0x9b starts no sequence: from there on
	# libproc shows each byte past ASCII as '?' and DEL as '.'
	case_ c1 $'c1\xc2\x9bz\x9bw' $'c1\xc2\x9bz\x9bw'"$T" $'\xc2\x85x\xc2\x9f\x80\x7f' \
		'c1\302\233z\233w' '' "c1\\302\\233z\\233w$T" '\302\205x\302\237\200\177' \
		'"c1\u009bz\ufffdw"' '' "\"c1\\u009bz\\ufffdw$T\"" '"\u0085x\u009f\ufffd\u007f"' \
		'c1?z?w' "c1?z?w$T ??x???."
	# a cut sequence, a surrogate, an overlong '/', a code point above
	# U+10FFFF: each byte is invalid; then valid 2, 3 and 4-byte characters
	# (all '?' in ps: they come after the 0xff of argv[0])
	case_ utf8 $'bad\xff\xfeutf' $'bad\xff\xfeutf'"$T" $'\xe2\x82|\xed\xa0\x80|\xc0\xaf|\xf4\x90\x80\x80|é€😀' \
		'bad\377\376utf' '' "bad\\377\\376utf$T" '\342\202|\355\240\200|\300\257|\364\220\200\200|é€😀' \
		'"bad\ufffd\ufffdutf"' '' "\"bad\\ufffd\\ufffdutf$T\"" \
		'"\ufffd\ufffd|\ufffd\ufffd\ufffd|\ufffd\ufffd|\ufffd\ufffd\ufffd\ufffd|é€😀"' \
		'bad??utf' "bad??utf$T ??|???|??|????|?????????"
	# a backslash is printed as it is (as procps does), so text that
	# reads as an escape stays so
	case_ backslash 'back\slash' "back\\sl\\ash$T" '\033[31m \n \\' \
		'back\slash' '' "back\\sl\\ash$T" '\033[31m \n \\' \
		'"back\\slash"' '' "\"back\\\\sl\\\\ash$T\"" '"\\033[31m \\n \\\\"' \
		'back\slash' "back\\sl\\ash$T \\033[31m \\n \\\\"
	# argv[0] of 200 bytes; comm is its first 15, which cut an 'é' in two
	case_ long $'lo\eng-'"$T$e95" $'lo\eng-'"$T$e95" 'end' \
		"lo\\033ng-${T}éé\\303" "lo\\033ng-$T$e95" "lo\\033ng-$T$e95" 'end' \
		"\"lo\\u001bng-${T}éé\\ufffd\"" "\"lo\\u001bng-$T$e95\"" "\"lo\\u001bng-$T$e95\"" '"end"' \
		"lo?ng-${T}éé?" "lo?ng-$T$e95 end"
}

# case_ NAME COMM ARGV0 ARG X_COMM X_NAME X_ARGV0 X_ARG J_COMM J_NAME J_ARGV0 J_ARG P_COMM P_ARGS
# (an empty X_NAME or J_NAME: the same as the comm)
case_() {
	NAME+=("$1") COMM+=("$2") ARGV0+=("$3") ARG+=("$4")
	X_COMM+=("$5") X_NAME+=("${6:-$5}") X_ARGV0+=("$7") X_ARG+=("$8")
	J_COMM+=("$9") J_NAME+=("${10:-$9}") J_ARGV0+=("${11}") J_ARG+=("${12}")
	P_COMM+=("${13}") P_ARGS+=("${14}")
}

# The checks of sysq(7)'s rules: `check.py INDEX`, where each line of
# INDEX is FILE, TAB, text or json, TAB, a label; one line on stderr for
# each file that breaks them, and exit 1 if any does.
write_checker() {
	cat >"$WORK/check.py" <<-'EOF'
		import re, sys
		failed = False
		def check(path, mode, label):
		    data = open(path, "rb").read()
		    def bad(why, at, text):
		        return f"{label}: {why} at offset {at}: ...{text[max(0, at - 50):at + 20]!r}"
		    try:
		        text = data.decode("utf-8", "strict")
		    except UnicodeDecodeError as e:
		        return bad("not valid UTF-8", e.start, data)
		    if mode == "ascii":
		        # psmisc's escaping (pstree): printable ASCII only, a
		        # backslash starts \\ or \ooo, or an escape that a cut
		        # line ends inside, just before its "+"
		        m = re.search("[^\x20-\x7e\n]", text)
		        if m:
		            return bad(f"not printable ASCII U+{ord(m.group()):04X}", m.start(), text)
		        for m in re.finditer(r"\\(?:\\|[0-3][0-7][0-7]|[0-3]?[0-7]?(?=\+\n))?", text):
		            if len(m.group()) == 1 and text[m.end():m.end() + 2] != "+\n":
		                return bad("a backslash that starts no escape", m.start(), text)
		    elif mode == "text":
		        m = re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", text)
		        if m:
		            return bad(f"control character U+{ord(m.group()):04X}", m.start(), text)
		    else:
		        # one document on one line, followed by a newline
		        if not text.endswith("\n") or "\n" in text[:-1]:
		            return bad("not one line", text.find("\n"), text)
		        m = re.search("[\x00-\x1f\x80-\x9f]", text[:-1])
		        if m:
		            return bad(f"raw control character U+{ord(m.group()):04X} in JSON", m.start(), text)
		    return None
		for line in open(sys.argv[1], encoding="utf-8", errors="surrogateescape"):
		    path, mode, label = line.rstrip("\n").split("\t", 2)
		    why = check(path, mode, label)
		    if why:
		        print(why, file=sys.stderr)
		        failed = True
		sys.exit(1 if failed else 0)
	EOF
}

# check_file MODE LABEL FILE: queue FILE for the checker (one python run
# for a whole test: see assert_no_failures).
check_file() {
	local f="$WORK/q/$((NQ += 1))"
	cp "$3" "$f"
	printf '%s\t%s\t%s\n' "$f" "$1" "$2" >>"$WORK/q/index"
}

# Failures are collected, so that one test reports every case that fails;
# assert_no_failures ends each test.
note() {
	printf '%s\n' "$*" >>"$FAILED"
}

assert_no_failures() {
	if [ -s "$WORK/q/index" ]; then
		python3 "$WORK/check.py" "$WORK/q/index" 2>>"$FAILED" || true
		rm -f "$WORK"/q/*
	fi
	if [ -s "$FAILED" ]; then
		head -c 30000 "$FAILED" >&2
		fail "$(grep -c '' "$FAILED") failed checks"
	fi
}

# expect_eq LABEL ACTUAL WANTED
expect_eq() {
	[ "$2" = "$3" ] || note "$1: got $(printf '%q' "${2:0:300}"), want $(printf '%q' "${3:0:300}")"
}

# expect_prefix LABEL PART WHOLE: PART, not empty, starts WHOLE (a cell or
# a line cut to its width).
expect_prefix() {
	[ -n "$2" ] && [[ "$3" == "$2"* ]] || note "$1: $(printf '%q' "${2:0:300}") does not start $(printf '%q' "${3:0:300}")"
}

# expect_suffix LABEL LINE END
expect_suffix() {
	[[ "$2" == *"$3" ]] || note "$1: $(printf '%q' "${2:0:300}") does not end with $(printf '%q' "${3:0:300}")"
}

# run_ok LABEL CMD...: CMD exits 0 and writes nothing to stderr; its output
# in $WORK/out.
run_ok() {
	local label=$1 rc=0
	shift
	"$@" >"$WORK/out" 2>"$WORK/err" || rc=$?
	[ "$rc" -eq 0 ] || note "$label: exit $rc"
	[ ! -s "$WORK/err" ] || note "$label: stderr: $(head -c 300 "$WORK/err")"
	[ "$rc" -eq 0 ]
}

# text LABEL CMD...: CMD succeeds and its output follows the text rules;
# the output is then in $output and ${lines[@]}.
text() {
	checked text "$@"
}

# checked MODE LABEL CMD...: run CMD, queue its output for the checker's
# MODE rules (text, ascii), and set output and lines
checked() {
	local mode=$1 label=$2
	shift 2
	run_ok "$label" "$@" || true
	[ -s "$WORK/out" ] || note "$label: no output"
	check_file "$mode" "$label" "$WORK/out"
	output=$(cat "$WORK/out")
	mapfile -t lines <"$WORK/out"
}

# json LABEL FILTER CMD...: CMD succeeds and prints one valid JSON document
# on one line, with no raw control character, for which FILTER is true
# (jq -e; $p is case c's PID, $comm $name $argv0 $arg its values,
# $cmdline [$argv0, $arg]).
json() {
	local label=$1 filter=$2
	shift 2
	run_ok "$label" "$@" || return 0
	check_file json "$label" "$WORK/out"
	if ! jq -e . "$WORK/out" >/dev/null 2>&1; then
		note "$label: not JSON: $(head -c 300 "$WORK/out")"
	elif ! jq -e --argjson p "${PID[c]}" --argjson comm "${J_COMM[c]}" --argjson name "${J_NAME[c]}" \
		--argjson argv0 "${J_ARGV0[c]}" --argjson arg "${J_ARG[c]}" \
		"([\$argv0, \$arg]) as \$cmdline | $filter" "$WORK/out" >/dev/null; then
		note "$label: not $(tr -s '\n\t' '  ' <<<"$filter"): $(head -c 1500 "$WORK/out")"
	fi
}

# line_ending LABEL END: some line of the output ends with END
has_line_ending() {
	printf '%s\n' "${lines[@]}" | WANT="$2" awk '
		substr($0, length($0) - length(ENVIRON["WANT"]) + 1) == ENVIRON["WANT"] { found = 1 }
		END { exit !found }' || note "$1: no line ends with $(printf '%q' "$2")"
}

@test "hostile: the cases are what the kernel holds" {
	for c in "${!NAME[@]}"; do
		# comm: the first 15 bytes
		want=$(printf '%s' "${COMM[c]}" | head -c 15 | od -An -tx1)
		[ "$(head -c -1 "/proc/${PID[c]}/comm" | od -An -tx1)" = "$want" ] || fail "${NAME[c]}: comm"
		want=$(printf '%s\0%s\0' "${ARGV0[c]}" "${ARG[c]}" | od -An -tx1)
		[ "$(od -An -tx1 <"/proc/${PID[c]}/cmdline")" = "$want" ] || fail "${NAME[c]}: cmdline"
	done
	[ "$(printf '%s' "${ARGV0[6]}" | wc -c)" -eq 200 ]
	# the checker refuses what it should, and passes the escapes
	printf 'a\033b\n' >"$WORK/t1"
	printf 'a\\033b \\ c\n' >"$WORK/t2"
	printf 'a\302\233b\n' >"$WORK/t3"
	printf 'a\233b\n' >"$WORK/t4"
	printf 'a\\03\n' >"$WORK/t5"
	printf '{"a":"\302\233"}\n' >"$WORK/t6"
	printf '{"a":\n"b"}\n' >"$WORK/t7"
	printf 'caf\303\251\n' >"$WORK/t8"
	for t in t1:text t2:ascii t3:text t4:text t5:ascii t6:json t7:json t8:ascii t1:ascii; do
		printf '%s\t%s\t%s\n' "$WORK/${t%:*}" "${t#*:}" "${t%:*}" >"$WORK/index"
		run ! python3 "$WORK/check.py" "$WORK/index"
	done
	printf 'a\\033b\\\\ \\n \\302\\233 \\377 \303\251\tx\n' >"$WORK/g1"
	printf '{"a":"\\u009b\\u001b\303\251"}\n' >"$WORK/g2"
	printf 'a \\ b\\c\n' >"$WORK/g3"
	printf 'a\\033b\\\\ \\303\\251\nab\\30+\n' >"$WORK/g4"
	printf '%s\t%s\t%s\n' "$WORK/g1" text g1 "$WORK/g2" json g2 "$WORK/g3" text g3 "$WORK/g4" ascii g4 >"$WORK/index"
	python3 "$WORK/check.py" "$WORK/index"
}

# beside_procps LABEL ARGS...: our ps follows the text rules and prints
# procps-ng's bytes (the values of %CPU and C masked, see mask_cpu; when
# the first peer run differs, the peer runs again after ours: see agree)
beside_procps() {
	local label=$1
	shift
	text "$label" tool ps "$@"
	[ -n "$PROCPS" ] || return 0
	agree "$(masked "$PROCPS" "$@")" "$(mask_cpu <"$WORK/out")" masked "$PROCPS" "$@" >"$WORK/diff" ||
		note "$label: not procps's text: $(head -c 3000 "$WORK/diff")"
}

# PROCPS: procps-ng's ps, when /usr/bin/ps is it
procps_peer() {
	PROCPS=
	if /usr/bin/ps -V 2>/dev/null | grep -q procps; then
		PROCPS=/usr/bin/ps
	fi
}

# the layouts that show names and arguments, for the PIDs in $1
ps_layouts() {
	local p=$1 n=$2
	beside_procps "$n: ps -o pid,comm,args" -o pid,comm,args -p "$p"
	# comm and args not last: cut at 15 and 27 columns
	beside_procps "$n: ps -o comm,args,pid" -o comm,args,pid -p "$p"
	beside_procps "$n: ps -o fname,ucomm,cmd" -o fname,ucomm,cmd -p "$p"
	beside_procps "$n: ps -f" -f -p "$p"
	beside_procps "$n: ps u" u -p "$p"
	beside_procps "$n: ps -fww" -fww -p "$p"
}

@test "hostile: ps text: comm and args as procps shows them in -o, -f, u, aux, -e (UTF-8 locale)" {
	[ "$(LC_ALL=C.UTF-8 locale charmap 2>/dev/null)" = UTF-8 ] || skip "no C.UTF-8 locale"
	export LC_ALL=C.UTF-8
	procps_peer
	for c in "${!NAME[@]}"; do
		p=${PID[c]} n=${NAME[c]}
		text "$n: ps -o comm=" tool ps -o comm= -p "$p"
		expect_eq "$n: ps -o comm=" "$output" "${P_COMM[c]}"
		text "$n: ps -o args=" tool ps -o args= -p "$p"
		expect_eq "$n: ps -o args=" "$output" "${P_ARGS[c]}"
		ps_layouts "$p" "$n"
	done
	# everything at once, in the layouts that list the system
	text "ps aux" tool ps aux
	for c in "${!NAME[@]}"; do
		has_line_ending "ps aux: ${NAME[c]}" " ${P_ARGS[c]}"
	done
	text "ps -ef" tool ps -ef
	text "ps -e" tool ps -e
	for c in "${!NAME[@]}"; do
		printf '%s\n' "${lines[@]}" | grep -qE "^ *${PID[c]} " || note "ps -e: no ${NAME[c]}"
	done
	assert_no_failures
}

@test "hostile: ps text outside a UTF-8 locale: a control '.', every byte past ASCII '?', as procps" {
	export LC_ALL=C
	procps_peer
	for c in "${!NAME[@]}"; do
		ps_layouts "${PID[c]}" "${NAME[c]}"
	done
	text "esc: ps -o comm=" tool ps -o comm= -p "${PID[2]}"
	expect_eq "esc: ps -o comm=" "$output" 'ev.[31mil.[0m'
	text "long: ps -o comm=" tool ps -o comm= -p "${PID[6]}"
	expect_eq "long: ps -o comm=" "$output" "lo.ng-$T?????"
	assert_no_failures
}

# tree_pids ROOT: ROOT and its descendants, comma-separated
tree_pids() {
	local out=$1 kid
	for kid in $(cat /proc/"$1"/task/*/children 2>/dev/null); do
		out+=,$(tree_pids "$kid")
	done
	printf '%s' "$out"
}

# One process of each byte class, in names (comm) and arguments, as a tree
# under tests/helpers/ptree run from a path that holds them too (exe): a
# tab, ESC and sequences, DEL, other C0, a raw 0x9b, U+009B, 0xff with
# controls after it, invalid sequences, wide and full-width characters, a
# combining mark, newlines, a name cut inside a character, a zombie.
BYTE_CLASSES='tab\x09z<tab\x09z>[a\x09b](kid\x09x[\x1b\[1m;\xff\x01](deep\x7f[é\x0a])),'\
'esc\x1b\[31mx<esc\x1b\[31mx\x1b\[0m>[\x1b\]0\;t\x07\x1b\[2J],'\
'del\x7fx<del\x7fx>[x\x7f],c0\x01z<c0\x01z\x1f>[\x01],c1\x9bz<c1\x9bz>[\x9b1m],'\
'u9b\xc2\x9bz<u9b\xc2\x9bz>[\xc2\x85x],ff\xffz<ff\xff\x09z>[a\xff\x01b],'\
'inv\xc3Az<inv\xc3\x1b\[1m>[\xe4\xb8|\xed\xa0\x80|\xc0\xaf|\xf4\x90\x80\x80],'\
'wide中文z<wide中文字z>[ｆｕｌｌ😀],comb\xcc\x81z<comb\xcc\x81z>[e\xcc\x81\xe2\x80\x8b],'\
'nl\x0al<nl\x0al>[one\x0atwo\x0a],cutabcdefghijk\xc3\xa9<cut\xc3\xa9>[x],z\x1bomb\xff\x09!'

start_byte_classes() {
	local bin="$WORK/b"$'\t'"in"
	mkdir "$bin"
	EXE="$bin/p"$'\e[1mt\xff\x01'"ree"
	cp "$PTREE" "$EXE"
	PTREE=$EXE start_tree "$BYTE_CLASSES"
	PIDS=$(tree_pids "$ROOT")
	[ "$(tr ',' '\n' <<<"$PIDS" | wc -l)" -eq 16 ] || fail "the tree is not whole: $PIDS"
}

# every layout that shows a name, an argument or a path, flat and as a forest
byte_class_layouts() {
	local f
	for f in "-o pid,comm,args" "-o comm,args,pid" "-o pid,fname,ucomm,ucmd,cmd,command" -f u -fww \
		"--forest -o pid,comm,args" "--forest -o comm,args,pid" "-f --forest" "u --forest" \
		"-H -o pid,comm,args" "-o pid,exe" "-o pid,args e" "-o pid,comm,args c"; do
		# shellcheck disable=SC2086
		beside_procps "$1: ps $f" $f -p "$PIDS"
	done
	for w in 20 33 47 80; do
		COLUMNS=$w beside_procps "$1: COLUMNS=$w ps --forest -o pid,comm,args" --forest -o pid,comm,args -p "$PIDS"
	done
}

@test "hostile: ps beside procps, byte class by byte class: comm, args, exe, -f, u, --forest (UTF-8 locale)" {
	[ "$(LC_ALL=C.UTF-8 locale charmap 2>/dev/null)" = UTF-8 ] || skip "no C.UTF-8 locale"
	procps_peer
	[ -n "$PROCPS" ] || skip "procps-ng ps is not /usr/bin/ps"
	export LC_ALL=C.UTF-8
	start_byte_classes
	byte_class_layouts UTF-8
	# some of it pinned, should procps change: '?' for a control, one for
	# U+009B, '.' for a control after a byte that starts no sequence, a
	# space for a newline, the forest's art kept
	run tool ps --forest -o pid=,comm=,args= -p "$PIDS"
	for want in ' \_ tab?z a?b' '|   \_ kid?x ?[1m ?.' ' \_ ff?.z a?.b' ' \_ u9b?z ?x' ' \_ nl l one two' \
		' \_ inv??[1m ??|???|??|????' ' \_ wide中文字z ｆｕｌｌ😀' ' \_ [z?omb?.] <defunct>'; do
		printf '%s\n' "${lines[@]}" | grep -qF -- "$want" || note "ps --forest: no line with '$want'"
	done
	run tool ps -o exe= -p "$ROOT"
	expect_eq "ps -o exe=" "$output" "$WORK/b?in/p?[1mt?.ree"
	assert_no_failures
}

@test "hostile: ps beside procps, byte class by byte class, outside a UTF-8 locale" {
	procps_peer
	[ -n "$PROCPS" ] || skip "procps-ng ps is not /usr/bin/ps"
	export LC_ALL=C
	start_byte_classes
	byte_class_layouts C
	run tool ps -o args= -p "$PIDS"
	printf '%s\n' "${lines[@]}" | grep -qxF 'wide?????????z ????????????????' ||
		note "ps -o args=: no line 'wide?????????z ????????????????': $output"
	assert_no_failures
}

@test "hostile: ps beside procps: a cgroup path with a control byte and an invalid one" {
	procps_peer
	[ -n "$PROCPS" ] || skip "procps-ng ps is not /usr/bin/ps"
	[ -w /sys/fs/cgroup/pids/cgroup.procs ] || skip "no writable cgroup v1 pids hierarchy"
	CGDIR="/sys/fs/cgroup/pids/sq$T"$'\e[1m\xff\t'
	mkdir "$CGDIR"
	start -n cgroup -- "sqcg$T"
	echo "$P" >"$CGDIR/cgroup.procs"
	for loc in C.UTF-8 C; do
		LC_ALL=$loc beside_procps "$loc: ps -o pid,cgroup,cgname,args" -o pid,cgroup,cgname,args -p "$P"
		LC_ALL=$loc beside_procps "$loc: ps -o cgroup,pid" -o cgroup,pid -p "$P"
	done
	LC_ALL=C.UTF-8 run tool ps -o cgroup= -p "$P"
	[[ "$output" == *":/sq$T?[1m?."* ]] || note "ps -o cgroup=: $output"
	assert_no_failures
}

@test "hostile: ps JSON: the names and arguments themselves, invalid bytes as U+FFFD" {
	for c in "${!NAME[@]}"; do
		p=${PID[c]} n=${NAME[c]}
		json "$n: ps --json -o pid,comm,args" \
			'(.processes | length) == 1 and (.processes[0] | .pid == $p and .name == $name and .cmdline == $cmdline)' \
			tool ps --json -o pid,comm,args -p "$p"
		json "$n: ps --json" \
			'(.processes | length) == 1 and (.processes[0] | .pid == $p and .name == $name and .comm == $comm and .cmdline == $cmdline)' \
			tool ps --json -p "$p"
		json "$n: ps --json -f" '.processes[0] | .pid == $p and .cmdline == $cmdline' \
			tool ps --json -f -p "$p"
	done
	json "ps aux --json" '.processes | length > 7 and all(.pid != null)' tool ps aux --json
	assert_no_failures
}

# ascii LABEL CMD...: like text, by the rules of psmisc's escaping
ascii() {
	checked ascii "$@"
}

# same_as_psmisc LABEL ARGS...: our pstree prints psmisc's bytes
same_as_psmisc() {
	local label=$1 want
	shift
	ascii "$label" tool pstree "$@"
	want=$(/usr/bin/pstree "$@" 2>&1)
	expect_eq "$label" "$output" "$want"
}

@test "hostile: pstree text: comm and arguments escaped as psmisc escapes them" {
	command -v /usr/bin/pstree >/dev/null || skip "psmisc missing"
	for c in "${!NAME[@]}"; do
		p=${PID[c]} n=${NAME[c]}
		same_as_psmisc "$n: pstree -p -a" -p -a "$p"
		same_as_psmisc "$n: pstree -a -l" -a -l "$p"
		same_as_psmisc "$n: pstree -p" -p "$p"
	done
	# printable ASCII, a backslash doubled, every other byte octal: the
	# newline, ESC, C1 and UTF-8 of the cases
	p=${PID[1]}
	ascii "newline: pstree -p" tool pstree -p "$p"
	expect_eq "newline: pstree -p" "$output" "nl\\012line($p)"
	p=${PID[4]}
	ascii "utf8: pstree -a" tool pstree -a -l "$p"
	expect_eq "utf8: pstree -a" "$output" 'bad\377\376utf \342\202|\355\240\200|\300\257|\364\220\200\200|\303\251\342\202\254\360\237\230\200'
	# the whole tree, with all of them in it
	ascii "pstree -p -a -l" tool pstree -p -a -l
	ascii "pstree -p" tool pstree -p
	assert_no_failures
}

@test "hostile: pstree JSON: comm and command line themselves" {
	for c in "${!NAME[@]}"; do
		json "${NAME[c]}: pstree --json -a" \
			'(.processes | length) == 1 and (.processes[0] | .pid == $p and .name == $comm and .cmdline == $cmdline)' \
			tool pstree --json -a "${PID[c]}"
		json "${NAME[c]}: pstree --json" '.processes[0] | .pid == $p and .name == $comm' \
			tool pstree --json "${PID[c]}"
	done
	assert_no_failures
}

@test "hostile: text cut to a width: ps between characters as procps, pstree as psmisc" {
	[ "$(LC_ALL=C.UTF-8 locale charmap 2>/dev/null)" = UTF-8 ] || skip "no C.UTF-8 locale"
	procps_peer
	for c in "${!NAME[@]}"; do
		p=${PID[c]} n=${NAME[c]}
		# pstree: psmisc's bytes at every width (its escapes are ASCII,
		# so a cut may end inside one, as psmisc's does)
		for w in $(seq 8 50); do
			COLUMNS=$w same_as_psmisc "$n: COLUMNS=$w pstree -p -a" -p -a "$p"
			COLUMNS=$w same_as_psmisc "$n: COLUMNS=$w pstree -p" -p "$p"
		done
		for w in $(seq 10 60); do
			LC_ALL=C.UTF-8 COLUMNS=$w text "$n: COLUMNS=$w ps -o pid,args" tool ps -o pid,args -p "$p"
			cell=${lines[1]:-}
			expect_prefix "$n: COLUMNS=$w ps -o pid,args" "${cell#*"$p "}" "${P_ARGS[c]}"
			[ -z "$PROCPS" ] || expect_eq "$n: COLUMNS=$w ps -o pid,args as procps" "$output" \
				"$(LC_ALL=C.UTF-8 COLUMNS=$w "$PROCPS" -o pid,args -p "$p")"
		done
	done
	assert_no_failures
}

@test "hostile: pidof finds each by its hostile argv[0], and by comm with -w; JSON names them" {
	for c in "${!NAME[@]}"; do
		p=${PID[c]} n=${NAME[c]}
		text "$n: pidof" tool pidof -- "${ARGV0[c]}"
		expect_eq "$n: pidof" "$output" "$p"
		# by comm: other processes may bear it too; ours is among them
		text "$n: pidof -w comm" tool pidof -w -- "$(printf '%s' "${COMM[c]}" | head -c 15)"
		[[ " $output " == *" $p "* ]] || note "$n: pidof -w: $output"
		[[ "$output" =~ ^[0-9]+( [0-9]+)*$ ]] || note "$n: pidof -w: $output"
		json "$n: pidof --json" \
			'.pids == [$p] and (.programs | length) == 1 and .programs[0].name == $argv0 and .programs[0].pids == [$p]' \
			tool pidof --json -- "${ARGV0[c]}"
	done
	assert_no_failures
}

@test "hostile: procinfo: escaped name and command line in text, themselves in JSON" {
	for c in "${!NAME[@]}"; do
		p=${PID[c]} n=${NAME[c]}
		for v in "" -v; do
			# shellcheck disable=SC2086
			text "$n: procinfo $v" tool procinfo $v "$p"
			printf '%s\n' "${lines[@]}" | grep -qxF -- "name          ${X_NAME[c]}" ||
				note "$n: procinfo $v: no line 'name          ${X_NAME[c]}'"
			printf '%s\n' "${lines[@]}" | grep -qxF -- "cmdline       ${X_ARGV0[c]} ${X_ARG[c]}" ||
				note "$n: procinfo $v: no line 'cmdline       ${X_ARGV0[c]} ${X_ARG[c]}'"
			# the threads table: the main thread, named by its comm
			has_line_ending "$n: procinfo $v: thread" "  ${X_COMM[c]}"
		done
		json "$n: procinfo --json" \
			'.pid == $p and .name == $name and .proc.comm == $comm and .cmdline == $cmdline and
			 (.threads | length) == 1 and .threads[0].name == $comm' \
			tool procinfo --json "$p"
	done
	assert_no_failures
}

@test "hostile: a 2 MiB command line: every tool, text clean, JSON whole" {
	# 64 arguments of 32767 bytes and their NULs: 2 MiB; the last ends
	# with an escape sequence.  ARG_MAX is a quarter of the stack limit.
	local a big=() i
	printf -v a '%32767s' ''
	a=${a// /a}
	for ((i = 1; i < 64; i++)); do big+=("$a"); done
	last="${a:0:32762}"$'\eLAST'
	big+=("$last")
	hard=$(ulimit -Hs)
	if [ "$hard" != unlimited ] && [ "$hard" -lt 65536 ]; then
		skip "the stack limit cannot be raised to 64 MiB (hard limit $hard KiB)"
	fi
	STACK_KIB=65536 start -n bigname -- "sqbig$T" "${big[@]}"
	unset STACK_KIB
	p=$P
	size=$(wc -c <"/proc/$p/cmdline")
	[ "$size" -eq $((10 + 64 * 32768)) ] || fail "cmdline is $size bytes"
	total=$((9 + 64 * 32767))
	whole='.cmdline | length == 65 and .[0] == $argv0 and (.[1:64] | all(. == $a)) and .[64] == $last
		and (map(length) | add) == $total'
	for cmd in "ps --json -o pid,comm,args -p $p" "ps --json -p $p" "procinfo --json $p" "pstree --json -a $p"; do
		# shellcheck disable=SC2086
		run_ok "$cmd" tool $cmd || continue
		check_file json "$cmd" "$WORK/out"
		jq -e --arg a "$a" --arg last "$last" --arg argv0 "sqbig$T" --argjson total "$total" --argjson p "$p" \
			"(.processes[0]? // .) | .pid == \$p and ($whole)" "$WORK/out" >/dev/null ||
			note "$cmd: the command line is not whole"
	done
	run_ok "pidof --json" tool pidof --json "sqbig$T" &&
		{ jq -e --argjson p "$p" '.pids == [$p]' "$WORK/out" >/dev/null || note "pidof --json: $(cat "$WORK/out")"; }
	# text: clean, and as much of it as each tool shows
	for cmd in "ps -o pid,comm,args -p $p" "ps -f -p $p" "ps u -p $p" "ps aux" \
		"pstree -p -a $p" "procinfo $p"; do
		# shellcheck disable=SC2086
		text "$cmd" tool $cmd
	done
	full="$(printf '%s ' "${big[@]:0:63}")${a:0:32762}\\033LAST"
	text "ps -o args=" tool ps -o args= -p "$p"
	expect_prefix "ps -o args=" "$output" "sqbig$T $full"
	# procps shows the first 128 KiB
	if ps -V 2>/dev/null | grep -q procps; then
		want=$(ps -o args= -p "$p" | wc -c)
		have=$(tool ps -o args= -p "$p" | wc -c)
		[ "$have" -eq "$want" ] || note "ps -o args=: $have bytes of the 2 MiB command line, procps shows $want"
	fi
	# psmisc reads 8192 bytes of the command line with -l; the argument
	# cut there is its last, shown without the space before it
	text "pstree -a -l" tool pstree -a -l "$p"
	expect_eq "pstree -a -l" "$output" "bigname${a:0:$((8192 - ${#T} - 6))}"
	if command -v pstree >/dev/null; then
		expect_eq "pstree -a -l as psmisc" "$output" "$(pstree -a -l "$p")"
	fi
	text "procinfo -v" tool procinfo -v "$p"
	printf 'cmdline       sqbig%s %s\n' "$T" "$full" >"$WORK/want"
	grep -qxFf "$WORK/want" "$WORK/out" || note "procinfo -v: the command line is not whole"
	text "pidof" tool pidof "sqbig$T"
	expect_eq "pidof" "$output" "$p"
	assert_no_failures
}

@test "hostile: ps prints a backslash as procps does, at every width" {
	start -n 'sq\bs' -- sed 's/\.log$//' 'C:\Windows\n' '\\server\share' 'x\033y'
	for fmt in args comm,args cmd fname,cmd pid,comm=X,args; do
		# (procps warns on stderr below 10 columns)
		for w in $(seq 10 80); do
			want=$(COLUMNS=$w /usr/bin/ps -o "$fmt" -p "$P")
			run env COLUMNS="$w" "$SQ_BUILDDIR/cmd/ps/ps" -o "$fmt" -p "$P"
			assert_success
			assert_output "$want"
		done
	done
	run tool ps -o args= -p "$P"
	assert_output 'sed s/\.log$// C:\Windows\n \\server\share x\033y'
	# JSON: the strings themselves, no forest art, no escapes
	run tool ps --forest --json -o fname,comm,args -p "$P"
	jq -e '.processes[0] | .fname == "sq\\bs" and .name == "sq\\bs" and .cmdline[4] == "x\\033y"' <<<"$output"
}
