# TAP test points, for every shell test suite: sourced by man/check-man.sh,
# tests/system/check-install.sh, tests/system/check-enable-backports.sh and,
# through tests/vm/guest/lib/tap.sh, by the suites that run inside the VMs.
# GROUP, if set, prefixes every description. A failed point's details are
# printed as TAP comments, followed by what tap_failure_details prints (a
# suite redefines it, e.g. to show the end of a log). The plan comes last
# (tap_done). Only shell builtins and sed: the VM suites run it under
# emulation, and the host suites under `set -euo pipefail`.

N=0 FAILED=0 GROUP=

comment() { sed 's/^/# /'; }
diag() { printf '%s\n' "$*" | comment; }
tap_failure_details() { :; }

ok() { N=$((N + 1)); echo "ok $N - ${GROUP:+[$GROUP] }$*"; }
not_ok() {   # DESC [DETAIL...]: a failed point; the details as comments
    N=$((N + 1)) FAILED=$((FAILED + 1))
    echo "not ok $N - ${GROUP:+[$GROUP] }$1"
    shift
    { [ $# -eq 0 ] || printf '%s\n' "$@"; tap_failure_details; } | comment
}
skip() { N=$((N + 1)); echo "ok $N - ${GROUP:+[$GROUP] }$1 # SKIP $2"; }   # DESC REASON
# check DESC CMD...: one point, passes when CMD succeeds; else CMD and its
# output are the details.
check() {
    local desc=$1 out
    shift
    if out=$("$@" 2>&1); then ok "$desc"; else not_ok "$desc" "\$ $*" "$out"; fi
}
# is GOT WANT: a command for check, failing with both values.
is() { [ "$1" = "$2" ] || { echo "expected '$2', got '$1'"; return 1; }; }
# expect_eq DESC WANT GOT
expect_eq() {
    if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "want '$2', got '$3'"; fi
}
# tap_done: the plan, a summary; the exit status says whether all passed.
tap_done() {
    echo "1..$N"
    echo "# $((N - FAILED)) passed, $FAILED failed"
    [ "$FAILED" -eq 0 ]
}
