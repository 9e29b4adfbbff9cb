#!/usr/bin/env bash
# prepare-kernel.sh: fetch Debian's kernel for the led-cuse test VM and build
# the gpio-sim module it lacks.
#
# The kernel is that of the linux-image-$FLAVOUR metapackage of a Debian
# release (or $LED_CUSE_KVER, e.g. 6.1.0-56-amd64, 6.12.117+deb13-arm64-16k):
#   LED_CUSE_RELEASE  bookworm or trixie (default: the machine's own release)
#   LED_CUSE_ARCH     its Debian architecture (default amd64)
#   LED_CUSE_FLAVOUR  the kernel flavour (default: the architecture; arm64-16k
#                     is arm64 with 16K pages, as the Raspberry Pi 5 runs)
# It downloads the image, the matching headers (and the linux-headers-*-common
# and linux-kbuild-* packages they depend on) and linux-source with
# `apt-get download`, unpacks them with dpkg-deb -x (nothing is installed),
# and builds drivers/gpio/gpio-sim.c + kernel/irq/irq_sim.c as one
# out-of-tree module (Debian builds neither), with the gcc version the kernel
# was built with (its CONFIG_CC_VERSION_TEXT; cross gcc for another
# architecture, the kbuild host tools of the machine's architecture). For
# another release than the machine's, all of this runs in that release's
# clean build root (scripts/release-root), whose apt and gcc are that
# release's; the cache is shared with it.
#
# Result, cached per kernel version, printed on stdout:
#   ${LED_CUSE_CACHE:-/var/cache/led-cuse}/vm/<kver>/
#     vmlinuz                   the kernel
#     config                    its configuration
#     image/lib/modules/<kver>/ its modules (+ modules.dep from depmod)
#     gpio-sim.ko               the out-of-tree gpio-sim (+ irq_sim) module
#     .complete                 written last: the cache entry is usable
# Idempotent; a second run with the cache complete takes milliseconds (for
# another release, the time to enter its root).
set -euo pipefail

me=prepare-kernel
HERE=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
# shellcheck source=../lib/common.sh
. "$HERE/../lib/common.sh"

CACHE=${LED_CUSE_CACHE:-/var/cache/led-cuse}
CACHE_ROOT=$CACHE/vm
ARCH=${LED_CUSE_ARCH:-amd64}
FLAVOUR=${LED_CUSE_FLAVOUR:-$ARCH}
HOST_ARCH=$(dpkg --print-architecture)
HOST_RELEASE=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
RELEASE=${LED_CUSE_RELEASE:-$HOST_RELEASE}

# Another release: the same script, in that release's build root.
if [ "$RELEASE" != "$HOST_RELEASE" ]; then
    SRC=$(cd "$HERE/../.." && pwd)
    mkdir -p "$CACHE_ROOT"
    exec $SUDO env LED_CUSE_ROOT_BINDS="$SRC:$CACHE" "$SRC/scripts/release-root" "$RELEASE" -- \
        env LED_CUSE_CACHE="$CACHE" LED_CUSE_ARCH="$ARCH" LED_CUSE_FLAVOUR="$FLAVOUR" \
        LED_CUSE_KVER="${LED_CUSE_KVER:-}" LED_CUSE_REBUILD="${LED_CUSE_REBUILD:-}" bash "$HERE/prepare-kernel.sh"
fi
export DEBIAN_FRONTEND=noninteractive

APT_UPDATED=0
apt_update_once() {
    [ "$APT_UPDATED" -eq 1 ] && return 0
    log "apt-get update"
    $SUDO apt-get update -q >&2 || die "apt-get update failed"
    APT_UPDATED=1
}

