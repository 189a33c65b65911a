#!/usr/bin/env bash
# End-to-end proof of docker-compose.yml on a real Docker engine, on a machine with no registry (docs/deploy.md,
# "Proving compose here: compose-e2e"):
#   1. a Docker engine: the one that answers, else dockerd started here (root; Debian's docker.io, --iptables=false)
#   2. stand-in images under the names docker-compose.yml uses (deploy-tests/stand-ins/build.sh)
#   3. the stack built from source (docker/Dockerfile, Maven inside Docker) and started, waiting for health;
#      Grafana and Jaeger (profile `ui`) stay out
#   4. through the gateway (127.0.0.2:18080, see below): register, login, an admin's product, an order -> CONFIRMED,
#      its payment AUTHORIZED, the stock down by the quantity
#   5. Kafka on SASL_SSL: the broker's login lists the services' topics; a client over TLS without a login, one with a
#      wrong password and one in plain text are all refused (while the order above was confirmed through it), and one
#      without a login on the host listener too
#   6. Prometheus: every target up, ShopScale's rules loaded
#   7. Redis stopped: product reads still answer 200 (the services fall back to PostgreSQL)
#   8. docker compose down -v (always, also after a failure)
# Prints `compose-e2e: N passed, M failed` last; exits 1 when a check failed.
#   deploy-tests/compose-e2e.sh                      (root on a machine like CI's; from anywhere)
# SHOPSCALE_JARS=host packages jars built by ./mvnw package instead of compiling inside Docker.
set -uo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
passed=0
failed=0
project=shopscale-e2e
# Host ports on a loopback address of the stack's own, the gateway on 18080: local-stack (./shopscale up) binds the
# same ports on 127.0.0.1 and the services' on every address, and may be running on the same machine.
export SHOPSCALE_BIND="${SHOPSCALE_BIND:-127.0.0.2}" SHOPSCALE_GATEWAY_PORT="${SHOPSCALE_GATEWAY_PORT:-18080}"
gateway="http://$SHOPSCALE_BIND:$SHOPSCALE_GATEWAY_PORT"
prometheus="http://$SHOPSCALE_BIND:9090"

ok() { passed=$((passed + 1)); echo "compose-e2e: ok: $*"; }
bad() { failed=$((failed + 1)); echo "compose-e2e: FAIL: $*" >&2; }
check() { # description, command...
  local what="$1"; shift
  if "$@"; then ok "$what"; else bad "$what"; fi
}
finish() {
  echo "compose-e2e: $(( $(date +%s) - started )) s"
  echo "compose-e2e: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit
}

# --- 1. engine -------------------------------------------------------------------------------------------------------
if ! docker info >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ] || ! command -v dockerd >/dev/null 2>&1; then
    bad "no Docker engine answers and none can be started here (needs root and dockerd: apt-get install docker.io)"
    finish
  fi
  echo "compose-e2e: starting dockerd (--iptables=false: the host's firewall stays as it is; log /tmp/dockerd.log)"
  nohup dockerd --iptables=false >/tmp/dockerd.log 2>&1 &
  for _ in $(seq 1 30); do docker info >/dev/null 2>&1 && break; sleep 1; done
fi
if server="$(docker info --format '{{.ServerVersion}}' 2>/dev/null)"; then ok "Docker engine $server answers"; else bad "Docker engine answers"; fi
# BuildKit for docker/Dockerfile (cache mounts, stages built only when needed). A Docker 23+ CLI needs the buildx
# plugin for it; Debian's 20.10 CLI (/usr/bin/docker) has BuildKit built in, so prefer it when buildx is missing.
export DOCKER_BUILDKIT=1 COMPOSE_DOCKER_CLI_BUILD=1
if ! docker buildx version >/dev/null 2>&1 && [ -x /usr/bin/docker ]; then
  export PATH="/usr/bin:$PATH"
fi
# compose-e2e.build.yml: image builds on the host's network (this engine's bridge has no route out, see the file)
files=(-f docker-compose.yml -f deploy-tests/compose-e2e.build.yml)
if docker compose version >/dev/null 2>&1; then
  compose=(docker compose -p "$project" "${files[@]}")
  wait_flag=(--wait)
elif command -v docker-compose >/dev/null 2>&1; then
  # Compose v1 has no --wait: wait_healthy below does the same
  compose=(docker-compose -p "$project" "${files[@]}")
  wait_flag=()
else
  bad "neither docker compose (v2) nor docker-compose (v1) is installed"
  finish
fi
down() { "${compose[@]}" down -v --remove-orphans >/dev/null 2>&1; }
trap 'down' EXIT

# --- 2. stand-ins ----------------------------------------------------------------------------------------------------
check "stand-in images built" deploy-tests/stand-ins/build.sh

