# Sourced by the guest helpers: where the simulated chip lives.
# The chip is created by gpio-sim-setup through configfs; its gpiochipN
# number can change when it is unplugged and plugged again (gpio-sim-live),
# so paths are looked up on every call.
LED_SIM_CFG=${LED_SIM_CFG:-/sys/kernel/config/gpio-sim/led-cuse}
LED_SIM_LABEL=${LED_SIM_LABEL:-led-cuse-sim}
LED_SIM_LED=${LED_SIM_LED:-17}       # offset (and name GPIO17) of the LED line
LED_SIM_BUTTON=${LED_SIM_BUTTON:-27} # offset (and name GPIO27) of the button line

sim_die() { echo "${0##*/}: $*" >&2; exit 1; }

# Prints the chip's sysfs directory (/sys/devices/platform/gpio-sim.N/gpiochipM).
sim_sysdir() {
    local dev chip
    [ "$(cat "$LED_SIM_CFG/live" 2>/dev/null)" = 1 ] || return 1
    dev=$(cat "$LED_SIM_CFG/dev_name") && chip=$(cat "$LED_SIM_CFG/bank0/chip_name") || return 1
    [ -d "/sys/devices/platform/$dev/$chip" ] || return 1
    echo "/sys/devices/platform/$dev/$chip"
}

# Prints gpiochipN of the simulated chip.
sim_chip() {
    [ "$(cat "$LED_SIM_CFG/live" 2>/dev/null)" = 1 ] || return 1
    cat "$LED_SIM_CFG/bank0/chip_name"
}
