#!/bin/sh
# As the official redis image: `redis-server` without a configuration file gets --protected-mode no, so clients on
# the container network may connect (there is no password on a compose laptop stack either way).
set -e
if [ "$1" = redis-server ]; then
  case "${2:-}" in
    *.conf) ;;
    *) shift; set -- redis-server --protected-mode no "$@" ;;
  esac
fi
exec "$@"
