# shellcheck shell=bash
# The integration group "ioctl" of tests/vm/suite.sh: every ioctl from C
# (ioctl-test all), and a read-only open that may read but change nothing.

group_ioctl() {
    begin_group ioctl -l GPIO17 -b GPIO27 || return
    run_ioctl_test all
    echo 1 >/dev/led
    run_ioctl_test rdonly
    expect_eq "read-only opens changed nothing (line still high)" 1 "$(level)"
    end_group
}