# --- 3. up -----------------------------------------------------------------------------------------------------------
# the compose,local profiles seed the administrator (SHOPSCALE_ADMIN_PASSWORD) that creates the product below
export SHOPSCALE_PROFILES=compose,local SHOPSCALE_ADMIN_PASSWORD=e2e-admin-password-1
down
build_started=$(date +%s)
# BuildKit's step-by-step output goes to a log (its tail is shown when the build fails)
build_log="${TMPDIR:-/tmp}/compose-e2e-build.log"
built() { "${compose[@]}" build >"$build_log" 2>&1 || { tail -n 40 "$build_log" >&2; return 1; }; }
check "images built (JARS=${SHOPSCALE_JARS:-maven}; log $build_log)" built
echo "compose-e2e: build took $(( $(date +%s) - build_started )) s"
wait_healthy() { # every container of the project healthy (or exited 0 when it has no healthcheck), within $1 s
  local deadline=$(( $(date +%s) + $1 )) pending
  while :; do
    pending=""
    for id in $("${compose[@]}" ps -q); do
      state="$(docker inspect -f '{{.Name}} {{.State.Status}} {{.State.ExitCode}} {{if .State.Health}}{{.State.Health.Status}}{{end}}' "$id")"
      case "$state" in
        *" running 0 healthy" | *" exited 0 ") ;;
        *" running 0 ") [ -z "$(docker inspect -f '{{.Config.Healthcheck}}' "$id" | grep -v '<nil>')" ] || pending="$pending $state;" ;;
        *) pending="$pending $state;" ;;
      esac
    done
    [ -z "$pending" ] && return 0
    if [ "$(date +%s)" -ge "$deadline" ]; then echo "compose-e2e: not healthy:$pending" >&2; return 1; fi
    sleep 3
  done
}
up_started=$(date +%s)
# Compose's progress output goes to a log too (its tail is shown when the stack does not come up)
up_log="${TMPDIR:-/tmp}/compose-e2e-up.log"
if "${compose[@]}" up -d "${wait_flag[@]}" >"$up_log" 2>&1 && wait_healthy 420; then
  ok "stack up and healthy in $(( $(date +%s) - up_started )) s"
else
  bad "stack up and healthy"
  tail -n 20 "$up_log" >&2
  "${compose[@]}" ps >&2
  finish
fi

# --- 4. the journey through the gateway ------------------------------------------------------------------------------
# json <field path> reads a value from the JSON on stdin, e.g. json items.0.id
json() {
  python3 -c 'import json, sys
value = json.load(sys.stdin)
for part in sys.argv[1].split("."):
    value = value[int(part)] if isinstance(value, list) else value[part]
print(value)' "$1"
}
# call METHOD PATH [TOKEN] [BODY] [HEADER]: prints the body, then the status on a line of its own
call() {
  local args=(-sS -m 15 -X "$1" -w '\n%{http_code}' -H 'Content-Type: application/json')
  [ -n "${3:-}" ] && args+=(-H "Authorization: Bearer $3")
  [ -n "${4:-}" ] && args+=(--data "$4")
  [ -n "${5:-}" ] && args+=(-H "$5")
  curl "${args[@]}" "$gateway$2"
}
status() { tail -n 1 <<<"$1"; }
body() { sed '$d' <<<"$1"; }

email="e2e-$(date +%s)-$RANDOM@example.com"
password="correct horse battery $RANDOM$RANDOM"
r="$(call POST /api/users "" "{\"email\":\"$email\",\"password\":\"$password\",\"name\":\"E2E\"}")"
check "register: 201" [ "$(status "$r")" = 201 ]
r="$(call POST /api/auth/login "" "{\"email\":\"$email\",\"password\":\"$password\"}")"
check "login: 200" [ "$(status "$r")" = 200 ]
token="$(body "$r" | json accessToken 2>/dev/null)"
r="$(call POST /api/auth/login "" "{\"email\":\"admin@shopscale.local\",\"password\":\"$SHOPSCALE_ADMIN_PASSWORD\"}")"
admin="$(body "$r" | json accessToken 2>/dev/null)"
sku="E2E-$(date +%s)"
r="$(call POST /api/products "$admin" "{\"sku\":\"$sku\",\"name\":\"E2E lamp\",\"description\":\"compose-e2e\",\"price\":{\"amount\":\"12.50\",\"currency\":\"USD\"},\"availableQuantity\":10}")"
check "admin creates a product: 201" [ "$(status "$r")" = 201 ]
product="$(body "$r" | json id 2>/dev/null)"
r="$(call POST /api/orders "$token" "{\"items\":[{\"productId\":\"$product\",\"quantity\":3}],\"paymentToken\":\"tok_visa\"}" "Idempotency-Key: $(cat /proc/sys/kernel/random/uuid)")"
check "order placed: 202" [ "$(status "$r")" = 202 ]
order="$(body "$r" | json id 2>/dev/null)"
order_status=PENDING
for _ in $(seq 1 60); do
  order_status="$(call GET "/api/orders/$order" "$token" | sed '$d' | json status 2>/dev/null)"
  [ "$order_status" = PENDING ] || break
  sleep 1
done
check "order CONFIRMED (was $order_status)" [ "$order_status" = CONFIRMED ]
payment_status="$(call GET "/api/payments?orderId=$order" "$token" | sed '$d' | json status 2>/dev/null)"
check "payment AUTHORIZED (was ${payment_status:-none})" [ "$payment_status" = AUTHORIZED ]
stock="$(call GET "/api/products/$product" | sed '$d' | json availableQuantity 2>/dev/null)"
check "stock 10 - 3 = 7 (is ${stock:-unknown})" [ "$stock" = 7 ]

