# The launch code of the TAP suites that led-vm runs inside the VM
# (tests/vm/suite.sh, tests/vm/faults.sh), sourced at their top level as
#   . "$VMDIR/guest/lib/runner.sh" NAME
# with VMDIR set to tests/vm. It sets the build under test (DAEMON, LEDCTL,
# IT: ioctl-test; B: $LED_CUSE_BUILD), LOGDIR ($LED_VM_LOGDIR, or
# /tmp/led-NAME-logs) and TMP (a scratch directory), sources sim.sh and
# tap.sh, and ends the run at once, with one failed point, if a binary is
# missing. Then
#   runner_run GROUP...  calls group_GROUP for each GROUP in order (only those
#                        named in $SUITE_ONLY, if set), stops the daemon,
#                        prints the plan; its status says whether all passed.
set -u

RUNNER_NAME=$1
B=${LED_CUSE_BUILD:?LED_CUSE_BUILD is not set (run me through tests/vm/led-vm --build DIR)}
DAEMON=$B/cuse-daemon/led-cuse
LEDCTL=$B/tools/ledctl
IT=$B/tests/vm/ioctl-test
LOGDIR=${LED_VM_LOGDIR:-/tmp/led-$RUNNER_NAME-logs}
mkdir -p "$LOGDIR"
# shellcheck source=sim.sh
. "$VMDIR/guest/lib/sim.sh"
export PATH=$VMDIR/guest/bin:$PATH
TMP=$(mktemp -d "/tmp/$RUNNER_NAME.XXXXXX")
# shellcheck source=tap.sh
. "$VMDIR/guest/lib/tap.sh"
RUNNER_START=$(now)

echo "# led-cuse VM $RUNNER_NAME: kernel $(uname -r), build $B"
for f in "$DAEMON" "$LEDCTL" "$IT"; do
    if [ ! -x "$f" ]; then
        echo "1..1"
        echo "not ok 1 - $f is built"
        exit 1
    fi
done

runner_run() {   # GROUP...
    local g
    for g in "$@"; do
        [ -z "${SUITE_ONLY:-}" ] || [[ " $SUITE_ONLY " == *" $g "* ]] || continue
        "group_$g"
    done
    stop_daemon
    rm -rf "$TMP"
    echo "# $RUNNER_NAME total: $(elapsed "$RUNNER_START") s"
    tap_done
}
