#!/usr/bin/env bash
# Container healthcheck of a ShopScale service: exit 0 when /actuator/health/<probe> answers 200.
#   healthcheck.sh [liveness|readiness]      (default liveness)
# liveness never depends on the database, Redis or Kafka (the Dockerfile's HEALTHCHECK uses it); readiness includes
# the database (docker-compose.yml uses it, so depends_on waits for a service that can actually serve).
# Port: MANAGEMENT_SERVER_PORT when the actuator has a port of its own (the gateway under compose), else SERVER_PORT,
# else the image's SHOPSCALE_HTTP_PORT (its build arg PORT).
# Tools: wget (Temurin's Ubuntu images ship it), else curl, else bash's /dev/tcp, so the check needs no JVM and keeps
# working on a slimmer base image.
probe="${1:-liveness}"
case "$probe" in
  liveness | readiness) ;;
  *) echo "usage: $0 [liveness|readiness]" >&2; exit 2 ;;
esac
port="${MANAGEMENT_SERVER_PORT:-${SERVER_PORT:-${SHOPSCALE_HTTP_PORT:-8080}}}"
path="/actuator/health/${probe}"
url="http://127.0.0.1:${port}${path}"

if command -v wget >/dev/null 2>&1; then
  exec wget -q -T 4 -t 1 -O /dev/null "$url"
fi
if command -v curl >/dev/null 2>&1; then
  exec curl -fsS -m 4 -o /dev/null "$url"
fi
# HTTP/1.0 by hand: the status line is all we need.
exec 3<>"/dev/tcp/127.0.0.1/${port}" || exit 1
printf 'GET %s HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n' "$path" >&3
IFS= read -r -t 4 status <&3 || exit 1
case "$status" in
  "HTTP/1."?" 200"*) exit 0 ;;
  *) exit 1 ;;
esac
