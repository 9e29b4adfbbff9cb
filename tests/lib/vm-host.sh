# Sourced by the host side of the test VMs (tests/vm/led-vm; meant for
# tests/system/system-vm and other runners too): Debian's kernel, a busybox
# initramfs, and qemu (TCG) run with a deadline. The caller sets `me` (its
# name, for messages) and runs under `set -euo pipefail`.
#
#   vm_need_tools                   qemu and a static busybox, or die
#   vm_prepare_kernel               VM_KDIR, VM_KVER (tests/vm/prepare-kernel.sh)
#   vm_initramfs INIT NAME MOD...   VM_INITRD: busybox, INIT as /init, the modules
#                                   (with their dependencies) and gpio-sim, listed
#                                   in /modules.list; cached by content
#   vm_qemu_init                    VM_QEMU (machine, kernel, initrd, the host's /
#                                   shared read-only as "hostroot"), VM_APPEND
#   vm_qemu_share PATH TAG [ro]     one more 9p share
#   vm_qemu_serial shell|RESULTS    the console: stdio (shell) or RESULTS/console.log,
#                                   with the payload's output on a second serial port
#   vm_run RESULTS TIMEOUT VERBOSE [shell]
#                                   boot; VM_QRC = qemu's exit code, VM_ELAPSED;
#                                   RESULTS/.timeout if killed after TIMEOUT s (0: none)
#   vm_console_tail RESULTS         the end of the guest console, for failures
# VM_QEMU_BIN (default qemu-system-x86_64) and $LED_VM_QEMU_ARGS (appended)
# let another architecture or a debugging session change the machine.

VM_HOST_LIB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
VM_SRC=$(cd "$VM_HOST_LIB/../.." && pwd)
VM_QEMU_BIN=${VM_QEMU_BIN:-qemu-system-x86_64}

vm_die() { echo "$me: $*" >&2; exit 125; }

vm_need_tools() {
    command -v "$VM_QEMU_BIN" >/dev/null || vm_die "$VM_QEMU_BIN missing (run scripts/setup-deps.sh)"
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

vm_qemu_init() {
    VM_QEMU=("$VM_QEMU_BIN" -accel tcg -cpu max -m 1G -smp 2
             -nodefaults -no-user-config -display none -no-reboot
             -kernel "$VM_KDIR/vmlinuz" -initrd "$VM_INITRD")
    vm_qemu_share / hostroot ro
    VM_APPEND="console=ttyS0 panic=-1 rdinit=/init tsc=reliable no_timer_check"
}

vm_qemu_share() {   # PATH TAG [ro]
    VM_QEMU+=(-virtfs "local,path=$1,mount_tag=$2,security_model=none${3:+,readonly=on,multidevs=remap}")
}

vm_qemu_serial() {   # shell | RESULTS
    if [ "$1" = shell ]; then
        VM_QEMU+=(-chardev stdio,id=con,mux=on,signal=off -serial chardev:con -mon chardev=con,mode=readline)
    else
        # ttyS0: console -> console.log; ttyS1: the payload's output -> stdout.
        VM_QEMU+=(-serial "file:$1/console.log" -chardev stdio,id=out,signal=on -serial chardev:out)
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
