#!/usr/bin/env bash
# prepare-rootfs.sh: a minimal Debian bookworm root file system of another
# architecture (arm64) with systemd, for the system-test VM (system-vm --arch).
#
# debootstrap --foreign downloads and unpacks the packages from the archive
# the machine's own sources use; the second stage runs in a chroot through
# qemu-user-static (binfmt_misc, registered from the package's binfmt.d file
# if the host has not done it). libgpiod3 and gpiod (v2, bookworm-backports)
# are added with dpkg. Nothing of led-cuse is in it: the tests install the
# package into a throw-away overlay of this tree.
#
# Result, cached per architecture and recipe (a hash of this script), printed
# on stdout:
#   ${LED_CUSE_CACHE:-/var/cache/led-cuse}/rootfs/<arch>-<hash>/
#     root/        the root file system (owned by root: run this as root)
#     .complete    written last: the cache entry is usable
# Idempotent; with the cache complete it takes milliseconds.
set -euo pipefail

log() { echo "prepare-rootfs: $*" >&2; }
die() { log "error: $*"; exit 1; }

ARCH=${LED_CUSE_ARCH:-arm64}
SUITE=bookworm
# What the tests run besides the package: systemd as PID 1, udev, kmod for
# modules-load.d, the package's run-time libraries (so that installing it
# needs no network), the gpiod tools, and a static busybox for the VM's initramfs.
INCLUDE=systemd,systemd-sysv,udev,kmod,fuse3,libfuse3-3,libsystemd0,libinih1,busybox-static,dbus
BACKPORTS=(libgpiod3 gpiod)

[ "$(id -u)" -eq 0 ] || die "must run as root (debootstrap, chroot)"
HASH=$(sha256sum "${BASH_SOURCE[0]}" | cut -c1-12)
CACHE_ROOT=${LED_CUSE_CACHE:-/var/cache/led-cuse}/rootfs
DIR=$CACHE_ROOT/$ARCH-$HASH
if [ -f "$DIR/.complete" ]; then
    echo "$DIR"
    exit 0
fi
mkdir -p "$CACHE_ROOT"
exec 9>"$CACHE_ROOT/.lock-$ARCH"
flock 9
if [ -f "$DIR/.complete" ]; then
    echo "$DIR"
    exit 0
fi

command -v debootstrap >/dev/null || die "debootstrap missing (run scripts/setup-deps.sh)"
QARCH=$(dpkg-architecture -a"$ARCH" -qDEB_HOST_GNU_CPU 2>/dev/null) || die "unknown architecture '$ARCH'"
BINFMT=/usr/lib/binfmt.d/qemu-$QARCH.conf
[ -f "$BINFMT" ] || die "no $BINFMT (install qemu-user-static)"

# The archive: the one the machine's apt sources use for $SUITE.
MIRROR=${LED_CUSE_MIRROR:-$(apt-get indextargets --format '$(REPO_URI) $(RELEASE)' 'Identifier: Packages' |
    awk -v s="$SUITE" '$2 == s { print $1; exit }')}
[ -n "$MIRROR" ] || die "no $SUITE in the apt sources (set LED_CUSE_MIRROR)"

# binfmt_misc: what the qemu-user-static package registers on a host with
# systemd-binfmt; done by hand here for hosts (containers, CI) without it.
if [ ! -e /proc/sys/fs/binfmt_misc/register ]; then
    mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc || die "cannot mount binfmt_misc"
fi
if [ ! -e "/proc/sys/fs/binfmt_misc/qemu-$QARCH" ]; then
    log "registering qemu-$QARCH with binfmt_misc"
    grep -v '^#' "$BINFMT" >/proc/sys/fs/binfmt_misc/register || die "cannot register $BINFMT"
fi

WORK=$(mktemp -d "$CACHE_ROOT/work.XXXXXX")
cleanup() {
    for m in proc sys dev; do umount -l "$WORK/root/$m" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT
chmod 755 "$WORK"
R=$WORK/root

log "debootstrap --foreign $SUITE $ARCH from $MIRROR"
debootstrap --arch="$ARCH" --foreign --variant=minbase --include="$INCLUDE" \
    "$SUITE" "$R" "$MIRROR" >"$WORK/debootstrap.log" 2>&1 ||
    { tail -n 30 "$WORK/debootstrap.log" >&2; die "debootstrap (first stage) failed"; }

log "second stage (qemu-$QARCH through binfmt_misc)"
chroot "$R" /debootstrap/debootstrap --second-stage >"$WORK/second-stage.log" 2>&1 ||
    { tail -n 30 "$WORK/second-stage.log" "$R/debootstrap/debootstrap.log" >&2 2>/dev/null
      die "debootstrap --second-stage failed"; }

log "adding ${BACKPORTS[*]} from $SUITE-backports"
mkdir -p "$WORK/bpo"
chmod 777 "$WORK/bpo"
(cd "$WORK/bpo" && apt-get download -q "${BACKPORTS[@]/%/:$ARCH/$SUITE-backports}") >"$WORK/bpo.log" 2>&1 ||
    { cat "$WORK/bpo.log" >&2; die "apt-get download ${BACKPORTS[*]} failed"; }
cp "$WORK"/bpo/*.deb "$R/tmp/"
chroot "$R" sh -c 'dpkg -i /tmp/*.deb && rm -f /tmp/*.deb' >"$WORK/dpkg.log" 2>&1 ||
    { cat "$WORK/dpkg.log" >&2; die "installing ${BACKPORTS[*]} failed"; }

# A test system: no password for root, a name, no network configuration.
chroot "$R" passwd -d root >/dev/null
echo "led-cuse-$ARCH" >"$R/etc/hostname"
: >"$R/etc/fstab"
chroot "$R" apt-get clean
rm -rf "$R"/var/lib/apt/lists/* "$R"/var/cache/apt/*.bin "$R"/var/log/*.log

rm -rf "$DIR"
mkdir -p "$DIR"
mv "$R" "$DIR/root"
date -u +%FT%TZ >"$DIR/.complete"
log "done: $DIR ($(du -sh "$DIR/root" | cut -f1))"
echo "$DIR"
