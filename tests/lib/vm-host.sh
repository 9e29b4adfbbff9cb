# Sourced by the host side of the test VMs (tests/vm/led-vm,
# tests/system/system-vm), with tests/lib/common.sh: Debian's kernel, a busybox
# initramfs, and qemu (TCG) run with a deadline. The caller sets `me` (its
# name, for messages) and runs under `set -euo pipefail`.
#
#   vm_need_tools                   qemu and a static busybox (VM_BUSYBOX if
#                                   set, else the host's), or die
#   vm_prepare_kernel               VM_KDIR, VM_KVER (tests/vm/prepare-kernel.sh,
#                                   for $LED_CUSE_RELEASE, $LED_CUSE_ARCH and
#                                   $LED_CUSE_FLAVOUR)
#   vm_results DIR|'' NAME STALE... VM_RESULTS: DIR (kept, STALE files removed) or
#                                   a temporary /tmp/NAME.XXXXXX (removed on exit);
#                                   installs the EXIT trap (vm_cleanup: qemu, the
#                                   temporary results, VM_CLEANUP_PATHS)
#   vm_initramfs INIT NAME MOD...   VM_INITRD: busybox, INIT as /init, the modules
#                                   (with their dependencies) and gpio-sim, listed
#                                   in /modules.list; cached by content
#   vm_qemu_init                    VM_QEMU (machine, kernel, initrd, the host's /
#                                   shared read-only as "hostroot"), VM_APPEND
#   vm_qemu_share PATH TAG [ro]     one more 9p share
#   vm_qemu_serial shell|RESULTS [virtio]
#                                   the console: stdio (shell) or RESULTS/console.log,
#                                   with the payload's output on a second serial port
#                                   (virtio: on a virtio console)
#   vm_run RESULTS TIMEOUT VERBOSE [shell]
#                                   boot; VM_QRC = qemu's exit code, VM_ELAPSED;
#                                   RESULTS/.timeout if killed after TIMEOUT s (0: none)
#   vm_console_tail RESULTS         the end of the guest console, for failures
#   vm_exit_code TIMEOUT WHAT [shell]
#                                   VM_RC: 124 on timeout, RESULTS/rc, else 125
#                                   (shell: 0) with a message naming WHAT
#   vm_keep_results BUILD NAME      temporary results copied to BUILD/meson-logs/NAME
# VM_QEMU_BIN (default qemu-system-x86_64), VM_QEMU_MACHINE (default -accel
# tcg -cpu max), VM_CONSOLE (ttyS0), VM_ROOT (the guest's hostroot, /) and
# $LED_VM_QEMU_ARGS (appended) let another architecture or a debugging
# session change the machine.

VM_HOST_LIB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=common.sh
. "$VM_HOST_LIB/common.sh"
VM_SRC=$(cd "$VM_HOST_LIB/../.." && pwd)
VM_QEMU_BIN=${VM_QEMU_BIN:-qemu-system-x86_64}
[ -n "${VM_QEMU_MACHINE+set}" ] || VM_QEMU_MACHINE=(-accel tcg -cpu max)
VM_CONSOLE=${VM_CONSOLE:-ttyS0}
VM_ROOT=${VM_ROOT:-/}
VM_QPID= VM_CLEANUP_PATHS=()

vm_die() { log "$*"; exit 125; }

vm_need_tools() {
    command -v "$VM_QEMU_BIN" >/dev/null || vm_die "$VM_QEMU_BIN missing (run scripts/setup-deps.sh)"
    if [ -n "${VM_BUSYBOX:-}" ]; then
        [ -x "$VM_BUSYBOX" ] || vm_die "no static busybox $VM_BUSYBOX"
        return 0
    fi
    VM_BUSYBOX=$(command -v busybox) || vm_die "busybox missing (run scripts/setup-deps.sh)"
    if ldd "$VM_BUSYBOX" >/dev/null 2>&1; then vm_die "$VM_BUSYBOX is not static (install busybox-static)"; fi
}

