# shellcheck shell=bash
# The integration group "chips" of tests/vm/suite.sh.
# GPIO chips that come late, go, come back renumbered or share a label, with
# more gpio-sim chips next to led-cuse-sim: lines that cannot exist fail at
# once, an absent chip is waited for, a lost chip is noticed and found again
# (by its label, or by its old name when the label is shared).
SIM_CFGFS=/sys/kernel/config/gpio-sim
sim_add() {   # NAME LABEL OFFSET1 OFFSET2: a chip whose lines OFFSETn are named GPIO<OFFSETn>
    LED_SIM_CFG=$SIM_CFGFS/$1 LED_SIM_LABEL=$2 LED_SIM_LED=$3 LED_SIM_BUTTON=$4 gpio-sim-setup >/dev/null
}
sim_del() {   # NAME
    local c=$SIM_CFGFS/$1
    [ -d "$c" ] || return 0
    echo 0 >"$c/live"
    rmdir "$c"/bank0/line* "$c/bank0" "$c"
}
present() { timeout 5 "$LEDCTL" info 2>/dev/null | awk '/^gpio_present:/ { print $2 }'; }
log_has() { grep -q -- "$1" "$DLOG"; }

group_chips() {
    local out rc chip new late_level
    GROUP=chips
    DLOG=$LOGDIR/daemon-chips.log
    echo "# --- group chips"
    [ "$(gpio-sim-live)" = 1 ] || gpio-sim-live 1

    # A line that cannot exist fails at once, naming it, with a status the unit does not restart on.
    out=$(timeout 20 "$DAEMON" -l NOPE 2>&1); rc=$?
    if [ $rc = 78 ] && [[ $out == *"'NOPE'"* ]]; then ok "-l NOPE: exit 78 at once, naming the line"
    else not_ok "-l NOPE: exit 78 at once, naming the line" "rc=$rc" "$out"; fi
    out=$(timeout 20 "$DAEMON" -l "$LED_SIM_LABEL:99" 2>&1); rc=$?
    if [ $rc = 78 ] && [[ $out == *"no line 99"* ]]; then ok "-l $LED_SIM_LABEL:99: exit 78 at once, naming the offset"
    else not_ok "-l $LED_SIM_LABEL:99: exit 78 at once, naming the offset" "rc=$rc" "$out"; fi
    # An absent chip is waited for, bounded.
    out=$(timeout 30 "$DAEMON" -l late-sim:5 --wait-for-gpio=1 2>&1); rc=$?
    if [ $rc = 69 ] && [[ $out == *"late-sim"* ]]; then ok "an absent chip, --wait-for-gpio=1: exit 69, naming the chip"
    else not_ok "an absent chip, --wait-for-gpio=1: exit 69, naming the chip" "rc=$rc" "$out"; fi

    # The LED's chip comes late: the daemon waits for it, then serves.
    echo "=== $(date +%T) led-cuse -l late-sim:5 -b GPIO27 --wait-for-gpio=300" >>"$DLOG"
    "$DAEMON" -l late-sim:5 -b GPIO27 --wait-for-gpio=300 >>"$DLOG" 2>&1 &
    DPID=$!
    if wait_for "log_has 'waiting up to 300 s for GPIO: LED: no GPIO chip with label .late-sim.'" 200 &&
       kill -0 "$DPID" 2>/dev/null && [ ! -e /dev/led ]; then
        ok "the LED's chip is absent: the daemon waits, saying for what"
    else
        not_ok "the LED's chip is absent: the daemon waits, saying for what"
    fi
    sim_add late late-sim 5 6
    late_level() { LED_SIM_CFG=$SIM_CFGFS/late LED_SIM_LED=5 sim_level; }
    if wait_for '[ -c /dev/led ]' 300; then ok "the chip appears: /dev/led is served"
    else not_ok "the chip appears: /dev/led is served" "no /dev/led 30 s after the chip appeared"; fi
    # (A daemon that gave up is started again, so the cases below stand alone.)
    kill -0 "$DPID" 2>/dev/null || start_daemon -l late-sim:5 -b GPIO27
    echo 1 >/dev/led
    expect_eq "echo 1 drives the late chip's line" 1 "$(late_level)"

    # LED and button on two chips: losing either is noticed, and both come back.
    gpio-sim-live 0
    if wait_for '[ "$(present)" = no ]' 100; then ok "the button's chip unplugged (LED chip stays): noticed"
    else not_ok "the button's chip unplugged (LED chip stays): noticed" "gpio_present: $(present)"; fi
    gpio-sim-live 1
    if wait_for '[ "$(present)" = yes ]' 100; then ok "the button's chip back: the lines are requested again"
    else not_ok "the button's chip back: the lines are requested again" "gpio_present: $(present)"; fi
    expect_eq "... the LED kept its state" "1:1" "$(late_level):$(devstate)"
    press-button click
    wait_for '[ "$(late_level)" = 0 ]' 30
    expect_eq "... and the button on the replugged chip toggles the LED" "0:0" "$(late_level):$(devstate)"
    LED_SIM_CFG=$SIM_CFGFS/late gpio-sim-live 0
    if wait_for '[ "$(present)" = no ]' 100; then ok "the LED's chip unplugged: noticed"
    else not_ok "the LED's chip unplugged: noticed" "gpio_present: $(present)"; fi
    LED_SIM_CFG=$SIM_CFGFS/late gpio-sim-live 1
    if wait_for '[ "$(present)" = yes ]' 100; then ok "the LED's chip back: the lines are requested again"
    else not_ok "the LED's chip back: the lines are requested again" "gpio_present: $(present)"; fi
    press-button click
    wait_for '[ "$(late_level)" = 1 ]' 30
    expect_eq "... and the button (on the chip that stayed) still toggles the LED" "1:1" "$(late_level):$(devstate)"
    check "daemon alive" kill -0 "$DPID"
    stop_daemon
    sim_del late

    # A chip named /dev/gpiochipN comes back as another gpiochipM.
    chip=$(sim_chip)
    if start_daemon -l "/dev/$chip:17" -b "$chip:27"; then ok "started with -l /dev/$chip:17 -b $chip:27"
    else not_ok "started with -l /dev/$chip:17 -b $chip:27"; fi
    echo 1 >/dev/led
    gpio-sim-live 0
    sim_add blocker blocker-sim 9 10   # takes the number that became free
    gpio-sim-live 1
    new=$(sim_chip)
    if [ "$new" != "$chip" ]; then ok "precondition: the chip came back as $new (was $chip)"
    else not_ok "precondition: the chip came back under another number" "still $chip"; fi
    if wait_for '[ "$(present)" = yes ]' 100; then ok "the daemon found $chip again as $new, by its label"
    else not_ok "the daemon found $chip again as $new, by its label" "gpio_present: $(present)"; fi
    expect_eq "... LED restored on the renumbered chip" "1:1" "$(level):$(devstate)"
    press-button click
    wait_for '[ "$(level)" = 0 ]' 30
    expect_eq "... and its button works" 0 "$(level)"

    # Back at the same time as another chip with its label (the daemon is
    # stopped meanwhile, so it sees both at once): the journal says why it waits.
    gpio-sim-live 0
    wait_for '[ "$(present)" = no ]' 100
    kill -STOP "$DPID"
    sim_add dup "$LED_SIM_LABEL" 7 8
    gpio-sim-live 1
    kill -CONT "$DPID"
    if wait_for "log_has 'label .$LED_SIM_LABEL. is ambiguous'" 100 && [ "$(present)" = no ]; then
        ok "back next to a chip with the same label: stays unplugged, the log says it is ambiguous"
    else
        not_ok "back next to a chip with the same label: stays unplugged, the log says it is ambiguous"
    fi
    sim_del dup
    if wait_for '[ "$(present)" = yes ]' 100; then ok "the other chip gone: found again"
    else not_ok "the other chip gone: found again" "gpio_present: $(present)"; fi
    stop_daemon
    sim_del blocker

    # A label shared at start cannot find the chip again: only its old
    # name is tried, and only if the chip there still has that label.
    sim_add dup "$LED_SIM_LABEL" 7 8
    chip=$(sim_chip)
    if start_daemon -l "/dev/$chip:17"; then ok "started with -l /dev/$chip:17 next to a chip with the same label"
    else not_ok "started with -l /dev/$chip:17 next to a chip with the same label"; fi
    gpio-sim-live 0
    sim_add blocker blocker-sim 9 10
    gpio-sim-live 1
    new=$(sim_chip)
    if [ "$new" = "$chip" ]; then
        if wait_for '[ "$(present)" = yes ]' 100; then ok "back as $chip: found again under its name"
        else not_ok "back as $chip: found again under its name" "gpio_present: $(present)"; fi
    elif wait_for "log_has 'looked for under that name only'" 100 && [ "$(present)" = no ]; then
        ok "back as $new, $chip now another chip: not taken, the log says why"
    else
        not_ok "back as $new, $chip now another chip: not taken, the log says why" "gpio_present: $(present)"
    fi
    stop_daemon
    sim_del blocker
    sim_del dup

    # Two chips with one label: the daemon and udev's helper refuse to pick one.
    sim_add dup "$LED_SIM_LABEL" 7 8
    chip=$(sim_chip)
    new=$(read -r c <"$SIM_CFGFS/dup/bank0/chip_name" && echo "$c")
    out=$(timeout 20 "$DAEMON" -l "$LED_SIM_LABEL:17" 2>&1); rc=$?
    if [ $rc = 78 ] && [[ $out == *"$chip"* ]] && [[ $out == *"$new"* ]]; then
        ok "-l $LED_SIM_LABEL:17 with two such chips: exit 78, naming $chip and $new"
    else
        not_ok "-l $LED_SIM_LABEL:17 with two such chips: exit 78, naming both chips" "rc=$rc" "$out"
    fi
    out=$("$B/udev-rules/led-cuse-gpiochip-label" "/dev/$new" 2>&1); rc=$?
    if [ $rc = 1 ] && [[ $out == *"$chip"* ]]; then ok "udev's label helper gives $new no by-label link ($out)"
    else not_ok "udev's label helper gives a shared label no link" "rc=$rc" "$out"; fi
    sim_del dup
    out=$("$B/udev-rules/led-cuse-gpiochip-label" "/dev/$chip" 2>&1); rc=$?
    expect_eq "... and with one such chip prints its label" "0:$LED_SIM_LABEL" "$rc:$out"
}
