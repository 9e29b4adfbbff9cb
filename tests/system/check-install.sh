#!/usr/bin/env bash
# check-install.sh BUILD_DIR: `meson install --destdir` the build into a
# temporary directory and check that every piece lands where it belongs:
# the binaries, header and pkg-config file under the configured prefix, the
# units, udev rules (+ helper), sysusers.d and modules-load.d files in the
# directories systemd.pc / udev.pc name (or the meson options override),
# the example configuration under sysconfdir - and nothing anywhere else.
# TAP output. The expected paths are derived, never hard-coded.
set -euo pipefail
BUILD=$(readlink -f "${1:?usage: check-install.sh BUILD_DIR}")
D=$(mktemp -d /tmp/led-cuse-install.XXXXXX)
trap 'rm -rf "$D"' EXIT

# shellcheck source=../lib/tap.sh
. "$(dirname "$(readlink -f "$0")")/../lib/tap.sh"

if ! out=$(meson install -C "$BUILD" --no-rebuild --destdir "$D" 2>&1); then
    not_ok "meson install --destdir" "$out"
    tap_done; exit 1
fi
ok "meson install --destdir $D"

# Build options (absolute, or relative to the prefix).
eval "$(meson introspect "$BUILD" --buildoptions | python3 -c '
import json, shlex, sys
o = {x["name"]: x["value"] for x in json.load(sys.stdin)}
p = o["prefix"]
for k in ("bindir", "sbindir", "includedir", "datadir", "mandir", "sysconfdir", "libexecdir"):
    v = o[k]
    print("%s=%s" % (k, shlex.quote(v if v.startswith("/") else p + "/" + v)))
for k in ("systemdsystemunitdir", "udevdir", "udevrulesdir", "sysusersdir", "modulesloaddir"):
    print("opt_%s=%s" % (k, shlex.quote(o.get(k, ""))))
')"
pcvar() { pkg-config --variable="$2" "$1"; }
unitdir=${opt_systemdsystemunitdir:-$(pcvar systemd systemdsystemunitdir)}
sysusersdir=${opt_sysusersdir:-$(pcvar systemd sysusersdir)}
modulesloaddir=${opt_modulesloaddir:-$(pcvar systemd modulesloaddir)}
udevdir=${opt_udevdir:-$(pcvar udev udevdir 2>/dev/null || true)}
udevrulesdir=${opt_udevrulesdir:-$udevdir/rules.d}
helperdir=${udevdir:-$libexecdir}
for v in unitdir sysusersdir modulesloaddir udevrulesdir helperdir; do
    [ -n "${!v}" ] || { not_ok "$v is known (pkg-config or meson option)"; tap_done; exit 1; }
done
echo "# unitdir=$unitdir udevrulesdir=$udevrulesdir sysusersdir=$sysusersdir modulesloaddir=$modulesloaddir"

expect() {   # TEST PATH (relative to DESTDIR: absolute install path)
    local t=$1 p=$2
    if [ "$t" "$D$p" ]; then ok "installed $p"; else not_ok "installed $p" "missing in $D"; fi
    EXPECTED+=("$p")
}
EXPECTED=()
expect -x "$sbindir/led-cuse"
expect -x "$bindir/ledctl"
expect -f "$includedir/led-cuse/led.h"
expect -f "$datadir/pkgconfig/led-cuse.pc"
expect -f "$unitdir/led-cuse.service"
expect -f "$unitdir/led-cuse@.service"
expect -f "$unitdir/led-cuse-rtnetlink.socket"
expect -f "$unitdir/led-cuse-rtnetlink@.socket"
expect -f "$udevrulesdir/60-led-cuse.rules"
expect -x "$helperdir/led-cuse-gpiochip-label"
expect -f "$sysusersdir/led-cuse.conf"
expect -f "$modulesloaddir/led-cuse.conf"
expect -f "$sysconfdir/led-cuse/led.conf"
for m in ledctl.1 led-cuse.4 led-cuse.conf.5 led-cuse.8; do expect -f "$mandir/man${m##*.}/$m"; done

# Nothing else, anywhere else.
stray=$(cd "$D" && find . ! -type d | sed 's|^\.||' | sort | while read -r f; do
            keep=0
            for e in "${EXPECTED[@]}"; do [ "$f" != "$e" ] || keep=1; done
            [ "$keep" = 1 ] || echo "$f"
        done)
if [ -z "$stray" ]; then ok "no other files installed"; else not_ok "no other files installed" $stray; fi

# The installed files point at each other's installed locations.
if grep -q "^ExecStart=$sbindir/led-cuse --config=$sysconfdir/led-cuse/led.conf " "$D$unitdir/led-cuse.service"; then
    ok "led-cuse.service runs $sbindir/led-cuse with $sysconfdir/led-cuse/led.conf"
else
    not_ok "led-cuse.service runs $sbindir/led-cuse with $sysconfdir/led-cuse/led.conf" "$(grep ExecStart= "$D$unitdir/led-cuse.service")"
fi
if grep -q "^ExecStart=$sbindir/led-cuse --config=$sysconfdir/led-cuse/%i.conf .*--name=%i" "$D$unitdir/led-cuse@.service"; then
    ok "led-cuse@.service reads $sysconfdir/led-cuse/%i.conf and serves /dev/%i"
else
    not_ok "led-cuse@.service reads $sysconfdir/led-cuse/%i.conf and serves /dev/%i" "$(grep ExecStart= "$D$unitdir/led-cuse@.service")"
fi
# Each service takes its own rtnetlink socket, which goes with it.
if grep -qx 'Sockets=led-cuse-rtnetlink.socket' "$D$unitdir/led-cuse.service" &&
    grep -qx 'Sockets=led-cuse-rtnetlink@%i.socket' "$D$unitdir/led-cuse@.service" &&
    grep -qx 'BindsTo=led-cuse.service' "$D$unitdir/led-cuse-rtnetlink.socket" &&
    grep -qx 'Service=led-cuse@%i.service' "$D$unitdir/led-cuse-rtnetlink@.socket"; then
    ok "each service takes its rtnetlink socket (Sockets=), which is bound to it (BindsTo=, Service=)"
else
    not_ok "each service takes its rtnetlink socket, which is bound to it"
fi
if grep -q "PROGRAM=\"$helperdir/led-cuse-gpiochip-label " "$D$udevrulesdir/60-led-cuse.rules"; then
    ok "60-led-cuse.rules calls the installed helper"
else
    not_ok "60-led-cuse.rules calls the installed helper"
fi
if grep -qx 'g led -' "$D$sysusersdir/led-cuse.conf" && grep -q 'GROUP="led"' "$D$udevrulesdir/60-led-cuse.rules"; then
    ok "sysusers.d creates the group the udev rules use (led)"
else
    not_ok "sysusers.d creates the group the udev rules use (led)"
fi
if grep -qx cuse "$D$modulesloaddir/led-cuse.conf"; then ok "modules-load.d loads cuse"; else not_ok "modules-load.d loads cuse"; fi
if out=$(PKG_CONFIG_PATH=$D$datadir/pkgconfig pkg-config --cflags led-cuse 2>&1); then
    ok "pkg-config accepts led-cuse.pc (cflags: ${out:-none})"
else
    not_ok "pkg-config accepts led-cuse.pc" "$out"
fi
tap_done
