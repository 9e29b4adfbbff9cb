#!/usr/bin/env bash
# Install everything led-cuse needs to build, test and run its VM, on
# Debian 12 "bookworm" or Debian 13 "trixie": each release's own package
# names (libgpiod v2 from bookworm-backports on 12, from main on 13; the
# clang runtime of the release's default clang; systemd.pc in systemd-dev
# from 13 on). Idempotent: safe to run again. Needs root (or sudo).
set -euo pipefail

me=setup-deps
# shellcheck source=../tests/lib/common.sh
. "$(dirname "$(readlink -f "$0")")/../tests/lib/common.sh"
export DEBIAN_FRONTEND=noninteractive

RELEASE=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
case "$RELEASE" in
bookworm)
    # libgpiod v2 exists only in bookworm-backports; bookworm main ships the
    # v1 API. Added from the archive URL this machine's sources already use.
    "$(dirname "$0")/enable-backports"
    GPIOD_FROM=(-t bookworm-backports) RELEASE_PKGS=() ;;
trixie)
    GPIOD_FROM=() RELEASE_PKGS=(systemd-dev) ;;
*)
    log "Debian 12 (bookworm) or 13 (trixie) expected, this is '${RELEASE:-unknown}'"
    exit 1 ;;
esac

# The arm64 package is cross-built with multiarch :arm64 build dependencies.
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    $SUDO dpkg --add-architecture arm64
fi

$SUDO apt-get update -q

# Build and unit-test dependencies (main).
$SUDO apt-get install -y -q --no-install-recommends \
    build-essential meson ninja-build pkg-config \
    libfuse3-dev fuse3 libsystemd-dev libinih-dev check "${RELEASE_PKGS[@]}" \
    systemd udev clang libclang-rt-dev llvm valgrind mandoc groff-base

# The Debian package (scripts/build-deb, meson test --suite package).
$SUDO apt-get install -y -q --no-install-recommends \
    dpkg-dev debhelper lintian

# libgpiod v2 and its tools (on bookworm, pinned to backports explicitly).
$SUDO apt-get install -y -q --no-install-recommends "${GPIOD_FROM[@]}" \
    libgpiod-dev gpiod libgpiod3

# VM dependencies: emulator, initramfs tools, what builds the gpio-sim module,
# and ip (iproute2) for the netdev trigger's dummy interfaces.
$SUDO apt-get install -y -q --no-install-recommends \
    qemu-system-x86 busybox-static kmod cpio gzip xz-utils bc flex bison libelf-dev \
    libssl-dev dwarves iproute2
# The system suite's VM boots this machine's root: its button actions start
# units over the D-Bus system bus, so the root needs one.
$SUDO apt-get install -y -q --no-install-recommends dbus

# The benchmark (bench/run): strace counts the daemon's system calls, gnuplot
# draws the pictures of bench/README.md.
$SUDO apt-get install -y -q --no-install-recommends strace gnuplot-nox

# arm64 (tests/arm64): cross compilers for arm64 and armhf (32-bit clients),
# the arm64 build dependencies, the arm64 VM (qemu-system-aarch64) and what
# builds the Debian roots of the other release and architecture
# (scripts/release-root: mmdebstrap, qemu-user-static).
$SUDO apt-get install -y -q --no-install-recommends \
    crossbuild-essential-arm64 crossbuild-essential-armhf pkgconf:arm64 \
    libfuse3-dev:arm64 libsystemd-dev:arm64 libinih-dev:arm64 \
    qemu-system-arm qemu-user-static mmdebstrap arch-test
$SUDO apt-get install -y -q --no-install-recommends "${GPIOD_FROM[@]}" \
    libgpiod-dev:arm64
