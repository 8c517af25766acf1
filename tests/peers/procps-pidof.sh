#!/bin/sh
# Build procps-ng 4.0.2's pidof into tests/peers/procps-pidof, for the
# tests that compare sysq's pidof with it: Debian's /usr/bin/pidof is
# sysvinit's, and procps-ng's is packaged nowhere in Debian 12.  The
# source is Debian's own copy of the release, checked against the SHA-256
# of its procps_4.0.2-3.dsc.  When it cannot be had (no network), this
# says so and ends with status 0: those tests then skip, saying why.
set -u
cd "$(dirname "$0")"
out=procps-pidof
url=http://deb.debian.org/debian/pool/main/p/procps/procps_4.0.2.orig.tar.xz
sum=ee3fcd2ea6ff94aa43a81ba5cc7912b7c9615acd2911c7a3d3ea081287fdf47a

if [ -x "$out" ] && "./$out" -h 2>/dev/null | grep -q -- --with-workers; then
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
give_up() {
	echo "setup: no procps-ng pidof to compare with ($1); the tests that need one will skip" >&2
	exit 0
}
curl -sSf --retry 2 -m 120 -o "$tmp/procps.tar.xz" "$url" || give_up "cannot fetch $url"
echo "$sum  $tmp/procps.tar.xz" | sha256sum -c --quiet - || give_up "checksum mismatch for $url"
tar -xJf "$tmp/procps.tar.xz" -C "$tmp" || give_up "cannot unpack it"
(
	cd "$tmp"/procps-ng-4.0.2 &&
		./configure --quiet --disable-nls --without-systemd --disable-modern-top --disable-shared >configure.out 2>&1 &&
		make -j"$(nproc)" src/pidof >make.out 2>&1
) || give_up "it did not build"
cp "$tmp/procps-ng-4.0.2/src/pidof" "$out"
echo "setup: built procps-ng 4.0.2 pidof as tests/peers/$out"
