#!/usr/bin/env bash
# The official apache/kafka image's start-up contract (its /etc/kafka/docker/run, where this script is installed too),
# as docker-compose.yml uses it:
# - every KAFKA_<NAME> variable becomes a broker property: lower case, "_" -> ".", "__" -> "_", "___" -> "-"
#   (KAFKA_NODE_ID -> node.id), except the JVM's own KAFKA_HEAP_OPTS/KAFKA_OPTS/KAFKA_JVM_PERFORMANCE_OPTS/
#   KAFKA_GC_LOG_OPTS/KAFKA_JMX_OPTS/KAFKA_LOG4J_OPTS and the image's file conventions below;
# - TLS as the image's configure script does it: when KAFKA_ADVERTISED_LISTENERS has an "SSL://" (SSL or SASL_SSL)
#   listener, KAFKA_SSL_KEYSTORE_FILENAME names the keystore in /etc/kafka/secrets and KAFKA_SSL_KEYSTORE_CREDENTIALS /
#   KAFKA_SSL_KEY_CREDENTIALS files there holding its passwords (ssl.keystore.location/password, ssl.key.password);
#   with KAFKA_SSL_CLIENT_AUTH requested/required also KAFKA_SSL_TRUSTSTORE_FILENAME/_CREDENTIALS;
# - the log directories are formatted with CLUSTER_ID on the first start (kept when already formatted);
# - the broker runs in the foreground with KAFKA_HEAP_OPTS (default -Xmx1G -Xms1G, as Kafka's scripts).
set -euo pipefail
: "${CLUSTER_ID:?CLUSTER_ID must be set (as for the official image)}"
config=/opt/kafka/config/server.properties
secrets=/etc/kafka/secrets
: > "$config"

# secret <file variable>: the content of /etc/kafka/secrets/<its value>, failing as the image does when it is missing
secret() {
  local file="${!1:?$1 is required when a listener uses SSL (as for the official image)}"
  [ -f "$secrets/$file" ] || { echo "$secrets/$file does not exist ($1)" >&2; exit 1; }
  cat "$secrets/$file"
}
if [[ "${KAFKA_ADVERTISED_LISTENERS:-}" == *"SSL://"* ]]; then
  echo "SSL is enabled."
  : "${KAFKA_SSL_KEYSTORE_FILENAME:?KAFKA_SSL_KEYSTORE_FILENAME is required when a listener uses SSL}"
  [ -f "$secrets/$KAFKA_SSL_KEYSTORE_FILENAME" ] || { echo "$secrets/$KAFKA_SSL_KEYSTORE_FILENAME does not exist" >&2; exit 1; }
  {
    printf 'ssl.keystore.location=%s\n' "$secrets/$KAFKA_SSL_KEYSTORE_FILENAME"
    printf 'ssl.keystore.password=%s\n' "$(secret KAFKA_SSL_KEYSTORE_CREDENTIALS)"
    printf 'ssl.key.password=%s\n' "$(secret KAFKA_SSL_KEY_CREDENTIALS)"
  } >> "$config"
  if [[ "${KAFKA_SSL_CLIENT_AUTH:-}" == *required* || "${KAFKA_SSL_CLIENT_AUTH:-}" == *requested* ]]; then
    : "${KAFKA_SSL_TRUSTSTORE_FILENAME:?KAFKA_SSL_TRUSTSTORE_FILENAME is required with KAFKA_SSL_CLIENT_AUTH}"
    printf 'ssl.truststore.location=%s\n' "$secrets/$KAFKA_SSL_TRUSTSTORE_FILENAME" >> "$config"
    printf 'ssl.truststore.password=%s\n' "$(secret KAFKA_SSL_TRUSTSTORE_CREDENTIALS)" >> "$config"
  fi
fi

while IFS='=' read -r name value; do
  case "$name" in
    KAFKA_HEAP_OPTS | KAFKA_OPTS | KAFKA_JVM_PERFORMANCE_OPTS | KAFKA_GC_LOG_OPTS | KAFKA_JMX_OPTS | KAFKA_LOG4J_OPTS | KAFKA_VERSION) continue ;;
    KAFKA_SSL_KEYSTORE_FILENAME | KAFKA_SSL_KEYSTORE_CREDENTIALS | KAFKA_SSL_KEY_CREDENTIALS) continue ;;
    KAFKA_SSL_TRUSTSTORE_FILENAME | KAFKA_SSL_TRUSTSTORE_CREDENTIALS) continue ;;
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
