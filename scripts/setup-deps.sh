#!/usr/bin/env bash
# Install everything led-cuse needs to build, test and run its VM on Debian 12.
# Idempotent: safe to run again. Needs root (or sudo).
set -euo pipefail

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive

# libgpiod v2 exists only in bookworm-backports; bookworm main ships the v1 API.
BP=/etc/apt/sources.list.d/led-cuse-backports.sources
if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    $SUDO tee "$BP" >/dev/null <<'SRC'
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
fi

$SUDO apt-get update -q

# Build and unit-test dependencies (bookworm main).
$SUDO apt-get install -y -q --no-install-recommends \
    build-essential meson ninja-build pkg-config \
    libfuse3-dev fuse3 libsystemd-dev libinih-dev check \
    systemd udev clang libclang-rt-14-dev llvm valgrind

# libgpiod v2 and its tools, pinned to backports explicitly.
$SUDO apt-get install -y -q --no-install-recommends -t bookworm-backports \
    libgpiod-dev gpiod libgpiod3

# VM dependencies: emulator, initramfs tools, and what builds the gpio-sim module.
$SUDO apt-get install -y -q --no-install-recommends \
    qemu-system-x86 busybox-static kmod cpio gzip xz-utils bc flex bison libelf-dev \
    libssl-dev dwarves

# The benchmark (bench/run): strace counts the daemon's system calls, gnuplot
# draws the pictures of bench/README.md.
$SUDO apt-get install -y -q --no-install-recommends strace gnuplot-nox