# --- 5. Kafka: SASL_SSL only -----------------------------------------------------------------------------------------
# kafka-topics.sh inside the broker's container, at the services' listener (localhost:9092: the certificate names
# localhost too), with a client configuration given on stdin: CLIENT_CONFIG lines, plus short timeouts so a refused
# client fails within seconds instead of retrying for a minute
topics() { # client configuration lines... (at localhost:$port, default 9092)
  local config
  config="$(printf '%s\n' "$@" default.api.timeout.ms=15000 request.timeout.ms=5000)"
  "${compose[@]}" exec -T -e CLIENT_CONFIG="$config" -e PORT="${port:-9092}" kafka bash -c \
    'printf "%s\n" "$CLIENT_CONFIG" > /tmp/e2e-client.properties
     KAFKA_HEAP_OPTS=-Xmx96m /opt/kafka/bin/kafka-topics.sh --bootstrap-server "localhost:$PORT" \
       --command-config /tmp/e2e-client.properties --list 2>&1; status=$?; rm -f /tmp/e2e-client.properties; exit $status'
}
tls=(security.protocol=SSL ssl.truststore.type=PEM ssl.truststore.location=/etc/kafka/secrets/ca.crt)
scram() { # user password: a SASL_SSL client of that login
  printf '%s\n' security.protocol=SASL_SSL sasl.mechanism=SCRAM-SHA-512 ssl.truststore.type=PEM \
    ssl.truststore.location=/etc/kafka/secrets/ca.crt \
    "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"$1\" password=\"$2\";"
}
listed="$(mapfile -t lines < <(scram broker "${SHOPSCALE_KAFKA_BROKER_PASSWORD:-shopscale-kafka-broker}"); topics "${lines[@]}")"
check "Kafka: the broker's login lists the services' topics ($(grep -cxE '[a-z0-9._-]+' <<<"$listed") topics)" grep -qx 'orders.events' <<<"$listed"
refused() { # output of a client that must have been turned away: no topic list
  ! grep -qx 'orders.events' <<<"$1"
}
reason() { grep -m1 -oE '(Timed out|Authentication failed)[^.]*' <<<"$1" | head -c 100; }
out="$(topics "${tls[@]}")"
check "Kafka: a client over TLS without a login is refused ($(reason "$out"))" refused "$out"
out="$(mapfile -t lines < <(scram shopscale wrong-password); topics "${lines[@]}")"
check "Kafka: a wrong password is refused ($(reason "$out"))" \
  eval 'refused "$out" && grep -q "Authentication failed" <<<"$out"'
out="$(topics security.protocol=PLAINTEXT)"
check "Kafka: a plain-text client is refused ($(reason "$out"))" refused "$out"
# the host listener (EXTERNAL, localhost:19092, SASL_PLAINTEXT for a service run from the IDE) wants the login too
out="$(port=19092 topics security.protocol=PLAINTEXT)"
check "Kafka: a client without a login is refused on the host listener too ($(reason "$out"))" refused "$out"

# --- 6. Prometheus ---------------------------------------------------------------------------------------------------
# a scrape every 15 s: give every target two rounds to be up
targets_up() {
  curl -sS -m 5 "$prometheus"/api/v1/targets | python3 -c 'import json, sys
targets = json.load(sys.stdin)["data"]["activeTargets"]
down = [t["labels"]["job"] + " " + t["health"] for t in targets if t["health"] != "up"]
print("targets:", len(targets), "not up:", down)
sys.exit(1 if down or not targets else 0)'
}
for _ in $(seq 1 12); do targets_up >/dev/null 2>&1 && break; sleep 5; done
check "Prometheus: every target up ($(targets_up 2>&1))" eval 'targets_up >/dev/null'
rules_loaded() {
  curl -sS -m 5 "$prometheus"/api/v1/rules | python3 -c 'import json, sys
groups = json.load(sys.stdin)["data"]["groups"]
names = {r["name"] for g in groups for r in g["rules"]}
sys.exit(0 if "ShopScaleRedisDown" in names and len(names) > 10 else 1)'
}
check "Prometheus: ShopScale alert and recording rules loaded" rules_loaded

# --- 7. Redis down: reads still answer -------------------------------------------------------------------------------
"${compose[@]}" stop redis >/dev/null 2>&1
reads_ok=0
for _ in $(seq 1 10); do
  [ "$(call GET "/api/products/$product" | tail -n 1)" = 200 ] && reads_ok=$((reads_ok + 1))
done
check "Redis stopped: 10/10 product reads answer 200 ($reads_ok/10)" [ "$reads_ok" = 10 ]
check "Redis stopped: the product list answers 200" [ "$(call GET '/api/products?limit=5' | tail -n 1)" = 200 ]

# --- 8. down ---------------------------------------------------------------------------------------------------------
check "docker compose down -v" eval '"${compose[@]}" down -v --remove-orphans >/dev/null 2>&1'
trap - EXIT
finish