# Install host tools we need, only if missing.
need_pkgs() {
    local missing=() cmd pkg
    while [ $# -gt 0 ]; do
        cmd=$1 pkg=$2; shift 2
        command -v "$cmd" >/dev/null 2>&1 || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    log "installing ${missing[*]}"
    $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >&2 || {
        apt_update_once
        $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
    } || die "could not install ${missing[*]}"
}

resolve_kver() {
    if [ -n "${LED_CUSE_KVER:-}" ]; then
        echo "$LED_CUSE_KVER"; return 0
    fi
    local dep
    dep=$(apt-cache depends "linux-image-$FLAVOUR:$ARCH" 2>/dev/null |
          awk '/Depends: linux-image-[0-9]/ {print $2; exit}') || true
    if [ -z "$dep" ]; then
        apt_update_once
        dep=$(apt-cache depends "linux-image-$FLAVOUR:$ARCH" 2>/dev/null |
              awk '/Depends: linux-image-[0-9]/ {print $2; exit}') || true
    fi
    if [ -z "$dep" ]; then
        # Offline and no package lists: fall back to the newest complete cache.
        local c
        c=$(ls -d "$CACHE_ROOT"/*-"$FLAVOUR"/.complete 2>/dev/null | sort -V | tail -n1 || true)
        [ -n "$c" ] || die "cannot resolve the kernel from linux-image-$FLAVOUR"
        basename "$(dirname "$c")"; return 0
    fi
    dep=${dep%:*}
    echo "${dep#linux-image-}"
}

KVER=$(resolve_kver)
case "$KVER" in
    [0-9]*.[0-9]*-*-"$FLAVOUR" | [0-9]*.[0-9]*+*-"$FLAVOUR") ;;
    *) die "unexpected kernel version '$KVER'" ;;
esac
DIR=$CACHE_ROOT/$KVER
if [ -f "$DIR/.complete" ] && [ -z "${LED_CUSE_REBUILD:-}" ]; then
    echo "$DIR"
    exit 0
fi

# One builder at a time per kernel (led-vm runs may start together).
mkdir -p "$CACHE_ROOT"
exec 9>"$CACHE_ROOT/.lock-$KVER"
flock 9
if [ -f "$DIR/.complete" ] && [ -z "${LED_CUSE_REBUILD:-}" ]; then
    echo "$DIR"
    exit 0
fi

CROSS=
if [ "$ARCH" != "$HOST_ARCH" ]; then
    CROSS=$(dpkg-architecture -a"$ARCH" -qDEB_HOST_GNU_TYPE 2>/dev/null)- ||
        die "unknown architecture '$ARCH'"
fi
need_pkgs apt-get apt dpkg-deb dpkg depmod kmod modprobe kmod xz xz-utils \
    make make flex flex bison bison bc bc pahole dwarves
# libelf headers are needed by objtool/modpost users of the headers package.
[ -e /usr/include/libelf.h ] || need_pkgs __none__ libelf-dev

KMAJ=${KVER%%.*}; KREST=${KVER#*.}; KMIN=${KREST%%.*}   # 6 and 1 of 6.1.0-56-amd64
KSERIES=$KMAJ.$KMIN
KABI=${KVER%-"$FLAVOUR"}                                # 6.1.0-56, 6.12.117+deb13

log "preparing kernel $KVER in $DIR"
mkdir -p "$DIR"
WORK=$(mktemp -d "$DIR/work.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
chmod 755 "$WORK"   # apt-get download runs as _apt where it can

download() {   # PKG...
    log "downloading $*"
    if ! apt-get download "$@" >>download.log 2>&1; then
        apt_update_once
        apt-get download "$@" >>download.log 2>&1 ||
            { cat download.log >&2; die "apt-get download failed"; }
    fi
}
download "linux-image-$KVER:$ARCH" "linux-headers-$KVER:$ARCH" "linux-source-$KSERIES"
# The headers need their -common tree and the kbuild tools (named by series
# on bookworm, linux-kbuild-6.1, by ABI on trixie, linux-kbuild-6.12.117+deb13):
# what the headers package depends on, the tools for this machine.
DEPS=$(dpkg-deb -f linux-headers-"$KVER"_*.deb Depends | tr ',|' '\n\n' |
       sed -n 's/^ *\(linux-headers-[^ ]*-common\|linux-kbuild-[^ ]*\).*/\1/p' | sort -u)
COMMON=$(echo "$DEPS" | grep '^linux-headers-') KBUILD=$(echo "$DEPS" | grep '^linux-kbuild-')
[ -n "$COMMON" ] && [ -n "$KBUILD" ] || die "linux-headers-$KVER names no -common headers or kbuild package"
download "$COMMON" "$KBUILD:$HOST_ARCH"

# linux-source-X.Y (and, on bookworm, linux-kbuild-X.Y) are not versioned
# by ABI: make sure the ones we got are the same upload as the image.
IMGVER=$(dpkg-deb -f linux-image-"$KVER"_*.deb Version)
for p in linux-source-$KSERIES "$KBUILD" linux-headers-$KVER; do
    v=$(dpkg-deb -f "$p"_*.deb Version)
    [ "$v" = "$IMGVER" ] ||
        die "$p is version $v but linux-image-$KVER is $IMGVER (archive moved on? run apt-get update)"
done

mkdir -p root
for deb in linux-image-"$KVER"_*.deb linux-headers-*.deb linux-kbuild-*.deb; do
    dpkg-deb -x "$deb" root
done
KB=$WORK/root/usr/src/linux-headers-$KVER
# The headers' Makefile includes the -common tree by absolute path.
sed -i "s#/usr/src/${COMMON}#$WORK/root/usr/src/${COMMON}#" "$KB/Makefile"
# The compiler the kernel was built with (gcc-12 on bookworm, gcc-14 on trixie).
GCCV=$(sed -n 's/^CONFIG_CC_VERSION_TEXT=".*gcc-\([0-9][0-9]*\) .*/\1/p' root/boot/config-"$KVER")
[ -n "$GCCV" ] || die "cannot tell the kernel's gcc version from its CONFIG_CC_VERSION_TEXT"
need_pkgs "${CROSS}gcc-$GCCV" "gcc-$GCCV${CROSS:+-${CROSS%-}}"

log "extracting gpio-sim and irq_sim sources from linux-source-$KSERIES"
dpkg-deb -x linux-source-"$KSERIES"_*.deb srcdeb
S=linux-source-$KSERIES
tar -xJf srcdeb/usr/src/$S.tar.xz \
    $S/drivers/gpio/gpio-sim.c $S/drivers/gpio/gpiolib.h \
    $S/kernel/irq/irq_sim.c $S/include/linux/irq_sim.h
rm -rf srcdeb

M=$WORK/gpio-sim
mkdir -p "$M/include/linux"
cp $S/drivers/gpio/gpio-sim.c "$M/gpio-sim-core.c"
cp $S/drivers/gpio/gpiolib.h "$M/gpiolib.h"
cp $S/include/linux/irq_sim.h "$M/include/linux/irq_sim.h"
# irq_to_desc() is not exported to modules; generic_handle_irq() is.
sed 's/handle_simple_irq(irq_to_desc(irqnum));/generic_handle_irq(irqnum);/' \
    $S/kernel/irq/irq_sim.c >"$M/irq_sim.c"
grep -q 'generic_handle_irq(irqnum);' "$M/irq_sim.c" ||
    die "irq_sim.c: could not patch the irq_to_desc() call"
cat >"$M/Kbuild" <<'EOF'
# gpio-sim with its irq_sim dependency linked in (Debian has IRQ_SIM=n).
obj-m := gpio-sim.o
gpio-sim-objs := gpio-sim-core.o irq_sim.o
ccflags-y := -I$(src)/include
EOF

log "building gpio-sim.ko"
if ! make -C "$KB" M="$M" ${CROSS:+CROSS_COMPILE=$CROSS} CC="${CROSS}gcc-$GCCV" -j"$(nproc)" modules >build.log 2>&1; then
    cat build.log >&2
    die "gpio-sim build failed"
fi
grep -i 'warning:.*undefined' build.log >&2 && die "gpio-sim has undefined symbols"

# Keep only the kernel, its modules (with modules.dep) and our module.
rm -rf "$DIR/image" "$DIR/vmlinuz" "$DIR/gpio-sim.ko"
# Debian 12 ships modules in /lib/modules, Debian 13 in /usr/lib/modules:
# image/lib/modules either way, and usr/lib/modules as a link to it, for
# whichever directory this machine's kmod reads under depmod/modprobe -d.
mkdir -p "$DIR/image/lib" "$DIR/image/usr/lib"
if [ -d root/usr/lib/modules ]; then mv root/usr/lib/modules "$DIR/image/lib/"; else mv root/lib/modules "$DIR/image/lib/"; fi
ln -s ../../lib/modules "$DIR/image/usr/lib/modules"
rm -f "$DIR/image/lib/modules/$KVER/build" "$DIR/image/lib/modules/$KVER/source"
depmod -b "$DIR/image" "$KVER"
mv root/boot/vmlinuz-"$KVER" "$DIR/vmlinuz"
cp root/boot/config-"$KVER" "$DIR/config"
cp "$M/gpio-sim.ko" "$DIR/gpio-sim.ko"
echo "$IMGVER" >"$DIR/.complete"
log "done: $DIR"
echo "$DIR"
