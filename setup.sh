#!/bin/sh
# Quick start, step 1: install what is missing (Debian 12, as root), build
# sysq in this tree, then print a short system summary with the new tools.
set -eu
cd "$(dirname "$0")"

PACKAGES="build-essential autoconf automake pkg-config libbsd-dev libjson-c-dev
libncurses-dev libcmocka-dev bats bats-support bats-assert jq mandoc groff-base procps
coreutils util-linux passwd psmisc strace hyperfine curl xz-utils ca-certificates
python3-psutil"

missing=""
for p in $PACKAGES; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "setup: installing$missing"
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO=sudo
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi

autoreconf -fi >/dev/null
[ -f config.status ] || ./configure --enable-werror --quiet
make -j"$(nproc)" >/dev/null
# procps-ng's pidof, for the tests that compare with it (not in Debian)
tests/peers/procps-pidof.sh

echo
cmd/uptime/uptime
echo
cmd/free/free -h
echo
cmd/who/who -H
echo
echo "Largest processes by resident memory:"
cmd/ps/ps -eo pid,user,%cpu,%mem,rss,comm --sort=-rss | head -6
