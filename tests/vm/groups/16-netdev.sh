# shellcheck shell=bash
# The integration group "netdev" of tests/vm/suite.sh: the netdev trigger on
# a dummy interface (led-vm puts the dummy module in the initramfs). The LED
# follows the link by rtnetlink events (up, down, deleted, renamed, created
# again), waits for an interface that is not there yet, flashes on the
# packets sent (the line sampled every millisecond by ioctl-test timeline),
# and a level stops the trigger.

NETDEV_IF=ledtest0

# netdev_shown DESC LEVEL: the line reaches LEVEL and ledctl get prints it
# with the trigger still running (at most 5 s).
netdev_shown() {
    local want="$2:$2 trigger netdev $NETDEV_IF link tx"
    if wait_for "[ \"\$(level):\$(timeout 5 \"\$LEDCTL\" get)\" = \"$want\" ]" 50; then
        ok "$1"
    else
        not_ok "$1" "want '$want', got '$(level):$(timeout 5 "$LEDCTL" get)'" \
            "ip link: $(ip link show "$NETDEV_IF" 2>&1)"
    fi
}

# netdev_add: the dummy interface, without IPv6 (whose own packets would
# flash the LED at any time).
netdev_add() {
    ip link add "$NETDEV_IF" type dummy &&
        echo 1 >"/proc/sys/net/ipv6/conf/$NETDEV_IF/disable_ipv6"
}

# The daemon's wake-ups (its voluntary context switches) over 1 s.
netdev_wakeups() {
    local a b
    a=$(awk '/^voluntary_ctxt_switches/ { print $2 }' "/proc/$DPID/status")
    msleep 1
    b=$(awk '/^voluntary_ctxt_switches/ { print $2 }' "/proc/$DPID/status")
    echo $((b - a))
}

# Send UDP datagrams out of the interface (bash's /dev/udp: no tool needed)
# until the file $1 is complete (its N changes recorded) or 10 s have passed.
netdev_traffic_until() {   # TIMELINE-PID
    local i
    for ((i = 0; i < 500; i++)); do
        kill -0 "$1" 2>/dev/null || return 0
        echo x 2>/dev/null >/dev/udp/192.0.2.2/9
        msleep 0.02
    done
}

group_netdev() {
    local tl=$TMP/netdev-timeline bg out n
    ip link del "$NETDEV_IF" 2>/dev/null
    begin_group netdev -l GPIO17 -b GPIO27 || return

    # Not there yet: accepted, waited for with the LED off.
    echo 1 >/dev/led
    check "trigger netdev on an interface that does not exist is accepted" \
        sh -c "echo 'trigger netdev $NETDEV_IF link tx' >/dev/led"
    netdev_shown "an interface not there yet: the LED is off, the trigger runs" 0

    if ! out=$(netdev_add 2>&1); then
        not_ok "ip link add $NETDEV_IF type dummy" "$out"
        end_group
        return
    fi
    ok "ip link add $NETDEV_IF type dummy"
    ip link set "$NETDEV_IF" up
    netdev_shown "the interface created and set up: on (carrier)" 1
    # Statistics are sampled (every 100 ms) only while the link is up.
    n=$(netdev_wakeups)
    if [ "$n" -ge 5 ]; then ok "link up with tx: the daemon samples ($n wake-ups in 1 s)"
    else not_ok "link up with tx: the daemon samples" "$n wake-ups in 1 s"; fi
    ip link set "$NETDEV_IF" down
    netdev_shown "set down: off" 0
    # Down, it does not sample: at most the one late operstate message
    # (the kernel's linkwatch delays those by up to a second).
    n=$(netdev_wakeups)
    if [ "$n" -le 1 ]; then ok "link down: the daemon does not sample ($n wake-ups in 1 s)"
    else not_ok "link down: the daemon does not sample (at most 1 wake-up in 1 s)" "$n wake-ups in 1 s"; fi
    ip link set "$NETDEV_IF" up
    netdev_shown "up again: on" 1

    # Packets sent: the line flashes (off 50 ms, back on), at least twice.
    ip addr add 192.0.2.1/24 dev "$NETDEV_IF"
    rm -f "$tl"
    LED_LEVEL_PATH=$(level_path) timeout 20 "$IT" timeline 4 10000 >"$tl" &
    bg=$!
    wait_for '[ -s "$tl" ]' 50     # its "0 LEVEL" line: sampling
    netdev_traffic_until "$bg"
    if reap "$bg" 150; then
        out=$(awk 'NR > 1 { printf "%s%s", (NR > 2 ? " " : ""), $2 }' "$tl")
        expect_eq "packets sent flash the line: off and back on, twice" "0 1 0 1" "$out"
    else
        not_ok "packets sent flash the line (4 changes within 10 s)" "$(cat "$tl")" \
            "tx_packets: $(cat "/sys/class/net/$NETDEV_IF/statistics/tx_packets" 2>&1)"
    fi
    netdev_shown "traffic over: on, the trigger still runs" 1

    # Renamed away (and up under its new name): off; renamed back: on.
    # Deleted: off; created again: on. Kernels before 6.2 rename only a
    # link that is down.
    ip link set "$NETDEV_IF" down
    ip link set "$NETDEV_IF" name "${NETDEV_IF}r"
    ip link set "${NETDEV_IF}r" up
    netdev_shown "renamed away, up: off" 0
    ip link set "${NETDEV_IF}r" down
    ip link set "${NETDEV_IF}r" name "$NETDEV_IF"
    ip link set "$NETDEV_IF" up
    netdev_shown "renamed back, up: on" 1
    ip link del "$NETDEV_IF"
    netdev_shown "deleted: off" 0
    netdev_add
    ip link set "$NETDEV_IF" up
    netdev_shown "created again and up: on" 1

    # A level stops the trigger: link changes no longer show.
    echo 0 >/dev/led
    expect_eq "echo 0 stops the trigger: ledctl get has no trigger" 0 "$(timeout 5 "$LEDCTL" get)"
    echo "trigger netdev $NETDEV_IF link tx" >/dev/led
    netdev_shown "started again on a link that is up: on" 1
    echo 1 >/dev/led
    expect_eq "echo 1 stops it too" 1 "$(timeout 5 "$LEDCTL" get)"
    ip link set "$NETDEV_IF" down
    timeout 5 "$LEDCTL" get >/dev/null
    expect_eq "... and the link going down no longer changes the line" 1 "$(level)"

    ip link del "$NETDEV_IF"
    end_group
}
