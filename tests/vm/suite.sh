#!/bin/bash
# led-cuse integration suite: runs INSIDE the test VM (tests/vm/led-vm
# --script tests/vm/suite.sh), against the real kernel's CUSE and a gpio-sim
# chip (LED = line 17 "GPIO17", button = line 27 "GPIO27").
# Output is TAP; the plan comes last. The groups are tests/vm/groups/NN-NAME.sh,
# run in the order of NN, all in this one boot; each starts its own daemon
# from $LED_CUSE_BUILD with its log in $LED_VM_LOGDIR/daemon-<group>.log; a
# failing case prints the end of that log as TAP comments.
# SUITE_ONLY="text button" runs only those groups.
VMDIR=${LED_VM_DIR:-$(dirname "$(readlink -f "$0")")}
# shellcheck source=guest/lib/runner.sh
. "$VMDIR/guest/lib/runner.sh" suite
# shellcheck source=groups/common.sh
. "$VMDIR/groups/common.sh"

GROUP_NAMES=()
for f in "$VMDIR"/groups/[0-9][0-9]-*.sh; do
    # shellcheck source=/dev/null
    . "$f"
    f=${f##*/[0-9][0-9]-}
    GROUP_NAMES+=("${f%.sh}")
done
runner_run "${GROUP_NAMES[@]}"