vm_prepare_kernel() {
    VM_KDIR=$("$VM_SRC/tests/vm/prepare-kernel.sh") || vm_die "kernel preparation failed"
    VM_KVER=$(basename "$VM_KDIR")
}

# Module files to load, dependencies first, each once.
vm_modpaths() {   # MOD...
    local m
    for m in "$@"; do
        modprobe -d "$VM_KDIR/image" -S "$VM_KVER" --show-depends "$m" ||
            vm_die "cannot resolve module $m"
    done | awk '$1 == "insmod" && !seen[$2]++ { print $2 }'
}

vm_initramfs() {   # INIT NAME MOD...
    local init=$1 name=$2 paths key t p b
    shift 2
    paths=$(vm_modpaths "$@")
    key=$( { cat "$init"; echo "$paths"; sha256sum "$VM_BUSYBOX" "$VM_KDIR/gpio-sim.ko"; } |
          sha256sum | cut -c1-16)
    VM_INITRD=$VM_KDIR/$name-$key.cpio.gz
    [ ! -f "$VM_INITRD" ] || return 0
    t=$(mktemp -d)
    mkdir -p "$t/bin" "$t/lib/modules" "$t/dev" "$t/proc" "$t/sys" "$t/newroot"
    cp "$VM_BUSYBOX" "$t/bin/busybox"
    install -m 755 "$init" "$t/init"
    : >"$t/modules.list"
    for p in $paths; do
        b=$(basename "$p")
        case "$p" in
        *.ko.xz) xz -dc "$p" >"$t/lib/modules/${b%.xz}"; b=${b%.xz} ;;
        *.ko.zst) zstd -qdc "$p" >"$t/lib/modules/${b%.zst}"; b=${b%.zst} ;;
        *.ko.gz) gzip -dc "$p" >"$t/lib/modules/${b%.gz}"; b=${b%.gz} ;;
        *) cp "$p" "$t/lib/modules/$b" ;;
        esac
        echo "$b" >>"$t/modules.list"
    done
    cp "$VM_KDIR/gpio-sim.ko" "$t/lib/modules/gpio-sim.ko"
    echo gpio-sim.ko >>"$t/modules.list"
    [ "$(id -u)" -ne 0 ] || mknod -m 600 "$t/dev/console" c 5 1
    (cd "$t" && find . | LC_ALL=C sort | cpio -o -H newc --quiet | gzip -1) >"$VM_INITRD.tmp"
    mv "$VM_INITRD.tmp" "$VM_INITRD"
    rm -rf "$t"
}

vm_results() {   # DIR|'' NAME STALE...
    local dir=$1 name=$2 f
    shift 2
    if [ -n "$dir" ]; then
        mkdir -p "$dir"
        VM_RESULTS=$(readlink -f "$dir")
        for f in "$@"; do rm -rf "${VM_RESULTS:?}/$f"; done
        VM_KEEP=1
    else
        VM_RESULTS=$(mktemp -d "/tmp/$name.XXXXXX")
        VM_KEEP=0
    fi
    trap vm_cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    mkdir -p "$VM_RESULTS/logs"
}

