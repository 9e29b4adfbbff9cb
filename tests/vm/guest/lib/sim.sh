# Sourced by the guest helpers: where the simulated chip lives.
# The chip is created by gpio-sim-setup through configfs; its gpiochipN
# number can change when it is unplugged and plugged again (gpio-sim-live),
# so paths are looked up on every call.
LED_SIM_CFG=${LED_SIM_CFG:-/sys/kernel/config/gpio-sim/led-cuse}
LED_SIM_LABEL=${LED_SIM_LABEL:-led-cuse-sim}
LED_SIM_LED=${LED_SIM_LED:-17}       # offset (and name GPIO17) of the LED line
LED_SIM_BUTTON=${LED_SIM_BUTTON:-27} # offset (and name GPIO27) of the button line

sim_die() { echo "${0##*/}: $*" >&2; exit 1; }

# (Only shell builtins here: every exec is slow in the emulated guest.)

# Prints the chip's sysfs directory (/sys/devices/platform/gpio-sim.N/gpiochipM).
sim_sysdir() {
    local live= dev= chip=
    read -r live 2>/dev/null <"$LED_SIM_CFG/live"
    [ "$live" = 1 ] || return 1
    read -r dev <"$LED_SIM_CFG/dev_name" && read -r chip <"$LED_SIM_CFG/bank0/chip_name" || return 1
    [ -d "/sys/devices/platform/$dev/$chip" ] || return 1
    echo "/sys/devices/platform/$dev/$chip"
}

# Prints gpiochipN of the simulated chip.
sim_chip() {
    local live= chip=
    read -r live 2>/dev/null <"$LED_SIM_CFG/live"
    [ "$live" = 1 ] || return 1
    read -r chip <"$LED_SIM_CFG/bank0/chip_name" && echo "$chip"
}

# Prints the LED line's level (0/1), or ? if the chip is not live.
sim_level() {
    local d v=
    d=$(sim_sysdir) && read -r v <"$d/sim_gpio$LED_SIM_LED/value" && echo "$v" || echo "?"
}
