# What the project's shell tools share (scripts/*, the VM and system test
# drivers under tests/): messages named after the tool, the header comment
# as --help, and sudo when not root. Sourced by a path relative to the
# script; the caller sets `me` (its name) before it logs.
#
#   log MSG...   "$me: MSG" on stderr
#   die MSG...   log "error: MSG" and exit $DIE_STATUS (default 1)
#   usage        the script's header comment: from its line 2 up to
#                `set -euo pipefail`, without the leading "# "
#   $SUDO CMD... CMD as root: "sudo", or nothing when already root

log() { echo "$me: $*" >&2; }
die() { log "error: $*"; exit "${DIE_STATUS:-1}"; }
usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; }

SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
