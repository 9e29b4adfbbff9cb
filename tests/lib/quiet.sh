# quiet CMD...: run CMD with its output kept back; on failure print its last
# 60 lines and name it on stderr (CI keeps only part of a log, and a bare
# exit status names nothing). Sourced by scripts/run-hardening and
# tests/fuzz/run-fuzzers.
quiet() {
    local out
    if ! out=$("$@" 2>&1); then
        printf '%s\n' "$out" | tail -n 60 >&2
        echo "${0##*/}: FAILED: $*" >&2
        return 1
    fi
}
