#!/bin/sh
# As the real image's entrypoint: arguments that are not a command (a flag, a script) run under node.
set -e
case $1 in -*) set -- node "$@" ;; esac
if ! command -v "$1" >/dev/null || { [ -f "$1" ] && [ ! -x "$1" ]; }; then set -- node "$@"; fi
exec "$@"
