#!/bin/sh
# The official redis image's entrypoint, in short: redis-server runs as user redis, owns /data, and has protected mode
# off unless a configuration file is given.
set -eu
if [ "${1:-}" = redis-server ]; then
  shift
  if [ "$(id -u)" = 0 ]; then
    chown -R redis:redis /data
    exec setpriv --reuid=redis --regid=redis --init-groups redis-server --protected-mode no "$@"
  fi
  exec redis-server --protected-mode no "$@"
fi
exec "$@"