vm_cleanup() {
    [ -z "$VM_QPID" ] || kill "$VM_QPID" 2>/dev/null || true
    [ ${#VM_CLEANUP_PATHS[@]} -eq 0 ] || rm -rf "${VM_CLEANUP_PATHS[@]}"
    if [ "$VM_KEEP" = 0 ]; then rm -rf "$VM_RESULTS"; fi
}

vm_qemu_init() {
    VM_QEMU=("$VM_QEMU_BIN" "${VM_QEMU_MACHINE[@]}" -m 1G -smp 2
             -nodefaults -no-user-config -display none -no-reboot
             -kernel "$VM_KDIR/vmlinuz" -initrd "$VM_INITRD")
    vm_qemu_share "$VM_ROOT" hostroot ro
    VM_APPEND="console=$VM_CONSOLE panic=-1 rdinit=/init tsc=reliable no_timer_check"
}

vm_qemu_share() {   # PATH TAG [ro]
    VM_QEMU+=(-virtfs "local,path=$1,mount_tag=$2,security_model=none${3:+,readonly=on,multidevs=remap}")
}

vm_qemu_serial() {   # shell | RESULTS [virtio]
    if [ "$1" = shell ]; then
        VM_QEMU+=(-chardev stdio,id=con,mux=on,signal=off -serial chardev:con -mon chardev=con,mode=readline)
        return 0
    fi
    # The console -> console.log; the payload's output -> stdout, on the
    # second serial port (ttyS1) or a virtio console (hvc0).
    VM_QEMU+=(-serial "file:$1/console.log" -chardev stdio,id=out,signal=on)
    if [ "${2:-}" = virtio ]; then
        VM_QEMU+=(-device virtio-serial-pci -device virtconsole,chardev=out)
    else
        VM_QEMU+=(-serial chardev:out)
    fi
}

# Runs qemu: in the foreground for a shell, else in the background under a
# watchdog (TIMEOUT s, 0: none). VM_QPID is set while it runs, so that the
# caller's EXIT trap can kill it. VERBOSE=1 copies the console to stderr.
vm_run() {   # RESULTS TIMEOUT VERBOSE [shell]
    local results=$1 timeout=$2 verbose=$3 start tailpid= wpid=
    # shellcheck disable=SC2206 # extra arguments are split on purpose
    VM_QEMU+=(-append "$VM_APPEND" ${LED_VM_QEMU_ARGS:-})
    start=$(date +%s.%N)
    set +e
    if [ "${4:-}" = shell ]; then
        "${VM_QEMU[@]}"
        VM_QRC=$?
    else
        [ "$verbose" = 0 ] || : >"$results/console.log"
        "${VM_QEMU[@]}" </dev/null &
        VM_QPID=$!
        if [ "$verbose" = 1 ]; then
            # Ends by itself once qemu has exited and the file is printed.
            tail --pid="$VM_QPID" -n +1 -F "$results/console.log" >&2 2>/dev/null &
            tailpid=$!
        fi
        if [ "$timeout" != 0 ]; then
            # The watchdog must not hold our stdout open (meson waits for
            # EOF), and its sleep must die with it.
            (
                trap 'kill "$sp" 2>/dev/null; exit 0' TERM
                sleep "$timeout" &
                sp=$!
                wait "$sp" && kill "$VM_QPID" 2>/dev/null && touch "$results/.timeout"
            ) </dev/null >/dev/null 2>&1 &
            wpid=$!
        fi
        wait "$VM_QPID"
        VM_QRC=$?
        VM_QPID=
        [ -z "$wpid" ] || { kill "$wpid" 2>/dev/null; wait "$wpid" 2>/dev/null; }
        [ -z "$tailpid" ] || wait "$tailpid"
    fi
    set -e
    VM_ELAPSED=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
}

vm_console_tail() {   # RESULTS
    [ -s "$1/console.log" ] || return 0
    echo "----- $me: last lines of the guest console ($1/console.log) -----" >&2
    tail -n 40 "$1/console.log" | tr -d '\r' >&2
}

vm_exit_code() {   # TIMEOUT WHAT [shell]
    if [ -e "$VM_RESULTS/.timeout" ]; then
        echo "$me: TIMEOUT: the VM did not finish within ${1}s; killed qemu" >&2
        VM_RC=124
    elif [ -f "$VM_RESULTS/rc" ]; then
        VM_RC=$(cat "$VM_RESULTS/rc")
    elif [ "${3:-}" = shell ]; then
        VM_RC=0
    else
        echo "$me: the VM stopped (qemu exit $VM_QRC) without reporting the $2's exit code" >&2
        VM_RC=125
    fi
}

vm_keep_results() {   # BUILD NAME
    [ -n "$1" ] && [ -w "$1" ] && [ "$VM_KEEP" = 0 ] || return 0
    mkdir -p "$1/meson-logs"
    rm -rf "${1:?}/meson-logs/$2"
    cp -r "$VM_RESULTS" "$1/meson-logs/$2" 2>/dev/null || true
}
