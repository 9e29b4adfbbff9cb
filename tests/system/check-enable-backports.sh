#!/usr/bin/env bash
# check-enable-backports.sh SRC: scripts/enable-backports takes the archive
# URL (and keyring) of the machine's own `bookworm main` source, from
# one-line and deb822 files, and adds nothing when backports is there.
# Runs against fake apt directories (LED_CUSE_APT_ETC). TAP output.
set -uo pipefail
EB=${1:?usage: check-enable-backports.sh SRC}/scripts/enable-backports
T=$(mktemp -d /tmp/led-cuse-apt.XXXXXX)
trap 'rm -rf "$T"' EXIT
# shellcheck source=../lib/tap.sh
. "$(dirname "$(readlink -f "$0")")/../lib/tap.sh"
fresh() { rm -rf "$T/etc"; mkdir -p "$T/etc/sources.list.d"; }
run() { LED_CUSE_APT_ETC=$T/etc LED_CUSE_SUITE=bookworm "$EB" "$@" 2>/dev/null; }

fresh
printf 'Types: deb\n# a comment\nURIs: http://mirror.example/debian\nSuites: bookworm bookworm-updates\nComponents: main contrib\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n\nTypes: deb\nURIs: http://security.example/debian-security\nSuites: bookworm-security\nComponents: main\n' >"$T/etc/sources.list.d/debian.sources"
expect_eq "deb822: the bookworm main URI" http://mirror.example/debian "$(run --print)"
run
expect_eq "deb822: the added source uses it" "URIs: http://mirror.example/debian" "$(grep '^URIs:' "$T/etc/sources.list.d/led-cuse-backports.sources")"
expect_eq "deb822: ... for bookworm-backports" "Suites: bookworm-backports" "$(grep '^Suites:' "$T/etc/sources.list.d/led-cuse-backports.sources")"

fresh
printf '# deb http://old.example/debian bookworm main\ndeb-src http://src.example/debian bookworm main\ndeb [arch=arm64 signed-by=/etc/apt/keyrings/pi.gpg] http://proxy.example:3142/debian bookworm main non-free-firmware\n' >"$T/etc/sources.list"
run
expect_eq "one-line with options: URI" "URIs: http://proxy.example:3142/debian" "$(grep '^URIs:' "$T/etc/sources.list.d/led-cuse-backports.sources")"
expect_eq "one-line with options: its keyring" "Signed-By: /etc/apt/keyrings/pi.gpg" "$(grep '^Signed-By:' "$T/etc/sources.list.d/led-cuse-backports.sources")"

fresh
printf 'deb http://a.example/debian bookworm main\ndeb http://b.example/debian bookworm-backports main\n' >"$T/etc/sources.list"
run
expect_eq "backports already there: nothing added" "" "$(ls "$T/etc/sources.list.d")"

fresh
printf 'Types: deb\nURIs: http://c.example/debian\nSuites: bookworm\nComponents: main\nEnabled: no\n' >"$T/etc/sources.list.d/x.sources"
run; rc=$?
expect_eq "no enabled bookworm main source: an error, nothing added" "1 " "$rc $(ls "$T/etc/sources.list.d" | grep -v x.sources)"
tap_done
