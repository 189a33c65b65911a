#!/usr/bin/env bash
# The official apache/kafka image's start-up contract, as docker-compose.yml uses it:
# - every KAFKA_<NAME> variable becomes a broker property: lower case, "_" -> ".", "__" -> "_", "___" -> "-"
#   (KAFKA_NODE_ID -> node.id), except the JVM's own KAFKA_HEAP_OPTS/KAFKA_OPTS/KAFKA_JVM_PERFORMANCE_OPTS/
#   KAFKA_GC_LOG_OPTS/KAFKA_JMX_OPTS/KAFKA_LOG4J_OPTS;
# - the log directories are formatted with CLUSTER_ID on the first start (kept when already formatted);
# - the broker runs in the foreground with KAFKA_HEAP_OPTS (default -Xmx1G -Xms1G, as Kafka's scripts).
set -euo pipefail
: "${CLUSTER_ID:?CLUSTER_ID must be set (as for the official image)}"
config=/opt/kafka/config/server.properties
: > "$config"
while IFS='=' read -r name value; do
  case "$name" in
    KAFKA_HEAP_OPTS | KAFKA_OPTS | KAFKA_JVM_PERFORMANCE_OPTS | KAFKA_GC_LOG_OPTS | KAFKA_JMX_OPTS | KAFKA_LOG4J_OPTS | KAFKA_VERSION) continue ;;
    KAFKA_*) ;;
    *) continue ;;
  esac
  key="$(printf '%s' "${name#KAFKA_}" | tr '[:upper:]' '[:lower:]' | sed -e 's/___/-/g' -e 's/__/@/g' -e 's/_/./g' -e 's/@/_/g')"
  printf '%s=%s\n' "$key" "$value" >> "$config"
done < <(env)

java_opts=(${KAFKA_HEAP_OPTS:--Xmx1G -Xms1G} -Dorg.slf4j.simpleLogger.defaultLogLevel=info ${KAFKA_OPTS:-})
java "${java_opts[@]}" -cp '/opt/kafka/libs/*' kafka.tools.StorageTool format --ignore-formatted \
  --cluster-id "$CLUSTER_ID" --config "$config"
exec java "${java_opts[@]}" -cp '/opt/kafka/libs/*' kafka.Kafka "$config"
