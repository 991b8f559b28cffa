#!/bin/sh
# As the nginx image's entrypoint: when the command is nginx, each file in /docker-entrypoint.d/ is
# taken in `sort -V` order; an executable *.envsh is sourced, so what it exports reaches the scripts
# after it, an executable *.sh is run, and the rest is skipped. Under `set -e`, so one that fails
# stops the container before nginx starts.
set -e

log() {
  [ -n "${NGINX_ENTRYPOINT_QUIET_LOGS:-}" ] || echo "$0: $*"
}

if [ "$1" = nginx ] || [ "$1" = nginx-debug ]; then
  find /docker-entrypoint.d/ -follow -type f -print | sort -V | while read -r script; do
    case $script in
      *.envsh | *.sh) [ -x "$script" ] || { log "Ignoring $script, not executable"; continue; } ;;
    esac
    case $script in
      *.envsh) log "Sourcing $script"; . "$script" ;;
      *.sh) log "Launching $script"; "$script" ;;
      *) log "Ignoring $script" ;;
    esac
  done
  log "Configuration complete; ready for start up"
fi

exec "$@"
