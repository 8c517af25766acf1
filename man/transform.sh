#!/bin/sh
# Run by make install (install-data-hook): under --program-prefix or
# --program-transform-name, sysq's installed pages name the tools as they
# are installed (.Nm, .Dt and .Xr), as the files themselves are named.
# usage: transform.sh SED-TRANSFORM MAN1DIR MAN7DIR TOOL...
set -e
transform=$1 man1=$2 man7=$3
shift 3
expr=
pages="$man7/sysq.7"
for t in "$@"; do
	n=$(printf '%s\n' "$t" | sed "$transform")
	[ "$n" != "$t" ] || continue
	# the new name as a sed replacement; the old one is a plain word
	r=$(printf '%s\n' "$n" | sed 's/[&/\]/\\&/g')
	T=$(printf '%s\n' "$t" | tr '[:lower:]' '[:upper:]')
	R=$(printf '%s\n' "$r" | tr '[:lower:]' '[:upper:]')
	expr="$expr
s/^\\.Nm $t( |\$)/.Nm $r\\1/
s/^\\.Dt $T( |\$)/.Dt $R\\1/
s/(^\\.| )Xr $t 1( |\$)/\\1Xr $r 1\\2/g"
	pages="$pages $man1/$n.1"
done
[ -n "$expr" ] || exit 0
for p in $pages; do
	[ -f "$p" ] || continue
	echo " transform $p"
	sed -E "$expr" "$p" >"$p.tmp"
	cat "$p.tmp" >"$p"
	rm -f "$p.tmp"
done
