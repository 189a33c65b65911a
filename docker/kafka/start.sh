#!/usr/bin/env bash
# The Kafka container's entrypoint in docker-compose.yml: formats the KRaft storage with the SCRAM users on the first
# start, then hands over to the apache/kafka image's own start (/etc/kafka/docker/run: KAFKA_* variables ->
# server.properties, the SSL files of /etc/kafka/secrets, the broker in the foreground).
# SCRAM users must exist before the broker accepts a login on its SASL listeners; in KRaft they are metadata records,
# so `kafka-storage.sh format --add-scram` writes them with the cluster's first metadata (KIP-900). On a formatted
# volume the format is skipped (--ignore-formatted) and the users stay as they were: change a password with
# kafka-configs.sh (docs/deploy.md "Credentials for Redis and Kafka") or start afresh with `docker compose down -v`.
#   SCRAM_USERS   "name=password" pairs separated by spaces (no spaces, commas, ']' or '"' in a password)
set -euo pipefail
: "${CLUSTER_ID:?CLUSTER_ID must be set}" "${SCRAM_USERS:?SCRAM_USERS must be set}"

# the broker properties the format needs, from the same KAFKA_* variables and with the image's naming rule
# (lower case, "___" -> "-", "__" -> "_", "_" -> "."); the image writes the full server.properties itself afterwards
config="$(mktemp)"
trap 'rm -f "$config"' EXIT
while IFS='=' read -r name value; do
  case "$name" in
    KAFKA_NODE_ID | KAFKA_PROCESS_ROLES | KAFKA_CONTROLLER_* | KAFKA_LISTENERS | KAFKA_ADVERTISED_LISTENERS | \
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP | KAFKA_INTER_BROKER_LISTENER_NAME | KAFKA_LOG_DIRS | KAFKA_SASL_*) ;;
    *) continue ;;
  esac
  key="$(printf '%s' "${name#KAFKA_}" | tr '[:upper:]' '[:lower:]' | sed -e 's/___/-/g' -e 's/__/@/g' -e 's/_/./g' -e 's/@/_/g')"
  printf '%s=%s\n' "$key" "$value" >> "$config"
done < <(env)

scram=()
for user in $SCRAM_USERS; do
  scram+=(--add-scram "SCRAM-SHA-512=[name=${user%%=*},password=${user#*=}]")
done
/opt/kafka/bin/kafka-storage.sh format --ignore-formatted --cluster-id "$CLUSTER_ID" --config "$config" "${scram[@]}"
rm -f "$config"
trap - EXIT
exec /etc/kafka/docker/run
