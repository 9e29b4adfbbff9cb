#!/usr/bin/env bash
# prepare-kernel.sh: fetch Debian's kernel for the led-cuse test VM and build
# the gpio-sim module it lacks.
#
# Resolves the kernel from the linux-image-$ARCH metapackage (or
# $LED_CUSE_KVER, e.g. 6.1.0-56-amd64), downloads the image, the matching
# headers and linux-source with `apt-get download`, unpacks them with
# dpkg-deb -x (nothing is installed), and builds drivers/gpio/gpio-sim.c +
# kernel/irq/irq_sim.c as one out-of-tree module (Debian builds neither).
# ARCH is $LED_CUSE_ARCH (a Debian architecture, default amd64). For another
# architecture (arm64) the module is cross-compiled: the kbuild host tools
# (fixdep, modpost) come from linux-kbuild of the host's architecture (same
# upload), the compiler is the cross gcc-12 the kernel was built with.
#
# Result, cached per kernel version, printed on stdout:
#   ${LED_CUSE_CACHE:-/var/cache/led-cuse}/vm/<kver>/
#     vmlinuz                   the kernel
#     image/lib/modules/<kver>/ its modules (+ modules.dep from depmod)
#     gpio-sim.ko               the out-of-tree gpio-sim (+ irq_sim) module
#     .complete                 written last: the cache entry is usable
# Idempotent; a second run with the cache complete takes milliseconds.
set -euo pipefail

log() { echo "prepare-kernel: $*" >&2; }
die() { log "error: $*"; exit 1; }

CACHE_ROOT=${LED_CUSE_CACHE:-/var/cache/led-cuse}/vm
ARCH=${LED_CUSE_ARCH:-amd64}
HOST_ARCH=$(dpkg --print-architecture)
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
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
    dep=$(apt-cache depends "linux-image-$ARCH:$ARCH" 2>/dev/null |
          awk '/Depends: linux-image-[0-9]/ {print $2; exit}') || true
    if [ -z "$dep" ]; then
        apt_update_once
        dep=$(apt-cache depends "linux-image-$ARCH:$ARCH" 2>/dev/null |
              awk '/Depends: linux-image-[0-9]/ {print $2; exit}') || true
    fi
    if [ -z "$dep" ]; then
        # Offline and no package lists: fall back to the newest complete cache.
        local c
        c=$(ls -d "$CACHE_ROOT"/*-"$ARCH"/.complete 2>/dev/null | sort -V | tail -n1 || true)
        [ -n "$c" ] || die "cannot resolve the kernel from linux-image-$ARCH"
        basename "$(dirname "$c")"; return 0
    fi
    dep=${dep%:*}
    echo "${dep#linux-image-}"
}

KVER=$(resolve_kver)
case "$KVER" in
    [0-9]*.[0-9]*-*-"$ARCH") ;;
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
    make make "${CROSS}gcc-12" "gcc-12${CROSS:+-${CROSS%-}}" flex flex bison bison bc bc
# libelf headers are needed by objtool/modpost users of the headers package.
[ -e /usr/include/libelf.h ] || need_pkgs __none__ libelf-dev

KMAJ=${KVER%%.*}; KREST=${KVER#*.}; KMIN=${KREST%%.*}   # 6 and 1 of 6.1.0-56-amd64
KSERIES=$KMAJ.$KMIN
KABI=${KVER%-"$ARCH"}                                   # 6.1.0-56

log "preparing kernel $KVER in $DIR"
mkdir -p "$DIR"
WORK=$(mktemp -d "$DIR/work.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
chmod 755 "$WORK"   # apt-get download runs as _apt where it can

PKGS=(linux-image-$KVER:$ARCH linux-headers-$KVER:$ARCH linux-headers-$KABI-common
      linux-kbuild-$KSERIES:$HOST_ARCH linux-source-$KSERIES)
log "downloading ${PKGS[*]}"
if ! apt-get download "${PKGS[@]}" >download.log 2>&1; then
    apt_update_once
    apt-get download "${PKGS[@]}" >download.log 2>&1 ||
        { cat download.log >&2; die "apt-get download failed"; }
fi

# linux-source-X.Y and linux-kbuild-X.Y are not versioned by ABI: make sure
# the ones we got are the same upload as the image.
IMGVER=$(dpkg-deb -f linux-image-"$KVER"_*.deb Version)
for p in linux-source-$KSERIES linux-kbuild-$KSERIES linux-headers-$KVER; do
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
sed -i "s#/usr/src/linux-headers-$KABI-common#$WORK/root/usr/src/linux-headers-$KABI-common#" "$KB/Makefile"

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
if ! make -C "$KB" M="$M" ${CROSS:+CROSS_COMPILE=$CROSS} -j"$(nproc)" modules >build.log 2>&1; then
    cat build.log >&2
    die "gpio-sim build failed"
fi
grep -i 'warning:.*undefined' build.log >&2 && die "gpio-sim has undefined symbols"

# Keep only the kernel, its modules (with modules.dep) and our module.
rm -rf "$DIR/image" "$DIR/vmlinuz" "$DIR/gpio-sim.ko"
mkdir -p "$DIR/image/lib"
mv root/lib/modules "$DIR/image/lib/"
rm -f "$DIR/image/lib/modules/$KVER/build" "$DIR/image/lib/modules/$KVER/source"
depmod -b "$DIR/image" "$KVER"
mv root/boot/vmlinuz-"$KVER" "$DIR/vmlinuz"
cp root/boot/config-"$KVER" "$DIR/config"
cp "$M/gpio-sim.ko" "$DIR/gpio-sim.ko"
echo "$IMGVER" >"$DIR/.complete"
log "done: $DIR"
echo "$DIR"
