#!/usr/bin/env bash
# check-man.sh LED_CUSE PAGE...: the manual pages render without a warning
# (mandoc -T lint, groff -ww), and they cannot drift from the daemon:
#  - every long option that `led-cuse --help` prints is in led-cuse(8);
#  - every configuration key the daemon accepts (each long option, tried in a
#    configuration file) is in led-cuse.conf(5), and every key documented
#    there is accepted.
# TAP output.
set -uo pipefail
DAEMON=${1:?usage: check-man.sh LED_CUSE PAGE...}
shift
T=$(mktemp -d /tmp/led-cuse-man.XXXXXX)
trap 'rm -rf "$T"' EXIT

# shellcheck source=../tests/lib/tap.sh
. "$(dirname "$(readlink -f "$0")")/../tests/lib/tap.sh"

render() {   # PAGE: plain text
    if command -v mandoc >/dev/null; then
        mandoc -T ascii "$1" | sed 's/.\x08//g'
    else
        groff -mandoc -T ascii -P -cbou "$1"
    fi
}

declare -A PAGE
for p in "$@"; do
    PAGE[$(basename "$p")]=$p
    if command -v mandoc >/dev/null; then
        if out=$(mandoc -T lint -W warning "$p" 2>&1) && [ -z "$out" ]; then
            ok "mandoc -T lint: $(basename "$p") is clean"
        else
            not_ok "mandoc -T lint: $(basename "$p") is clean" "$out"
        fi
    fi
    if out=$(groff -ww -z -mandoc "$p" 2>&1) && [ -z "$out" ]; then
        ok "groff -ww -z: $(basename "$p") is clean"
    else
        not_ok "groff -ww -z: $(basename "$p") is clean" "$out"
    fi
done

# The daemon's long options, from its own --help.
if ! help=$("$DAEMON" --help 2>&1); then
    not_ok "led-cuse --help" "$help"
    tap_done; exit 1
fi
mapfile -t OPTS < <(grep -oE -- '--[a-z][a-z-]*' <<<"$help" | sed 's/^--//' | sort -u)
if [ "${#OPTS[@]}" -ge 5 ]; then
    ok "led-cuse --help lists ${#OPTS[@]} long options"
else
    not_ok "led-cuse --help lists long options" "$help"
fi

has() {   # TEXT WORD SUFFIX-REGEX: WORD stands alone in TEXT
    grep -qE -- "(^|[^a-z-])$2$3" <<<"$1"
}
man8=$(render "${PAGE[led-cuse.8]:?led-cuse.8 not given}")
missing=()
for o in "${OPTS[@]}"; do has "$man8" "--$o" '([^a-z-]|$)' || missing+=("--$o"); done
if [ ${#missing[@]} = 0 ]; then
    ok "led-cuse(8) documents every long option"
else
    not_ok "led-cuse(8) documents every long option" "missing: ${missing[*]}"
fi

# A configuration key is what the daemon accepts in a file: KEY = 1 followed
# by an unknown key; the error names KEY only if KEY itself is unknown.
is_key() {
    printf '[led]\n%s = 1\nno-such-key-for-the-test = 1\n' "$1" >"$T/k.conf"
    local out
    out=$("$DAEMON" --config="$T/k.conf" 2>&1)
    case "$out" in
    *"key '$1' ="*"unknown key"*) return 1 ;;
    *"no-such-key-for-the-test"*"unknown key"* | *"key '$1' ="*) return 0 ;;
    *) echo "unexpected answer for key '$1': $out" >&2; return 2 ;;
    esac
}
conf5=$(render "${PAGE[led-cuse.conf.5]:?led-cuse.conf.5 not given}")
KEYS=() missing=() err=
for o in "${OPTS[@]}"; do
    is_key "$o" 2>>"$T/err"
    case $? in
    0) KEYS+=("$o"); has "$conf5" "$o" '=' || missing+=("$o") ;;
    2) err=1 ;;
    esac
done
if [ -z "$err" ] && [ ${#KEYS[@]} -ge 5 ]; then
    ok "the daemon accepts ${#KEYS[@]} of them as configuration keys: ${KEYS[*]}"
else
    not_ok "the daemon accepts configuration keys" "$(cat "$T/err")"
fi
if [ ${#missing[@]} = 0 ]; then
    ok "led-cuse.conf(5) documents every configuration key"
else
    not_ok "led-cuse.conf(5) documents every configuration key" "missing: ${missing[*]}"
fi
# And the other way: every KEY=VALUE the page documents is a key.
mapfile -t DOCKEYS < <(sed -n 's/^\.It Cm \([a-z][a-z-]*\) Ns = .*/\1/p' "${PAGE[led-cuse.conf.5]}")
bad=()
for k in "${DOCKEYS[@]}"; do is_key "$k" 2>/dev/null || bad+=("$k"); done
if [ ${#DOCKEYS[@]} -gt 0 ] && [ ${#bad[@]} = 0 ]; then
    ok "every key led-cuse.conf(5) documents (${#DOCKEYS[@]}) is accepted by the daemon"
else
    not_ok "every key led-cuse.conf(5) documents is accepted by the daemon" "not accepted: ${bad[*]:-no keys found}"
fi
tap_done
